"""The portal's one settings module: every value comes from the environment, with a safe local default.

Local defaults (no environment at all) give SQLite, an embedded Celery broker, a local cache and
mail to the console. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY, DEBUG=0, ALLOWED_HOSTS,
SAML_* and EMAIL_URL; see the configuration table in README.md.
"""

import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_date(name: str) -> "date | None":
    value = env(name).strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a date, YYYY-MM-DD: {value!r}") from error


# Runtime files that never go into git: generated keys, SQLite database, broker folders, uploads.
VAR_DIR = Path(env("VAR_DIR", str(BASE_DIR / "var")))

# --- Core -----------------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", True)
_LOCAL_SECRET_KEY = "local-only-insecure-key-never-use-in-production-0123456789abcdefghijklmnop"  # noqa: S105 (refused when DEBUG is off)
SECRET_KEY = env("SECRET_KEY") or _LOCAL_SECRET_KEY
if not DEBUG and SECRET_KEY == _LOCAL_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

# The day every date rule takes as today (kombitportal/core/clock.py); unset: the real date.
PORTAL_TODAY = env_date("PORTAL_TODAY")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "kombitportal.accounts.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "kombitportal.core",
    "kombitportal.accounts",
    "kombitportal.demo_idp",
    "kombitportal.agreements",
    "kombitportal.notifications",
    "kombitportal.feeds",
    "kombitportal.api",
    "klik",
    "sapa",
    "valg",
    "contexthandler",
    "meetings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kombitportal.core.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kombitportal.accounts.middleware.SessionLimitsMiddleware",
    "kombitportal.core.middleware.PrivateResponsesMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kombitportal.core.middleware.HtmxMessagesMiddleware",
]

ROOT_URLCONF = "kombitportal.urls"
WSGI_APPLICATION = "kombitportal.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
# Users log in only through SAML (no passwords); the backend loads the session's user.
AUTHENTICATION_BACKENDS = ["kombitportal.accounts.backends.PortalBackend"]
LOGIN_URL = "/saml/login/"
LOGIN_REDIRECT_URL = "/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kombitportal.core.context_processors.portal",
            ],
        },
    },
    {
        # The hot partials (a list's filter controls, the KLIK task table): templates/jinja2/.
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "kombitportal.core.templating.environment"},
    },
]

# --- Database -------------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker, beat) share the file under `make run`.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
elif env_bool("DATABASE_SERVER_SIDE_BINDING", True):
    # PostgreSQL: parameters sent apart from the SQL, and a statement a connection has run five
    # times prepared, so that the server skips parsing and planning it from then on (a list's SQL
    # is the same text for every view of it; planning it cost more than running it).
    # Set 0 behind a pooler in transaction mode (PgBouncer), which cannot keep prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
else:
    # Behind a pooler in transaction mode a server-side cursor cannot outlive its transaction
    # either: the exports' `.iterator()` then reads its rows in one go instead of in chunks.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

# --- Cache, sessions, Celery broker ---------------------------------------------------------------

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Degrades to misses when Redis does not answer: sessions and the user cache fall
            # back to the database, and the portal keeps serving (kombitportal/core/cache.py).
            "BACKEND": "kombitportal.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    CELERY_BROKER_URL = REDIS_URL
    # A task a dead worker took (acks_late) comes back after this many seconds; it must be longer
    # than any retry countdown. The outbox pump does not wait for it (MAIL_SEND_CLAIM_TIMEOUT).
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, Any] = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 2 * 60 * 60),
        # A web request that queues a task does not wait long for a Redis that is down.
        "socket_connect_timeout": 1,
        "socket_timeout": 5,
    }
    CELERY_BROKER_CONNECTION_TIMEOUT = 1
    CELERY_TASK_PUBLISH_RETRY_POLICY = {
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.2,
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    # The embedded broker: messages are files in var/broker/, shared by every local process.
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "broker" / "queue"),
        "data_folder_out": str(VAR_DIR / "broker" / "queue"),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "processed", "control"):
        (VAR_DIR / "broker" / _folder).mkdir(parents=True, exist_ok=True)

# Seconds the session's user is kept in the cache between requests (kombitportal/accounts/
# backends.py); only with a cache shared by every process (Redis), else 0: loaded every request.
AUTH_USER_CACHE_SECONDS = env_int("AUTH_USER_CACHE_SECONDS", 60) if REDIS_URL else 0

# Template fragments that depend only on the code and the language (a table's header, the
# suggested filters), kept by each process for the life of its code: `{% cache ... using
# "fragments" %}`. Not kept while developing, where templates change under a running process.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.dummy.DummyCache"
    if DEBUG
    else "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
}

CELERY_TIMEZONE = "Europe/Copenhagen"

# --- Mail: reminders and digests (kombitportal/notifications) ------------------------------------

# Days before a task's end date or an agreement's deadline that a reminder goes out.
MAIL_REMINDER_DAYS = [int(d) for d in env_list("MAIL_REMINDER_DAYS", "7,1")]
# Hour (Europe/Copenhagen) of the daily reminder sweep and the Monday digest sweep.
MAIL_SWEEP_HOUR = env_int("MAIL_SWEEP_HOUR", 7)
# Seconds after which a send that never finished (its worker died) is tried again.
MAIL_SEND_CLAIM_TIMEOUT = env_int("MAIL_SEND_CLAIM_TIMEOUT", 10 * 60)
# Attempts before a mail the server keeps refusing temporarily is marked failed.
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 6)
# Links in mail when PORTAL_BASE_URL is unset (local use only).
MAIL_FALLBACK_BASE_URL = f"http://127.0.0.1:{env('PORTAL_PORT', '8000')}"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_IGNORE_RESULT = True
# How often beat runs the certificate roll-over check (contexthandler), in hours.
METADATA_CHECK_HOURS = env_int("METADATA_CHECK_HOURS", 4)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "purge-expired-saml-assertion-ids": {
        "task": "kombitportal.accounts.tasks.purge_expired_saml_assertions",
        "schedule": timedelta(hours=1),
    },
    # Each area's reminders on its own schedule (the source names of their ReminderSource).
    "mail-reminders-klik": {
        "task": "kombitportal.notifications.tasks.sweep_reminders",
        "schedule": crontab(hour=MAIL_SWEEP_HOUR, minute=0),
        "args": ("klik.tasks",),
    },
    "mail-reminders-agreements": {
        "task": "kombitportal.notifications.tasks.sweep_reminders",
        "schedule": crontab(hour=MAIL_SWEEP_HOUR, minute=0),
        "args": ("agreements.deadlines",),
    },
    "mail-reminders-contexthandler": {
        "task": "kombitportal.notifications.tasks.sweep_reminders",
        "schedule": crontab(hour=MAIL_SWEEP_HOUR, minute=0),
        "args": ("contexthandler.rollovers",),
    },
    # The certificate roll-over check of every registered metadata source.
    "contexthandler-metadata-check": {
        "task": "contexthandler.tasks.check_metadata_sources",
        "schedule": timedelta(hours=METADATA_CHECK_HOURS),
    },
    "mail-digests": {
        "task": "kombitportal.notifications.tasks.sweep_digests",
        "schedule": crontab(hour=MAIL_SWEEP_HOUR, minute=0, day_of_week="mon"),
    },
    "mail-outbox-pump": {
        "task": "kombitportal.notifications.tasks.pump_outbox",
        "schedule": timedelta(minutes=5),
    },
}

# Session lifetime: a session ends after SESSION_IDLE_TIMEOUT seconds without a request, and in any
# case SESSION_ABSOLUTE_TIMEOUT seconds after login (SessionLimitsMiddleware enforces both).
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 60 * 60)
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_TIMEOUT", 10 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Security -------------------------------------------------------------------------------------

SECURE_SSL = env_bool("SECURE_SSL", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
LANGUAGE_COOKIE_SECURE = SECURE_SSL
SECURE_SSL_REDIRECT = SECURE_SSL and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_SSL else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_SSL)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)

# No inline script or style anywhere; htmx is told not to inject its indicator styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'", *env_list("CSP_FORM_ACTION", "")],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation -------------------------------------------------------------------------

LANGUAGE_CODE = "da"
# The language a user picks in the header is kept for a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "media")},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Mail -----------------------------------------------------------------------------------------


def _email_settings(url: str) -> dict:
    """Read EMAIL_URL: `console://`, `locmem://`, `file:///path` or `smtp[s]://user:pass@host:port`."""
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if parts.scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": parts.path,
        }
    if parts.scheme in {"smtp", "smtps", "submission"}:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port or {"smtp": 25, "smtps": 465, "submission": 587}[parts.scheme],
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": parts.scheme == "smtps",
            "EMAIL_USE_TLS": parts.scheme == "submission",
        }
    raise ImproperlyConfigured(f"EMAIL_URL has an unknown scheme: {parts.scheme!r}")


globals().update(_email_settings(env("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Programlederportalen <noreply@kombit.dk>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)

# --- SAML -----------------------------------------------------------------------------------------

# Public URL of the portal, used for the SP's entity ID and endpoints. Empty: taken from the request
# (fine locally; production sets it so that a Host header can never change what we sign).
PORTAL_BASE_URL = env("PORTAL_BASE_URL").rstrip("/")
SAML_SP_ENTITY_ID = env("SAML_SP_ENTITY_ID")
SAML_SP_CERT_FILE = env("SAML_SP_CERT_FILE", str(VAR_DIR / "keys" / "sp.crt"))
SAML_SP_KEY_FILE = env("SAML_SP_KEY_FILE", str(VAR_DIR / "keys" / "sp.key"))
# Unset: the built-in demo IdP's metadata. Otherwise a path or an https URL (Context Handler 2),
# read by the core's metadata reader (kombitportal/core/metadata.py): a file again when it changes,
# a URL every SAML_IDP_METADATA_CACHE_SECONDS (or the metadata's shorter cacheDuration), keeping
# the last good copy in the database while the URL is down.
SAML_IDP_METADATA = env("SAML_IDP_METADATA")
SAML_IDP_METADATA_CACHE_SECONDS = env_int("SAML_IDP_METADATA_CACHE_SECONDS", 3600)
# PEM files (separated by commas or whitespace) of the certificates the IdP metadata must be signed
# by: KOMBIT's current metadata signing certificate, and its announced successor during a
# roll-over. Successors listed in metadata they signed are then trusted too, without a change here.
# Empty: the metadata's signature is not checked at all (a warning is logged) — acceptable only
# for a file an operator placed, never for a URL in production.
SAML_IDP_METADATA_TRUST = env("SAML_IDP_METADATA_TRUST").replace(",", " ").split()
# The metadata reader, for every source (the login's and the roll-over check's): plain http only
# for local tests, a size and a TOTAL time limit per fetch (connect and the whole body), the
# refresh interval, and a CA bundle for https instead of the system's (tests: a local server).
METADATA_ALLOW_HTTP = env_bool("METADATA_ALLOW_HTTP", False)
METADATA_MAX_BYTES = env_int("METADATA_MAX_BYTES", 5 * 1024 * 1024)
METADATA_TIMEOUT_SECONDS = float(env("METADATA_TIMEOUT_SECONDS", "15"))
METADATA_REFRESH_SECONDS = env_int("METADATA_REFRESH_SECONDS", 3600)
METADATA_CA_FILE: str | None = env("METADATA_CA_FILE") or None
SAML_PRIVILEGES = {
    "programleder": env(
        "SAML_PRIVILEGE_PROGRAMLEDER",
        "http://kombit.dk/roles/usersystemrole/programlederportal-programleder/1",
    ),
    "medarbejder": env(
        "SAML_PRIVILEGE_MEDARBEJDER",
        "http://kombit.dk/roles/usersystemrole/programlederportal-medarbejder/1",
    ),
    "kombit": env(
        "SAML_PRIVILEGE_KOMBIT",
        "http://kombit.dk/roles/usersystemrole/programlederportal-kombit/1",
    ),
}

# The demo IdP only ever runs with DEBUG on, unless an operator forces it (a demo server).
DEMO_IDP = env_bool("DEMO_IDP", False)
DEMO_IDP_FORCE = env_bool("DEMO_IDP_FORCE", False)
if DEMO_IDP and not DEBUG and not DEMO_IDP_FORCE:
    raise ImproperlyConfigured(
        "DEMO_IDP=1 with DEBUG off: the demo IdP lets anyone log in as anyone. "
        "Set DEMO_IDP_FORCE=1 if this really is a demo server."
    )
# Without IdP metadata the portal trusts the demo IdP's generated key: never in production.
if not DEBUG and not SAML_IDP_METADATA and not DEMO_IDP_FORCE:
    raise ImproperlyConfigured(
        "SAML_IDP_METADATA must be set when DEBUG is off (the path or https URL of Context "
        "Handler 2's metadata); without it the portal would trust the demo IdP's key. Set "
        "DEMO_IDP_FORCE=1 if this really is a demo server."
    )
DEMO_IDP_KEY_DIR = VAR_DIR / "keys" / "demo-idp"

# Services that tests must find running (CI): every "service not available" skip becomes a failure.
REQUIRE_SERVICES = env_bool("REQUIRE_SERVICES", False)

# --- Logging --------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "xmlschema": {"level": "WARNING"},
        # weasyprint logs each step of each PDF at INFO; its warnings (a missing font) matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
