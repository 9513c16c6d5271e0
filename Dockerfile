# KOMBIT Programlederportal: one image for web (gunicorn), worker, beat and the one-shot migrate.
FROM python:3.11-slim-bookworm

# The uv that wrote uv.lock; installed from PyPI.
ARG UV_VERSION=0.13.9

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_LINK_MODE=copy \
    UV_COMPILE_BYTECODE=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    VAR_DIR=/var/lib/kombitportal \
    STATIC_ROOT=/app/staticfiles

# Pango, HarfBuzz and fonts for weasyprint's PDFs; curl for the compose healthcheck.
# gettext is not needed: the compiled catalogue (locale/da/LC_MESSAGES/django.mo) is in git.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        fonts-dejavu-core curl \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir "uv==${UV_VERSION}" \
    && groupadd --system --gid 10001 portal \
    && useradd --system --no-log-init --uid 10001 --gid portal --home-dir /app portal \
    && mkdir -p /var/lib/kombitportal \
    && chown portal:portal /var/lib/kombitportal

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
# Static files belong to the image: every container serves the same hashed names. VAR_DIR points
# elsewhere here so that nothing root-owned lands in the volume directory.
RUN DEBUG=0 SECRET_KEY=collectstatic-only-not-a-secret VAR_DIR=/tmp/build-var SAML_IDP_METADATA=build-only \
        python manage.py collectstatic --noinput \
    && python -c "import weasyprint; weasyprint.HTML(string='<p>Æblegrød</p>').write_pdf()" \
    && rm -rf /tmp/build-var

USER portal
VOLUME ["/var/lib/kombitportal"]
EXPOSE 8000
CMD ["gunicorn", "kombitportal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
