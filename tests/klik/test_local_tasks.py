"""A municipality's local task (lokal opgave): its own beside KOMBIT's, with dates as KOMBIT writes
them, responsible, performers, status and log; only that municipality sees it, in the same list and
filters, marked as local; KOMBIT's overview of all municipalities leaves it out."""

import pytest
import time_machine

from klik import selectors
from klik.models import Task, TaskAssignment, TaskLogEntry
from kombitportal.core.models import AuditEvent
from tests.klik.conftest import assignment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2024-12-01 10:00 +0100", tick=False):
        yield


def create(client, **data):
    body = {
        "title": "Kortlæg lokale fagsystemer",
        "description": "Til IT-chefen",
        "start": "Uge 49",
        "end": "20.12.2024",
    } | data
    return client.post("/klik/lokal/ny/", body)


def test_the_programme_leader_creates_a_local_task(aarhus, user_a, people_a, client_for):
    client = client_for(user_a)
    assert client.get("/klik/lokal/ny/").status_code == 200
    response = create(
        client,
        responsible=people_a["Sofie Bach"].pk,
        performers=[people_a["Ole Dam"].pk, people_a["Lars Vest"].pk],
    )
    assert response.status_code == 302
    task = Task.objects.get(title="Kortlæg lokale fagsystemer")
    assert task.municipality == aarhus and task.is_local and task.project.name == "Lokale opgaver"
    assert (task.start_text, task.end_text, task.end_date.isoformat()) == (
        "Uge 49",
        "20.12.2024",
        "2024-12-20",
    )
    (local,) = TaskAssignment.objects.filter(task=task)
    assert local.municipality == aarhus and response["Location"] == f"/klik/{local.pk}/"
    assert local.responsible == people_a["Sofie Bach"] and local.performers.count() == 2
    assert sorted(
        TaskLogEntry.objects.filter(assignment=local).values_list("field", flat=True)
    ) == [
        "performers",
        "responsible",
    ]
    assert AuditEvent.objects.filter(action="klik.local_task.create", actor=user_a).exists()
    body = client.get("/klik/?q=Kortlæg").content.decode()
    assert "Kortlæg lokale fagsystemer" in body and ">Lokal<" in body
    detail = client.get(f"/klik/{local.pk}/").content.decode()
    assert "Lokal opgave" in detail and "Rediger den lokale opgave" in detail


def test_only_its_municipality_sees_it(aarhus, user_a, user_b, kombit_user, client_for):
    create(client_for(user_a))
    local = TaskAssignment.objects.get(task__title="Kortlæg lokale fagsystemer")
    assert client_for(user_b).get(f"/klik/{local.pk}/").status_code == 404
    assert "Kortlæg" not in client_for(user_b).get("/klik/").content.decode()
    assert "Kortlæg" not in client_for(kombit_user).get("/klik/oversigt/").content.decode()
    assert [p.task.title for p in selectors.task_progress(user=kombit_user)] == []


def test_an_employee_may_not_create_or_edit(aarhus, user_a, staff_a, client_for):
    assert create(client_for(staff_a)).status_code == 403
    create(client_for(user_a))
    local = TaskAssignment.objects.get(task__title="Kortlæg lokale fagsystemer")
    assert client_for(staff_a).post(f"/klik/{local.pk}/rediger/", {"title": "X"}).status_code == 403


def test_editing_keeps_a_trail_and_dates_are_checked(aarhus, user_a, client_for):
    client = client_for(user_a)
    create(client)
    local = TaskAssignment.objects.get(task__title="Kortlæg lokale fagsystemer")
    response = client.post(
        f"/klik/{local.pk}/rediger/", {"title": "Ny titel", "start": "31.02.2025", "end": "Snart"}
    )
    assert response.status_code == 400
    local.task.refresh_from_db()
    assert local.task.title == "Kortlæg lokale fagsystemer"
    response = client.post(
        f"/klik/{local.pk}/rediger/",
        {"title": "Ny titel", "start": "Uge 49", "end": "Midt jan 2025"},
    )
    assert response.status_code == 302
    local.task.refresh_from_db()
    assert (local.task.title, local.task.end_text) == ("Ny titel", "Midt jan 2025")
    event = AuditEvent.objects.get(action="klik.local_task.change")
    assert event.changes["title"] == ["Kortlæg lokale fagsystemer", "Ny titel"]
    # The task's own log says it too, field by field, as the municipality reads it.
    log = {e.field: (e.old_value, e.new_value) for e in local.log.all()}
    assert log["title"] == ("Kortlæg lokale fagsystemer", "Ny titel")
    assert log["end"][1] == "Midt jan 2025"
    page = client.get(f"/klik/{local.pk}/").content.decode()
    assert "<td>Titel</td><td>Kortlæg lokale fagsystemer</td><td>Ny titel</td>" in page


def test_a_kombit_task_is_not_edited_here(tasks, aarhus, user_a, client_for):
    assert (
        client_for(user_a).get(f"/klik/{assignment(tasks['k53'], aarhus).pk}/rediger/").status_code
        == 404
    )


def test_the_same_title_in_two_municipalities(user_a, user_b, client_for):
    assert create(client_for(user_a)).status_code == 302
    assert create(client_for(user_b)).status_code == 302
    response = create(client_for(user_a))
    assert response.status_code == 400
    # Said at the title, where it is fixed.
    assert response.context["form"].errors["title"] == [
        "Jeres kommune har allerede en lokal opgave med denne titel."
    ]
