"""KLIK pages: list with htmx partial, remembering the list, forms, saved filters, CSV, and the
number of queries pinned at 10 and at 300 tasks."""

import csv
import io

import pytest
import time_machine

from klik.models import Project, SavedFilter, TaskLogEntry
from tests.klik.conftest import assignment, make_task


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2024-12-01 10:00 +0100", tick=False):
        yield


def test_list_shows_responsible_and_performers(tasks, aarhus, user_a, people_a, client_for):
    from klik import services

    services.assignment_set_people(
        assignment=assignment(tasks["k53"], aarhus),
        responsible=people_a["Sofie Bach"],
        performers=[people_a["Ole Dam"], people_a["Lars Vest"]],
        actor=user_a,
    )
    body = client_for(user_a).get("/klik/").content.decode()
    assert "Sofie Bach" in body and "Lars Vest, Ole Dam" in body
    assert "Forfalden" in body  # UDK 02 ended 22.11.2024
    assert body.index("Midt jan 2025") < body.index("Afventer")


def test_htmx_request_gets_the_results_partial(tasks, user_a, client_for):
    response = client_for(user_a).get("/klik/?q=K53", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"') and "<html" not in body
    assert "K53" in body and "U10" not in body


def test_task_page_leads_back_to_the_same_list(tasks, aarhus, user_a, client_for):
    client = client_for(user_a)
    client.get("/klik/?q=SAPA&sort=-end&page=1")
    body = client.get(f"/klik/{assignment(tasks['k53'], aarhus).pk}/").content.decode()
    assert 'href="/klik/?q=SAPA&amp;sort=-end&amp;page=1"' in body


def test_task_page_shows_role_holders_or_warns(tasks, aarhus, user_a, client_for, people_a):
    from kombitportal.core import services as core
    from kombitportal.core.models import Role

    role = Role.objects.create(name="SAPA-systemansvarlig", kind="general", status="published")
    empty = Role.objects.create(name="Selvstændig projektleder", kind="general", status="published")
    task = tasks["k53"]
    task.responsible_role, task.performer_role = role, empty
    task.save()
    core.role_assignment_set(
        role=role, municipality=aarhus, person=people_a["Sofie Bach"], is_primary=True
    )
    body = client_for(user_a).get(f"/klik/{assignment(task, aarhus).pk}/").content.decode()
    assert "Sofie Bach" in body
    assert "Ingen har denne rolle i din kommune" in body


def test_status_and_people_forms(tasks, aarhus, user_a, people_a, client_for):
    client = client_for(user_a)
    a = assignment(tasks["k53"], aarhus)
    response = client.post(
        f"/klik/{a.pk}/personer/",
        {
            "responsible": people_a["Sofie Bach"].pk,
            "performers": [people_a["Ole Dam"].pk, people_a["Lars Vest"].pk],
        },
    )
    assert response.status_code == 302
    response = client.post(f"/klik/{a.pk}/status/", {"status": "not_relevant", "reason": ""})
    assert response.status_code == 400
    assert "Skriv, hvorfor opgaven ikke er relevant" in response.content.decode()
    client.post(f"/klik/{a.pk}/status/", {"status": "in_progress"})
    body = client.get(f"/klik/{a.pk}/").content.decode()
    assert "Lars Vest, Ole Dam" in body and "I gang" in body and "Anna Aarhus" in body
    assert TaskLogEntry.objects.filter(assignment=a).count() == 3


def test_municipality_b_cannot_post_to_a(tasks, aarhus, user_b, client_for, people_a):
    client = client_for(user_b)
    a = assignment(tasks["k53"], aarhus)
    assert client.post(f"/klik/{a.pk}/status/", {"status": "solved"}).status_code == 404
    assert (
        client.post(f"/klik/{a.pk}/personer/", {"responsible": people_a["Ole Dam"].pk}).status_code
        == 404
    )
    a.refresh_from_db()
    assert a.status == "not_started" and a.responsible is None


def test_employee_cannot_reassign(tasks, aarhus, staff_a, client_for, people_a):
    a = assignment(tasks["k53"], aarhus)
    assert (
        client_for(staff_a)
        .post(f"/klik/{a.pk}/personer/", {"responsible": people_a["Ole Dam"].pk})
        .status_code
        == 403
    )


def test_people_of_another_municipality_are_refused_by_the_form(
    tasks, aarhus, user_a, client_for, person_b
):
    a = assignment(tasks["k53"], aarhus)
    response = client_for(user_a).post(f"/klik/{a.pk}/personer/", {"performers": [person_b.pk]})
    assert response.status_code == 400
    assert not a.performers.exists()


def test_saved_filter_round_trip(tasks, user_a, user_b, client_for):
    client = client_for(user_a)
    response = client.post(
        "/klik/filtre/gem/",
        {"name": "Mine SAPA-opgaver", "query": "q=SAPA&sort=-end&page=3&bogus=1&due_within=abc"},
    )
    assert response.status_code == 302
    saved = SavedFilter.objects.get(user=user_a)
    assert saved.filters == {"q": "SAPA", "sort": "-end"}  # only valid, known fields; no page
    assert client.get(f"/klik/filtre/{saved.pk}/")["Location"] == "/klik/?q=SAPA&sort=-end"
    assert "Mine SAPA-opgaver" in client.get("/klik/").content.decode()
    client.post(f"/klik/filtre/{saved.pk}/omdoeb/", {"name": "SAPA"})
    saved.refresh_from_db()
    assert saved.name == "SAPA"
    assert client_for(user_b).post(f"/klik/filtre/{saved.pk}/slet/").status_code == 404
    client.post(f"/klik/filtre/{saved.pk}/slet/")
    assert not SavedFilter.objects.exists()


def test_csv_export_of_the_filtered_list(tasks, user_a, client_for):
    response = client_for(user_a).get("/klik/eksport.csv?q=SAPA")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Projekt", "Kode", "Titel"]
    assert sorted(r[1] for r in rows[1:]) == ["K53", "U10"]


def _many_tasks(count):
    project = Project.objects.create(name=f"Belastning {count}")
    for i in range(count):
        make_task(
            project, f"Opgave {i:03}", "01.11.2024", f"{(i % 28) + 1:02}.12.2024", code=f"B{i:03}"
        )


@pytest.mark.parametrize(
    ("path", "user_fixture", "expected"),
    [
        # session, user, the page (rows, performers, total), filter options, saved filters
        ("/klik/", "user_a", 5),
        ("/klik/?q=Opgave&sort=-end&mandatory=no", "user_a", 5),
        ("/klik/?q=Opgave&project=1&role=1&responsible=1&performer=1", "user_a", 5),
        ("/klik/oversigt/", "kombit_user", 5),
    ],
)
def test_query_count_is_the_same_at_10_and_300_tasks(
    path,
    user_fixture,
    expected,
    request,
    client_for,
    django_assert_num_queries,
    aarhus,
    db_sessions,
):
    user = request.getfixturevalue(user_fixture)
    client = client_for(user)
    _many_tasks(10)
    client.get(path)
    with django_assert_num_queries(expected):
        assert client.get(path).status_code == 200
    _many_tasks(290)
    with django_assert_num_queries(expected):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    ("page", "shown", "rows"),
    [("1", 1, 50), ("2", 2, 50), ("3", 3, 20), ("4", 3, 20), ("99", 3, 20), ("0", 1, 50),
     ("abc", 1, 50), ("", 1, 50)],
)  # fmt: skip
def test_pages_and_page_numbers_past_the_end_or_wrong(page, shown, rows, client_for, user_a):
    _many_tasks(120)
    body = client_for(user_a).get(f"/klik/?q=Opgave&page={page}").content.decode()
    assert "120 opgaver" in body
    assert f"Side {shown} af 3" in body
    assert body.count('<th scope="row">') == rows
    previous = f'href="?q=Opgave&amp;page={shown - 1}"'
    following = f'href="?q=Opgave&amp;page={shown + 1}"'
    assert (previous in body, following in body) == (shown > 1, shown < 3)


def test_htmx_partial_skips_the_filter_form(
    client_for, user_a, django_assert_num_queries, db_sessions
):
    """The table alone: session, user, the page (rows, performers, total); neither the filter
    form's options nor the saved filters are read."""
    _many_tasks(60)
    client = client_for(user_a)
    client.get("/klik/?q=Opgave", headers={"HX-Request": "true"})
    with django_assert_num_queries(3):
        response = client.get("/klik/?q=Opgave", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"') and 'id="id_project"' not in body
    assert body.count('<th scope="row">') == 50


def test_filter_options_are_the_municipality_s_and_others_are_refused(
    tasks, user_a, people_a, person_b, client_for
):
    """Responsible and performer offer the municipality's own people only; another municipality's
    person (or any unknown id) in the URL gives a Danish message and filters nothing."""
    client = client_for(user_a)
    body = client.get("/klik/").content.decode()
    assert all(f'<option value="{p.pk}">{p.name}</option>' in body for p in people_a.values())
    assert f'value="{person_b.pk}"' not in body
    assert '<option value="" selected>Alle projekter</option>' in body
    for field in ("responsible", "performer", "project", "role"):
        body = client.get(f"/klik/?{field}=999999&q=K53").content.decode()
        assert 'aria-invalid="true"' in body and "Marker en gyldig valgmulighed" in body, field
        assert "K53" in body and "U10" not in body  # the valid part of the filter still applies
    body = client.get(f"/klik/?responsible={person_b.pk}").content.decode()
    assert "Marker en gyldig valgmulighed" in body and "U10" in body


def test_a_list_shown_again_reads_fresh_rows_with_the_sql_written_once(
    tasks, aarhus, user_a, people_a, client_for, monkeypatch
):
    """The list's SQL is kept per process (selectors.PAGE_STATEMENTS); its rows never are: a
    change between two views of the same list shows, and the second view writes no SQL."""
    from klik import selectors, services

    selectors.PAGE_STATEMENTS.clear()
    written = []
    build = selectors.assignment_list
    monkeypatch.setattr(
        selectors, "assignment_list", lambda **kw: written.append(kw) or build(**kw)
    )
    client = client_for(user_a)
    url = "/klik/?q=Ole+Dam&sort=-end"  # the search reaches performers through a subquery
    assert "Ingen opgaver passer til filteret." in client.get(url).content.decode()
    services.assignment_set_people(
        assignment=assignment(tasks["k53"], aarhus),
        responsible=None,
        performers=[people_a["Ole Dam"]],
        actor=user_a,
    )
    services.assignment_set_status(
        assignment=assignment(tasks["k53"], aarhus), status="in_progress", actor=user_a
    )
    body = client.get(url).content.decode()
    assert "1 opgave<" in body and "K53" in body and "I gang" in body and "Ole Dam" in body
    assert len(written) == 1
    # Another filter, page or day is another SQL.
    client.get("/klik/?q=Ole+Dam")
    assert len(written) == 2


def test_kombit_overview_sorts_searches_and_exports(tasks, aarhus, kombit_user, client_for):
    from klik import services

    services.assignment_set_status(assignment=assignment(tasks["u10"], aarhus), status="solved")
    client = client_for(kombit_user)
    body = client.get("/klik/oversigt/?task_sort=title&q=SAPA").content.decode()
    assert body.index("Oplær brugere") < body.index("Opret og underskriv")
    assert "Identificer kommunens FKI" not in body  # the search
    response = client.get("/klik/oversigt/opgaver.csv?task_sort=least_solved")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Projekt", "Kode", "Titel"]
    assert rows[-1][2] == "Oplær brugere" and rows[-1][4] == "1"  # the most solved last
    response = client.get("/klik/oversigt/kommuner.csv?municipality_sort=least_done")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 99 and rows[-1][1] == "Aarhus"  # the one with a task done, last
