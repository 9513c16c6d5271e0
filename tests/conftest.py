"""Shared fixtures: users of the permission matrix, the demo IdP switched on, service checks."""

import os

import pytest
from django.conf import settings

from kombitportal.accounts.models import User
from kombitportal.core.models import Municipality, Organisation


def require_service(name: str, reason: str) -> None:
    """Skip a test whose service is not there, or fail it on CI (REQUIRE_SERVICES=1)."""
    if settings.REQUIRE_SERVICES:
        pytest.fail(f"{name} is required (REQUIRE_SERVICES=1) but not available: {reason}")
    pytest.skip(f"{name} not available: {reason}")


@pytest.fixture(autouse=True)
def _isolated_keys(settings, tmp_path_factory):
    """Generated keys live in one per-session temporary folder, never in the developer's var/."""
    keys = tmp_path_factory.getbasetemp() / "keys"
    settings.SAML_SP_CERT_FILE = str(keys / "sp.crt")
    settings.SAML_SP_KEY_FILE = str(keys / "sp.key")
    settings.DEMO_IDP_KEY_DIR = keys / "demo-idp"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded files go to a per-test folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture
def demo_idp(settings):
    settings.DEMO_IDP = True
    settings.DEMO_IDP_FORCE = True
    settings.SAML_IDP_METADATA = ""
    return settings


@pytest.fixture
def reference_data(transactional_db) -> None:
    """The regions, municipalities and KOMBIT of the data migration, for a transactional test: the
    flush after an earlier transactional test has emptied those tables."""
    from kombitportal.core.models import Region
    from kombitportal.core.reference_data import load_reference_data

    load_reference_data(Region, Municipality, Organisation)


@pytest.fixture
def aarhus(db) -> Municipality:
    return Municipality.objects.get(code="0751")


@pytest.fixture
def odense(db) -> Municipality:
    return Municipality.objects.get(code="0461")


@pytest.fixture
def kombit_org(db) -> Organisation:
    return Organisation.objects.get(kind=Organisation.Kind.KOMBIT)


@pytest.fixture
def user_a(aarhus) -> User:
    """Programme leader of municipality A (Aarhus)."""
    return User.objects.create_user(
        "serial-a",
        full_name="Anna Aarhus",
        email="anna@aarhus.example.dk",
        portal_role=User.PortalRole.PROGRAMLEDER,
        municipality=aarhus,
    )


@pytest.fixture
def user_b(odense) -> User:
    """Programme leader of municipality B (Odense)."""
    return User.objects.create_user(
        "serial-b",
        full_name="Bo Odense",
        email="bo@odense.example.dk",
        portal_role=User.PortalRole.PROGRAMLEDER,
        municipality=odense,
    )


@pytest.fixture
def staff_a(aarhus) -> User:
    """Municipal employee of A."""
    return User.objects.create_user(
        "serial-a2",
        full_name="Alma Aarhus",
        email="alma@aarhus.example.dk",
        portal_role=User.PortalRole.MEDARBEJDER,
        municipality=aarhus,
    )


@pytest.fixture
def kombit_user(kombit_org) -> User:
    return User.objects.create_user(
        "serial-k",
        full_name="Karl KOMBIT",
        email="karl@kombit.dk",
        portal_role=User.PortalRole.KOMBIT,
        organisation=kombit_org,
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def client_for(client):
    """client_for(user) → a test client logged in as `user` (None: anonymous)."""

    def make(user):
        from django.test import Client

        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make


def pytest_configure(config):
    # Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
    # inside one unless told it is fine (the test thread is not serving async code).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def db_sessions(settings):
    """Query-count pins count the session and user queries too; with REDIS_URL sessions and the
    user come from the cache. Pinned tests read both from the database, so that the count is the
    same everywhere."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    settings.AUTH_USER_CACHE_SECONDS = 0
