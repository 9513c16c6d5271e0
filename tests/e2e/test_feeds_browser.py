"""Calendar feeds in real Chromium, as Aarhus's programme leader: the profile's calendar section,
a new "Mine frister" with titles only whose address is shown once and works without a login, the
list that names it by its prefix only, and revoking it (the address then gives 404). axe-core on
each page."""

import re
import urllib.error
import urllib.request

import pytest
from django.core.management import call_command
from icalendar import Calendar
from playwright.sync_api import expect

from tests.e2e.browser import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _anonymous_get(url: str) -> tuple[int, str, bytes, str]:
    """What a calendar program gets: no cookies, no session."""
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return (
                response.status,
                response.headers["Content-Type"],
                response.read(),
                response.headers.get("Set-Cookie") or "",
            )
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read(), ""


def test_a_calendar_for_outlook_made_copied_and_revoked(page, live_server):
    call_command("load_demo")
    base = live_server.url
    log_in(page, base, "Mette Kjær Lund", "/profil/")
    page.goto(base + "/profil/")
    section = page.get_by_role("region", name="Kalendere til Outlook")
    expect(section.get_by_text("Du har ingen kalendere endnu.")).to_be_visible()
    assert_accessible(page, "profile with the calendar section")

    section.get_by_label("Hvad kalenderen viser").select_option(label="Mine frister")
    section.get_by_label("Kun titler").check()
    section.get_by_role("button", name="Opret kalenderen").click()

    page.wait_for_url("**/profil/kalendere/ny/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Din kalender “Mine frister” er klar")
    expect(page.get_by_text("Adressen vises kun denne ene gang")).to_be_visible()
    expect(page.get_by_role("heading", name="Kopiér denne adresse ind i Outlook")).to_be_visible()
    field = page.get_by_label("Kalenderens adresse")
    address = field.input_value()
    assert re.fullmatch(re.escape(base) + r"/kalender/[A-Za-z0-9_-]{43}\.ics", address)
    expect(page.get_by_role("button", name="Kopiér adressen")).to_be_visible()  # script shows it
    assert_accessible(page, "the new calendar's address")

    status, content_type, body, cookie = _anonymous_get(address)
    assert (status, content_type, cookie) == (200, "text/calendar; charset=utf-8", "")
    calendar = Calendar.from_ical(body)
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert summaries, "Mette's demo tasks are in her calendar"
    assert "Mette" not in body.decode()  # titles only

    # Shown once: the profile names the calendar by the address's beginning, never the address.
    page.get_by_role("link", name="Tilbage til min profil").click()
    page.wait_for_url("**/profil/#calendars-heading")
    token = address.rsplit("/", 1)[1].removesuffix(".ics")
    table = page.get_by_role("table", name="Dine kalendere")
    row = table.get_by_role("row", name=re.compile("Mine frister"))
    expect(row).to_contain_text(token[:8])
    expect(row).to_contain_text("Skjult (kun titler)")
    assert token not in page.content()
    assert_accessible(page, "profile with a calendar")

    row.get_by_role("button", name="Tilbagekald “Mine frister”").click()
    page.wait_for_url("**/profil/#calendars-heading")
    expect(page.get_by_text("Kalenderen “Mine frister” er tilbagekaldt")).to_be_visible()
    expect(section.get_by_text("Du har ingen kalendere endnu.")).to_be_visible()
    assert_accessible(page, "profile after revoking")
    status, content_type, _body, _cookie = _anonymous_get(address)
    assert (status, content_type) == (404, "text/plain; charset=utf-8")
