"""The exports in real Chromium: a programme leader filters the KLIK list and downloads it as
Excel (the file opened with openpyxl holds the rows the list shows), and KOMBIT downloads the
overview and an agreement's missing list; the pages with their links pass axe-core. With
SCREENSHOT_DIR set, each page is saved there as a PNG."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from kombitportal.agreements.models import Agreement
from tests.e2e.browser import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    if folder := os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _download(page, link_name: str, tmp_path: Path, nth: int = 0) -> list[list]:
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name).nth(nth).click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    sheet = load_workbook(target).worksheets[0]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_a_programme_leader_downloads_the_filtered_list(page, live_server, tmp_path):
    call_command("load_demo")
    base = live_server.url
    log_in(page, base, "Mette Kjær Lund")
    page.goto(base + "/klik/?q=SAPA&sort=-end")
    expect(page.get_by_role("link", name="Hent som CSV")).to_have_attribute(
        "href", "/klik/eksport.csv?q=SAPA&sort=-end"
    )
    _shot(page, "klik-list")
    assert_accessible(page, "/klik/ with its exports")
    table = page.get_by_role("table", name="KLIK-opgaver")
    shown = table.get_by_role("rowheader").get_by_role("link").all_inner_texts()
    rows = _download(page, "Hent som Excel", tmp_path)
    assert rows[0][:3] == ["Projekt", "Kode", "Titel"]
    assert [f"{r[1]} {r[2]}".strip() for r in rows[1:]] == [text.strip() for text in shown]


def test_kombit_downloads_the_overview_and_who_is_missing(page, live_server, tmp_path):
    call_command("load_demo")
    base = live_server.url
    log_in(page, base, "Aske Walther Sørensen")
    page.goto(base + "/klik/oversigt/?municipality_sort=least_done")
    _shot(page, "klik-overview")
    assert_accessible(page, "/klik/oversigt/ with its exports")
    rows = _download(page, "Hent som Excel (kommunerne)", tmp_path)
    assert len(rows) == 1 + 98 and all(isinstance(r[2], int) for r in rows[1:])
    svr = Agreement.objects.get(title="SVR-dataudvekslingsaftale")
    page.goto(f"{base}/aftaler/{svr.pk}/")
    _shot(page, "agreement-missing")
    assert_accessible(page, "an agreement with its missing list's exports")
    rows = _download(page, "Hent som Excel", tmp_path)
    assert rows[0] == ["Kommunekode", "Kommune", "CVR-nummer"] and len(rows) == 1 + 7
