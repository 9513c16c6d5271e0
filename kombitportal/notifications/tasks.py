"""Celery tasks of the mail area. They take ids or ISO dates, look things up and call a service; all
are safe to run twice (acks_late: a task whose worker dies is delivered again)."""

from datetime import date

from celery import shared_task

from kombitportal.core import clock
from kombitportal.notifications import services


def _day(iso: str | None) -> date:
    return date.fromisoformat(iso) if iso else clock.today()


@shared_task(acks_late=True)
def sweep_reminders(source: str | None = None, day: str | None = None) -> dict:
    """Beat, on each area's schedule: the day's reminders of one source (an area's, by its name in
    the registry) or of every source into the outbox."""
    sources = None if source is None else [source]
    return services.reminders_sweep(day=_day(day), sources=sources).__dict__


@shared_task(acks_late=True)
def sweep_digests(day: str | None = None) -> dict:
    """Beat, Monday morning: the week's digests (every area's part) into the outbox."""
    return services.digests_sweep(day=_day(day)).__dict__


@shared_task(acks_late=True)
def pump_outbox() -> int:
    """Beat, every few minutes: queue rows that wait for a retry or were left by a dead worker."""
    from django.db import transaction

    with transaction.atomic():
        return len(services.outbox_pump())


@shared_task(bind=True, acks_late=True, max_retries=None)
def mail_send(self, mail_id: int) -> str:
    delivery = services.mail_deliver(mail_id=mail_id)
    if delivery.retry_in is not None:
        raise self.retry(countdown=delivery.retry_in)
    return delivery.state
