"""KLIK's exports: the task list (every page of what its filter shows, a municipality's own
whatever the parameters, every municipality's for KOMBIT) and KOMBIT's overview, the same in CSV and
XLSX, guarded against formulas, with the number of queries pinned at two sizes."""

import re
from datetime import datetime

import pytest
import time_machine

from klik import services
from klik.models import Project
from kombitportal.core import services as core_services
from tests.exports import both
from tests.klik.conftest import assignment, make_task

HEADER = ["Projekt", "Kode", "Titel", "Start", "Slut", "Obligatorisk", "Status", "Ansvarlig",
          "Udførere", "Forfalden"]  # fmt: skip


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2024-12-01 10:00 +0100", tick=False):
        yield


def _page_titles(client, query: str) -> list[str]:
    """The titles the list shows for the filter, page after page."""
    titles, number = [], 1
    while True:
        page = client.get(f"/klik/?{query}&page={number}").content.decode()
        titles += re.findall(r'<th scope="row"><a href="/klik/\d+/">(?:\S+ )?([^<]+)</a>', page)
        if f"page={number + 1}" not in page:
            return titles
        number += 1


def _many_tasks(count, project_name="Belastning"):
    project = Project.objects.create(name=f"{project_name} {count}")
    for i in range(count):
        make_task(
            project, f"Opgave {i:03}", "01.11.2024", f"{(i % 28) + 1:02}.12.2024", code=f"B{i:03}"
        )


def test_the_export_is_the_filtered_list_with_every_page(tasks, user_a, client_for):
    _many_tasks(60)
    client = client_for(user_a)
    query = "q=Opgave&sort=-end"
    rows_csv, _rows_xlsx = both(client, "/klik/eksport.csv", query=query)
    assert rows_csv[0] == HEADER
    shown = _page_titles(client, query)
    assert len(shown) == 60  # two pages of 50
    assert [row[2] for row in rows_csv[1:]] == shown


def test_dates_are_dates_and_approximate_dates_their_text(tasks, user_a, client_for):
    _rows_csv, rows_xlsx = both(client_for(user_a), "/klik/eksport.csv", query="sort=title")
    by_title = {row[2]: row for row in rows_xlsx[1:]}
    fki = by_title["Identificer kommunens FKI ibrugtagningspotentialer"]
    assert fki[3] == datetime(2024, 11, 19) and fki[4] == datetime(2024, 12, 12)
    assert fki[5] == "Ja" and fki[6] == "Ikke startet"
    k53 = by_title["Opret og underskriv dataudvekslingsaftale"]
    assert (k53[3], k53[4]) == ("Slut dec/start jan", "Midt jan 2025")
    udk = by_title["UDK Begravelseshjælp: Verificer OBS udbetalingskonto"]
    assert udk[9] == "Ja"  # ended 22.11.2024
    assert by_title["DOS Bolig: Kortlæg fordringstyper"][4] == "Afventer"


def test_formulas_are_guarded_in_both_formats(aarhus, user_a, client_for):
    task = make_task(
        Project.objects.create(name='=HYPERLINK("https://evil.example","Klik")'),
        "@SUM(1+1)", "01.11.2024", "31.12.2024",
    )  # fmt: skip
    person = core_services.person_upsert(
        name="+45 Ond Person", email="ond@aarhus.example.dk", municipality=aarhus
    )
    services.assignment_set_people(
        assignment=assignment(task, aarhus), responsible=person, performers=[person], actor=user_a
    )
    rows_csv, rows_xlsx = both(client_for(user_a), "/klik/eksport.csv")
    for row in (rows_csv[1], rows_xlsx[1]):
        assert row[0] == '\'=HYPERLINK("https://evil.example","Klik")'
        assert row[2] == "'@SUM(1+1)" and row[7] == row[8] == "'+45 Ond Person"


def test_a_municipality_exports_its_own_whatever_the_parameters(
    tasks, aarhus, odense, user_a, person_b, client_for
):
    services.assignment_set_people(
        assignment=assignment(tasks["k53"], odense), responsible=person_b, performers=[],
        actor=None,
    )  # fmt: skip
    client = client_for(user_a)
    for url in ("/klik/eksport.csv?kommune=0461", "/klik/eksport.xlsx?kommune=0461"):
        response = client.get(url)
        assert 'filename="klik-0751.' in response["Content-Disposition"]
        assert b"Bo Odense" not in response.getvalue()
    rows_csv, _rows = both(client, "/klik/eksport.csv", query="kommune=0461")
    assert len(rows_csv) == 1 + 5 and rows_csv[0] == HEADER  # Aarhus's five, no municipality column


def test_kombit_exports_one_municipality_or_all(tasks, odense, kombit_user, person_b, client_for):
    services.assignment_set_people(
        assignment=assignment(tasks["k53"], odense), responsible=person_b, performers=[],
        actor=None,
    )  # fmt: skip
    client = client_for(kombit_user)
    rows_csv, _rows = both(client, "/klik/eksport.csv", query="kommune=0461&q=K53")
    assert rows_csv[1][7] == "Bo Odense" and len(rows_csv) == 2
    rows_csv, _rows_xlsx = both(client, "/klik/eksport.csv", query="q=K53")
    assert rows_csv[0] == [*HEADER, "Kommunekode", "Kommune"]
    assert len(rows_csv) == 1 + 98
    assert {row[10] for row in rows_csv[1:]} == {m for m in _codes()}
    assert next(row[10:] for row in rows_csv[1:] if row[7] == "Bo Odense") == ["0461", "Odense"]
    page = client.get("/klik/").content.decode()
    assert 'href="/klik/eksport.csv"' in page and 'href="/klik/eksport.xlsx"' in page


def _codes():
    from kombitportal.core.models import Municipality

    return set(Municipality.objects.values_list("code", flat=True))


def test_the_list_links_to_both_exports_with_its_filter(tasks, user_a, client_for):
    page = client_for(user_a).get("/klik/?q=SAPA&sort=-end&page=1").content.decode()
    assert '<a href="/klik/eksport.csv?q=SAPA&amp;sort=-end">Hent som CSV</a>' in page
    assert '<a href="/klik/eksport.xlsx?q=SAPA&amp;sort=-end">Hent som Excel</a>' in page
    partial = client_for(user_a).get("/klik/?q=K53", headers={"HX-Request": "true"})
    assert 'href="/klik/eksport.xlsx?q=K53"' in partial.content.decode()


def test_the_overview_exports_in_the_page_s_order(tasks, aarhus, kombit_user, client_for):
    services.assignment_set_status(assignment=assignment(tasks["u10"], aarhus), status="solved")
    client = client_for(kombit_user)
    query = "task_sort=least_solved&municipality_sort=least_done&q=SAPA"
    page = client.get(f"/klik/oversigt/?{query}").content.decode()
    assert "Hent som Excel" in page and "/klik/oversigt/opgaver.xlsx?" in page
    rows_csv, rows_xlsx = both(client, "/klik/oversigt/opgaver.csv", query=query)
    assert rows_csv[0] == ["Projekt", "Kode", "Titel", "Slut", "Løst", "Ikke relevant", "Kommuner",
                           "Endnu ikke løst"]  # fmt: skip
    assert [row[2] for row in rows_csv[1:]] == ["Opret og underskriv dataudvekslingsaftale",
                                               "Oplær brugere"]  # fmt: skip
    assert rows_xlsx[2][3] == datetime(2024, 12, 31) and rows_xlsx[2][4:7] == [1, 0, 98]
    rows_csv, rows_xlsx = both(client, "/klik/oversigt/kommuner.csv", query=query)
    shown = re.findall(r'<th scope="row"><a href="/klik/\?kommune=\d+">([^<]+)</a>', page)
    assert [row[1] for row in rows_csv[1:]] == shown and len(shown) == 98
    assert rows_xlsx[-1][1:] == ["Aarhus", 5, 1, 20, 1]  # UDK 02 is overdue


@pytest.mark.parametrize(
    ("path", "user_fixture", "expected"),
    [
        # session, user, the rows with their performers (one query, read in chunks)
        ("/klik/eksport.{fmt}?q=Opgave&sort=-end", "user_a", 3),
        # and the filter's options, to check the chosen project
        ("/klik/eksport.{fmt}?project={project}&mandatory=no", "user_a", 4),
        # and the municipality chosen, checked against the filter's list of them
        ("/klik/eksport.{fmt}?kommune=0751", "kombit_user", 5),
        ("/klik/eksport.{fmt}", "kombit_user", 3),
        # session, user, the tasks with their counts, who has not solved them
        ("/klik/oversigt/opgaver.{fmt}?q=Opgave", "kombit_user", 4),
        # session, user, the municipalities with their counts
        ("/klik/oversigt/kommuner.{fmt}", "kombit_user", 3),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_exports_run_a_fixed_number_of_queries(
    path,
    user_fixture,
    expected,
    fmt,
    request,
    client_for,
    django_assert_num_queries,
    db_sessions,
    db,
):
    client = client_for(request.getfixturevalue(user_fixture))
    for count in (5, 40):
        _many_tasks(count)
        url = path.format(fmt=fmt, project=Project.objects.latest("pk").pk)
        client.get(url)  # the session's clocks, as after any earlier request
        with django_assert_num_queries(expected):
            response = client.get(url)
            assert response.status_code == 200
            content = response.getvalue()
        assert len(content) > 100
