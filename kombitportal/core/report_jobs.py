"""KOMBIT asks for a report too big to make while it waits: the job is recorded and its task
(kombitportal/core/tasks.py, which builds it with kombitportal/core/reports.py) queued on commit."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from kombitportal.core import audit, tasks
from kombitportal.core.models import ReportJob
from kombitportal.core.queue import enqueue_on_commit


@transaction.atomic
def status_reports_request(*, actor, codes: list[str] | None = None) -> ReportJob:
    """KOMBIT asks for the status report of every municipality (or of `codes`)."""
    if not actor.is_kombit:
        raise PermissionDenied
    job = ReportJob.objects.create(requested_by=actor, codes=codes or [])
    audit.record(actor=actor, action="core.report.request", obj=job, note="status reports")
    enqueue_on_commit(tasks.build_status_reports, job.pk)
    return job
