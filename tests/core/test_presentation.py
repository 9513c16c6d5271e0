"""How the portal reads in Danish: figures, dates and names as a Danish user expects them."""

import pytest
from django.core.management import call_command

from klik.models import TaskAssignment, TaskLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_population_with_thousands_separators(client_for, user_a):
    body = client_for(user_a).get("/").content.decode()
    assert "373.388" in body and "373388" not in body


def test_the_log_writes_the_month_in_full(demo, client_for, aarhus, user_a):
    entry = TaskLogEntry.objects.filter(assignment__municipality=aarhus).first()
    # Noon: the same day in Copenhagen whatever time of day the test runs.
    entry.at = entry.at.replace(year=2026, month=12, day=1, hour=12, minute=0)
    entry.save()
    body = client_for(user_a).get(f"/klik/{entry.assignment_id}/").content.decode()
    assert "1. december 2026" in body and "Dec 2026" not in body


def test_visits_show_dates_as_dates(demo, client_for, user_a):
    body = client_for(user_a).get("/besoeg/").content.decode()
    assert 'Brøndby (<time datetime="2023-04-19">19. april 2023</time>)' in body
    assert 'Billund (<time datetime="2024-11-27">27. november 2024</time>)' in body
    assert "19-04-2023" not in body and "27-11-24" not in body
    assert "Kalundborg (i det nye år)" in body


def test_kombits_in_danish(demo, client_for, user_a):
    body = client_for(user_a).get("/roller/").content.decode()
    assert "KOMBIT's" not in body and "KOMBITs løsninger" in body


def test_no_dashes_for_a_choice(demo, client_for, kombit_user):
    from kombitportal.agreements.models import Agreement

    agreement = Agreement.objects.get(title="SVR-dataudvekslingsaftale")
    body = client_for(kombit_user).get(f"/aftaler/{agreement.pk}/").content.decode()
    assert "---------" not in body and "Vælg en kommune" in body


def test_the_admin_names_its_columns_in_danish(demo, client_for, kombit_user):
    client = client_for(kombit_user)
    log = client.get("/admin/klik/tasklogentry/").content.decode()
    assert ">Opgave</a>" in log  # the log's task column, not "assignment"
    outbox = client.get("/admin/notifications/mail/").content.decode()
    assert "0 mails i udbakken" in outbox and "0 udbakke" not in outbox


def test_the_reason_is_tied_to_not_relevant(demo, client_for, user_a, aarhus):
    assignment = TaskAssignment.objects.filter(municipality=aarhus).first()
    body = client_for(user_a).get(f"/klik/{assignment.pk}/").content.decode()
    assert 'data-shown-for-status="not_relevant"' in body and "data-status-form" in body


def test_an_employee_is_told_why_she_cannot_reassign(demo, client_for, staff_a, aarhus):
    assignment = TaskAssignment.objects.filter(municipality=aarhus).first()
    body = client_for(staff_a).get(f"/klik/{assignment.pk}/").content.decode()
    assert "Kun kommunens programleder (eller KOMBIT) vælger ansvarlig og udførere" in body
