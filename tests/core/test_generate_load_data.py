"""`manage.py generate_load_data`: the benchmark data, on small numbers."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from klik.models import Project, Task, TaskAssignment, TaskLogEntry, TaskPerformer
from klik.selectors import assignment_list
from kombitportal.accounts.models import User
from kombitportal.core.models import Municipality, Person, Role, RoleAssignment

pytestmark = pytest.mark.django_db


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_load_data", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, int]:
    return {
        "projects": Project.objects.count(),
        "tasks": Task.objects.count(),
        "assignments": TaskAssignment.objects.count(),
        "performers": TaskPerformer.objects.count(),
        "log rows": TaskLogEntry.objects.count(),
        "people": Person.objects.count(),
        "role assignments": RoleAssignment.objects.count(),
        "users": User.objects.count(),
    }


def test_counts():
    output = generate("--municipalities", "3", "--tasks", "5")

    assert "3 municipalities" in output and "5 tasks" in output and "15 assignments" in output
    first_three = list(Municipality.objects.order_by("code")[:3])
    assert Task.objects.filter(project__name__startswith="Belastning").count() == 5
    assert not Task.objects.filter(published_at__isnull=True).exists()
    assert set(TaskAssignment.objects.values_list("municipality", flat=True)) == {
        m.pk for m in first_three
    }
    assert TaskAssignment.objects.count() == 15
    assert Person.objects.filter(municipality__in=first_three).count() == 3 * 8
    assert Role.objects.exists() and RoleAssignment.objects.exists()
    for municipality in first_three:
        user = User.objects.get(username=f"load-{municipality.code}")
        assert user.is_programme_leader and user.municipality == municipality
        assert not user.has_usable_password()
        assert user.person.municipality == municipality
    for entry in TaskLogEntry.objects.select_related("assignment"):
        assert entry.assignment.status != TaskAssignment.Status.NOT_STARTED
    per_assignment = TaskAssignment.objects.annotate(n=Count("log")).filter(n__gt=0)
    assert per_assignment.exists()
    assert all(1 <= n <= 3 for n in per_assignment.values_list("n", flat=True))
    not_relevant = TaskAssignment.objects.filter(status=TaskAssignment.Status.NOT_RELEVANT)
    assert not not_relevant.filter(not_relevant_reason="").exists()


def test_running_twice_replaces_instead_of_duplicating():
    first = generate("--municipalities", "3", "--tasks", "5")
    before = snapshot()
    second = generate("--municipalities", "3", "--tasks", "5")

    assert snapshot() == before
    assert first.split(": ", 1)[1] == second.split(": ", 1)[1], "the same seed, the same data"
    generate("--municipalities", "2", "--tasks", "4")
    assert TaskAssignment.objects.count() == 8
    assert User.objects.filter(username__startswith="load-").count() == 2


def test_keeps_other_data(aarhus):
    role = Role.objects.create(name="SAPA-systemansvarlig", kind="general", status="published")
    holder = Person.objects.create(name="Rita Rolle", email="rita@aarhus.dk", municipality=aarhus)
    RoleAssignment.objects.create(role=role, municipality=aarhus, person=holder, is_primary=True)

    generate("--municipalities", "98", "--tasks", "3")
    generate("--municipalities", "98", "--tasks", "3")

    assert RoleAssignment.objects.filter(person=holder, is_primary=True).exists()
    assert not RoleAssignment.objects.filter(
        role=role, municipality=aarhus, is_primary=True
    ).exclude(person=holder)
    assert TaskAssignment.objects.count() == 98 * 3


def test_pending_tasks_sort_last():
    generate("--municipalities", "3", "--tasks", "5")
    user = User.objects.get(username="load-0101")

    rows = list(
        assignment_list(user=user, municipality=user.municipality, filters={}, today=date.today())
    )
    pending = [a.task.end_precision == "pending" for a in rows]

    assert len(rows) == 5
    assert any(pending) and not all(pending)
    assert pending == sorted(pending), "pending end dates sort after every dated task"
    approximate = Task.objects.exclude(end_precision__in=["day", "pending"])
    assert approximate.exists(), "some ends are approximate (Uge 49, Midt jan 2025, ...)"


@pytest.mark.parametrize("args", [["--municipalities", "99"], ["--municipalities", "0"]])
def test_bad_arguments(args):
    with pytest.raises(CommandError):
        generate(*args, "--tasks", "1")
