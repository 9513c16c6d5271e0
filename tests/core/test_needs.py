""" "Hvad venter på mig?": the start page leads with what needs the user now — their open tasks by
deadline (overdue first), agreements waiting for their municipality, empty roles that block mail —
each a link; for KOMBIT the same across the 98. A fixed number of queries whatever the size."""

import re

import pytest
import time_machine

from klik import services as klik_services
from klik.models import Project
from kombitportal.accounts.services import person_for_user
from kombitportal.agreements.models import Agreement
from kombitportal.core.models import Role
from tests.klik.conftest import assignment, make_task

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2024-12-01 10:00 +0100", tick=False):
        yield


def needs(body: str) -> list[str]:
    """The links of "Hvad venter på mig?", top to bottom."""
    section = body.split('id="needs-heading"')[1].split("</section>")[0]
    return re.findall(r"<a href=\"[^\"]*\">([^<]*)</a>", section)


@pytest.fixture
def world(aarhus, user_a):
    project = Project.objects.create(name="SAPA")
    me = person_for_user(user_a)
    tasks = {
        "late": make_task(project, "Forsinket opgave", "01.11.2024", "22.11.2024", code="K1"),
        "soon": make_task(project, "Snart opgave", "01.11.2024", "12.12.2024", code="K2"),
        "later": make_task(project, "Senere opgave", "01.11.2024", "Midt jan 2025", code="K3"),
        "other": make_task(project, "Andres opgave", "01.11.2024", "10.12.2024", code="K4"),
    }
    for key in ("late", "later"):
        klik_services.assignment_set_people(
            assignment=assignment(tasks[key], aarhus), responsible=me, performers=[]
        )
    klik_services.assignment_set_people(
        assignment=assignment(tasks["soon"], aarhus), responsible=None, performers=[me]
    )
    owner = Role.objects.create(name="SAPA-systemejer", kind="general", status="published")
    svr = Agreement.objects.create(
        kind="dataudvekslingsaftale", title="SVR-aftale", dispatched=True
    )
    svr.recipient_roles.set([owner])
    return tasks, owner


def test_what_waits_for_the_programme_leader(world, client_for, user_a):
    _tasks, owner = world
    body = client_for(user_a).get("/").content.decode()
    assert needs(body)[:3] == ["K1 Forsinket opgave", "K2 Snart opgave", "K3 Senere opgave"]
    assert "Andres opgave" not in body  # not theirs
    assert "SVR-aftale" in needs(body)[3:]  # no deadline: after the dated ones
    assert any("Ingen har rollen SAPA-systemejer" in n for n in needs(body))
    assert f'href="/roller/{owner.pk}/besaet/"' in body  # straight to the form that fills it
    late = body.split("K1 Forsinket opgave")[0].rsplit("<li", 1)[1]
    assert 'class="is-overdue"' in late


def test_kombit_sees_the_same_across_the_municipalities(world, client_for, kombit_user):
    body = client_for(kombit_user).get("/").content.decode()
    assert "Hvad venter på tværs af kommunerne?" in body
    found = needs(body)
    assert "98 forfaldne KLIK-opgaver i 98 kommuner" in found
    assert "SVR-aftale: 98 kommuner har ikke underskrevet" in found
    assert "98 kommuner mangler en rolle, som deres åbne arbejde har brug for" in found


def test_nothing_waits(client_for, user_b):
    body = client_for(user_b).get("/").content.decode()
    assert "Intet venter på dig lige nu." in body


@pytest.mark.parametrize("tasks", [10, 300])
def test_the_start_page_runs_a_fixed_number_of_queries(
    tasks, world, aarhus, user_a, client_for, django_assert_num_queries, db_sessions
):
    me = person_for_user(user_a)
    project = Project.objects.create(name="Mange")
    for i in range(tasks):
        task = make_task(
            project, f"Opgave {i:03}", "01.11.2024", f"{i % 28 + 1:02}.12.2024", code=f"M{i}"
        )
        if i % 2:
            klik_services.assignment_set_people(
                assignment=assignment(task, aarhus), responsible=me, performers=[me]
            )
    client = client_for(user_a)
    client.get("/")
    # Session, user, the summary (5), the areas' cards (7: KLIK, agreements, SAPA's steps —
    # none here, so no states to read — Valg's wave of the municipality and Context Handler's
    # three counts), KLIK's, the agreements' and Context Handler's needs (3), the empty roles
    # that open work needs (the areas' 4 and 3 more), the meetings' card (the latest meeting:
    # none here) and the portal's satisfaction question (asked this quarter?).
    with django_assert_num_queries(26):
        body = client.get("/").content.decode()
    assert len(needs(body)) >= tasks // 2
