"""The profile page's API keys: made and shown once (only the digest is kept), listed with their
prefix and use, revoked with a POST — each your own only, each in the audit trail."""

import re

import pytest
from django.test import Client

from kombitportal.api import services
from kombitportal.api.models import ApiToken
from kombitportal.core.models import AuditEvent
from kombitportal.core.tokens import digest_of

NEW = "/profil/api-noegler/ny/"


def revoke_url(token: ApiToken) -> str:
    return f"/profil/api-noegler/{token.pk}/tilbagekald/"


def shown_key(response) -> str:
    match = re.search(r'id="api-key"[^>]*value="([^"]+)"', response.content.decode())
    assert match, response.content.decode()
    return match.group(1)


@pytest.mark.django_db
def test_a_new_key_is_shown_once_and_only_its_digest_kept(client_for, user_a):
    browser = client_for(user_a)
    response = browser.post(NEW, {"name": "Power BI"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    plain = shown_key(response)
    token = ApiToken.objects.get(user=user_a)
    assert (token.name, token.prefix, token.digest) == ("Power BI", plain[:8], digest_of(plain))
    # The key itself is in no column of the row, nor in the audit trail.
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert not any(plain in str(value) for value in row.values())
    event = AuditEvent.objects.get(action="api.token.create")
    assert plain not in str(event.changes) + event.object_repr
    assert event.actor == user_a and event.municipality == user_a.municipality
    # It works, and the profile lists it by its prefix, never in full.
    assert Client(HTTP_AUTHORIZATION=f"Bearer {plain}").get("/api/v1/").status_code == 200
    profile = browser.get("/profil/").content.decode()
    assert "Power BI" in profile and f"{plain[:8]}…" in profile and plain not in profile


@pytest.mark.django_db
def test_a_key_needs_a_name(client_for, user_a):
    response = client_for(user_a).post(NEW, {"name": "  "}, follow=True)
    assert response.redirect_chain == [("/profil/#api-noegler", 302)]
    assert not ApiToken.objects.exists()
    assert "API-nøglen blev ikke lavet" in response.content.decode()


@pytest.mark.django_db
def test_at_most_ten_keys_in_use(client_for, user_a):
    for n in range(services.MAX_ACTIVE_TOKENS):
        services.api_token_create(user=user_a, name=f"Nøgle {n}", actor=user_a)
    response = client_for(user_a).post(NEW, {"name": "En til"}, follow=True)
    assert ApiToken.objects.count() == services.MAX_ACTIVE_TOKENS
    assert "Tilbagekald en" in response.content.decode()


@pytest.mark.django_db
def test_revoking_your_own_key(client_for, user_a):
    token, plain = services.api_token_create(user=user_a, name="Rapport", actor=user_a)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert api.get("/api/v1/municipalities/").status_code == 200
    response = client_for(user_a).post(revoke_url(token), follow=True)
    assert response.redirect_chain == [("/profil/#api-noegler", 302)]
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api.get("/api/v1/municipalities/").status_code == 401
    assert (
        AuditEvent.objects.filter(action="api.token.revoke", object_id=str(token.pk)).count() == 1
    )
    page = response.content.decode()
    assert "Tilbagekaldt" in page and "tilbagekald/" not in page
    # Again: nothing more happens.
    client_for(user_a).post(revoke_url(token))
    assert AuditEvent.objects.filter(action="api.token.revoke").count() == 1


@pytest.mark.django_db
def test_another_users_key_is_not_yours_to_revoke_or_see(client_for, user_a, staff_a, kombit_user):
    token, _plain = services.api_token_create(user=user_a, name="Annas nøgle", actor=user_a)
    for other in (staff_a, kombit_user):
        assert client_for(other).post(revoke_url(token)).status_code == 404
        assert "Annas nøgle" not in client_for(other).get("/profil/").content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.django_db
def test_the_views_take_post_only_and_a_login(client_for, user_a):
    token, _plain = services.api_token_create(user=user_a, name="X", actor=user_a)
    assert client_for(user_a).get(NEW).status_code == 405
    assert client_for(user_a).get(revoke_url(token)).status_code == 405
    response = Client().post(NEW, {"name": "Anonym"})
    assert response.status_code == 302 and response["Location"].startswith("/saml/login/")
    assert ApiToken.objects.count() == 1
