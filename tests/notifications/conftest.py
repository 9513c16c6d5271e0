"""Mail fixtures: tasks and an agreement with exact, approximate and pending dates around DAY, people
in Aarhus and Odense, and a local SMTP server the portal sends to."""

from datetime import date

import pytest

from klik import services as klik_services
from klik.models import Project, TaskAssignment
from kombitportal.agreements.models import Agreement, Signature
from kombitportal.core import services as core_services
from kombitportal.core.approxdate import parse_approximate_date
from kombitportal.core.models import Role, RoleAssignment
from tests.klik.conftest import make_task
from tests.notifications.smtp import SmtpServer

DAY = date(2024, 12, 5)  # a Thursday


@pytest.fixture
def smtp(settings):
    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield server


@pytest.fixture(autouse=True)
def _mail_settings(settings):
    settings.MAIL_REMINDER_DAYS = [7, 1]
    settings.PORTAL_BASE_URL = "https://programleder.example.dk"


@pytest.fixture
def people(aarhus, odense):
    def person(name, email, municipality):
        return core_services.person_upsert(name=name, email=email, municipality=municipality)

    return {
        "sofie": person("Sofie Bach", "sofie@aarhus.example.dk", aarhus),
        "ole": person("Ole Dam", "ole@aarhus.example.dk", aarhus),
        "lars": person("Lars Vest", "", aarhus),  # no e-mail: never mailed
        "bo": person("Bo Odense", "bo@odense.example.dk", odense),
    }


@pytest.fixture
def world(db, aarhus, odense, people):
    """Tasks ending on exact days around DAY, one approximate and one pending; the responsible and
    performers set in Aarhus (and one in Odense)."""
    project = Project.objects.create(name="SAPA")
    ends = {
        "in7": "12.12.2024",
        "in5": "10.12.2024",
        "in1": "06.12.2024",
        "today": "05.12.2024",
        "yesterday": "04.12.2024",
        "long_ago": "25.11.2024",
        "in30": "04.01.2025",
        "approx": "Uge 50",
        "pending": "Afventer",
    }
    tasks = {
        key: make_task(project, f"Opgave {key}", "01.11.2024", end, code=key[:6])
        for key, end in ends.items()
    }
    for task in tasks.values():
        assignment = TaskAssignment.objects.get(task=task, municipality=aarhus)
        klik_services.assignment_set_people(
            assignment=assignment,
            responsible=people["sofie"],
            performers=[people["ole"], people["lars"]],
        )
    odense_in7 = TaskAssignment.objects.get(task=tasks["in7"], municipality=odense)
    klik_services.assignment_set_people(
        assignment=odense_in7, responsible=people["bo"], performers=[]
    )
    return tasks


def assignment_of(task, municipality) -> TaskAssignment:
    return TaskAssignment.objects.get(task=task, municipality=municipality)


@pytest.fixture
def agreement(db, aarhus, odense, people):
    """An SVR-like agreement to be signed by 12.12.2024, sent to the programme leader role; Odense has
    signed, Aarhus has not."""
    role, _ = Role.objects.get_or_create(
        name="KOMBIT-programleder", defaults={"kind": "general", "status": "published"}
    )
    RoleAssignment.objects.create(role=role, municipality=aarhus, person=people["sofie"])
    RoleAssignment.objects.create(role=role, municipality=odense, person=people["bo"])
    agreement = Agreement(kind="dataudvekslingsaftale", title="SVR dataudvekslingsaftale")
    agreement.dispatched = True
    agreement.dispatch = parse_approximate_date("01.11.2024", reference=date(2024, 11, 1))
    agreement.deadline = parse_approximate_date("12.12.2024", reference=date(2024, 11, 1))
    agreement.full_clean()
    agreement.save()
    agreement.recipient_roles.add(role)
    Signature.objects.create(
        agreement=agreement,
        municipality=odense,
        signed_on=date(2024, 11, 20),
        signer_name="Bo",
        recorded_by_name="Bo",
    )
    return agreement
