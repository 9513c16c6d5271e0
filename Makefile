# KOMBIT Programlederportal. Quick start: `make run`, `make test`. Both install what they need.
SHELL := /bin/bash
PORT ?= 8000
# `make run` shows the demo as on a day of the seed's programme-leader meeting week (November 2024).
PORTAL_TODAY ?= 2024-11-26
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
export UV_LINK_MODE := copy
RUN := $(UV) run --frozen

# Production-like values for `check --deploy` (never used to serve anything).
DEPLOY_ENV := DEBUG=0 DEMO_IDP=0 SECRET_KEY=check-deploy-$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))') \
	ALLOWED_HOSTS=programleder.example.dk PORTAL_BASE_URL=https://programleder.example.dk \
	SAML_IDP_METADATA=https://n2adgangsstyring.stoettesystemerne.dk/runtime/saml2/metadata.idp

.PHONY: run test install uv system-deps system-test-deps lint typecheck check worker beat messages bench clean

uv:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || \
		python3 -m pip install --quiet --disable-pip-version-check uv

install: uv
	$(UV) sync --frozen

# Pango, HarfBuzz and a font for weasyprint's PDFs, from Debian's packages (as in the Dockerfile).
system-deps:
	@if ! python3 -c 'import ctypes.util, sys; sys.exit(not ctypes.util.find_library("pangoft2-1.0"))' || ! fc-list 2>/dev/null | grep -qi dejavu; then \
		echo "Installing Pango and fonts for PDFs (Debian packages)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
			libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core fontconfig >/dev/null; \
	fi

## The portal on http://127.0.0.1:$(PORT) with SQLite, the embedded broker, demo IdP and demo data.
run: install system-deps
	$(RUN) python manage.py migrate --noinput
	$(RUN) python manage.py load_demo
	DEBUG=1 DEMO_IDP=1 PORTAL_TODAY=$(PORTAL_TODAY) PORTAL_PORT=$(PORT) PYTHONUNBUFFERED=1 $(RUN) honcho --procfile Procfile.dev start

# Chromium for the browser tests and gettext for the translation checks, from Debian's packages.
system-test-deps: system-deps
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v msgfmt >/dev/null 2>&1; then \
		echo "Installing chromium and gettext (Debian packages)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium gettext >/dev/null; \
	fi

lint: install
	$(RUN) ruff check .
	$(RUN) ruff format --check .

# mypy with django-stubs, as [tool.mypy] in pyproject.toml configures it.
typecheck: install
	$(RUN) mypy

check: install
	$(RUN) python manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(RUN) python manage.py check --deploy --fail-level WARNING

## The whole suite: lint, types, migrations, deploy checks, unit, integration and browser tests.
test: install system-test-deps lint typecheck check
	$(RUN) pytest

messages: install
	$(RUN) python manage.py makemessages --locale da --no-location --no-obsolete --ignore .venv
	$(RUN) python manage.py compilemessages --locale da --ignore .venv

worker: install
	$(RUN) celery -A kombitportal worker --loglevel INFO

beat: install
	$(RUN) celery -A kombitportal beat --loglevel INFO

clean:
	rm -rf var staticfiles .pytest_cache .ruff_cache .mypy_cache

## Requests/s of the KLIK task list under gunicorn next to a bare view, then the time and peak memory
## of the XLSX/CSV export of all 29,400 assignments (reports; never fails on speed).
bench: install
	@command -v wrk >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq wrk >/dev/null; }
	$(RUN) python bench/bench_klik.py
	$(RUN) python bench/bench_exports.py
