"""Context Handler 2 in real Chromium: the municipality's IdP and what CH2 sends it per system,
the profiles' table, an IdP added with the keyboard-usable form (a profile of the wrong protocol
refused with its message), the certificate change's checklist ticked; KOMBIT's view of who has not
ticked and who is still on Context Handler 1. axe-core on each page."""

from datetime import date

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.browser import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_programme_leader_keeps_the_set_up_current(page, live_server, settings):
    settings.PORTAL_TODAY = date(2024, 11, 26)
    call_command("load_demo")
    log_in(page, live_server.url, "Mette Kjær Lund", start="/contexthandler/")
    page.wait_for_url("**/contexthandler/")
    expect(page.get_by_role("heading", name="IdP'er i Aarhus")).to_be_visible()
    sent = page.get_by_role("table", name="Hvad Context Handler 2 sender pr. system og IdP")
    expect(sent.get_by_role("row", name="SAPA", exact=False)).to_contain_text(
        "Context Handler 2 sender http://schemas.microsoft.com/claims/multipleauthn"
    )
    assert_accessible(page, "Context Handler 2 start page")

    page.get_by_role(
        "link", name="Hvad Context Handler 2 sender for hver profil og hvert niveau"
    ).click()
    page.wait_for_url("**/contexthandler/profiler/")
    table = page.get_by_role(
        "table", name="Hvad Context Handler 2 sender pr. profil og krævet niveau"
    )
    expect(
        table.get_by_role("row", name="OIOSAML2 – Without requested LoA", exact=False)
    ).to_contain_text("IdP'en skal selv kræve to faktorer")
    assert_accessible(page, "Context Handler 2 profiles")

    page.goto(live_server.url + "/contexthandler/idp/ny/")
    assert_accessible(page, "Add an IdP")
    page.get_by_label("Navn").fill("Aarhus OS2faktor")
    page.get_by_label("Entity ID").fill("https://os2faktor.aarhus.example/")
    page.get_by_label("Protokol").select_option("oiosaml2")
    page.get_by_label("Profil i Fælleskommunalt Administrationsmodul").select_option("oiosaml3")
    page.get_by_role("button", name="Gem").click()
    expect(
        page.get_by_text("OIOSAML3 er en OIOSAML3-profil; IdP'en bruger OIOSAML2.")
    ).to_be_visible()
    assert_accessible(page, "Add an IdP, refused")
    page.get_by_label("Protokol").select_option("oiosaml3")
    page.get_by_role("button", name="Gem").click()
    page.wait_for_url("**/contexthandler/")
    expect(page.get_by_text("IdP'en er gemt.")).to_be_visible()

    page.get_by_role(
        "link", name="Ret hvilke systemer I bruger og via hvilken Context Handler"
    ).click()
    page.wait_for_url("**/contexthandler/systemer/")
    assert_accessible(page, "Systems and Context Handler")
    page.get_by_label("FLIS").select_option("ch1")
    page.get_by_role("button", name="Gem").click()
    page.wait_for_url("**/contexthandler/")
    expect(page.get_by_text("1 system bruger stadig Context Handler 1:")).to_be_visible()

    checklist = page.get_by_role("group", name="Aarhus Kommune AD FS")
    checklist.get_by_label("Trust til nyt certifikat etableret").check()
    checklist.get_by_label("Opdateret metadata hentet").check()
    checklist.get_by_role("button", name="Gem for Aarhus Kommune AD FS").click()
    page.wait_for_url("**/contexthandler/")
    expect(page.get_by_role("group", name="Aarhus Kommune AD FS Færdig")).to_be_visible()


def test_kombit_sees_who_has_not_ticked(page, live_server, settings):
    settings.PORTAL_TODAY = date(2024, 11, 26)
    call_command("load_demo")
    log_in(page, live_server.url, "Aske Walther Sørensen", start="/contexthandler/")
    page.wait_for_url("**/contexthandler/")
    expect(page.get_by_text("2 kommuner bruger stadig Context Handler 1")).to_be_visible()
    expect(
        page.get_by_text("0 af 5 kommuner har sat begge flueben for alle IdP'er.")
    ).to_be_visible()
    page.get_by_text("5 kommuner har ikke").click()
    expect(page.get_by_role("link", name="Esbjerg").first).to_be_visible()
    assert_accessible(page, "Context Handler 2 for KOMBIT")
