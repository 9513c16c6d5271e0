"""Every municipality's status as PDF in one ZIP: too big to make while KOMBIT waits (98 PDFs), so
a Celery task makes it (kombitportal/core/tasks.py) and records how far it is; the page shows the
progress and the link when it is ready. One municipality's PDF comes at once (/status.pdf)."""

import io
import zipfile

from django.core.files.base import ContentFile
from django.utils import timezone, translation

from kombitportal.core import areas, clock, pdf, selectors
from kombitportal.core.models import Municipality, ReportJob


def status_context(*, user, municipality: Municipality, today) -> dict:
    """What a municipality's status report shows (the page, its PDF, the ZIP's PDFs): every
    area's section and the empty roles that block KOMBIT's mail."""
    return {
        "municipality": municipality,
        "sections": areas.status_sections(user=user, municipality=municipality, today=today),
        "empty_roles": [
            role
            for entry in selectors.empty_needed_roles(user=user, municipality=municipality)
            for role in entry.roles
        ],
        "today": today,
        "made_at": timezone.now(),
    }


def build(job_id: int) -> ReportJob | None:
    """Make the job's ZIP, recording each municipality done. Safe to run again: a finished job is
    left as it is, one that was interrupted starts over."""
    job = ReportJob.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or job.state == ReportJob.State.DONE:
        return job
    municipalities = list(Municipality.objects.order_by("name"))
    if job.codes:
        municipalities = [m for m in municipalities if m.code in job.codes]
    ReportJob.objects.filter(pk=job.pk).update(
        state=ReportJob.State.RUNNING, total=len(municipalities), done=0, error=""
    )
    user, today = job.requested_by, clock.today()
    buffer = io.BytesIO()
    try:
        with translation.override("da"), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            request = pdf.offline_request(user)
            for done, municipality in enumerate(municipalities, start=1):
                context = status_context(user=user, municipality=municipality, today=today)
                zf.writestr(
                    f"status-{municipality.code}-{municipality.name}.pdf",
                    pdf.render_pdf("core/status_pdf.html", context, request),
                )
                ReportJob.objects.filter(pk=job.pk).update(done=done)
    except Exception as error:  # recorded on the job for the page; the worker carries on
        ReportJob.objects.filter(pk=job.pk).update(
            state=ReportJob.State.FAILED, error=str(error)[:500], finished_at=timezone.now()
        )
        raise
    job.refresh_from_db()
    job.file.save(f"status-{today:%Y-%m-%d}.zip", ContentFile(buffer.getvalue()), save=False)
    job.state, job.finished_at = ReportJob.State.DONE, timezone.now()
    job.save(update_fields=["file", "state", "finished_at"])
    return job
