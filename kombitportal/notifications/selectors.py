"""What mail is due on a day, found with a fixed number of queries whatever the number of tasks,
agreements and people; and what a person's weekly digest holds.

The areas say what is due (their ReminderSource, kombitportal/notifications/registry.py); this
module turns that into outbox rows for the people who can be mailed and want that kind of mail.
The reminder rules every source shares — which days before a deadline, how long after it — are
here: each offset of MAIL_REMINDER_DAYS covers the days up to the next smaller one (with 7 and 1:
the 7-day reminder is due 7 down to 2 days before, the 1-day reminder 1 day before), and an overdue
reminder the first OVERDUE_CATCH_UP_DAYS days after the end. So a day the sweep did not run (a
stopped beat) is caught up the next day; the outbox's unique constraint keeps it from being sent
twice."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import BooleanField, QuerySet, Value
from django.db.models.functions import Coalesce

from kombitportal.core.models import Person
from kombitportal.notifications import registry
from kombitportal.notifications.models import Mail

OVERDUE_CATCH_UP_DAYS = 3
DIGEST_HORIZON_DAYS = 14
DIGEST = registry.DIGEST


@dataclass(frozen=True)
class DueMail:
    """A mail the outbox should hold: one row of it, not yet written."""

    person_id: int
    email: str
    kind: str
    subject_key: str
    due_date: date
    send_on: date
    municipality_id: int | None = None

    def as_mail(self) -> Mail:
        return Mail(
            person_id=self.person_id,
            email=self.email,
            kind=self.kind,
            subject_key=self.subject_key,
            due_date=self.due_date,
            send_on=self.send_on,
            municipality_id=self.municipality_id,
        )


def reminder_offsets() -> list[int]:
    """Days before a deadline that reminders go out, largest first (MAIL_REMINDER_DAYS)."""
    return sorted({int(d) for d in settings.MAIL_REMINDER_DAYS if int(d) > 0}, reverse=True)


def reminder_horizon() -> int:
    """How many days ahead a source must look for deadlines: the largest reminder offset."""
    offsets = reminder_offsets()
    return offsets[0] if offsets else 0


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


def due_reminders(*, day: date, sources: Iterable[str] | None = None) -> list[DueMail]:
    """The reminders of every registered source (or the named ones) due on `day`, for everyone
    who can be mailed and wants them: each source's queries and one more per kind of preference."""
    chosen = (
        registry.reminder_sources()
        if sources is None
        else [registry.reminder_source(name) for name in sources]
    )
    by_preference: dict[str, list[registry.Due]] = {}
    for source in chosen:
        by_preference.setdefault(source.preference, []).extend(source.due(day))
    due: list[DueMail] = []
    for preference, items in by_preference.items():
        emails = _reachable({item.person_id for item in items}, preference)
        due += [
            DueMail(
                item.person_id,
                emails[item.person_id],
                item.kind,
                item.subject_key,
                item.due_date,
                day,
                municipality_id=item.municipality_id,
            )
            for item in items
            if item.person_id in emails
        ]
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
        DueMail(pk, email, DIGEST, DIGEST, monday, day, municipality_id=municipality_id)
        for pk, email, municipality_id in persons.values_list("pk", "email", "municipality_id")
    ]


@dataclass
class Digest:
    sections: list[registry.DigestSection] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.sections


def digest_for(*, person: Person, day: date) -> Digest:
    """What the person's digest holds on `day` (their municipality only): every area's part."""
    return Digest(sections=registry.digest_sections(person=person, day=day))


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
