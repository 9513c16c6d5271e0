"""What mail is due on a day, found with a fixed number of queries whatever the number of tasks,
agreements and people; and what a person's weekly digest holds.

Only exact dates ("12.12.2024") give reminders. A date KOMBIT wrote approximately ("Midt jan 2025",
"Uge 49") or left pending ("Afventer") gets none until it is made exact.

Each reminder offset covers the days up to the next smaller one (with 7 and 1: the 7-day reminder
is due 7 down to 2 days before, the 1-day reminder 1 day before), and the overdue reminder the
first OVERDUE_CATCH_UP_DAYS days after the end. So a day the sweep did not run (a stopped beat) is
caught up the next day; the outbox's unique constraint keeps it from being sent twice."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from klik.models import TaskAssignment, TaskPerformer
from klik.selectors import OPEN_STATUSES
from kombitportal.agreements.models import Agreement, Signature
from kombitportal.core.approxdate import Precision
from kombitportal.core.models import Person, Role, RoleAssignment
from kombitportal.notifications.models import Mail

OVERDUE_CATCH_UP_DAYS = 3
DIGEST_HORIZON_DAYS = 14


@dataclass(frozen=True)
class DueMail:
    """A mail the outbox should hold: one row of it, not yet written."""

    person_id: int
    email: str
    kind: str
    subject_key: str
    due_date: date
    send_on: date
    assignment_id: int | None = None
    agreement_id: int | None = None
    municipality_id: int | None = None

    def as_mail(self) -> Mail:
        return Mail(
            person_id=self.person_id,
            email=self.email,
            kind=self.kind,
            subject_key=self.subject_key,
            due_date=self.due_date,
            send_on=self.send_on,
            assignment_id=self.assignment_id,
            agreement_id=self.agreement_id,
            municipality_id=self.municipality_id,
        )


def reminder_offsets() -> list[int]:
    """Days before a deadline that reminders go out, largest first (MAIL_REMINDER_DAYS)."""
    return sorted({int(d) for d in settings.MAIL_REMINDER_DAYS if int(d) > 0}, reverse=True)


def offset_for(days_left: int) -> int | None:
    """The reminder that covers a deadline `days_left` days away: the smallest offset ≥ days_left."""
    covering = [o for o in reminder_offsets() if o >= days_left]
    return min(covering) if covering and days_left >= 1 else None


def _with_preference(persons: QuerySet[Person], name: str) -> QuerySet[Person]:
    return persons.annotate(
        wants=Coalesce(f"mail_preference__{name}", Value(True), output_field=BooleanField())
    ).filter(wants=True)


def _reachable(person_ids: set[int], preference: str) -> dict[int, str]:
    """person id → e-mail for those who can be mailed and want this kind of mail (one query)."""
    if not person_ids:
        return {}
    persons = _with_preference(Person.objects.filter(pk__in=person_ids), preference)
    return dict(persons.exclude(email="").values_list("pk", "email"))


def due_reminders(*, day: date) -> list[DueMail]:
    """Task and agreement reminders due on `day`, for everyone who wants them. Six queries."""
    offsets = reminder_offsets()
    horizon = offsets[0] if offsets else 0
    first_overdue = day - timedelta(days=OVERDUE_CATCH_UP_DAYS)

    # Tasks: open, exact end date within the reminder horizon or just overdue.
    assignments = list(
        TaskAssignment.objects.filter(
            task__published_at__isnull=False,
            status__in=OPEN_STATUSES,
            task__end_precision=Precision.DAY,
            task__end_date__gte=first_overdue,
            task__end_date__lte=day + timedelta(days=horizon),
        ).values_list("pk", "task__end_date", "responsible_id", "municipality_id")
    )
    recipients: dict[int, set[int]] = {pk: set() for pk, *_ in assignments}
    for pk, _end, responsible_id, _m in assignments:
        if responsible_id:
            recipients[pk].add(responsible_id)
    for assignment_id, person_id in TaskPerformer.objects.filter(
        assignment_id__in=list(recipients)
    ).values_list("assignment_id", "person_id"):
        recipients[assignment_id].add(person_id)

    # Agreements: dispatched, to be signed, exact deadline within the horizon; every municipality
    # that has not signed, through the people holding the recipient roles there.
    agreements = dict(
        Agreement.objects.filter(
            dispatched=True,
            requires_signature=True,
            deadline_precision=Precision.DAY,
            deadline_date__gt=day,
            deadline_date__lte=day + timedelta(days=horizon),
        ).values_list("pk", "deadline_date")
    )
    signed = set(
        Signature.objects.filter(agreement_id__in=list(agreements)).values_list(
            "agreement_id", "municipality_id"
        )
    )
    holders: list[tuple[int, int, int]] = list(
        RoleAssignment.objects.filter(role__agreements_received__in=list(agreements)).values_list(
            "role__agreements_received", "municipality_id", "person_id"
        )
    )

    emails = _reachable(
        {p for people in recipients.values() for p in people} | {h[2] for h in holders},
        "reminders",
    )
    due: list[DueMail] = []
    for pk, end, _responsible, municipality_id in assignments:
        days_left = (end - day).days
        if days_left < 0:
            kind, key = Mail.Kind.TASK_OVERDUE, f"task:{pk}:overdue"
        elif (offset := offset_for(days_left)) is not None:
            kind, key = Mail.Kind.TASK_BEFORE, f"task:{pk}:before:{offset}"
        else:
            continue
        for person_id in sorted(recipients[pk]):
            if person_id in emails:
                due.append(
                    DueMail(
                        person_id,
                        emails[person_id],
                        kind,
                        key,
                        end,
                        day,
                        assignment_id=pk,
                        municipality_id=municipality_id,
                    )
                )
    seen: set[tuple[int, int]] = set()
    for agreement_id, municipality_id, person_id in sorted(holders):
        offset = offset_for((agreements[agreement_id] - day).days)
        if (
            offset is None
            or (agreement_id, municipality_id) in signed
            or person_id not in emails
            or (agreement_id, person_id) in seen
        ):
            continue
        seen.add((agreement_id, person_id))  # one mail even if they hold two recipient roles
        due.append(
            DueMail(
                person_id,
                emails[person_id],
                Mail.Kind.AGREEMENT_BEFORE,
                f"agreement:{agreement_id}:{municipality_id}:before:{offset}",
                agreements[agreement_id],
                day,
                agreement_id=agreement_id,
                municipality_id=municipality_id,
            )
        )
    return due


def digest_monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def due_digests(*, day: date) -> list[DueMail]:
    """One digest per municipal user who wants it, for the week of `day`. One query; whether a
    digest has anything in it is decided when it is sent (empty ones are not sent)."""
    monday = digest_monday(day)
    persons = _with_preference(
        Person.objects.filter(
            user__is_active=True, user__municipality__isnull=False, municipality__isnull=False
        ).exclude(email=""),
        "digest",
    )
    return [
        DueMail(pk, email, Mail.Kind.DIGEST, "digest", monday, day, municipality_id=municipality_id)
        for pk, email, municipality_id in persons.values_list("pk", "email", "municipality_id")
    ]


@dataclass
class DigestTask:
    title: str
    code: str
    project: str
    end: str
    url_path: str
    as_responsible: bool


@dataclass
class Digest:
    overdue: list[DigestTask] = field(default_factory=list)
    due_soon: list[DigestTask] = field(default_factory=list)
    open: list[DigestTask] = field(default_factory=list)
    agreements: list[tuple[str, str, str]] = field(default_factory=list)  # title, deadline, path
    empty_roles: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.overdue or self.due_soon or self.open or self.agreements or self.empty_roles
        )


def digest_for(*, person: Person, day: date) -> Digest:
    """What the person's digest holds on `day` (their municipality only). Four queries."""
    from django.urls import reverse

    digest = Digest()
    municipality_id = person.municipality_id
    mine = (
        TaskAssignment.objects.filter(
            municipality_id=municipality_id,
            task__published_at__isnull=False,
            status__in=OPEN_STATUSES,
        )
        .filter(
            Q(responsible=person)
            | Exists(TaskPerformer.objects.filter(assignment=OuterRef("pk"), person=person))
        )
        .order_by("task__end_date", "task__title")
        .values_list(
            "pk",
            "task__title",
            "task__code",
            "task__project__name",
            "task__end_text",
            "task__end_date",
            "responsible_id",
        )
    )
    soon = day + timedelta(days=DIGEST_HORIZON_DAYS)
    for pk, title, code, project, end_text, end_date, responsible_id in mine:
        row = DigestTask(
            title, code, project, end_text, reverse("klik:detail", args=[pk]),
            responsible_id == person.pk,
        )  # fmt: skip
        if end_date and end_date < day:
            digest.overdue.append(row)
        elif end_date and end_date <= soon:
            digest.due_soon.append(row)
        else:
            digest.open.append(row)
    signed = Signature.objects.filter(municipality_id=municipality_id).values("agreement")
    for pk, title, deadline in (
        Agreement.objects.filter(dispatched=True, requires_signature=True)
        .exclude(pk__in=signed)
        .order_by("deadline_date", "title")
        .values_list("pk", "title", "deadline_text")
    ):
        digest.agreements.append((title, deadline, reverse("agreements:detail", args=[pk])))
    is_leader = person.user_id is not None and person.user.is_programme_leader
    if is_leader:
        digest.empty_roles = list(
            Role.objects.filter(status=Role.Status.PUBLISHED)
            .exclude(assignments__municipality_id=municipality_id)
            .order_by("name")
            .values_list("name", flat=True)
        )
    return digest


@dataclass(frozen=True)
class Subscriber:
    name: str
    email: str
    has_logged_in: bool
    reminders: bool
    digest: bool


def municipality_subscribers(*, municipality_id: int) -> list[Subscriber]:
    """Who in the municipality receives what (for its programme leaders). One query."""
    persons = (
        Person.objects.filter(municipality_id=municipality_id)
        .annotate(
            reminders_on=Coalesce(
                "mail_preference__reminders", Value(True), output_field=BooleanField()
            ),
            digest_on=Coalesce("mail_preference__digest", Value(True), output_field=BooleanField()),
        )
        .order_by("name")
        .values_list("name", "email", "user_id", "reminders_on", "digest_on")
    )
    return [
        Subscriber(
            name=name,
            email=email,
            has_logged_in=user_id is not None,
            reminders=bool(email) and reminders,
            digest=bool(email) and user_id is not None and digest,
        )
        for name, email, user_id, reminders, digest in persons
    ]
