"""PORTAL_TODAY: one setting for "today" that every date rule takes (overdue, due soon, reminders
and their sweeps, a signature's date), said in a banner on every page; unset, the real date."""

from datetime import date

import pytest
import time_machine

from klik.models import Project
from kombitportal.core import clock
from tests.klik.conftest import make_task

pytestmark = pytest.mark.django_db
MEETING_WEEK = date(2024, 11, 26)


@pytest.fixture
def demo_day(settings):
    settings.PORTAL_TODAY = MEETING_WEEK
    return settings


def test_unset_it_is_the_real_date_in_copenhagen(settings):
    settings.PORTAL_TODAY = None
    with time_machine.travel("2026-12-01 23:30 +0000", tick=False):
        assert clock.today() == date(2026, 12, 2) and not clock.is_fixed()


def test_every_page_says_which_day_it_shows(demo_day, client_for, user_a):
    for path in ("/", "/klik/", "/sapa/"):
        body = client_for(user_a).get(path).content.decode()
        assert "Demo: portalen viser dagen som den 26. november 2024." in body, path


def test_no_banner_on_the_real_date(settings, client_for, user_a):
    settings.PORTAL_TODAY = None
    assert "Demo:" not in client_for(user_a).get("/").content.decode()


def test_overdue_and_due_soon_follow_the_day(demo_day, client_for, user_a):
    project = Project.objects.create(name="FKI")
    make_task(project, "Sluttede i sidste uge", "04.11.2024", "22.11.2024", code="A")
    make_task(project, "Slutter snart", "19.11.2024", "02.12.2024", code="B")
    make_task(project, "Slutter til jul", "19.11.2024", "24.12.2024", code="C")
    with time_machine.travel("2026-12-01 10:00 +0100", tick=False):  # all three long past
        body = client_for(user_a).get("/klik/?sort=end").content.decode()
    rows = body.split('<th scope="row">')[1:]
    assert "Forfalden" in rows[0] and "Sluttede i sidste uge" in rows[0]
    assert "Frist snart" in rows[1] and "Forfalden" not in rows[1]
    assert "Forfalden" not in rows[2] and "Frist snart" not in rows[2]


def test_a_signature_cannot_be_dated_after_the_day(demo_day, aarhus, user_a):
    from django.core.exceptions import ValidationError

    from kombitportal.agreements import services
    from kombitportal.agreements.models import Agreement

    agreement = Agreement.objects.create(kind="allonge", title="Allonge", dispatched=True)
    with pytest.raises(ValidationError, match="fremtiden"):
        services.agreement_sign(
            agreement=agreement, municipality=aarhus, signed_on=date(2024, 11, 27),
            signer_name="Anna", document=None, actor=user_a,
        )  # fmt: skip
