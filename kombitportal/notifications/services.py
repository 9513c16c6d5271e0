"""Writes of the mail area: the sweeps that fill the outbox, the delivery of one outbox row, a resend,
and a person's choice of mail. A resend and a choice of mail are recorded in the audit trail; the
outbox rows are the record of what the sweeps found due and what was sent.

Exactly once per (recipient, subject matter, due date): the sweep writes outbox rows with
`ignore_conflicts` against the unique constraint, so two sweeps (or a sweep redelivered after its
worker died) add nothing twice. A send claims its row (queued → sending, committed) before talking
to the mail server and marks it sent after; a second task for the same row sees the claim and does
nothing. A claim older than MAIL_SEND_CLAIM_TIMEOUT belongs to a worker that died: the next pump
queues the row again. The one window left is between the mail server's "250 OK" and our commit of
"sent"; a resend from that window carries the same Message-ID."""

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kombitportal.core import audit
from kombitportal.core.models import Person
from kombitportal.core.queue import enqueue_many_on_commit
from kombitportal.notifications import mail as mail_builder
from kombitportal.notifications import registry, selectors
from kombitportal.notifications.models import Mail, MailPreference

logger = logging.getLogger("kombitportal.notifications")


@dataclass(frozen=True)
class SweepResult:
    due: int
    added: int
    queued: int


def _outbox_add(due: list[selectors.DueMail], *, day: date, sweep: str) -> SweepResult:
    """Write the due rows that are not in the outbox yet, then queue them for sending, with any
    row a dead worker or a lost broker message left behind."""
    started = timezone.now()
    before = Mail.objects.count()
    Mail.objects.bulk_create([d.as_mail() for d in due], ignore_conflicts=True)
    added = Mail.objects.count() - before
    queued = len(outbox_pump(now=started, new_since=started))
    # The outbox rows are the record of what was found due; the sweep itself is logged only.
    logger.info(
        "mail sweep %s for %s: %d due, %d new in the outbox, %d queued for sending",
        sweep, day, len(due), added, queued,
    )  # fmt: skip
    return SweepResult(due=len(due), added=added, queued=queued)


@transaction.atomic
def reminders_sweep(*, day: date, sources: Iterable[str] | None = None) -> SweepResult:
    """The reminders of every registered source (or the named ones) due on `day`, into the outbox."""
    names = None if sources is None else list(sources)
    return _outbox_add(
        selectors.due_reminders(day=day, sources=names),
        day=day,
        sweep="reminders" if names is None else f"reminders ({', '.join(names)})",
    )


@transaction.atomic
def digests_sweep(*, day: date) -> SweepResult:
    return _outbox_add(selectors.due_digests(day=day), day=day, sweep="digests")


def outbox_pump(*, now: datetime | None = None, new_since: datetime | None = None) -> list[int]:
    """Queue a send task (on commit) for every row that waits: new since `new_since` (a sweep's
    own), due for another attempt, queued but not taken for MAIL_SEND_CLAIM_TIMEOUT (its message
    was lost), or claimed by a worker that long ago (the worker died). One query; a send is
    idempotent, so a row queued twice is still sent once. Returns the ids queued."""
    from kombitportal.notifications import tasks

    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.MAIL_SEND_CLAIM_TIMEOUT)
    waiting = (
        Q(state=Mail.State.QUEUED, next_attempt_at__isnull=True, created_at__lt=stale)
        | Q(state=Mail.State.QUEUED, next_attempt_at__lte=now)
        | Q(state=Mail.State.SENDING, claimed_at__lt=stale)
    )
    if new_since is not None:
        waiting |= Q(
            state=Mail.State.QUEUED, next_attempt_at__isnull=True, created_at__gte=new_since
        )
    ids = list(Mail.objects.filter(waiting).order_by("pk").values_list("pk", flat=True))
    if ids:
        enqueue_many_on_commit(tasks.mail_send, [(pk,) for pk in ids])
    return ids


@dataclass(frozen=True)
class Delivery:
    state: str
    retry_in: int | None = None


def _backoff(attempts: int) -> int:
    """Seconds before attempt `attempts + 1`: 1, 2, 4, 8 ... minutes, at most an hour."""
    return min(60 * 2 ** (attempts - 1), 3600)


def mail_deliver(*, mail_id: int) -> Delivery:
    """Send one outbox row if it is waiting; do nothing if it is sent, failed, or being sent."""
    now = timezone.now()
    with transaction.atomic():
        mail = (
            Mail.objects.select_for_update(of=("self",))
            .select_related("person__user", "municipality")
            .filter(pk=mail_id)
            .first()
        )
        if mail is None or mail.state in (Mail.State.SENT, Mail.State.FAILED, Mail.State.SKIPPED):
            return Delivery(mail.state if mail else "missing")
        stale = now - timedelta(seconds=settings.MAIL_SEND_CLAIM_TIMEOUT)
        if mail.state == Mail.State.SENDING and mail.claimed_at and mail.claimed_at >= stale:
            return Delivery(Mail.State.SENDING)  # another worker is sending it right now
        if mail.state == Mail.State.QUEUED and mail.next_attempt_at and mail.next_attempt_at > now:
            return Delivery(Mail.State.QUEUED, retry_in=_seconds(mail.next_attempt_at - now))
        message = mail_builder.build(mail)
        if isinstance(message, mail_builder.NotDue):
            mail.state, mail.last_error = Mail.State.SKIPPED, message.reason
            mail.save(update_fields=["state", "last_error"])
            logger.info("mail %s not sent by system: %s", mail.pk, message.reason)
            return Delivery(mail.state)
        mail.state, mail.claimed_at = Mail.State.SENDING, now
        mail.attempts += 1
        mail.subject = message.subject[:300]
        mail.save(update_fields=["state", "claimed_at", "attempts", "subject"])
    # The connection is opened here and closed only after "sent" is committed, so that the window
    # between the server's acceptance and our record of it holds no QUIT round trip.
    connection = get_connection()
    try:
        connection.open()
        if connection.send_messages([message]) != 1:
            raise smtplib.SMTPException("the mail backend did not send the message")
    except (smtplib.SMTPException, OSError) as error:
        _close_quietly(connection)
        return _delivery_failed(mail, error)
    Mail.objects.filter(pk=mail.pk, state=Mail.State.SENDING, claimed_at=now).update(
        state=Mail.State.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None
    )
    _close_quietly(connection)
    logger.info(
        "mail %s sent by system to person %s: %s", mail.pk, mail.person_id, mail.subject_key
    )
    return Delivery(Mail.State.SENT)


def _close_quietly(connection) -> None:
    """Close the mail connection; the mail is sent or failed already, whatever QUIT answers."""
    try:
        connection.close()
    except (smtplib.SMTPException, OSError) as error:
        logger.info("closing the mail connection failed after the send: %s", error)


def _seconds(delta: timedelta) -> int:
    return max(1, int(delta.total_seconds()))


def _delivery_failed(mail: Mail, error: Exception) -> Delivery:
    permanent = isinstance(error, smtplib.SMTPRecipientsRefused) or (
        isinstance(error, smtplib.SMTPResponseException) and 500 <= error.smtp_code < 600
    )
    reason = f"{type(error).__name__}: {error}"[:2000]
    if permanent or mail.attempts >= settings.MAIL_MAX_ATTEMPTS:
        Mail.objects.filter(pk=mail.pk).update(
            state=Mail.State.FAILED, last_error=reason, next_attempt_at=None
        )
        logger.warning("mail %s failed after %d attempts: %s", mail.pk, mail.attempts, reason)
        return Delivery(Mail.State.FAILED)
    retry_in = _backoff(mail.attempts)
    Mail.objects.filter(pk=mail.pk).update(
        state=Mail.State.QUEUED,
        last_error=reason,
        next_attempt_at=timezone.now() + timedelta(seconds=retry_in),
    )
    logger.warning(
        "mail %s attempt %d failed, next in %d s: %s", mail.pk, mail.attempts, retry_in, reason
    )
    return Delivery(Mail.State.QUEUED, retry_in=retry_in)


@transaction.atomic
def mail_resend(*, mail_ids: list[int], actor) -> int:
    """KOMBIT: send failed mails again (a fresh round of attempts)."""
    from kombitportal.notifications import tasks

    ids = list(
        Mail.objects.select_for_update()
        .filter(pk__in=mail_ids, state=Mail.State.FAILED)
        .values_list("pk", flat=True)
    )
    for mail in Mail.objects.filter(pk__in=ids):
        audit.record(
            actor=actor,
            action="notifications.mail.resend",
            obj=mail,
            changes={"state": (mail.state, Mail.State.QUEUED), "attempts": (mail.attempts, 0)},
        )
    Mail.objects.filter(pk__in=ids).update(
        state=Mail.State.QUEUED, attempts=0, next_attempt_at=None
    )
    enqueue_many_on_commit(tasks.mail_send, [(pk,) for pk in ids])
    return len(ids)


@transaction.atomic
def mail_preference_set(*, person: Person, reminders: bool, digest: bool, actor) -> MailPreference:
    preference, _created = MailPreference.objects.select_for_update().get_or_create(person=person)
    before = (preference.reminders, preference.digest)
    preference.reminders, preference.digest = reminders, digest
    preference.full_clean()
    preference.save()
    if before != (reminders, digest) or _created:
        audit.record(
            actor=actor,
            action="notifications.preference.change",
            obj=preference,
            municipality=person.municipality_id,
            changes={"reminders": (before[0], reminders), "digest": (before[1], digest)},
        )
    return preference


@transaction.atomic
def outbox_add(*, due: Iterable[registry.Due], day: date, reason: str) -> SweepResult:
    """An area's mails that are due now rather than on a sweep's schedule (a meeting's summary
    published, an idea sent to KOMBIT): one outbox row per person with an e-mail, added once by
    the unique constraint whatever happens after (a second call, a worker dying mid-batch), then
    queued for sending on commit."""
    items = list(due)
    emails = dict(
        Person.objects.filter(pk__in={item.person_id for item in items})
        .exclude(email="")
        .values_list("pk", "email")
    )
    return _outbox_add(
        [
            selectors.DueMail(
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
        ],
        day=day,
        sweep=reason,
    )
