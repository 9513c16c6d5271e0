"""CSV exports: one response for every list, Danish letters for Excel (UTF-8 with BOM, `;`), and
no cell that a spreadsheet would run as a formula (OWASP's CSV injection advice)."""

import csv
import io

import pytest

from klik.models import Project
from kombitportal.core import services
from kombitportal.core.exports import csv_response, safe_cell
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
