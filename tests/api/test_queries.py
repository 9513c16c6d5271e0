"""Every list of the API reads in a fixed number of queries, whatever the number of rows: pinned
on data of two sizes (the token's own look-up included; its use was noted a moment ago, so it
writes nothing)."""

from datetime import date, timedelta
from itertools import count

import pytest
from django.test import Client
from django.utils import timezone

from contexthandler.models import Finding, IdentityProvider, MetadataSource, Sighting
from klik import services as klik_services
from klik.models import Guide, Project
from kombitportal.agreements.models import Agreement, Signature
from kombitportal.api import services
from kombitportal.api.models import ApiToken
from kombitportal.core import services as core_services
from kombitportal.core.models import Municipality, Role
from sapa import demo as sapa_demo
from tests.klik.conftest import make_task
from valg import services as valg_services
from valg.models import Wave

serial = count(1)


def _klik(n: int, aarhus) -> None:
    project = Project.objects.get_or_create(name="Målt")[0]
    role = Role.objects.get_or_create(name="Målerolle", kind="general", status="published")[0]
    for _ in range(n):
        i = next(serial)
        task = make_task(project, f"Opgave {i}", "01.12.2024", "20.12.2024", code=f"M{i}")
        Guide.objects.create(task=task, title="Vejledning", url="https://example.dk/v")
        people = [
            core_services.person_upsert(
                name=f"Person {i}-{k}", email=f"p{i}-{k}@aarhus.example.dk", municipality=aarhus
            )
            for k in range(2)
        ]
        core_services.role_assignment_set(role=role, municipality=aarhus, person=people[0])
        klik_services.assignment_set_people(
            assignment=task.assignments.get(municipality=aarhus),
            responsible=people[0],
            performers=people,
        )


def _agreements(n: int, aarhus) -> None:
    role = Role.objects.get_or_create(name="Modtager", kind="general", status="published")[0]
    for _ in range(n):
        i = next(serial)
        agreement = Agreement.objects.create(kind="bilag", title=f"Aftale {i}", dispatched=True)
        agreement.recipient_roles.add(role)
        agreement.copy_roles.add(role)
        Signature.objects.create(
            agreement=agreement, municipality=aarhus, signed_on=date(2024, 11, 1),
            signer_name="S", recorded_by_name="R",
        )  # fmt: skip


def _checkins(n: int, aarhus) -> None:
    wave = Wave.objects.filter(number=1).first() or valg_services.wave_save(
        number=1, status="done", starts_on=date(2024, 10, 7), municipalities=[aarhus]
    )
    for _ in range(n):
        i = next(serial)
        week, area = divmod(i, 4)
        valg_services.checkins_import(
            rows=[
                valg_services.ImportRow(
                    i, wave, aarhus, None, week % 5 + 1,
                    ("generelt", "valgdagen", "udrulningen", "supporten")[area], 3, "",
                )
            ],
            actor=None,
        )  # fmt: skip


def _waves(n: int, aarhus) -> None:
    for _ in range(n):
        i = next(serial)
        valg_services.wave_save(
            number=i, status="done", starts_on=date(2024, 10, 7), municipalities=[aarhus]
        )


def _idps(n: int, aarhus) -> None:
    for _ in range(n):
        i = next(serial)
        IdentityProvider.objects.create(
            municipality=aarhus, name=f"IdP {i}", entity_id=f"https://idp{i}.example/",
            protocol="oiosaml3", profile="oiosaml3",
        )  # fmt: skip


def _findings(n: int, aarhus) -> None:
    now = timezone.now()
    source = MetadataSource.objects.get_or_create(
        name="maalt", defaults={"title": "Målt", "location": "x", "last_checked_at": now}
    )[0]
    for _ in range(n):
        i = next(serial)
        Sighting.objects.create(
            source=source, sha256=f"S{i}", subject=f"CN=C{i}", issuer="CN=CA", serial=str(i),
            not_before=now - timedelta(days=9), not_after=now + timedelta(days=9),
            first_seen=now, last_seen=now,
        )  # fmt: skip
        Finding.objects.create(
            source=source, checked_at=source.last_checked_at, code="NEW", message="Ny",
            sha256=f"S{i}",
        )  # fmt: skip


def _purposes(n: int, aarhus) -> None:
    sapa_demo.load_sapa_demo()


def _nothing(n: int, aarhus) -> None:
    pass


# (url, query, who reads it, what adds rows, queries: the token, then the list's own)
LISTS = [
    ("/api/v1/municipalities/", {}, "kombit", _nothing, 1 + 2),
    ("/api/v1/klik/tasks/", {}, "a", _klik, 1 + 3),
    ("/api/v1/klik/assignments/", {}, "a", _klik, 1 + 3),
    ("/api/v1/klik/assignments/", {"kommune": "0751", "q": "Opgave"}, "kombit", _klik, 1 + 4),
    (
        "/api/v1/klik/assignments/",
        {"q": "Opgave", "sort": "title", "status": "open"},
        "a",
        _klik,
        1 + 3,
    ),
    ("/api/v1/aftaler/agreements/", {}, "a", _agreements, 1 + 5),
    ("/api/v1/aftaler/signatures/", {}, "a", _agreements, 1 + 2),
    ("/api/v1/sapa/purposes/", {}, "a", _purposes, 1 + 3),
    ("/api/v1/valg/scores/", {}, "a", _waves, 1 + 4),
    ("/api/v1/valg/checkins/", {}, "a", _checkins, 1 + 2),
    ("/api/v1/contexthandler/idps/", {}, "a", _idps, 1 + 2),
    ("/api/v1/contexthandler/findings/", {}, "a", _findings, 1 + 3),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "query", "who", "grow", "queries"), LISTS, ids=[f"{r[0]}{r[1]}" for r in LISTS]
)
def test_a_list_reads_in_fixed_queries(
    url, query, who, grow, queries, user_a, kombit_user, django_assert_num_queries
):
    user = {"a": user_a, "kombit": kombit_user}[who]
    client = Client(
        HTTP_AUTHORIZATION=f"Bearer {services.api_token_create(user=user, name='M', actor=user)[1]}"
    )
    aarhus = Municipality.objects.get(code="0751")
    sizes = []
    # The municipalities: a page of 2 and of 98.
    for n, page_size in ((1, 2), (3, 98)):
        grow(n, aarhus)
        ApiToken.objects.update(last_used_at=timezone.now())
        with django_assert_num_queries(queries):
            response = client.get(
                url, {**query, "page_size": page_size} if grow is _nothing else query
            )
        assert response.status_code == 200, response.content
        sizes.append(len(response.json()["results"]))
    assert sizes[0] < sizes[1] or grow is _purposes, sizes
