"""The municipality's status report in real Chromium: reached from the start page, every area's
section, axe-core; the PDF downloads; KOMBIT chooses the municipality."""

from datetime import date

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.browser import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_status_report(page, live_server, settings):
    settings.PORTAL_TODAY = date(2024, 11, 26)
    call_command("load_demo")
    log_in(page, live_server.url, "Mette Kjær Lund")
    page.get_by_role("link", name="Hele KOMBIT-status for Aarhus, også som PDF").click()
    page.wait_for_url("**/status/")
    expect(page.get_by_role("heading", level=1)).to_have_text("KOMBIT-status for Aarhus")
    for name in ("KLIK-opgaver", "Aftaler", "SAPA", "Valg", "Context Handler 2"):
        expect(page.get_by_role("region", name=name, exact=False).first).to_be_visible()
    assert_accessible(page, "Status report")
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som PDF").click()
    assert download.value.suggested_filename == "status-0751-2024-11-26.pdf"


def test_kombit_chooses_the_municipality(page, live_server, settings):
    settings.PORTAL_TODAY = date(2024, 11, 26)
    call_command("load_demo")
    log_in(page, live_server.url, "Aske Walther Sørensen", start="/status/")
    page.wait_for_url("**/status/")
    assert_accessible(page, "Status report, no municipality chosen")
    page.get_by_label("Kommune").select_option("0461")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**kommune=0461")
    expect(page.get_by_role("heading", level=1)).to_have_text("KOMBIT-status for Odense")
    assert_accessible(page, "Status report for KOMBIT")


def test_kort_nyt(page, live_server, settings):
    settings.PORTAL_TODAY = date(2024, 11, 26)
    call_command("load_demo")
    log_in(page, live_server.url, "Aske Walther Sørensen", start="/kort-nyt/")
    page.wait_for_url("**/kort-nyt/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kort nyt fra KOMBIT")
    expect(page.get_by_role("heading", name="Ny rolle i rollegalleriet")).to_be_visible()
    assert_accessible(page, "Kort nyt")
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som PDF").click()
    assert download.value.suggested_filename == "kort-nyt-2024-11-26.pdf"


def test_the_98_at_a_glance(page, live_server, settings):
    settings.PORTAL_TODAY = date(2024, 11, 26)
    call_command("load_demo")
    log_in(page, live_server.url, "Aske Walther Sørensen", start="/kommuner/")
    page.wait_for_url("**/kommuner/")
    expect(page.get_by_role("heading", level=1)).to_have_text("De 98 på én gang")
    assert_accessible(page, "The 98 at a glance")
    page.get_by_label("Farv efter").select_option("contexthandler")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**vis=contexthandler")
    page.get_by_text("Kommunerne som tabel").click()
    table = page.get_by_role("table", name="Klar til Context Handler 2 pr. kommune")
    expect(table.get_by_role("row", name="Aarhus", exact=False)).to_contain_text("mangler flueben")
    assert_accessible(page, "The 98 at a glance, CH2")
    page.get_by_role("link", name="Odense", exact=False).first.click()
    page.wait_for_url("**/status/?kommune=0461")


def test_every_municipality_s_status_in_the_background(page, live_server, settings):
    from kombitportal.core import reports
    from kombitportal.core.models import ReportJob

    settings.PORTAL_TODAY = date(2024, 11, 26)
    call_command("load_demo")
    log_in(page, live_server.url, "Aske Walther Sørensen", start="/status/")
    page.wait_for_url("**/status/")
    page.get_by_role("button", name="Alle kommuners status som PDF (ZIP)").click()
    page.wait_for_url("**/status/alle/*/")
    expect(page.locator("#job-progress")).to_contain_text("I kø")
    assert_accessible(page, "Every municipality's status, queued")
    # The worker's part, for two municipalities: the page sees it without being reloaded.
    job = ReportJob.objects.get()
    ReportJob.objects.filter(pk=job.pk).update(codes=["0751", "0461"])
    reports.build(job.pk)
    expect(page.get_by_role("link", name="Hent ZIP-filen")).to_be_visible(timeout=10_000)
    assert_accessible(page, "Every municipality's status, ready")
