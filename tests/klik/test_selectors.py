"""KLIK reads: filters, search, sorting with approximate and pending dates, scoping."""

import pytest

from klik import selectors, services
from klik.forms import TaskFilterForm
from klik.models import TaskAssignment
from tests.klik.conftest import TODAY, assignment


def titles(user, municipality, **data):
    form = TaskFilterForm(data, user=user, municipality=municipality)
    assert form.is_valid(), form.errors
    qs = selectors.assignment_list(
        user=user, municipality=municipality, filters=form.cleaned_data, today=TODAY
    )
    return [a.task.code or a.task.title.split(":")[0] for a in qs.select_related("task")]


def test_sorted_by_end_date_with_pending_last(tasks, aarhus, user_a):
    assert titles(user_a, aarhus) == [
        "02",
        "Identificer kommunens FKI ibrugtagningspotentialer",
        "U10",
        "K53",
        "DOS Bolig",
    ]
    assert titles(user_a, aarhus, sort="-end")[-1] == "DOS Bolig"


def test_search_finds_title_code_project_and_people(tasks, aarhus, user_a, people_a):
    assert titles(user_a, aarhus, q="k53") == ["K53"]
    assert sorted(titles(user_a, aarhus, q="SAPA")) == ["K53", "U10"]
    assert titles(user_a, aarhus, q="begravelses") == ["02"]
    a = assignment(tasks["u10"], aarhus)
    services.assignment_set_people(
        assignment=a, responsible=None, performers=[people_a["Ole Dam"]], actor=user_a
    )
    assert titles(user_a, aarhus, q="ole dam") == ["U10"]


def test_filters(tasks, aarhus, user_a, people_a, sapa):
    sofie, ole = people_a["Sofie Bach"], people_a["Ole Dam"]
    services.assignment_set_people(
        assignment=assignment(tasks["k53"], aarhus),
        responsible=sofie,
        performers=[ole, sofie],
        actor=user_a,
    )
    services.assignment_set_status(
        assignment=assignment(tasks["udk"], aarhus), status="solved", actor=user_a
    )
    assert titles(user_a, aarhus, project=sapa.pk) == ["U10", "K53"]
    assert titles(user_a, aarhus, mandatory="yes") == [
        "Identificer kommunens FKI ibrugtagningspotentialer"
    ]
    assert titles(user_a, aarhus, status="solved") == ["02"]
    assert "02" not in titles(user_a, aarhus, status="open")
    assert titles(user_a, aarhus, overdue="on") == []  # the only past end (22.11) is solved
    assert titles(user_a, aarhus, due_within="14") == [
        "Identificer kommunens FKI ibrugtagningspotentialer"
    ]
    assert titles(user_a, aarhus, due_within="31") == [
        "Identificer kommunens FKI ibrugtagningspotentialer",
        "U10",
    ]
    assert titles(user_a, aarhus, responsible=sofie.pk) == ["K53"]
    assert titles(user_a, aarhus, performer=ole.pk) == ["K53"]
    assert "K53" not in titles(user_a, aarhus, unassigned="on")


def test_overdue_counts_open_tasks_past_their_latest_day(tasks, aarhus, user_a):
    assert titles(user_a, aarhus, overdue="on") == ["02"]


def test_scoping_never_leaks_another_municipality(tasks, aarhus, odense, user_a):
    qs = selectors.assignment_list(user=user_a, municipality=odense, filters={}, today=TODAY)
    assert qs.count() == 0
    with pytest.raises(TaskAssignment.DoesNotExist):  # a 404 in the view
        selectors.assignment_get(user=user_a, pk=assignment(tasks["k53"], odense).pk)


def test_rows_carry_responsible_and_performers(tasks, aarhus, user_a, people_a):
    sofie, ole, lars = people_a.values()
    services.assignment_set_people(
        assignment=assignment(tasks["k53"], aarhus),
        responsible=sofie,
        performers=[ole, lars],
        actor=user_a,
    )
    qs = selectors.assignment_list(
        user=user_a, municipality=aarhus, filters={"q": "K53"}, today=TODAY
    )
    (row,) = selectors.task_rows(qs, today=TODAY)
    assert (row.responsible, row.performers, row.overdue, row.due_soon) == (
        "Sofie Bach",
        "Lars Vest, Ole Dam",
        False,
        False,
    )


def test_kombit_progress(tasks, aarhus, odense, kombit_user, user_a):
    services.assignment_set_status(
        assignment=assignment(tasks["k53"], aarhus), status="solved", actor=kombit_user
    )
    progress = {p.task.code: p for p in selectors.task_progress(user=kombit_user)}
    assert (progress["K53"].solved, progress["K53"].total) == (1, 98)
    assert "Aarhus" not in progress["K53"].missing and "Odense" in progress["K53"].missing
    assert selectors.task_progress(user=user_a) == []
    rows = {m.code: m for m in selectors.municipality_progress(user=kombit_user, today=TODAY)}
    assert (rows["0751"].solved, rows["0751"].total, rows["0751"].percent) == (1, 5, 20)


def test_my_tasks_and_tasks_for_my_roles(tasks, aarhus, user_a, people_a):
    from kombitportal.core.models import Role, RoleAssignment

    sofie = people_a["Sofie Bach"]
    assert titles(user_a, aarhus, mine="on") == []  # Anna has no Person with tasks yet
    sofie.user = user_a
    sofie.save()
    services.assignment_set_people(
        assignment=assignment(tasks["u10"], aarhus), responsible=None, performers=[sofie]
    )
    services.assignment_set_people(
        assignment=assignment(tasks["k53"], aarhus), responsible=sofie, performers=[]
    )
    assert sorted(titles(user_a, aarhus, mine="on")) == ["K53", "U10"]
    role = Role.objects.create(name="SAPA-systemansvarlig", kind="general", status="published")
    tasks["fki"].performer_role = role
    tasks["fki"].save()
    assert titles(user_a, aarhus, my_roles="on") == []
    RoleAssignment.objects.create(role=role, municipality=aarhus, person=sofie)
    assert titles(user_a, aarhus, my_roles="on") == [
        "Identificer kommunens FKI ibrugtagningspotentialer"
    ]
