"""Signing an agreement in real Chromium: Aarhus's programme leader finds the SVR data-exchange
agreement waiting, sees who in Aarhus holds the roles it is sent to, is refused a file that is not
a PDF (a Danish message on the field, nothing stored), marks it signed with a PDF and downloads the
same bytes back; KOMBIT, in a browser context of its own, sees Aarhus among the signed and who is
still missing, and the visits and bills pages. axe-core on each page."""

from datetime import date

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kombitportal.agreements.models import Agreement, Signature
from kombitportal.core.models import Municipality
from tests.e2e.browser import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "SVR-dataudvekslingsaftale"
PDF_LABEL = "Underskrevet PDF (valgfri, højst 10 MB)"
NOT_SIGNED = "Din kommune har ikke underskrevet denne aftale endnu."
# The smallest valid PDF: one empty page, with a cross-reference table and its byte offsets.
_OBJECTS = [
    b"<</Type/Catalog/Pages 2 0 R>>",
    b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
    b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>",
]


def _minimal_pdf() -> bytes:
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(_OBJECTS, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(_OBJECTS) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(_OBJECTS) + 1, xref)
    return bytes(out)


PDF = _minimal_pdf()


def _fill_signature(page, upload) -> None:
    page.get_by_label("Underskrevet den").fill("2024-11-28")
    page.get_by_label("Underskrevet af").fill("Mette Kjær Lund")
    page.get_by_label(PDF_LABEL).set_input_files(str(upload))
    page.get_by_role("button", name="Gem underskrift").click()


def test_programme_leader_signs_and_kombit_sees_who_is_missing(
    page, browser, live_server, tmp_path
):
    call_command("load_demo")
    svr = Agreement.objects.get(title=TITLE)
    signed = Signature.objects.filter(agreement=svr).values("municipality")
    missing_after = sorted(  # the municipalities still missing once Aarhus has signed
        Municipality.objects.exclude(pk__in=signed)
        .exclude(code="0751")
        .values_list("name", flat=True)
    )
    media = tmp_path / "media"  # the per-test storage of tests/conftest.py
    base = live_server.url

    # 1. Aarhus's programme leader: the agreements waiting for Aarhus, then the SVR agreement.
    log_in(page, base, "Mette Kjær Lund")
    page.goto(base + "/aftaler/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aftaler")
    assert_accessible(page, "agreements")
    page.get_by_label("Vis").select_option(label="Venter på vores underskrift")
    page.wait_for_url("**state=waiting**")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=TITLE, exact=True))
    expect(row).to_contain_text("Venter på underskrift")
    expect(page.get_by_role("row").filter(has_text="Endnu ikke sendt")).to_have_count(0)
    row.get_by_role("link", name=TITLE, exact=True).click()
    page.wait_for_url(f"**/aftaler/{svr.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text(NOT_SIGNED)).to_be_visible()
    # Who in Aarhus holds the roles it is sent to (and a role nobody in Aarhus holds).
    recipients = page.get_by_role("region", name="Underskrift for Aarhus").get_by_role("listitem")
    expect(recipients).to_have_text(
        [
            "SAPA-systemejer: Ingen har denne rolle i din kommune",
            "SAPA-systemansvarlig: Sofie Bach Nielsen",
        ]
    )
    expect(page.get_by_role("heading", name="Markér som underskrevet")).to_be_visible()
    expect(page.get_by_label("Underskrevet af")).to_have_value("Mette Kjær Lund")
    assert_accessible(page, "agreement waiting for Aarhus")

    # 3. A text file named .pdf is refused with a Danish message tied to the field; nothing is
    # recorded and no file is stored. (Before the real signing: once signed, the form is gone.)
    fake = tmp_path / "aftale.pdf"
    fake.write_bytes(b"Dette er ikke en PDF, bare tekst.\n")
    _fill_signature(page, fake)
    expect(page.get_by_text("Filen er ikke en PDF.")).to_be_visible()
    upload = page.get_by_label(PDF_LABEL)
    expect(upload).to_have_attribute("aria-invalid", "true")
    expect(upload).to_have_accessible_description("Filen er ikke en PDF.")
    expect(page.get_by_label("Underskrevet af")).to_have_value("Mette Kjær Lund")
    assert not Signature.objects.filter(agreement=svr, municipality__code="0751").exists()
    assert not [p for p in media.rglob("*") if p.is_file()]
    assert_accessible(page, "signing form with an error")

    # 2. The real PDF: shown as signed, with a link to the document that downloads the same bytes.
    real = tmp_path / "svr-aarhus.pdf"
    real.write_bytes(PDF)
    _fill_signature(page, real)
    page.wait_for_url(f"**/aftaler/{svr.pk}/")
    expect(page.get_by_text("Underskriften for Aarhus er registreret.")).to_be_visible()
    expect(page.get_by_role("region", name="Underskrift for Aarhus")).to_contain_text(
        "Underskrevet den 28. november 2024 af Mette Kjær Lund."
    )
    expect(page.get_by_text(NOT_SIGNED)).to_have_count(0)
    expect(page.get_by_role("button", name="Gem underskrift")).to_have_count(0)
    assert_accessible(page, "agreement signed by Aarhus")
    with page.expect_download() as info:
        page.get_by_role("link", name="Hent den underskrevne PDF").click()
    download = info.value
    assert download.suggested_filename == f"aftale-{svr.pk}-0751.pdf"
    assert download.path().read_bytes() == PDF
    response = page.request.get(download.url)
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-content-type-options"] == "nosniff"
    signature = Signature.objects.get(agreement=svr, municipality__code="0751")
    assert (signature.signed_on, signature.signer_name) == (date(2024, 11, 28), "Mette Kjær Lund")
    assert not signature.on_behalf and signature.document
    # The list shows it as signed by Aarhus.
    page.goto(base + "/aftaler/?state=signed")
    expect(page.get_by_role("row").filter(has_text=TITLE)).to_contain_text("Underskrevet")

    # 4. KOMBIT's consultant, in a browser context of its own: Aarhus is among the signed, with
    # the PDF; the others are missing, by name.
    context = browser.new_context(locale="da-DK")
    try:
        kombit = context.new_page()
        kombit.set_default_timeout(15_000)
        log_in(kombit, base, "Aske Walther Sørensen")
        kombit.goto(f"{base}/aftaler/{svr.pk}/")
        heading = f"{len(missing_after)} kommuner har ikke underskrevet"
        expect(kombit.get_by_role("heading", name=heading)).to_be_visible()
        kombit.get_by_text("Hvem mangler").click()
        missing = kombit.locator("details p")
        expect(missing).to_be_visible()
        assert missing.inner_text().split(", ") == missing_after
        rowheader = kombit.get_by_role("rowheader", name="Aarhus", exact=True)
        aarhus = kombit.get_by_role("row").filter(has=rowheader)
        expect(aarhus).to_contain_text("28. november 2024")
        expect(aarhus).to_contain_text("Mette Kjær Lund")
        expect(aarhus.get_by_role("link", name="PDF")).to_have_attribute(
            "href", f"/aftaler/{svr.pk}/dokument/0751/"
        )
        assert_accessible(kombit, "agreement for KOMBIT")
        for path, heading in (
            ("/besoeg/", "Besøg hos de kommunale direktioner"),
            ("/aftaler/udgifter/", "Fordeling af udgifter"),
        ):
            kombit.goto(base + path)
            expect(kombit.get_by_role("heading", level=1)).to_have_text(heading)
            assert_accessible(kombit, path)
    finally:
        context.close()
