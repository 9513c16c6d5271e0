"""Session lifetime: idle and absolute limits end the session and send the user to log in again."""

import time

import pytest

from kombitportal.accounts.middleware import LOGIN_AT, SEEN_AT


@pytest.mark.django_db
def test_active_session_stays(client_for, user_a):
    client = client_for(user_a)
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("login_ago", "seen_ago", "expired"),
    [(60, 30, False), (3 * 3600, 3601 + 60, True), (10 * 3600 + 1, 10, True)],
    ids=["fresh", "idle-too-long", "absolute-limit"],
)
def test_session_limits(client_for, user_a, settings, login_ago, seen_ago, expired):
    settings.SESSION_IDLE_TIMEOUT = 3600
    settings.SESSION_ABSOLUTE_TIMEOUT = 10 * 3600
    client = client_for(user_a)
    session = client.session
    now = int(time.time())
    session[LOGIN_AT] = now - login_ago
    session[SEEN_AT] = now - seen_ago
    session.save()
    response = client.get("/roller/")
    if expired:
        assert response.status_code == 302
        assert response["Location"].startswith("/saml/login/?next=")
        assert "_auth_user_id" not in client.session
    else:
        assert response.status_code == 200
