"""The Celery app is wired: beat's schedule names tasks the worker knows, and they do their job."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from kombitportal import celery_app
from kombitportal.accounts.models import SamlAssertionId
from kombitportal.accounts.tasks import purge_expired_saml_assertions


def test_beat_schedule_tasks_are_registered():
    celery_app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in celery_app.tasks, entry["task"]


def test_tasks_are_acks_late():
    assert celery_app.conf.task_acks_late is True
    assert celery_app.conf.task_reject_on_worker_lost is True


@pytest.mark.django_db
def test_purge_keeps_live_assertion_ids():
    now = timezone.now()
    SamlAssertionId.objects.create(assertion_id="_old", not_on_or_after=now - timedelta(minutes=1))
    SamlAssertionId.objects.create(assertion_id="_live", not_on_or_after=now + timedelta(minutes=5))
    assert purge_expired_saml_assertions.apply().get() == 1
    assert purge_expired_saml_assertions.apply().get() == 0  # idempotent
    assert list(SamlAssertionId.objects.values_list("assertion_id", flat=True)) == ["_live"]
