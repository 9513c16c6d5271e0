"""The core's Celery tasks: reports too big to make while the user waits."""

from celery import shared_task

from kombitportal.core import reports


@shared_task
def build_status_reports(job_id: int) -> str:
    job = reports.build(job_id)
    return job.get_state_display() if job else "gone"
