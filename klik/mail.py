"""KLIK's mail: reminders before and after a task's end date to its responsible person and its
performers, and the tasks part of the weekly digest. Plugged into the outbox in KlikConfig.ready().

Only exact end dates ("12.12.2024") give reminders. A date KOMBIT wrote approximately ("Midt jan
2025", "Uge 49") or left pending ("Afventer") gets none until it is made exact."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klik.models import TaskAssignment, TaskPerformer
from klik.selectors import OPEN_STATUSES, open_tasks_of
from kombitportal.core.approxdate import Precision
from kombitportal.core.models import Person
from kombitportal.notifications.models import Mail
from kombitportal.notifications.registry import (
    DigestPart,
    DigestSection,
    Due,
    MailContent,
    MailKind,
    NotDue,
    ReminderSource,
)
from kombitportal.notifications.selectors import (
    DIGEST_HORIZON_DAYS,
    OVERDUE_CATCH_UP_DAYS,
    offset_for,
    reminder_horizon,
)

BEFORE, OVERDUE = "task_before", "task_overdue"


def subject_key(assignment_id: int, offset: int | None) -> str:
    """`task:<assignment>:before:<days>` or `task:<assignment>:overdue`."""
    return (
        f"task:{assignment_id}:overdue"
        if offset is None
        else f"task:{assignment_id}:before:{offset}"
    )


def assignment_id_of(key: str) -> int:
    """The assignment a subject key is about."""
    return int(key.split(":")[1])


def due_reminders(day: date) -> list[Due]:
    """Open published tasks with an exact end date within the reminder horizon or just overdue, for
    their responsible person and performers. Two queries."""
    assignments = list(
        TaskAssignment.objects.filter(
            task__published_at__isnull=False,
            status__in=OPEN_STATUSES,
            task__end_precision=Precision.DAY,
            task__end_date__gte=day - timedelta(days=OVERDUE_CATCH_UP_DAYS),
            task__end_date__lte=day + timedelta(days=reminder_horizon()),
        ).values_list("pk", "task__end_date", "responsible_id", "municipality_id")
    )
    recipients: dict[int, set[int]] = {pk: set() for pk, *_rest in assignments}
    for pk, _end, responsible_id, _municipality in assignments:
        if responsible_id:
            recipients[pk].add(responsible_id)
    for assignment_id, person_id in TaskPerformer.objects.filter(
        assignment_id__in=list(recipients)
    ).values_list("assignment_id", "person_id"):
        recipients[assignment_id].add(person_id)

    due = []
    for pk, end, _responsible, municipality_id in assignments:
        assert end is not None  # task__end_date__gte leaves out the tasks without an end date
        days_left = (end - day).days
        if days_left < 0:
            kind, key = OVERDUE, subject_key(pk, None)
        elif (offset := offset_for(days_left)) is not None:
            kind, key = BEFORE, subject_key(pk, offset)
        else:
            continue
        due += [
            Due(person_id, kind, key, end, municipality_id) for person_id in sorted(recipients[pk])
        ]
    return due


def reminder_content(mail: Mail, today: date) -> MailContent | NotDue:
    assignment = (
        TaskAssignment.objects.select_related("task__project", "municipality", "responsible")
        .filter(pk=assignment_id_of(mail.subject_key))
        .first()
    )
    if assignment is None or assignment.status not in OPEN_STATUSES:
        return NotDue("the task is no longer open")
    if assignment.task.end_date != mail.due_date or assignment.task.end_precision != Precision.DAY:
        return NotDue("the task's end date has changed")
    days_left = (mail.due_date - today).days
    return MailContent(
        "klik/mail/task_reminder",
        {
            "assignment": assignment,
            "task": assignment.task,
            "overdue": mail.kind == OVERDUE,
            "days_left": days_left,
            "days_over": -days_left,
            "as_responsible": assignment.responsible_id == mail.person_id,
            "url": reverse("klik:detail", args=[assignment.pk]),
        },
    )


REMINDERS = ReminderSource(
    name="klik.tasks",
    kinds=(
        MailKind(BEFORE, _("Task reminder before the end date"), reminder_content),
        MailKind(OVERDUE, _("Task overdue"), reminder_content),
    ),
    due=due_reminders,
)


@dataclass(frozen=True)
class DigestTask:
    title: str
    code: str
    project: str
    end: str
    url_path: str
    as_responsible: bool


def digest_section(*, person: Person, day: date) -> DigestSection | None:
    """The person's open tasks (responsible or performer) in their municipality, the same as
    their calendar feed "Mine frister" (selectors.open_tasks_of): overdue, due in the next
    DIGEST_HORIZON_DAYS days, and the rest. One query."""
    if person.municipality_id is None:  # no municipality, no tasks of its own
        return None
    mine = (
        open_tasks_of(person_id=person.pk, municipality_id=person.municipality_id)
        .order_by("task__end_date", "task__title")
        .values_list(
            "pk", "task__title", "task__code", "task__project__name", "task__end_text",
            "task__end_date", "responsible_id",
        )
    )  # fmt: skip
    groups: dict[str, list[DigestTask]] = {"overdue": [], "due_soon": [], "open": []}
    soon = day + timedelta(days=DIGEST_HORIZON_DAYS)
    detail = reverse("klik:detail", args=[0]).removesuffix("0/")
    for pk, title, code, project, end_text, end_date, responsible_id in mine:
        row = DigestTask(
            title, code, project, end_text, f"{detail}{pk}/", responsible_id == person.pk
        )
        if end_date and end_date < day:
            groups["overdue"].append(row)
        elif end_date and end_date <= soon:
            groups["due_soon"].append(row)
        else:
            groups["open"].append(row)
    return DigestSection(
        title=_("Your KLIK tasks"),
        template="klik/mail/digest_tasks",
        context=groups,
        count=sum(len(rows) for rows in groups.values()),
    )


DIGEST = DigestPart("klik.tasks", position=100, build=digest_section)
