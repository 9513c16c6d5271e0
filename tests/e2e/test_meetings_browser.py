"""Meetings in real Chromium: the programme leader reads the seed's meeting, ticks KommuneCERT's
task with a note and sends an idea; answers the portal's question on the start page; KOMBIT
publishes the summary and sees who received it and who has done the task, reads the inbox and
the satisfaction results. axe-core on every page of the app."""

from datetime import date

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.browser import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_programme_leader_and_kombit_at_the_meeting(page, live_server, settings, browser):
    settings.PORTAL_TODAY = date(2024, 11, 26)
    call_command("load_demo")
    log_in(page, live_server.url, "Mette Kjær Lund", start="/")
    expect(page.get_by_role("heading", name="Hvor tilfreds er du med portalen?")).to_be_visible()
    assert_accessible(page, "start page with the satisfaction question")
    page.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Send svar").click()
    expect(page.get_by_text("Tak for dit svar.")).to_be_visible()
    expect(page.get_by_role("heading", name="Hvor tilfreds er du med portalen?")).to_have_count(0)

    page.goto(live_server.url + "/moeder/")
    assert_accessible(page, "meetings")
    page.get_by_role("link", name="Programledermøde november 2024").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Programledermøde november 2024")
    expect(page.get_by_text("Mille Østerlund, Chef for Cyberservices")).to_be_visible()
    assert_accessible(page, "meeting page (programme leader)")
    page.get_by_label("Gjort i Aarhus").first.check()
    page.get_by_label("Note").first.fill("Orienteret IT-afdelingen")
    page.get_by_role("button", name="Gem “Kort nyt fra KOMBIT”").click()
    expect(page.get_by_text("er markeret som gjort for Aarhus")).to_be_visible()
    page.get_by_label("Din idé eller dit spørgsmål").fill("Mere om FKI næste gang")
    page.get_by_role("button", name="Send til KOMBIT").click()
    expect(page.get_by_text("Tak. Din idé er sendt til KOMBIT.")).to_be_visible()
    expect(page.get_by_text("Mere om FKI næste gang")).to_be_visible()

    page.goto(live_server.url + "/laer-kombit-at-kende/")
    expect(page.get_by_role("link", name="Telefon 7268 8132")).to_be_visible()
    assert_accessible(page, "Lær KOMBIT at kende")
    page.goto(live_server.url + "/kommunecert/")
    expect(page.get_by_role("link", name="MIO@kombit.dk")).to_be_visible()
    assert_accessible(page, "KommuneCERT")

    kombit = browser.new_context(locale="da-DK").new_page()
    log_in(kombit, live_server.url, "Aske Walther Sørensen", start="/moeder/")
    kombit.get_by_role("link", name="Programledermøde november 2024").click()
    kombit.get_by_role("button", name="Publicér resumé", exact=True).click()
    expect(kombit.get_by_text("Resuméet er publiceret")).to_be_visible()
    recipients = kombit.get_by_role("table", name="Hvem har modtaget resuméet")
    expect(recipients.get_by_role("rowheader", name="Mette Kjær Lund")).to_be_visible()
    expect(kombit.get_by_text("Gjort i 1 af 98 kommuner")).to_be_visible()
    assert_accessible(kombit, "meeting page (KOMBIT)")
    kombit.goto(live_server.url + "/moeder/ideer/")
    expect(kombit.get_by_role("cell", name="Mere om FKI næste gang")).to_be_visible()
    assert_accessible(kombit, "ideas inbox")
    kombit.goto(live_server.url + "/tilfredshed/resultater/")
    expect(kombit.get_by_text("637 besvarelser, 3,7 i gennemsnit")).to_be_visible()
    assert_accessible(kombit, "satisfaction results")
