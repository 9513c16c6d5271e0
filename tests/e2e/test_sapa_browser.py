"""SAPA in real Chromium: the change explained, the timeline drawn from the data (an event's
details on keyboard focus, the table alternative read by role, the narrow drawing on a phone), and
"Hvilket formål dækker § 109?" answered with the basis highlighted. axe-core on each page."""

from datetime import date

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.browser import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sapa_explained_with_its_timeline(page, live_server, settings):
    settings.PORTAL_TODAY = date(2024, 11, 26)
    call_command("load_demo")
    log_in(page, live_server.url, "Mette Kjær Lund", start="/sapa/")
    page.wait_for_url("**/sapa/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "SAPA: Skatteforvaltningens dataadgange lægges om"
    )
    steps = page.get_by_role("region", name="Kommende opgaver for Aarhus")
    expect(steps.get_by_role("link", name="Underskriv aftale – snæver dataadgang")).to_be_visible()
    expect(steps.get_by_text("Ikke KLIK-opgave").first).to_be_visible()
    expect(steps.get_by_text("Venter på jeres underskrift").first).to_be_visible()
    svr = page.get_by_role("region", name="SVR-dataudvekslingsaftale")
    expect(svr.get_by_text("SAPA-systemejer:", exact=False)).to_be_visible()
    wide = page.locator(".timeline__wide")
    expect(wide).to_be_visible()
    expect(wide.get_by_text("I dag, 26. november 2024")).to_be_visible()
    assert_accessible(page, "SAPA start page")

    # Keyboard: the first event of the drawing, its details shown while it has focus.
    first = wide.get_by_role("link").first
    first.focus()
    expect(first.locator(".timeline__detail")).to_be_visible()
    expect(first.locator(".timeline__detail")).to_contain_text(
        "20. september 2023 · SAPA release 3.12: Indkomstoplysninger"
    )
    page.keyboard.press("Tab")
    expect(first.locator(".timeline__detail")).to_be_hidden()

    page.get_by_text("Tidsplanen som tabel").click()
    table = page.get_by_role(
        "table",
        name="SAPAs tidsplan 2023–2025: releases, formål og lukningen af KMD Indkomst som tabel",
    )
    expect(table.get_by_role("rowheader", name="Lukning KMD Indkomst")).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(1 + 18)

    page.get_by_role(
        "link", name="Se alle formål med deres hjemler, eller søg efter en paragraf"
    ).click()
    page.wait_for_url("**/sapa/formaal/")
    assert_accessible(page, "SAPA purposes")
    page.get_by_label("Hvilket formål dækker …?").fill("§ 109")
    page.get_by_role("button", name="Søg").click()
    page.wait_for_url("**q=*109*")
    expect(page.get_by_text("1 formål svarer på “§ 109”.")).to_be_visible()
    expect(page.locator("mark")).to_contain_text("§§ 107-110")
    assert_accessible(page, "SAPA purposes, searched")


def test_the_timeline_on_a_phone(browser, live_server, settings, demo_idp):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    call_command("load_demo")
    context = browser.new_context(locale="da-DK", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, "Mette Kjær Lund", start="/sapa/")
    page.wait_for_url("**/sapa/")
    expect(page.locator(".timeline__wide")).to_be_hidden()
    narrow = page.locator(".timeline__narrow")
    expect(narrow).to_be_visible()
    box = narrow.bounding_box()
    assert box and box["width"] <= 390
    expect(narrow.get_by_role("link", name="Lukning KMD Indkomst", exact=False)).to_be_visible()
    assert_accessible(page, "SAPA start page on a phone")
    context.close()
