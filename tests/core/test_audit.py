"""The audit trail: every service write and every admin write records who did what to which
object, old → new, in the database; KOMBIT reads and exports it in the admin, nobody edits it."""

import csv
import io
from datetime import date

import pytest

from klik import services as klik_services
from klik.models import Project, Task, TaskAssignment
from kombitportal.agreements import services as agreement_services
from kombitportal.agreements.models import Agreement
from kombitportal.core import services
from kombitportal.core.models import AuditEvent, Role
from tests.agreements.test_agreements import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(db):
    task = Task.objects.create(project=Project.objects.create(name="SAPA"), code="K53", title="T")
    klik_services.task_publish(task=task)
    return task


def test_a_status_change_is_recorded_with_who_what_and_old_to_new(task, aarhus, user_a):
    assignment = TaskAssignment.objects.get(task=task, municipality=aarhus)
    klik_services.assignment_set_status(
        assignment=assignment, status="not_relevant", reason="Bruges ikke", actor=user_a
    )
    event = AuditEvent.objects.get(action="klik.assignment.status")
    assert (event.actor, event.actor_name, event.municipality) == (user_a, "Anna Aarhus", aarhus)
    assert (event.object_type, event.object_id) == ("klik.taskassignment", str(assignment.pk))
    assert event.changes == {"status": ["not_started", "not_relevant"]}
    assert event.note == "Bruges ikke"


def test_publishing_and_system_writes_name_the_system(task):
    event = AuditEvent.objects.get(action="klik.task.publish")
    assert event.actor is None and event.actor_name == "System"
    assert event.note == "98 new municipal tasks"


def test_the_trail_survives_the_user_and_the_object(task, aarhus, user_a):
    role = services.role_upsert(name="DPO", kind="general", status="published", actor=user_a)
    user_a.delete()
    role.delete()
    event = AuditEvent.objects.get(action="core.role.create")
    assert event.actor is None and event.actor_name == "Anna Aarhus"
    assert event.object_repr == "DPO" and event.changes["status"] == ["", "published"]


def test_a_signature_is_recorded(aarhus, user_a):
    agreement = Agreement.objects.create(kind="allonge", title="Allonge", dispatched=True)
    agreement_services.agreement_sign(
        agreement=agreement,
        municipality=aarhus,
        signed_on=date(2024, 11, 20),
        signer_name="Anna",
        document=pdf(),
        actor=user_a,
    )
    event = AuditEvent.objects.get(action="agreements.signature.create")
    assert event.municipality == aarhus and event.actor == user_a
    assert event.changes["signed_on"] == ["", "2024-11-20"]
    assert event.changes["document"][1].endswith("0751.pdf")


def test_admin_writes_are_recorded_old_to_new(client_for, kombit_user):
    client = client_for(kombit_user)
    role = Role.objects.create(name="DPO", kind="general", status="draft", description="")
    response = client.post(
        f"/admin/core/role/{role.pk}/change/",
        {"name": "DPO", "kind": "general", "status": "published", "description": "Rådgiver"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.core.role.change")
    assert event.actor == kombit_user
    assert event.changes == {
        "status": ["draft", "published"],
        "description": ["", "Rådgiver"],
    }
    client.post(f"/admin/core/role/{role.pk}/delete/", {"post": "yes"})
    assert not Role.objects.filter(pk=role.pk).exists()
    deleted = AuditEvent.objects.get(action="admin.core.role.delete")
    assert (deleted.object_id, deleted.object_repr) == (str(role.pk), "DPO")


def test_the_admin_action_publish_is_recorded_with_the_consultant(client_for, kombit_user):
    task = Task.objects.create(project=Project.objects.create(name="P"), title="Ny opgave")
    response = client_for(kombit_user).post(
        "/admin/klik/task/", {"action": "publish", "_selected_action": [task.pk], "index": 0}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="klik.task.publish", object_id=str(task.pk))
    assert event.actor == kombit_user


def test_kombit_reads_and_exports_the_trail_nobody_edits_it(client_for, kombit_user, user_a):
    services.role_upsert(name="DPO", kind="general", status="published", actor=kombit_user)
    services.role_upsert(name="DPO", kind="general", status="draft", actor=kombit_user)
    client = client_for(kombit_user)
    page = client.get("/admin/core/auditevent/?action=core.role.change").content.decode()
    assert "core.role.change" in page and "status: published → draft" in page
    event = AuditEvent.objects.get(action="core.role.change")
    assert client.get(f"/admin/core/auditevent/{event.pk}/change/").status_code == 200  # read
    assert (
        client.post(
            f"/admin/core/auditevent/{event.pk}/change/", {"actor_name": "Nogen"}
        ).status_code
        == 403
    )
    assert client.get("/admin/core/auditevent/add/").status_code == 403
    response = client.post(
        "/admin/core/auditevent/",
        {
            "action": "export_csv",
            "_selected_action": list(AuditEvent.objects.values_list("pk", flat=True)),
            "index": 0,
        },
    )
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["hvornår", "hvem", "handling"]
    assert [r[2] for r in rows[1:]] == ["core.role.create", "core.role.change"]
    assert rows[2][7] == "status: published → draft"
    assert client_for(user_a).get("/admin/core/auditevent/").status_code == 403
