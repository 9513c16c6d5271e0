"""The agreements' mail: deadline reminders to the holders of an agreement's recipient roles in
every municipality that has not signed, and the agreements part of the weekly digest. Plugged into
the outbox in AgreementsConfig.ready()."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kombitportal.agreements.models import Agreement, Signature
from kombitportal.core.approxdate import Precision
from kombitportal.core.models import Person, RoleAssignment
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
from kombitportal.notifications.selectors import offset_for, reminder_horizon

BEFORE = "agreement_before"


def subject_key(agreement_id: int, municipality_id: int, offset: int) -> str:
    return f"agreement:{agreement_id}:{municipality_id}:before:{offset}"


def agreement_id_of(key: str) -> int:
    return int(key.split(":")[1])


def due_reminders(day: date) -> list[Due]:
    """Dispatched agreements to be signed with an exact deadline within the reminder horizon: one
    mail per holder of a recipient role in each municipality that has not signed (one even if they
    hold two recipient roles). Three queries."""
    # Every deadline is a date: deadline_date__gt leaves out the agreements without one.
    agreements = cast(
        dict[int, date],
        dict(
            Agreement.objects.filter(
                dispatched=True,
                requires_signature=True,
                deadline_precision=Precision.DAY,
                deadline_date__gt=day,
                deadline_date__lte=day + timedelta(days=reminder_horizon()),
            ).values_list("pk", "deadline_date")
        ),
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
    due = []
    seen: set[tuple[int, int]] = set()
    for agreement_id, municipality_id, person_id in sorted(holders):
        offset = offset_for((agreements[agreement_id] - day).days)
        if (
            offset is None
            or (agreement_id, municipality_id) in signed
            or (agreement_id, person_id) in seen
        ):
            continue
        seen.add((agreement_id, person_id))
        due.append(
            Due(
                person_id,
                BEFORE,
                subject_key(agreement_id, municipality_id, offset),
                agreements[agreement_id],
                municipality_id,
            )
        )
    return due


def reminder_content(mail: Mail, today: date) -> MailContent | NotDue:
    agreement = (
        Agreement.objects.select_related("solution")
        .filter(pk=agreement_id_of(mail.subject_key))
        .first()
    )
    if agreement is None or agreement.deadline_date != mail.due_date:
        return NotDue("the agreement's deadline has changed")
    if Signature.objects.filter(agreement=agreement, municipality=mail.municipality_id).exists():
        return NotDue("the municipality has signed")
    return MailContent(
        "agreements/mail/agreement_reminder",
        {
            "agreement": agreement,
            "municipality": mail.municipality,
            "days_left": (mail.due_date - today).days,
            "url": reverse("agreements:detail", args=[agreement.pk]),
        },
    )


REMINDERS = ReminderSource(
    name="agreements.deadlines",
    kinds=(MailKind(BEFORE, _("Agreement deadline reminder"), reminder_content),),
    due=due_reminders,
)


@dataclass(frozen=True)
class DigestAgreement:
    title: str
    deadline: str
    url_path: str


def digest_section(*, person: Person, day: date) -> DigestSection | None:
    """Dispatched agreements the person's municipality has not signed yet. One query."""
    if person.municipality_id is None:  # no municipality, nothing for it to sign
        return None
    signed = Signature.objects.filter(municipality_id=person.municipality_id).values("agreement")
    rows = [
        DigestAgreement(title, deadline, reverse("agreements:detail", args=[pk]))
        for pk, title, deadline in Agreement.objects.filter(
            dispatched=True, requires_signature=True
        )
        .exclude(pk__in=signed)
        .order_by("deadline_date", "title")
        .values_list("pk", "title", "deadline_text")
    ]
    return DigestSection(
        title=_("Agreements waiting for your municipality's signature"),
        template="agreements/mail/digest_agreements",
        context={"agreements": rows},
        count=len(rows),
    )


DIGEST = DigestPart("agreements.waiting", position=200, build=digest_section)
