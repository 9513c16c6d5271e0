"""Writes of the meetings app, each with its audit event in the same transaction: a programme
leader ticks an agenda item's task for their municipality, KOMBIT publishes a meeting's summary
(one outbox row per registered programme leader), anybody sends an idea for the next meeting
(stored, and mailed to KOMBIT's mailbox through the outbox), and the portal's satisfaction
question is answered or dismissed."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kombitportal.accounts.models import User
from kombitportal.core import audit, clock
from kombitportal.core.models import Municipality, Organisation, Person
from kombitportal.core.services import person_upsert
from kombitportal.notifications import services as outbox
from kombitportal.notifications.registry import Due
from meetings.models import AgendaItem, ChecklistTick, Idea, Meeting, SatisfactionAnswer

# The role of the role gallery whose holders are "the registered KOMBIT programme leaders".
PROGRAMME_LEADER_ROLE = "KOMBIT-programleder"
# KOMBIT's mailbox for programme leaders ("Spørgsmål, kommentarer og ideer til næste møders
# indhold kan sendes på programleder@kombit.dk"): the outbox mails Persons, so it is one.
MAILBOX_EMAIL = "programleder@kombit.dk"
MAILBOX_NAME = "KOMBIT programlederpostkasse"

SUMMARY = "meeting_summary"
IDEA = "meeting_idea"


def summary_key(meeting: Meeting) -> str:
    return f"meeting:{meeting.pk}:summary"


def idea_key(idea: Idea) -> str:
    return f"meeting:{idea.meeting_id}:idea:{idea.pk}"


@transaction.atomic
def checklist_tick_set(
    *, item: AgendaItem, municipality: Municipality, done: bool, note: str, actor
) -> ChecklistTick:
    """Tick (or untick) the item's task for the municipality: only its own programme leader."""
    if not (
        actor.is_programme_leader
        and not actor.is_kombit
        and actor.municipality_id == municipality.pk
    ):
        raise PermissionDenied
    if not item.task:
        raise ValidationError(_("This agenda item has no task for the programme leader."))
    tick = (
        ChecklistTick.objects.select_for_update()
        .filter(item=item, municipality=municipality)
        .first()
    )
    created = tick is None
    if tick is None:
        tick = ChecklistTick(item=item, municipality=municipality)
    changes = audit.assign(tick, done=done, note=note.strip())
    if not changes and not created:
        return tick
    tick.changed_by, tick.changed_by_name = actor, audit.actor_name(actor)
    tick.full_clean()
    tick.save()
    audit.record(
        actor=actor,
        action="meetings.tick.create" if created else "meetings.tick.change",
        obj=tick,
        municipality=municipality,
        changes={"done": (False, done), "note": ("", tick.note)} if created else changes,
    )
    return tick


def programme_leaders() -> list[tuple[int, int | None]]:
    """(person id, municipality id) of every registered programme leader with an e-mail: the
    holders of the programme-leader role, and the people of the portal's programme-leader users.
    One query."""
    return list(
        Person.objects.filter(
            Q(role_assignments__role__name=PROGRAMME_LEADER_ROLE)
            | Q(user__portal_role=User.PortalRole.PROGRAMLEDER, user__is_active=True),
            municipality__isnull=False,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
        .values_list("pk", "municipality_id")
    )


@transaction.atomic
def summary_publish(*, meeting: Meeting, actor) -> outbox.SweepResult:
    """KOMBIT: mail the summary with links to the material to every registered programme leader,
    once per person — publishing again adds only those registered since."""
    if not getattr(actor, "is_kombit", False):
        raise PermissionDenied
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.summary.strip():
        raise ValidationError(_("Write the summary before publishing it."))
    today = clock.today()
    result = outbox.outbox_add(
        due=[
            Due(person_id, SUMMARY, summary_key(meeting), meeting.starts_at.date(), municipality_id)
            for person_id, municipality_id in programme_leaders()
        ],
        day=today,
        reason=f"meeting {meeting.pk} summary",
    )
    first = meeting.summary_published_at is None
    if first:
        meeting.summary_published_at = timezone.now()
        meeting.save(update_fields=["summary_published_at"])
    audit.record(
        actor=actor,
        action="meetings.summary.publish",
        obj=meeting,
        changes={"recipients": ("", result.added)},
        note="" if first else "published again",
    )
    return result


def mailbox_person() -> Person:
    """KOMBIT's programme-leader mailbox as a contact of KOMBIT (made the first time it is needed,
    recorded in the audit trail like any contact)."""
    kombit = Organisation.objects.get(kind=Organisation.Kind.KOMBIT)
    existing = Person.objects.filter(organisation=kombit, email__iexact=MAILBOX_EMAIL).first()
    return existing or person_upsert(name=MAILBOX_NAME, email=MAILBOX_EMAIL, organisation=kombit)


@transaction.atomic
def idea_send(*, meeting: Meeting, text: str, actor) -> Idea:
    """An idea or a question for the next meeting: kept for KOMBIT's inbox and mailed to
    programleder@kombit.dk through the outbox."""
    idea = Idea(
        meeting=meeting,
        sender=actor,
        sender_name=audit.actor_name(actor)[:200],
        municipality_id=None if actor.is_kombit else actor.municipality_id,
        text=text.strip(),
    )
    idea.full_clean()
    idea.save()
    audit.record(
        actor=actor,
        action="meetings.idea.send",
        obj=idea,
        municipality=idea.municipality_id,
        changes={"text": ("", idea.text)},
        created=True,
    )
    outbox.outbox_add(
        due=[Due(mailbox_person().pk, IDEA, idea_key(idea), clock.today(), idea.municipality_id)],
        day=clock.today(),
        reason=f"idea {idea.pk}",
    )
    return idea


def quarter_of(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


@transaction.atomic
def satisfaction_answer(*, user, score: int | None, comment: str = "") -> SatisfactionAnswer:
    """The user's answer this quarter (score 1–5, optional comment), or with no score their
    dismissal of the question. Once a quarter: a second answer is refused."""
    answer = SatisfactionAnswer(
        user=user, quarter=quarter_of(clock.today()), score=score, comment=comment.strip()
    )
    answer.full_clean()
    try:
        with transaction.atomic():
            answer.save()
    except IntegrityError as error:
        raise ValidationError(_("You have already answered this quarter.")) from error
    audit.record(
        actor=user,
        action="meetings.satisfaction.answer" if score else "meetings.satisfaction.dismiss",
        obj=answer,
        changes={"score": ("", score), "comment": ("", answer.comment)} if score else {},
    )
    return answer
