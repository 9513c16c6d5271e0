"""Who the API answers: a valid personal token or a logged-in session; anyone else gets a 401 as
JSON (never the login page's redirect), whatever else the request carries."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from kombitportal.accounts.middleware import LOGIN_AT, SEEN_AT
from kombitportal.api import services
from kombitportal.api.models import ApiToken

URL = "/api/v1/municipalities/"


def refused(response, *, invalid_token: bool) -> bool:
    assert response.status_code == 401, response.content
    assert response["Content-Type"].startswith("application/json")
    challenge = 'Bearer error="invalid_token"' if invalid_token else "Bearer"
    assert response["WWW-Authenticate"] == challenge
    assert response.json()["detail"]
    return True


@pytest.mark.django_db
def test_a_valid_token(token_for, user_a):
    response = Client().get(URL, headers={"Authorization": f"Bearer {token_for(user_a)}"})
    assert response.status_code == 200
    assert [m["code"] for m in response.json()["results"]] == ["0751"]
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "Authorization" in response["Vary"]


@pytest.mark.django_db
def test_the_scheme_is_case_insensitive(token_for, user_a):
    response = Client().get(URL, headers={"Authorization": f"bearer  {token_for(user_a)} "})
    assert response.status_code == 200


@pytest.mark.django_db
def test_anonymous_gets_401_json_not_the_login_redirect():
    assert refused(Client().get(URL), invalid_token=False)
    assert refused(Client().get("/api/v1/klik/assignments/999/"), invalid_token=False)


@pytest.mark.django_db
def test_unknown_revoked_and_wrong_headers(token_for, user_a):
    plain = token_for(user_a)
    for header in (
        "Bearer not-a-token",
        f"Bearer {plain[:-1]}",
        f"Token {plain}",
        f"Basic {plain}",
        plain,
        "Bearer ",
        "Bearer",
    ):
        response = Client().get(URL, headers={"Authorization": header})
        assert refused(response, invalid_token=True), header
    services.api_token_revoke(token=ApiToken.objects.get(user=user_a), actor=user_a)
    assert refused(
        Client().get(URL, headers={"Authorization": f"Bearer {plain}"}), invalid_token=True
    )


@pytest.mark.django_db
def test_a_bad_token_is_refused_even_beside_a_session(token_for, user_a, client_for):
    browser = client_for(user_a)
    assert browser.get(URL).status_code == 200
    response = browser.get(URL, headers={"Authorization": "Bearer not-a-token"})
    assert refused(response, invalid_token=True)


@pytest.mark.django_db
def test_an_inactive_users_token_and_session_are_refused(token_for, user_a, client_for):
    plain = token_for(user_a)
    browser = client_for(user_a)
    user_a.is_active = False
    user_a.save()
    assert refused(
        Client().get(URL, headers={"Authorization": f"Bearer {plain}"}), invalid_token=True
    )
    assert refused(browser.get(URL), invalid_token=False)


@pytest.mark.django_db
def test_the_session_of_a_logged_in_browser(client_for, kombit_user):
    response = client_for(kombit_user).get(URL, {"page_size": 200})
    assert response.status_code == 200
    assert response.json()["count"] == 98


@pytest.mark.django_db
def test_reads_only(token_for, user_a, client_for):
    headers = {"Authorization": f"Bearer {token_for(user_a)}"}
    assert Client().post(URL, headers=headers).status_code == 405
    # A session POST without a CSRF token changes nothing either: there is nothing to post to.
    assert client_for(user_a).post(URL).status_code in (403, 405)


@pytest.mark.django_db
def test_last_use_is_noted_at_most_once_a_minute(token_for, user_a, django_assert_num_queries):
    headers = {"Authorization": f"Bearer {token_for(user_a)}"}
    token = ApiToken.objects.get(user=user_a)
    assert token.last_used_at is None
    Client().get(URL, headers=headers)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    Client().get(URL, headers=headers)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    Client().get(URL, headers=headers)
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(seconds=1)
    assert token.last_used_at <= timezone.now()


@pytest.mark.django_db
def test_the_index_and_the_description_are_public():
    index = Client().get("/api/v1/")
    assert index.status_code == 200
    found = index.json()
    assert found["openapi"] == "/api/v1/openapi.json"
    paths = [endpoint["path"] for endpoint in found["endpoints"]]
    for path in (
        "/api/v1/municipalities/",
        "/api/v1/klik/tasks/",
        "/api/v1/klik/assignments/",
        "/api/v1/aftaler/agreements/",
        "/api/v1/aftaler/signatures/",
        "/api/v1/sapa/purposes/",
        "/api/v1/valg/scores/",
        "/api/v1/valg/checkins/",
        "/api/v1/contexthandler/idps/",
        "/api/v1/contexthandler/findings/",
    ):
        assert path in paths
    schema = Client().get("/api/v1/openapi.json")
    assert schema.status_code == 200
    description = schema.json()
    assert description["openapi"].startswith("3.")
    assert "BearerToken" in description["components"]["securitySchemes"]
    # No interactive documentation page (it would load scripts from a CDN).
    assert Client().get("/api/v1/docs").status_code == 404


@pytest.mark.django_db
def test_an_ended_session_is_a_401_not_the_login_page(client_for, user_a, settings):
    browser = client_for(user_a)
    session = browser.session
    session[LOGIN_AT] = session[SEEN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_TIMEOUT - 1
    session.save()
    assert refused(browser.get(URL), invalid_token=False)
    assert "_auth_user_id" not in browser.session
