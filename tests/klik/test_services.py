"""KLIK writes: status, responsible, several performers, the log, and who may do what."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from klik import services
from klik.models import TaskAssignment, TaskLogEntry, TaskPerformer
from kombitportal.core.models import Municipality
from tests.klik.conftest import assignment


def test_publish_creates_one_assignment_per_municipality_once(tasks):
    task = tasks["k53"]
    assert TaskAssignment.objects.filter(task=task).count() == Municipality.objects.count() == 98
    assert services.task_publish(task=task) == 0
    assert TaskAssignment.objects.filter(task=task).count() == 98


def test_status_change_is_logged(tasks, aarhus, user_a):
    a = assignment(tasks["k53"], aarhus)
    services.assignment_set_status(assignment=a, status="in_progress", actor=user_a)
    entry = TaskLogEntry.objects.get(assignment=a)
    assert (entry.field, entry.old_value, entry.new_value, entry.actor_name) == (
        "status",
        "not_started",
        "in_progress",
        "Anna Aarhus",
    )
    with translation.override("da"):
        assert (entry.old_display, entry.new_display) == ("Ikke startet", "I gang")
    with translation.override("en"):
        assert (entry.old_display, entry.new_display) == ("Not started", "In progress")
    services.assignment_set_status(assignment=a, status="in_progress", actor=user_a)
    assert TaskLogEntry.objects.filter(assignment=a).count() == 1  # no change, no row


def test_not_relevant_needs_a_reason(tasks, aarhus, user_a):
    a = assignment(tasks["k53"], aarhus)
    with pytest.raises(ValidationError):
        services.assignment_set_status(
            assignment=a, status="not_relevant", reason=" ", actor=user_a
        )
    services.assignment_set_status(
        assignment=a, status="not_relevant", reason="Ingen sager", actor=user_a
    )
    a.refresh_from_db()
    assert a.not_relevant_reason == "Ingen sager"
    with translation.override("da"):
        assert TaskLogEntry.objects.get(assignment=a).new_display == "Ikke relevant (Ingen sager)"


def test_responsible_and_several_performers_are_logged(tasks, aarhus, user_a, people_a):
    a = assignment(tasks["k53"], aarhus)
    sofie, ole, lars = people_a.values()
    services.assignment_set_people(
        assignment=a, responsible=sofie, performers=[ole, lars], actor=user_a
    )
    services.assignment_set_people(assignment=a, responsible=ole, performers=[lars], actor=user_a)
    log = list(
        TaskLogEntry.objects.filter(assignment=a)
        .order_by("pk")
        .values_list("field", "old_value", "new_value")
    )
    assert log == [
        ("responsible", "", "Sofie Bach"),
        ("performers", "", "Lars Vest, Ole Dam"),
        ("responsible", "Sofie Bach", "Ole Dam"),
        ("performers", "Lars Vest, Ole Dam", "Lars Vest"),
    ]
    assert list(
        TaskPerformer.objects.filter(assignment=a).values_list("person__name", flat=True)
    ) == ["Lars Vest"]


def test_people_of_another_municipality_cannot_be_chosen(tasks, aarhus, user_a, person_b):
    a = assignment(tasks["k53"], aarhus)
    with pytest.raises(ValidationError):
        services.assignment_set_people(
            assignment=a, responsible=None, performers=[person_b], actor=user_a
        )
    assert not TaskPerformer.objects.filter(assignment=a).exists()
    assert not TaskLogEntry.objects.filter(assignment=a).exists()


def test_municipality_b_cannot_change_a(tasks, aarhus, user_b, people_a):
    a = assignment(tasks["k53"], aarhus)
    with pytest.raises(PermissionDenied):
        services.assignment_set_status(assignment=a, status="solved", actor=user_b)
    with pytest.raises(PermissionDenied):
        services.assignment_set_people(
            assignment=a, responsible=people_a["Ole Dam"], performers=[], actor=user_b
        )
    a.refresh_from_db()
    assert a.status == "not_started" and a.responsible is None


def test_performer_may_change_status_but_not_reassign(tasks, aarhus, staff_a, people_a, user_a):
    a = assignment(tasks["k53"], aarhus)
    with pytest.raises(PermissionDenied):  # an employee who is not on the task
        services.assignment_set_status(assignment=a, status="in_progress", actor=staff_a)
    people_a["Ole Dam"].user = staff_a
    people_a["Ole Dam"].save()
    services.assignment_set_people(
        assignment=a, responsible=None, performers=[people_a["Ole Dam"]], actor=user_a
    )
    services.assignment_set_status(assignment=a, status="solved", actor=staff_a)
    with pytest.raises(PermissionDenied):
        services.assignment_set_people(
            assignment=a, responsible=people_a["Ole Dam"], performers=[], actor=staff_a
        )


def test_kombit_may_change_any_municipality(tasks, odense, kombit_user, person_b):
    b = assignment(tasks["u10"], odense)
    services.assignment_set_people(
        assignment=b, responsible=person_b, performers=[person_b], actor=kombit_user
    )
    services.assignment_set_status(assignment=b, status="solved", actor=kombit_user)
    assert TaskLogEntry.objects.filter(assignment=b, actor_name="Karl KOMBIT").count() == 3


def test_log_survives_deleting_the_user(tasks, aarhus, user_a):
    a = assignment(tasks["k53"], aarhus)
    services.assignment_set_status(assignment=a, status="in_progress", actor=user_a)
    user_a.delete()
    entry = TaskLogEntry.objects.get(assignment=a)
    assert entry.actor is None and entry.actor_name == "Anna Aarhus"


def test_saved_filters_are_private(user_a, user_b):
    saved = services.saved_filter_save(user=user_a, name="Mine SAPA-opgaver", filters={"q": "SAPA"})
    with pytest.raises(ValidationError):
        services.saved_filter_save(user=user_a, name="Mine SAPA-opgaver", filters={})
    with pytest.raises(PermissionDenied):
        services.saved_filter_save(user=user_b, name="Stjålet", filters={}, saved_filter=saved)
    with pytest.raises(PermissionDenied):
        services.saved_filter_delete(user=user_b, saved_filter=saved)
