"""The API keys of the profile page, in real Chromium: a programme leader makes one, sees it once
(it works against the API), finds it listed by its first characters, and revokes it. axe-core on
the profile with its keys and on the page that shows the new key."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.e2e.browser import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_make_use_and_revoke_an_api_key(page, live_server, reference_data):
    base = live_server.url
    log_in(page, base, "Mette Kjær Lund", "/profil/")
    keys = page.get_by_role("region", name="API-nøgler")
    expect(keys.get_by_text("Du har ingen API-nøgler.")).to_be_visible()
    assert_accessible(page, "profile without API keys")

    # Without a name the browser does not send the form (the field is required).
    keys.get_by_role("button", name="Lav en ny API-nøgle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Min profil")
    page.get_by_label("Nøglens navn").fill("Power BI")
    keys.get_by_role("button", name="Lav en ny API-nøgle").click()

    # Shown once, with what to do with it.
    expect(page.get_by_role("heading", level=1)).to_have_text("Din nye API-nøgle")
    expect(page.get_by_text("den vises kun denne ene gang", exact=False)).to_be_visible()
    key = page.get_by_label("Nøglen").input_value()
    assert len(key) >= 43
    assert_accessible(page, "the new API key")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/v1/municipalities/").json()["results"][0]["code"] == "0751"

    # Listed by its first characters only; revoked, it no longer works.
    page.get_by_role("link", name="Tilbage til min profil").click()
    expect(keys.get_by_role("cell", name="Power BI", exact=True)).to_be_visible()
    expect(keys.get_by_role("cell", name=f"{key[:8]}…")).to_be_visible()
    assert key not in page.content()
    assert_accessible(page, "profile with an API key")
    keys.get_by_role("button", name="Tilbagekald “Power BI”").click()
    expect(page.get_by_text("API-nøglen “Power BI” er tilbagekaldt")).to_be_visible()
    expect(keys.get_by_text("Tilbagekaldt", exact=False).first).to_be_visible()
    assert api.get("/api/v1/municipalities/").status_code == 401
    assert_accessible(page, "profile with a revoked API key")
