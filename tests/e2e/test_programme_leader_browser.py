"""A programme leader's first day, in real Chromium: the introduction at the first login, what
waits for them, an empty role filled with a new contact, the contacts, a local task of their own
with a file, saved as PDF; KOMBIT's municipalities with empty roles. axe-core on every page."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.browser import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_a_programme_leaders_first_day(page, live_server, tmp_path):
    call_command("load_demo")
    base = live_server.url
    page.goto(base + "/")
    page.wait_for_url("**/demo-idp/**")
    page.get_by_role("button", name="Mette Kjær Lund").click()

    # The first login: what this user can see and do, then on to the portal.
    page.wait_for_url("**/velkommen/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen til programlederportalen")
    expect(page.get_by_text("Du er logget ind som Programleder for Aarhus.")).to_be_visible()
    assert_accessible(page, "first-login introduction")
    page.get_by_role("button", name="Gå til portalen").click()

    # What waits for her, each a link; an empty role that blocks mail among them.
    page.wait_for_url(base + "/")
    needs = page.get_by_role("region", name="Hvad venter på mig?")
    expect(needs.get_by_role("link", name="Allonge til Tilslutningsaftale")).to_be_visible()
    assert_accessible(page, "start page with what waits")
    needs.get_by_role("link", name="Ingen har rollen SAPA-systemejer", exact=False).click()

    # Fill the role with a new contact.
    page.wait_for_url("**/roller/*/besaet/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Besæt rollen SAPA-systemejer")
    assert_accessible(page, "fill a role")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Vælg en person, eller skriv den nye kontakts navn.")).to_be_visible()
    assert_accessible(page, "fill a role, with an error")
    page.get_by_label("Eller en ny kontakt: navn").fill("Jonas Holm")
    page.get_by_label("E-mail").fill("jonas.holm@aarhus.example.dk")
    page.get_by_role("button", name="Gem").click()
    page.wait_for_url("**/roller/**#role-*")
    expect(page.get_by_text("Jonas Holm har nu rollen SAPA-systemejer.")).to_be_visible()

    page.goto(base + "/roller/kontakter/")
    expect(page.get_by_role("cell", name="jonas.holm@aarhus.example.dk")).to_be_visible()
    assert_accessible(page, "contacts")

    # A local task of the municipality's own, with a file, saved as PDF.
    page.goto(base + "/klik/")
    page.get_by_role("link", name="Ny lokal opgave").click()
    page.wait_for_url("**/klik/lokal/ny/")
    assert_accessible(page, "new local task")
    page.get_by_role("button", name="Opret opgaven").click()
    expect(page.get_by_text("Dette felt er påkrævet.")).to_be_visible()
    page.get_by_label("Titel").fill("Informér borgerservice om SAPA")
    page.get_by_label("Start").fill("Uge 49")
    page.get_by_label("Slut").fill("Midt dec 2024")
    page.get_by_label("Ansvarlig").select_option(label="Jonas Holm")
    page.get_by_label("Sofie Bach Nielsen").check()
    page.get_by_role("button", name="Opret opgaven").click()
    page.wait_for_url("**/klik/*/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Informér borgerservice om SAPA")
    expect(page.get_by_text("Lokal opgave", exact=True)).to_be_visible()

    plan = tmp_path / "Projektplan.pdf"
    plan.write_bytes(PDF)
    page.get_by_label("Vedhæft en fil", exact=False).set_input_files(plan)
    page.get_by_role("button", name="Vedhæft filen").click()
    expect(page.get_by_role("link", name="Projektplan.pdf")).to_be_visible()
    assert_accessible(page, "local task with a file")

    with page.expect_download() as download:
        page.get_by_role("link", name="Gem opgaven som PDF").click()
    assert download.value.suggested_filename == "klik-informer-borgerservice-om-sapa-0751.pdf"
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 1000

    page.get_by_role("link", name="Rediger den lokale opgave").click()
    page.wait_for_url("**/rediger/")
    assert_accessible(page, "edit a local task")
    page.get_by_label("Slut").fill("20.12.2024")
    page.get_by_role("button", name="Gem opgaven").click()
    page.wait_for_url("**/klik/*/")
    expect(page.get_by_role("cell", name="20.12.2024")).to_be_visible()  # in the log

    page.goto(base + "/klik/?q=borgerservice")
    row = page.get_by_role("row", name="Informér borgerservice om SAPA", exact=False)
    expect(row.get_by_text("Lokal", exact=True)).to_be_visible()


def test_kombit_sees_the_municipalities_with_empty_roles(page, live_server):
    call_command("load_demo")
    base = live_server.url
    log_in(page, base, "Aske Walther Sørensen")
    page.get_by_role("link", name="kommuner mangler en rolle", exact=False).click()
    page.wait_for_url("**/roller/tomme/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tomme roller, som åbent arbejde har brug for"
    )
    assert_accessible(page, "KOMBIT's empty roles")

    page.goto(base + "/profil/")
    page.get_by_role("link", name="Læs introduktionen for nye brugere igen").click()
    page.wait_for_url("**/velkommen/**")
    expect(page.get_by_text("Du er logget ind som KOMBIT-konsulent.", exact=False)).to_be_visible()
    assert_accessible(page, "the introduction again, as KOMBIT")
    page.get_by_role("button", name="Tilbage til portalen").click()
    page.wait_for_url("**/profil/")
