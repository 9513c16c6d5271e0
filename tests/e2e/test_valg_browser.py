"""Valg in real Chromium: the roll-out at a glance with the satisfaction table as on the slide
(and its chart), the scores of Rul 1, the milestones' timeline with its table read by role; a
programme leader enters and corrects a week's check-in with the keyboard; "Hvilken løsning
hvornår?" answered. axe-core on each page."""

from datetime import date

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.browser import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_valg_at_a_glance_and_a_check_in(page, live_server, settings):
    settings.PORTAL_TODAY = date(2024, 11, 26)
    call_command("load_demo")
    log_in(page, live_server.url, "Mette Kjær Lund", start="/valg/")
    page.wait_for_url("**/valg/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Valg: udrulningen af den nye valgløsning"
    )
    expect(page.get_by_text("Aarhus var med i Rul 1 (gennemført).")).to_be_visible()
    table = page.get_by_role(
        "table", name="Tilfredshed med egen udrulning og VALG-løsningen generelt (skala 1-5)"
    )
    rows = table.get_by_role("row")
    expect(rows).to_have_count(4)
    expect(rows.nth(1)).to_contain_text("Rul 2")
    expect(rows.nth(3).get_by_role("cell").last).to_have_text("3,97")
    expect(rows.nth(3).get_by_role("cell").nth(1)).to_contain_text("4,1")
    expect(page.get_by_role("img", name="Tilfredshedstabellen som søjlediagram")).to_be_visible()
    expect(page.get_by_role("heading", name="Scores fra Rul 1")).to_be_visible()
    expect(page.get_by_text("Det er meget udførligt materiale og en stor hjælp.")).to_be_visible()
    page.get_by_text("Tidsplanen som tabel", exact=False).click()
    timeline = page.get_by_role("table", name="Valgs næste skridt", exact=False)
    expect(timeline.get_by_role("rowheader", name="Skyggevalg", exact=True)).to_be_visible()
    expect(page.locator(".timeline__wide").get_by_text("I dag, 26. november 2024")).to_be_visible()
    assert_accessible(page, "Valg start page")

    page.get_by_role("link", name="Check-ins for Aarhus").click()
    page.wait_for_url("**/valg/tjek-ind/")
    assert_accessible(page, "Valg check-ins")
    page.get_by_role("link", name="Ret uge 4").click()
    page.wait_for_url("**/valg/tjek-ind/uge/4/")
    assert_accessible(page, "Valg check-in form")
    general = page.get_by_role(
        "group", name="Tilfredshed med egen udrulning og VALG-løsningen generelt"
    )
    general.get_by_label("2", exact=True).check()
    general.get_by_label("Kommentar").fill("Prøvevalget drillede")
    support = page.get_by_role("group", name="Supporten")
    support.get_by_label("Ingen score").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Gem check-in").click()
    page.wait_for_url("**/valg/tjek-ind/")
    expect(page.get_by_text("Check-in for uge 4 er gemt.")).to_be_visible()
    week4 = page.get_by_role("row", name="Uge 4", exact=False)
    expect(week4.get_by_role("cell").nth(0)).to_contain_text("2")
    expect(week4.get_by_role("cell").nth(0)).to_contain_text("Prøvevalget drillede")
    expect(week4.get_by_role("cell").nth(3)).to_have_text("–")

    page.goto(live_server.url + "/valg/hvilken-loesning/")
    assert_accessible(page, "Which solution, empty")
    page.get_by_label("Valg", exact=True).select_option("folketingsvalg")
    page.get_by_label("Valgdag").fill("2025-06-01")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**type=folketingsvalg*")
    expect(
        page.get_by_role("heading", name="Folketingsvalg den 1. juni 2025: KMD Valg")
    ).to_be_visible()
    expect(page.get_by_text("Hvad så med betaling?").first).to_be_visible()
    assert_accessible(page, "Which solution, answered")


def test_kombit_sees_every_municipality(page, live_server, settings):
    settings.PORTAL_TODAY = date(2024, 11, 26)
    call_command("load_demo")
    log_in(page, live_server.url, "Aske Walther Sørensen", start="/valg/tjek-ind/")
    page.wait_for_url("**/valg/tjek-ind/")
    expect(page.get_by_role("heading", name="Rul 1", exact=False)).to_be_visible()
    assert_accessible(page, "Valg check-ins for KOMBIT")
    page.get_by_role("link", name="Aarhus").click()
    page.wait_for_url("**kommune=0751")
    expect(page.get_by_role("heading", level=1)).to_have_text("Valg-check-ins for Aarhus")
    page.goto(live_server.url + "/valg/")
    expect(page.get_by_role("heading", name="Kommunernes kommentarer")).to_be_visible()
    expect(
        page.get_by_text("Supportsitet er meget uoverskueligt og helt sandet til")
    ).to_be_visible()
    assert_accessible(page, "Valg start page for KOMBIT")
