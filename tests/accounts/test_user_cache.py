"""The session's user kept in a shared cache between requests (AUTH_USER_CACHE_SECONDS): read
once, forgotten at once by every write of the user through the portal."""

import pytest
from django.core.cache import cache

from kombitportal.accounts import services
from kombitportal.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings):
    settings.AUTH_USER_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def user_queries(captured) -> list[str]:
    return [q["sql"] for q in captured if 'FROM "accounts_user"' in q["sql"]]


def test_the_user_is_read_once_then_kept(kept, client_for, user_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(user_a)
    with CaptureQueriesContext(connection) as first:
        assert client.get("/sapa/").status_code == 200
    with CaptureQueriesContext(connection) as second:
        body = client.get("/sapa/").content.decode()
    assert len(user_queries(first.captured_queries)) == 1
    assert user_queries(second.captured_queries) == []
    assert "Anna Aarhus" in body and "Aarhus" in body  # with the municipality kept along


def test_a_deactivation_in_the_admin_logs_the_user_out_at_once(
    kept, client_for, user_a, kombit_user
):
    client = client_for(user_a)
    assert client.get("/sapa/").status_code == 200  # now kept
    admin = client_for(kombit_user)
    data = {
        "username": user_a.username, "full_name": user_a.full_name, "email": user_a.email,
        "portal_role": user_a.portal_role, "municipality": user_a.municipality_id,
        "is_active": "", "last_login_0": "", "last_login_1": "", "date_joined_0": "2024-11-01",
        "date_joined_1": "10:00:00",
    }  # fmt: skip
    response = admin.post(f"/admin/accounts/user/{user_a.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not User.objects.get(pk=user_a.pk).is_active
    response = client.get("/sapa/")
    assert response.status_code == 302 and response["Location"].startswith("/saml/login/")


def test_a_login_forgets_the_kept_copy(kept, client_for, user_a, aarhus):
    client = client_for(user_a)
    client.get("/sapa/")
    identity = services.LoginIdentity(
        serial=user_a.username,
        full_name="Anna Aarhus-Andersen",
        email=user_a.email,
        portal_role=User.PortalRole.PROGRAMLEDER,
        municipality=aarhus,
        organisation=None,
        assurance_level="",
    )
    from kombitportal.accounts.backends import PortalBackend, _key

    assert cache.get(_key(user_a.pk)) is not None
    services.user_login_sync(identity=identity)
    assert cache.get(_key(user_a.pk)) is None
    assert PortalBackend().get_user(user_a.pk).full_name == "Anna Aarhus-Andersen"


def test_without_a_shared_cache_nothing_is_kept(settings, client_for, user_a):
    settings.AUTH_USER_CACHE_SECONDS = 0
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(user_a)
    client.get("/sapa/")
    with CaptureQueriesContext(connection) as second:
        client.get("/sapa/")
    assert len(user_queries(second.captured_queries)) == 1
