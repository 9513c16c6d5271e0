"""What a new user meets, in real Chromium set to English: the portal in Danish, the demo's day in
a banner, the not-relevant reason only when "Ikke relevant" is chosen, why an employee cannot
reassign, the accessibility statement from the footer, KOMBIT's overview; axe-core on each page."""

from datetime import date

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.browser import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def english_page(browser, live_server, settings, demo_idp):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    settings.PORTAL_TODAY = date(2024, 11, 26)
    context = browser.new_context(locale="en-US", extra_http_headers={"Accept-Language": "en-US"})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_an_employee_in_an_english_browser(english_page, live_server):
    page = english_page
    call_command("load_demo")
    base = live_server.url
    log_in(page, base, "Sofie Bach Nielsen")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("note")).to_have_text(
        "Demo: portalen viser dagen som den 26. november 2024."
    )

    page.goto(base + "/klik/?q=K53")
    page.get_by_role("link", name="K53", exact=False).click()
    page.wait_for_url("**/klik/*/")
    reason = page.get_by_label("Hvorfor er den ikke relevant?")
    expect(reason).to_be_hidden()
    page.get_by_label("Status").select_option(label="Ikke relevant")
    expect(reason).to_be_visible()
    page.get_by_label("Status").select_option(label="I gang")
    expect(reason).to_be_hidden()
    expect(
        page.get_by_text("Kun kommunens programleder (eller KOMBIT) vælger ansvarlig")
    ).to_be_visible()
    assert_accessible(page, "KLIK task as an employee")

    page.get_by_role("link", name="Tilgængelighedserklæring").click()
    page.wait_for_url("**/tilgaengelighed/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilgængelighedserklæring")
    assert_accessible(page, "accessibility statement")


def test_kombit_overview_and_the_chosen_municipality(english_page, live_server):
    page = english_page
    call_command("load_demo")
    base = live_server.url
    log_in(page, base, "Aske Walther Sørensen")
    page.goto(base + "/klik/oversigt/")
    page.get_by_label("Sortér kommunerne efter").select_option(label="Mindst færdige først")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**municipality_sort=least_done**")
    export = page.get_by_role("link", name="Hent som CSV (kommunerne)")
    expect(export).to_have_attribute(
        "href", "/klik/oversigt/kommuner.csv?q=&task_sort=end&municipality_sort=least_done"
    )
    assert_accessible(page, "KOMBIT overview")

    page.goto(base + "/klik/")
    expect(page.get_by_role("heading", level=1)).to_have_text("KLIK-opgaver")
    page.get_by_label("Kommune").select_option(label="Odense")
    expect(page.get_by_role("heading", level=1)).to_have_text("KLIK-opgaver – Odense")
    expect(page).to_have_title("KLIK-opgaver – Odense · KOMBIT")
    assert_accessible(page, "KLIK list for a chosen municipality")
