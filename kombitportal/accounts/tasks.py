"""Celery tasks of the accounts area."""

from celery import shared_task

from kombitportal.accounts import services


@shared_task(acks_late=True)
def purge_expired_saml_assertions() -> int:
    """Forget assertion ids whose assertions have expired (they can no longer be replayed)."""
    return services.saml_assertions_purge()
