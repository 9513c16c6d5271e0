"""How the areas plug into the outbox: every area's reminders are registered, beat runs each one,
and a row of a kind no area sends any more is not sent (and says why)."""

from datetime import date

import pytest
from django.conf import settings

from kombitportal.core import areas
from kombitportal.notifications import registry, services
from kombitportal.notifications.models import Mail

SWEEP = "kombitportal.notifications.tasks.sweep_reminders"


def test_beat_sweeps_every_registered_source_on_its_own_schedule():
    scheduled = [
        entry["args"][0]
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == SWEEP
    ]
    assert sorted(scheduled) == sorted(s.name for s in registry.reminder_sources())
    assert {"klik.tasks", "agreements.deadlines"} <= set(scheduled)


def test_every_kind_has_a_label_and_the_digest_is_the_outbox_s_own():
    kinds = {kind.kind: str(kind.label) for kind in registry.mail_kinds()}
    assert {"task_before", "task_overdue", "agreement_before", "digest"} <= set(kinds)
    assert all(kinds.values())
    assert [part.name for part in registry.digest_parts()] == [
        "klik.tasks",
        "agreements.waiting",
        "sapa.steps",
        "valg.checkins",
        "core.empty_roles",
    ]


def test_the_areas_are_registered_in_order():
    assert [area.key for area in areas.areas()] == [
        "klik",
        "aftaler",
        "sapa",
        "valg",
        "contexthandler",
        "moeder",
    ]


def test_an_unknown_source_is_refused():
    with pytest.raises(LookupError, match="no reminder source 'nope'"):
        registry.reminder_source("nope")


@pytest.mark.django_db
def test_a_row_of_a_kind_no_area_sends_is_not_sent(people, mailoutbox):
    row = Mail.objects.create(
        person=people["sofie"],
        email="sofie@aarhus.example.dk",
        kind="gone_area_reminder",
        subject_key="gone:1",
        due_date=date(2024, 12, 12),
        send_on=date(2024, 12, 5),
    )
    assert services.mail_deliver(mail_id=row.pk).state == "skipped"
    row.refresh_from_db()
    assert row.last_error == "no area sends mail of the kind 'gone_area_reminder'"
    assert row.kind_label == "gone_area_reminder"
    assert not mailoutbox
