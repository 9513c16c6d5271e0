"""Signing an agreement in real Chromium: Aarhus's programme leader finds the SVR data-exchange
agreement waiting, sees who in Aarhus receives it, is refused a file that is not a PDF, marks it
signed with the PDF, and downloads the same bytes back; KOMBIT then sees Aarhus among the signed
and the others missing. axe-core on each page."""

from datetime import date

import pytest
from django.core.management import call_command

from kombitportal.agreements.models import Agreement, Signature
from tests.e2e.browser import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_programme_leader_signs_and_kombit_sees_who_is_missing(page, live_server, tmp_path):
    call_command("load_demo")
    svr = Agreement.objects.get(title="SVR-dataudvekslingsaftale")
    missing_before = 98 - Signature.objects.filter(agreement=svr).count()
    base = live_server.url

    log_in(page, base, "Mette Kjær Lund")
    page.goto(base + "/aftaler/")
    assert_accessible(page, "agreements")
    page.get_by_label("Vis").select_option(label="Venter på vores underskrift")
    page.wait_for_url("**state=waiting**")
    page.get_by_role("link", name="SVR-dataudvekslingsaftale").click()
    page.wait_for_url(f"**/aftaler/{svr.pk}/")
    main = page.inner_text("main")
    assert "Din kommune har ikke underskrevet denne aftale endnu." in main
    assert "SAPA-systemansvarlig: Sofie Bach Nielsen" in main  # who in Aarhus receives it
    assert_accessible(page, "agreement waiting for Aarhus")

    # A text file named .pdf is refused with a Danish message; nothing is recorded.
    fake = tmp_path / "aftale.pdf"
    fake.write_bytes(b"Dette er ikke en PDF\n")
    page.get_by_label("Underskrevet den").fill("2024-11-28")
    page.get_by_label("Underskrevet af").fill("Mette Kjær Lund")
    page.get_by_label("Underskrevet PDF (valgfri, højst 10 MB)").set_input_files(str(fake))
    page.get_by_role("button", name="Gem underskrift").click()
    page.wait_for_load_state()
    assert page.get_by_text("Filen er ikke en PDF.").is_visible()
    assert not Signature.objects.filter(agreement=svr, municipality__code="0751").exists()
    assert_accessible(page, "signing form with an error")

    # The real PDF.
    real = tmp_path / "svr-aarhus.pdf"
    real.write_bytes(PDF)
    page.get_by_label("Underskrevet den").fill("2024-11-28")
    page.get_by_label("Underskrevet af").fill("Mette Kjær Lund")
    page.get_by_label("Underskrevet PDF (valgfri, højst 10 MB)").set_input_files(str(real))
    page.get_by_role("button", name="Gem underskrift").click()
    page.wait_for_url(f"**/aftaler/{svr.pk}/")
    assert page.get_by_text("Underskriften for Aarhus er registreret.").is_visible()
    assert "Underskrevet den 28. november 2024 af Mette Kjær Lund." in page.inner_text("main")
    link = page.get_by_role("link", name="Hent den underskrevne PDF")
    download = page.request.get(base + link.get_attribute("href"))
    assert download.status == 200 and download.body() == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert_accessible(page, "agreement signed by Aarhus")
    signature = Signature.objects.get(agreement=svr, municipality__code="0751")
    assert signature.signed_on == date(2024, 11, 28) and not signature.on_behalf

    # KOMBIT: Aarhus is among the signed, the others are missing.
    page.context.clear_cookies()
    log_in(page, base, "Aske Walther Sørensen")
    page.goto(f"{base}/aftaler/{svr.pk}/")
    main = page.inner_text("main")
    assert f"{missing_before - 1} kommuner har ikke underskrevet" in main
    assert page.get_by_role("row", name="Aarhus").is_visible()
    assert_accessible(page, "agreement for KOMBIT")
    for path in ("/besoeg/", "/aftaler/udgifter/"):
        page.goto(base + path)
        assert page.get_by_role("heading", level=1).is_visible()
        assert_accessible(page, path)
