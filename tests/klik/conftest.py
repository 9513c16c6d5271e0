"""KLIK fixtures: published tasks with dates as KOMBIT writes them, people in A and B."""

from datetime import date

import pytest

from klik import services
from klik.models import Project, Task, TaskAssignment
from kombitportal.core import services as core_services
from kombitportal.core.approxdate import parse_approximate_date

TODAY = date(2024, 12, 1)


def make_task(project, title, start, end, *, code="", mandatory=False, critical=False, **extra):
    task = Task(
        project=project, title=title, code=code, mandatory=mandatory, critical=critical, **extra
    )
    task.start = parse_approximate_date(start, reference=date(2024, 11, 1))
    task.end = parse_approximate_date(end, reference=task.start.earliest or date(2024, 11, 1))
    task.full_clean()
    task.save()
    services.task_publish(task=task)
    return task


@pytest.fixture
def sapa(db):
    return Project.objects.create(name="SAPA")


@pytest.fixture
def tasks(sapa):
    fki = Project.objects.create(name="Fælleskommunal Infrastruktur")
    return {
        "k53": make_task(sapa, "Opret og underskriv dataudvekslingsaftale", "Slut dec/start jan", "Midt jan 2025", code="K53"),
        "u10": make_task(sapa, "Oplær brugere", "Start december", "31.12.2024", code="U10"),
        "fki": make_task(fki, "Identificer kommunens FKI ibrugtagningspotentialer", "19.11.2024", "12.12.2024", mandatory=True, critical=True),
        "udk": make_task(fki, "UDK Begravelseshjælp: Verificer OBS udbetalingskonto", "04.11.2024", "22.11.2024", code="02"),
        "dos": make_task(fki, "DOS Bolig: Kortlæg fordringstyper", "Afventer", "Afventer"),
    }  # fmt: skip


@pytest.fixture
def people_a(aarhus):
    return {
        name: core_services.person_upsert(
            name=name, email=f"{name.split()[0].lower()}@aarhus.example.dk", municipality=aarhus
        )
        for name in ("Sofie Bach", "Ole Dam", "Lars Vest")
    }


@pytest.fixture
def person_b(odense):
    return core_services.person_upsert(
        name="Bo Odense", email="bo@odense.example.dk", municipality=odense
    )


def assignment(task, municipality) -> TaskAssignment:
    return TaskAssignment.objects.get(task=task, municipality=municipality)
