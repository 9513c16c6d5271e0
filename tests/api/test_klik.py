"""The KLIK API: tasks and each municipality's assignments with people, the task list's filters,
and its scoping (a municipality sees its own rows only, by any URL or filter)."""

from typing import get_args

import pytest

from klik import api as klik_api
from klik import services
from klik.forms import TaskFilterForm
from klik.models import Task, TaskAssignment
from kombitportal.core import services as core_services
from kombitportal.core.models import Role
from tests.api.conftest import rows
from tests.klik.conftest import assignment

URL = "/api/v1/klik/assignments/"


@pytest.fixture
def worked(tasks, aarhus, odense, user_a, people_a, person_b):
    """K53 in Aarhus with a responsible (holding a role) and two performers; K53 in Odense with
    Odense's own person responsible."""
    role = Role.objects.create(name="SAPA-systemansvarlig", kind="general", status="published")
    sofie, ole = people_a["Sofie Bach"], people_a["Ole Dam"]
    core_services.role_assignment_set(role=role, municipality=aarhus, person=sofie, is_primary=True)
    services.assignment_set_people(
        assignment=assignment(tasks["k53"], aarhus),
        responsible=sofie,
        performers=[ole, sofie],
        actor=user_a,
    )
    services.assignment_set_status(
        assignment=assignment(tasks["k53"], aarhus), status="in_progress", actor=user_a
    )
    services.assignment_set_people(
        assignment=assignment(tasks["k53"], odense), responsible=person_b, performers=[]
    )
    return {"a": assignment(tasks["k53"], aarhus), "b": assignment(tasks["k53"], odense)}


def test_an_assignment_with_its_people(api, user_a, worked, today):
    response = api(user_a).get(URL, {"q": "K53"})
    [row] = response.json()["results"]
    assert row["id"] == worked["a"].pk
    assert row["url"] == f"/klik/{worked['a'].pk}/"
    assert row["municipality"] == {"code": "0751", "name": "Aarhus"}
    assert row["task"]["code"] == "K53"
    assert row["task"]["project"] == "SAPA"
    assert row["task"]["end"] == {
        "text": "Midt jan 2025",
        "date": "2025-01-20",
        "precision": "part",
        "pending_reason": "",
    }
    assert row["status"] == "in_progress"
    assert row["status_label"] == "I gang"
    assert row["responsible"] == {
        "id": worked["a"].responsible_id,
        "name": "Sofie Bach",
        "email": "sofie@aarhus.example.dk",
        "roles": ["SAPA-systemansvarlig"],
    }
    assert [p["name"] for p in row["performers"]] == ["Ole Dam", "Sofie Bach"]
    assert row["performers"][0]["roles"] == []
    assert row["overdue"] is False


def test_a_municipal_user_sees_only_their_own(api, user_a, user_b, staff_a, worked, today):
    mine = rows(api(user_a).get(URL))
    assert worked["a"].pk in mine and worked["b"].pk not in mine
    assert len(mine) == TaskAssignment.objects.filter(municipality=worked["a"].municipality).count()
    assert rows(api(staff_a).get(URL)) == mine
    assert worked["b"].pk in rows(api(user_b).get(URL))
    # Another municipality named in the filter, or by id: as if it did not exist.
    response = api(user_a).get(URL, {"kommune": "0461"})
    assert response.status_code == 404
    assert response.json() == {"detail": "Findes ikke."}
    assert api(user_a).get(f"{URL}{worked['b'].pk}/").status_code == 404
    assert api(user_a).get(URL, {"kommune": "0751"}).status_code == 200
    # A's search for B's person finds nothing of B's.
    assert rows(api(user_a).get(URL, {"q": "Bo Odense"})) == []
    # Nor does a filter by B's person (not one of A's people: refused as the page refuses it).
    response = api(user_a).get(URL, {"responsible": worked["b"].responsible_id})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "responsible"]


def test_kombit_sees_every_municipality_or_one(api, kombit_user, worked, today):
    everything = rows(api(kombit_user).get(URL, {"q": "K53", "page_size": 200}))
    assert {worked["a"].pk, worked["b"].pk} <= set(everything)
    assert len(everything) == 98
    assert rows(api(kombit_user).get(URL, {"q": "K53", "kommune": "0461"})) == [worked["b"].pk]
    assert api(kombit_user).get(URL, {"kommune": "9999"}).status_code == 404
    # A person filter needs the municipality whose people it names.
    response = api(kombit_user).get(
        URL, {"kommune": "0461", "responsible": worked["b"].responsible_id}
    )
    assert rows(response) == [worked["b"].pk]


def test_the_filters_are_the_task_lists(api, user_a, worked, people_a, tasks, sapa, today):
    client = api(user_a)
    ole = people_a["Ole Dam"]
    assert rows(client.get(URL, {"performer": ole.pk})) == [worked["a"].pk]
    assert rows(client.get(URL, {"responsible": worked["a"].responsible_id})) == [worked["a"].pk]
    assert rows(client.get(URL, {"status": "in_progress"})) == [worked["a"].pk]
    assert worked["a"].pk not in rows(client.get(URL, {"unassigned": "true"}))
    assert len(rows(client.get(URL, {"project": sapa.pk}))) == 2
    assert rows(client.get(URL, {"mandatory": "yes"}, "code"), "id") == [
        assignment(tasks["fki"], worked["a"].municipality).pk
    ]
    codes = [
        row["task"]["title"][:3] for row in client.get(URL, {"sort": "-end"}).json()["results"]
    ]
    assert codes[-1] == "DOS"  # pending last, as on the page
    assert client.get(URL, {"status": "done"}).status_code == 422
    assert client.get(URL, {"due_within": "-1"}).status_code == 422
    assert client.get(URL, {"page": "0"}).status_code == 422


def test_the_filter_values_are_the_forms(kombit_user):
    form = TaskFilterForm(user=kombit_user, municipality=None)
    choices = {name: [str(v) for v, _label in form.fields[name].choices if v] for name in ("status", "mandatory", "sort")}  # fmt: skip
    assert list(get_args(klik_api.StatusFilter)) == choices["status"]
    assert list(get_args(klik_api.Mandatory)) == choices["mandatory"]
    assert list(get_args(klik_api.Sort)) == choices["sort"]
    assert list(get_args(klik_api.Status)) == TaskAssignment.Status.values


def test_pages(api, user_a, tasks, today):
    client = api(user_a)
    first = client.get(URL, {"page_size": 2, "sort": "title"}).json()
    assert (first["count"], first["pages"], first["page"], len(first["results"])) == (5, 3, 1, 2)
    assert first["previous"] is None
    assert first["next"] == f"{URL}?page_size=2&sort=title&page=2"
    last = client.get(first["next"].replace("page=2", "page=3")).json()
    assert len(last["results"]) == 1 and last["next"] is None
    past = client.get(URL, {"page_size": 2, "page": 7}).json()
    assert past["results"] == [] and past["count"] == 5
    assert past["previous"].endswith("page=3")
    assert client.get(URL, {"page_size": 201}).status_code == 422


def test_an_assignment_in_detail(api, user_a, worked, today):
    response = api(user_a).get(f"{URL}{worked['a'].pk}/")
    assert response.status_code == 200
    found = response.json()
    assert found["responsible"]["name"] == "Sofie Bach"
    assert [entry["field"] for entry in found["log"]] == ["status", "performers", "responsible"]
    assert found["log"][0]["old"] == "Ikke startet" and found["log"][0]["new"] == "I gang"
    assert found["attachments"] == [] and found["guides"] == []
    assert api(user_a).get(f"{URL}999999/").status_code == 404


def test_tasks_are_the_catalogue_and_the_own_local_ones(api, user_a, user_b, tasks, aarhus):
    local = Task.objects.create(
        project=tasks["k53"].project, title="Aarhus' egen", municipality=aarhus
    )
    services.task_publish(task=local)
    unpublished = Task.objects.create(project=tasks["k53"].project, title="Kladde")
    mine = rows(api(user_a).get("/api/v1/klik/tasks/", {"page_size": 50}))
    assert local.pk in mine and unpublished.pk not in mine and len(mine) == 6
    assert local.pk not in rows(api(user_b).get("/api/v1/klik/tasks/"))
    assert api(user_b).get(f"/api/v1/klik/tasks/{local.pk}/").status_code == 404
    found = api(user_a).get(f"/api/v1/klik/tasks/{local.pk}/").json()
    assert found["local_of"] == {"code": "0751", "name": "Aarhus"}
    assert rows(api(user_a).get("/api/v1/klik/tasks/", {"q": "K53"})) == [tasks["k53"].pk]
    assert rows(api(user_a).get("/api/v1/klik/tasks/", {"mandatory": "yes"})) == [tasks["fki"].pk]
