"""Exports: one table described once and written as CSV (Danish letters for Excel: UTF-8 with BOM,
`;`) or XLSX (dates as dates, numbers as numbers, in constant memory), with no cell that a
spreadsheet would run as a formula (OWASP's CSV injection advice), in either format."""

import csv
import io
import tempfile
import tracemalloc
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.http import Http404, QueryDict
from openpyxl import load_workbook

from klik.models import Project
from kombitportal.core import services
from kombitportal.core.exports import (
    Column,
    Kind,
    Table,
    csv_response,
    export_links,
    export_paths,
    export_response,
    safe_cell,
    write_xlsx,
)
from tests.exports import XLSX_TYPE, assert_same, read_csv, read_xlsx
from tests.klik.conftest import assignment, make_task


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (
            '=HYPERLINK("https://evil.example","Klik")',
            '\'=HYPERLINK("https://evil.example","Klik")',
        ),
        ("+45 1234", "'+45 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tfane", "'\tfane"),
        ("\rretur", "'\rretur"),
        ("Æblegrød", "Æblegrød"),
        ("Slut dec/start jan", "Slut dec/start jan"),
        ("", ""),
        (-5, -5),
        (12, 12),
    ],
)
def test_a_cell_that_would_be_a_formula_is_written_as_text(value, written):
    assert safe_cell(value) == written


def test_the_response_is_excel_s_csv():
    response = csv_response("x.csv", ["Navn", "Note"], [["Ærø", "=1+1"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    content = response.getvalue().decode("utf-8")
    assert content.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(content[1:]), delimiter=";")) == [
        ["Navn", "Note"],
        ["Ærø", "'=1+1"],
    ]


@pytest.mark.django_db
def test_the_klik_export_neutralises_names_and_titles(aarhus, user_a, client_for):
    from klik import services as klik_services

    task = make_task(
        Project.objects.create(name="=cmd|' /C calc'!A0"), "@SUM(1+1)", "01.11.2024", "31.12.2024"
    )
    person = services.person_upsert(
        name="+45 Ond Person", email="ond@aarhus.example.dk", municipality=aarhus
    )
    klik_services.assignment_set_people(
        assignment=assignment(task, aarhus), responsible=person, performers=[person], actor=user_a
    )
    response = client_for(user_a).get("/klik/eksport.csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    (row,) = rows[1:]
    assert row[0] == "'=cmd|' /C calc'!A0" and row[2] == "'@SUM(1+1)"
    assert row[7] == row[8] == "'+45 Ond Person"


# --- One table, two formats ----------------------------------------------------------------------

GUARDED = [
    ('=HYPERLINK("https://evil.example","Klik")', '\'=HYPERLINK("https://evil.example","Klik")'),
    ("+45 1234 5678", "'+45 1234 5678"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("=1+1", "'=1+1"),
]


def _table(rows) -> Table:
    return Table(
        "proeve",
        "Prøve: [alle]",
        [
            Column("Navn"), Column("Dato", Kind.DATE), Column("Tidspunkt", Kind.DATETIME),
            Column("Antal", Kind.INTEGER), Column("Middel", Kind.DECIMAL),
            Column("Beløb (kr.)", Kind.AMOUNT), Column("Aktiv"), Column("Lang tekst", Kind.LONG_TEXT),
        ],
        rows,
    )  # fmt: skip


ROWS = [
    ["Ærø", date(2024, 12, 31), datetime(2024, 11, 26, 9, 30, tzinfo=UTC), 12, Decimal("3.97"),
     Decimal("1234567.50"), True, "Midt jan 2025"],
    ["Æblegrød", "Afventer", None, -5, Decimal("4"), Decimal("0.01"), False, ""],
    *([text, None, None, None, None, None, False, text] for text, _written in GUARDED),
    ["kontrol\x07tegn", None, None, 0, 1.5, None, False, "x"],
]  # fmt: skip


def test_one_table_is_the_same_in_csv_and_xlsx():
    rows_csv, rows_xlsx = both_of(_table(ROWS))
    assert rows_csv[0] == ["Navn", "Dato", "Tidspunkt", "Antal", "Middel", "Beløb (kr.)", "Aktiv",
                           "Lang tekst"]  # fmt: skip
    # CSV: dates the Danish way, the time in Copenhagen, decimals with a comma, yes/no in words.
    assert rows_csv[1] == ["Ærø", "31.12.2024", "26.11.2024 10:30", "12", "3,97", "1234567,50",
                           "Ja", "Midt jan 2025"]  # fmt: skip
    assert rows_csv[2][:4] == ["Æblegrød", "Afventer", "", "-5"]
    # XLSX: dates as dates, numbers as numbers, text as text.
    first = rows_xlsx[1]
    assert first[1] == datetime(2024, 12, 31) and first[2] == datetime(2024, 11, 26, 10, 30)
    assert first[3] == 12 and first[4] == 3.97 and first[5] == 1234567.5
    assert isinstance(first[3], int) and isinstance(first[4], float)
    assert rows_xlsx[2][1] == "Afventer" and rows_xlsx[2][2] is None and rows_xlsx[2][3] == -5
    assert rows_csv[-1][0] == rows_xlsx[-1][0] == "kontroltegn"  # no XML control characters


def test_no_cell_is_a_formula_and_the_guard_is_the_same_in_both_formats():
    rows_csv, rows_xlsx = both_of(_table(ROWS))
    for (_text, written), row_csv, row_xlsx in zip(
        GUARDED, rows_csv[3:], rows_xlsx[3:], strict=False
    ):
        assert row_csv[0] == row_xlsx[0] == row_csv[7] == row_xlsx[7] == written
    sheet = load_workbook(io.BytesIO(_xlsx(_table(ROWS)))).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet.cell(row=4, column=1).data_type == "s"  # text, guarded


def test_the_sheet_is_laid_out_for_reading():
    sheet = load_workbook(io.BytesIO(_xlsx(_table(ROWS)))).active
    assert sheet.title == "Prøve alle"  # no characters a sheet title cannot have
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1]) and not sheet["A2"].font.b
    assert sheet["B2"].number_format == "dd.mm.yyyy" and sheet["C2"].number_format.startswith(
        "dd.mm.yyyy"
    )
    assert sheet["E2"].number_format == "0.00" and sheet["F2"].number_format == "#,##0.00"
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDH"}
    assert widths == {"A": 16, "B": 12, "C": 17, "D": 10, "H": 48}
    assert sheet.auto_filter.ref == f"A1:H{len(ROWS) + 1}"


def test_an_empty_table_has_its_header():
    rows_csv, rows_xlsx = both_of(_table([]))
    assert len(rows_csv) == len(rows_xlsx) == 1


def test_the_xlsx_is_written_in_constant_memory():
    """Ten times the rows, about the same peak: rows are streamed to openpyxl's write-only sheet,
    which keeps them in a temporary file, and the workbook is saved to one."""

    def peak(count: int) -> int:
        rows = (
            [f"Opgave {i}", date(2024, 12, 1), None, i, Decimal("3.5"), None, False, "x" * 40]
            for i in range(count)
        )
        with tempfile.TemporaryFile() as handle:
            tracemalloc.start()
            try:
                write_xlsx(_table(rows), handle)
                return tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

    small, large = peak(300), peak(3_000)
    assert large < 2 * small, (small, large)


def test_the_response_is_a_download_of_either_format():
    response = export_response(_table(ROWS), "xlsx")
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="proeve.xlsx"'
    with pytest.raises(Http404):
        export_response(_table(ROWS), "ods")


def test_a_csv_url_has_an_xlsx_sibling_and_the_links_carry_the_filter():
    csv_path, xlsx_path = export_paths("eksport", lambda request, fmt: None, "export")
    assert (str(csv_path.pattern), csv_path.name, csv_path.default_args) == (
        "eksport.csv", "export", {"fmt": "csv"},
    )  # fmt: skip
    assert (str(xlsx_path.pattern), xlsx_path.name, xlsx_path.default_args) == (
        "eksport.xlsx", "export_xlsx", {"fmt": "xlsx"},
    )  # fmt: skip
    links = export_links("klik:export", query=QueryDict("q=%C3%86r%C3%B8&page=3&sort=-end"))
    assert links == (
        "/klik/eksport.csv?q=%C3%86r%C3%B8&sort=-end",
        "/klik/eksport.xlsx?q=%C3%86r%C3%B8&sort=-end",
    )
    assert export_links("agreements:missing_csv", 7) == (
        "/aftaler/7/mangler.csv", "/aftaler/7/mangler.xlsx",
    )  # fmt: skip


def _xlsx(table: Table) -> bytes:
    handle = io.BytesIO()
    write_xlsx(table, handle)
    return handle.getvalue()


def both_of(table_rows: Table):
    """The table through the response of each format, read back with tests/exports.py."""
    rows = list(table_rows.rows)

    def response(fmt):
        return export_response(
            Table(table_rows.name, table_rows.title, table_rows.columns, iter(rows)), fmt
        )

    rows_csv, rows_xlsx = read_csv(response("csv")), read_xlsx(response("xlsx"))
    assert_same(rows_csv, rows_xlsx)
    return rows_csv, rows_xlsx
