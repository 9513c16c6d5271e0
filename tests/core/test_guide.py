"""The introduction for new users: after the first login, a short page says what the user can see
and do with their privileges and where to start; once read, logins go straight on; it can be
opened again from the profile."""

import pytest

from kombitportal.accounts.models import User
from kombitportal.core.models import AuditEvent
from tests.accounts.saml_helpers import landing, post_response, response_spec, signed, start_login

pytestmark = pytest.mark.django_db


def test_the_first_login_leads_through_the_introduction(client, demo_idp):
    request_id = start_login(client, "/klik/")
    response = post_response(client, signed(response_spec(request_id)), relay_state="/klik/")
    assert response["Location"] == "/velkommen/?next=%2Fklik%2F"
    body = client.get(response["Location"]).content.decode()
    assert "Velkommen til programlederportalen" in body
    assert "Du vedligeholder kommunens rollebesætning" in body  # a programme leader
    response = client.post("/velkommen/", {"next": "/klik/"})
    assert response.status_code == 302 and response["Location"] == "/klik/"
    user = User.objects.get()
    assert user.guide_seen_at is not None
    assert AuditEvent.objects.filter(action="accounts.user.guide_seen", actor=user).exists()
    # The next login goes straight on.
    client.logout()
    request_id = start_login(client, "/klik/")
    response = post_response(client, signed(response_spec(request_id)), relay_state="/klik/")
    assert response["Location"] == "/klik/" == landing(response)


@pytest.mark.parametrize(
    ("who", "says"),
    [
        ("staff_a", "Din programleder vælger, hvem der er ansvarlig for og udfører en opgave."),
        ("kombit_user", "Du ser alle kommuner"),
    ],
)
def test_the_introduction_says_what_this_user_can_do(request, client_for, who, says):
    body = client_for(request.getfixturevalue(who)).get("/velkommen/").content.decode()
    assert says in body
    assert "Du vedligeholder kommunens rollebesætning" not in body


def test_it_opens_again_from_the_profile_and_never_leads_off_site(client_for, user_a):
    client = client_for(user_a)
    assert 'href="/velkommen/?next=/profil/"' in client.get("/profil/").content.decode()
    response = client.post("/velkommen/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"
