"""Calendar feed fixtures: Aarhus tasks with exact, approximate and pending end dates, the
programme leader (user_a) responsible or performer on some, a colleague on others, an agreement
sent to a role of hers; and helpers to fetch and read a feed."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from icalendar import Calendar

from klik import services as klik_services
from klik.models import Project, TaskAssignment
from kombitportal.accounts.services import person_for_user
from kombitportal.agreements.models import Agreement
from kombitportal.core import services as core_services
from kombitportal.core.approxdate import parse_approximate_date
from kombitportal.core.areas import MY_DEADLINES, FeedSource
from kombitportal.core.models import Role, RoleAssignment
from kombitportal.feeds import services
from tests.klik.conftest import make_task

TODAY = date(2024, 11, 26)
HOST = "programleder.example.dk"


@pytest.fixture(autouse=True)
def _feed_settings(settings):
    settings.PORTAL_BASE_URL = f"https://{HOST}"
    settings.PORTAL_TODAY = TODAY


@dataclass
class World:
    tasks: dict
    anna: object  # user_a's person
    ole: object  # a colleague in Aarhus

    def a(self, key: str) -> TaskAssignment:
        return TaskAssignment.objects.get(task=self.tasks[key], municipality__code="0751")


@pytest.fixture
def world(db, user_a, aarhus, odense) -> World:
    project = Project.objects.create(name="SAPA")
    ends = {
        "exact": "12.12.2024",
        "week": "Uge 49",
        "ultimo": "Ultimo 2025",
        "overdue": "20.11.2024",
        "pending": "Afventer",
        "other": "15.12.2024",  # Ole's alone
        "solved": "10.12.2024",
    }
    tasks = {
        key: make_task(project, f"Opgave {key}", "01.11.2024", end, code=key[:3].upper())
        for key, end in ends.items()
    }
    anna = person_for_user(user_a)
    ole = core_services.person_upsert(
        name="Ole Dam", email="ole@aarhus.example.dk", municipality=aarhus
    )
    world = World(tasks, anna, ole)
    for key in ("exact", "ultimo", "overdue", "pending", "solved"):
        klik_services.assignment_set_people(
            assignment=world.a(key), responsible=anna, performers=[ole]
        )
    klik_services.assignment_set_people(
        assignment=world.a("week"), responsible=ole, performers=[anna]
    )
    klik_services.assignment_set_people(assignment=world.a("other"), responsible=ole, performers=[])
    TaskAssignment.objects.filter(pk=world.a("solved").pk).update(status="solved")
    # Odense's "exact" has a responsible of its own: never in an Aarhus feed.
    bo = core_services.person_upsert(name="Bo Odense", email="bo@o.example.dk", municipality=odense)
    klik_services.assignment_set_people(
        assignment=TaskAssignment.objects.get(task=tasks["exact"], municipality=odense),
        responsible=bo,
        performers=[],
    )
    return world


@pytest.fixture
def agreement(world, aarhus):
    """Sent to a role Anna holds in Aarhus, to be signed by "Midt dec 2024"; not signed."""
    role = Role.objects.create(name="SAPA-systemejer", kind="general", status="published")
    RoleAssignment.objects.create(role=role, municipality=aarhus, person=world.anna)
    agreement = Agreement(kind="tilslutningsaftale", title="SAPA tilslutningsaftale")
    agreement.dispatched = True
    agreement.dispatch = parse_approximate_date("01.11.2024", reference=date(2024, 11, 1))
    agreement.deadline = parse_approximate_date("Midt dec 2024", reference=date(2024, 11, 1))
    agreement.full_clean()
    agreement.save()
    agreement.recipient_roles.add(role)
    return agreement


MINE = FeedSource(MY_DEADLINES, "Mine frister", {})


def make_feed(user, source: FeedSource = MINE, *, titles_only: bool = False) -> str:
    """A new feed's path, as its owner gets it once."""
    created = services.feed_create(user=user, source=source, titles_only=titles_only)
    return f"/kalender/{created.token}.ics"


def fetch(path: str):
    """A fetch as a calendar program makes it: no session, no cookies."""
    return Client().get(path)


def events_of(response) -> dict[str, object]:
    """The feed's VEVENTs by UID."""
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def uid(pk: int) -> str:
    return f"klik-assignment-{pk}@{HOST}"


def unfolded(response) -> str:
    """The feed's text with its folded lines joined again (RFC 5545 folds at 75 octets)."""
    return response.content.decode().replace("\r\n ", "")
