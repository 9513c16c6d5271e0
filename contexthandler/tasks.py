"""The certificate roll-over check on beat's schedule: one task per registered source (by id,
so a retry or a second run checks the same source again, recording one more observation)."""

from celery import shared_task
from django.utils import timezone

from contexthandler import checks
from contexthandler.models import MetadataSource
from kombitportal.core.queue import enqueue_many_on_commit


@shared_task
def check_metadata_sources() -> int:
    """Queue the check of every active source; returns how many."""
    ids = list(MetadataSource.objects.filter(active=True).values_list("pk", flat=True))
    enqueue_many_on_commit(check_metadata_source, [(pk,) for pk in ids])
    return len(ids)


@shared_task
def check_metadata_source(source_id: int) -> list[str]:
    source = MetadataSource.objects.filter(pk=source_id, active=True).first()
    if source is None:  # removed or switched off since it was queued
        return []
    return [str(line) for line in checks.check_source(source, now=timezone.now()).findings]
