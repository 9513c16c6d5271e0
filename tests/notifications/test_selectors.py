"""What mail is due on a given day: exact, approximate and pending dates, the day after overdue,
preferences, agreements, time zones, digests; and the fixed number of queries of a sweep."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from klik import services as klik_services
from klik.mail import assignment_id_of
from klik.models import Project, TaskAssignment
from kombitportal.accounts.models import User
from kombitportal.agreements import mail as agreement_mail
from kombitportal.notifications import selectors, services, tasks
from kombitportal.notifications.models import Mail, MailPreference
from tests.klik.conftest import make_task
from tests.notifications.conftest import DAY, assignment_of

pytestmark = pytest.mark.django_db


def keys(due, person=None) -> set[str]:
    return {d.subject_key for d in due if person is None or d.person_id == person.pk}


def about_task(d) -> int | None:
    """The task assignment a due mail is about (KLIK's subject keys), if it is about one."""
    return assignment_id_of(d.subject_key) if d.subject_key.startswith("task:") else None


def about_agreement(d) -> int | None:
    return (
        agreement_mail.agreement_id_of(d.subject_key)
        if d.subject_key.startswith("agreement:")
        else None
    )


def test_reminders_due_on_a_day(world, people, aarhus):
    due = selectors.due_reminders(day=DAY)
    a = {k: assignment_of(world[k], aarhus).pk for k in world}
    expected = {
        f"task:{a['in7']}:before:7",  # exactly 7 days before
        f"task:{a['in5']}:before:7",  # within the 7-day reminder's days (a missed day caught up)
        f"task:{a['in1']}:before:1",  # the day before
        f"task:{a['yesterday']}:overdue",  # the day after it is overdue
    }
    assert keys(due, people["sofie"]) == expected  # the responsible person
    assert keys(due, people["ole"]) == expected  # and the performer
    assert keys(due, people["lars"]) == set()  # no e-mail address: nothing
    # Not due: the end date itself, long overdue, a month away, approximate and pending dates.
    not_due = {a[k] for k in ("today", "long_ago", "in30", "approx", "pending")}
    assert not [d for d in due if about_task(d) in not_due]
    assert {d.due_date for d in due if about_task(d) == a["in7"]} == {date(2024, 12, 12)}
    assert {d.send_on for d in due} == {DAY}


def test_other_municipalities_get_their_own(world, people, odense):
    due = selectors.due_reminders(day=DAY)
    assert keys(due, people["bo"]) == {f"task:{assignment_of(world['in7'], odense).pk}:before:7"}


def test_each_offset_on_its_own_day(world, people, aarhus):
    task = world["in7"]  # ends 12.12.2024
    pk = assignment_of(task, aarhus).pk
    by_day = {
        day: keys(
            [d for d in selectors.due_reminders(day=day) if about_task(d) == pk], people["sofie"]
        )
        for day in (date(2024, 12, d) for d in range(4, 15))
    }
    assert by_day[date(2024, 12, 4)] == set()  # 8 days before
    assert by_day[date(2024, 12, 5)] == {f"task:{pk}:before:7"}
    assert by_day[date(2024, 12, 10)] == {f"task:{pk}:before:7"}  # the outbox already has it
    assert by_day[date(2024, 12, 11)] == {f"task:{pk}:before:1"}
    assert by_day[date(2024, 12, 12)] == set()  # the end date itself
    assert by_day[date(2024, 12, 13)] == {f"task:{pk}:overdue"}


def test_configurable_offsets(world, people, settings, aarhus):
    settings.MAIL_REMINDER_DAYS = [3]
    due = selectors.due_reminders(day=DAY)
    a = {k: assignment_of(world[k], aarhus).pk for k in world}
    assert keys(due, people["sofie"]) == {
        f"task:{a['in1']}:before:3",
        f"task:{a['yesterday']}:overdue",
    }


def test_solved_and_not_relevant_tasks_get_nothing(world, people, aarhus):
    for key, status in (("in7", "solved"), ("yesterday", "not_relevant")):
        klik_services.assignment_set_status(
            assignment=assignment_of(world[key], aarhus), status=status, reason="Bruges ikke"
        )
    due_ids = {about_task(d) for d in selectors.due_reminders(day=DAY)}
    assert assignment_of(world["in7"], aarhus).pk not in due_ids
    assert assignment_of(world["yesterday"], aarhus).pk not in due_ids


def test_an_approximate_date_made_exact_becomes_due(world, aarhus):
    from kombitportal.core.approxdate import parse_approximate_date

    task = world["approx"]
    pk = assignment_of(task, aarhus).pk
    assert pk not in {about_task(d) for d in selectors.due_reminders(day=DAY)}
    task.end = parse_approximate_date("11.12.2024", reference=DAY)
    task.save()
    assert pk in {about_task(d) for d in selectors.due_reminders(day=DAY)}


def test_reminders_off_means_none(world, people):
    MailPreference.objects.create(person=people["ole"], reminders=False)
    due = selectors.due_reminders(day=DAY)
    assert keys(due, people["ole"]) == set()
    assert keys(due, people["sofie"])


def test_agreement_reminders_go_to_municipalities_that_have_not_signed(agreement, people):
    due = [d for d in selectors.due_reminders(day=DAY) if about_agreement(d) == agreement.pk]
    assert [(d.person_id, d.kind, d.due_date) for d in due] == [
        (people["sofie"].pk, agreement_mail.BEFORE, date(2024, 12, 12))
    ]  # Odense has signed: Bo gets nothing
    assert (
        due[0].subject_key == f"agreement:{agreement.pk}:{people['sofie'].municipality_id}:before:7"
    )


def test_agreement_with_an_approximate_deadline_gets_none(agreement):
    from kombitportal.core.approxdate import parse_approximate_date

    agreement.deadline = parse_approximate_date("Uge 50", reference=DAY)
    agreement.save()
    assert not [d for d in selectors.due_reminders(day=DAY) if about_agreement(d)]


def test_the_day_is_copenhagens(world, people):
    """At 23:30 UTC on 4 December it is already 5 December in Copenhagen: the beat task sweeps the
    5th."""
    moment = datetime(2024, 12, 4, 23, 30, tzinfo=ZoneInfo("UTC"))
    with time_machine.travel(moment, tick=False):
        result = tasks.sweep_reminders()
    assert result["due"] == len(selectors.due_reminders(day=DAY))
    assert set(Mail.objects.values_list("send_on", flat=True)) == {DAY}


def test_digest_recipients_are_municipal_users_who_want_it(people, user_a, user_b, kombit_user):
    from kombitportal.accounts.services import person_for_user

    persons = {u.username: person_for_user(u) for u in (user_a, user_b, kombit_user)}
    MailPreference.objects.create(person=persons["serial-b"], digest=False)
    due = selectors.due_digests(day=DAY)
    assert [(d.person_id, d.due_date, d.subject_key) for d in due] == [
        (persons["serial-a"].pk, date(2024, 12, 2), "digest")  # the Monday of DAY's week
    ]


def test_digest_holds_the_persons_tasks_agreements_and_empty_roles(
    world, agreement, people, user_a, aarhus
):
    from kombitportal.accounts.services import person_for_user

    def parts(person):
        """Each area's part of the person's digest by its template, the empty ones left out."""
        digest = selectors.digest_for(person=person, day=DAY)
        return {section.template: section.context for section in digest.sections}

    digest = parts(people["ole"])
    tasks = digest["klik/mail/digest_tasks"]
    overdue = {t.code for t in tasks["overdue"]}
    soon = {t.code for t in tasks["due_soon"]}
    other = {t.code for t in tasks["open"]}
    assert overdue == {"yester", "long_a"}
    assert soon == {"in7", "in5", "in1", "today", "approx"}  # "Uge 50" ends within 14 days
    assert other == {"in30", "pendin"}
    agreements = digest["agreements/mail/digest_agreements"]["agreements"]
    assert [a.title for a in agreements] == ["SVR dataudvekslingsaftale"]
    assert "notifications/mail/digest_empty_roles" not in digest  # not a programme leader
    from kombitportal.core.models import Role

    Role.objects.create(name="DPO", kind="general", status="published")
    Role.objects.create(name="Udkast", kind="general", status="draft")
    leader = person_for_user(user_a)
    leader_digest = parts(leader)
    # The filled role and the draft are not listed.
    assert leader_digest["notifications/mail/digest_empty_roles"]["empty_roles"] == ["DPO"]
    assert "klik/mail/digest_tasks" not in leader_digest  # Anna has no tasks


def test_nothing_to_report_is_an_empty_digest(people):
    assert selectors.digest_for(person=people["bo"], day=DAY).is_empty


def test_a_person_without_a_municipality_has_an_empty_digest(world, agreement, people):
    """A digest is about the person's municipality: one who no longer has one when it is sent
    gets nothing (not every municipality's unsigned agreements)."""
    from kombitportal.core.models import Person

    person = people["ole"]
    Person.objects.filter(pk=person.pk).update(municipality=None)
    person.refresh_from_db()
    assert selectors.digest_for(person=person, day=DAY).is_empty


def _bulk_world(n_tasks: int, municipalities) -> None:
    project, _ = Project.objects.get_or_create(name="Load")
    from kombitportal.core import services as core_services

    for m in municipalities:
        core_services.person_upsert(name=f"P {m.code}", email=f"p{m.code}@x.dk", municipality=m)
    from kombitportal.core.models import Person

    by_municipality = {p.municipality_id: p for p in Person.objects.filter(email__startswith="p")}
    for i in range(n_tasks):
        task = make_task(project, f"T{i}", "01.11.2024", "12.12.2024", code=f"L{i}")
        TaskAssignment.objects.filter(task=task, municipality_id__in=list(by_municipality)).update(
            responsible=None
        )
        for a in TaskAssignment.objects.filter(
            task=task, municipality_id__in=list(by_municipality)
        ):
            a.responsible = by_municipality[a.municipality_id]
            a.save(update_fields=["responsible"])


# Up to 58 rows: Django 5.2 splits a bulk insert on SQLite into batches of 999 parameters (one
# INSERT per 58 outbox rows); PostgreSQL takes any number in one.
@pytest.mark.parametrize("n_tasks", [2, 11])
def test_reminder_sweep_runs_a_fixed_number_of_queries(
    n_tasks, django_assert_num_queries, agreement, aarhus, odense
):
    from kombitportal.core.models import Municipality

    _bulk_world(n_tasks, Municipality.objects.order_by("code")[:5])
    # Savepoint; tasks, performers, agreements, signatures, role holders, certificate changes
    # (none here), people; count, insert, count; the rows to queue; release.
    with django_assert_num_queries(13):
        result = services.reminders_sweep(day=DAY)
    assert result.added == n_tasks * 5 + 1  # + Sofie's agreement reminder


@pytest.mark.parametrize("n_users", [1, 8])
def test_digest_sweep_runs_a_fixed_number_of_queries(n_users, django_assert_num_queries, aarhus):
    from kombitportal.accounts.services import person_for_user

    for i in range(n_users):
        user = User.objects.create_user(
            f"u{i}", full_name=f"U {i}", email=f"u{i}@aarhus.example.dk",
            portal_role=User.PortalRole.MEDARBEJDER, municipality=aarhus,
        )  # fmt: skip
        person_for_user(user)
    with django_assert_num_queries(7):
        result = services.digests_sweep(day=DAY + timedelta(days=4))
    assert result.added == n_users


def test_beat_sweeps_the_portal_s_day(world, people, settings):
    """PORTAL_TODAY (the demo's day) is the day beat's sweep takes, whatever the clock says."""
    settings.PORTAL_TODAY = DAY
    with time_machine.travel("2026-12-01 07:00 +0100", tick=False):
        result = tasks.sweep_reminders()
    assert result["due"] == len(selectors.due_reminders(day=DAY)) > 0
    assert set(Mail.objects.values_list("send_on", flat=True)) == {DAY}
