"""API fixtures: a personal API token for a user, and a client that sends it; rows to read: KLIK's
tasks and people (tests/klik/conftest.py), agreements signed by A and B, check-ins of A, B and a
region, IdPs of A and B."""

from datetime import date

import pytest
from django.test import Client

from contexthandler.models import IdentityProvider, SystemUse, UserSystem
from kombitportal.agreements.models import Agreement, Signature
from kombitportal.api import services
from kombitportal.core.approxdate import parse_approximate_date
from kombitportal.core.models import Region, Solution
from tests.klik.conftest import TODAY, people_a, person_b, sapa, tasks  # noqa: F401
from valg import services as valg_services


@pytest.fixture
def token_for(db):
    """token_for(user) → a new plain API token of `user`."""

    def make(user) -> str:
        return services.api_token_create(user=user, name="Test", actor=user)[1]

    return make


@pytest.fixture
def api(token_for):
    """api(user) → a client whose every request carries a new API token of `user`."""

    def make(user) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")

    return make


@pytest.fixture
def today(settings):
    settings.PORTAL_TODAY = TODAY
    return TODAY


def rows(response, key: str = "id") -> list:
    """The `key` of each row of a list's page (asserting it answered 200)."""
    assert response.status_code == 200, response.content
    return [row[key] for row in response.json()["results"]]


ODENSE_COMMENT = "Odenses egen kommentar"


@pytest.fixture
def agreements(aarhus, odense):
    solution = Solution.objects.get_or_create(code="sapa", defaults={"name": "SAPA"})[0]
    signed = Agreement(
        kind="tilslutningsaftale", title="SAPA tilslutningsaftale", solution=solution,
        dispatched=True, channel="addosign",
    )  # fmt: skip
    signed.deadline = parse_approximate_date("06.12.2024", reference=date(2024, 11, 1))
    signed.save()
    waiting = Agreement.objects.create(
        kind="databehandleraftale", title="Databehandleraftale", dispatched=True
    )
    planned = Agreement.objects.create(kind="allonge", title="Allonge", dispatched=False)
    common = {"agreement": signed, "signed_on": date(2024, 11, 20), "recorded_by_name": "R"}
    Signature.objects.create(municipality=aarhus, signer_name="Anna Aarhus", **common)
    Signature.objects.create(municipality=odense, signer_name="Bo Odense", **common)
    return {"signed": signed, "waiting": waiting, "planned": planned}


@pytest.fixture
def checkins(aarhus, odense):
    wave = valg_services.wave_save(
        number=1, status="done", starts_on=date(2024, 10, 7), municipalities=[aarhus, odense]
    )
    region = Region.objects.get(code="1082")
    row = valg_services.ImportRow
    valg_services.checkins_import(
        rows=[
            row(2, wave, aarhus, None, 1, "generelt", 4, "Fint"),
            row(3, wave, aarhus, None, 4, "generelt", 5, ""),
            row(4, wave, odense, None, 1, "generelt", 3, ODENSE_COMMENT),
            row(5, wave, None, region, 5, "supporten", 2, ""),
        ],
        actor=None,
    )
    return wave


@pytest.fixture
def idps(aarhus, odense):
    a = IdentityProvider.objects.create(
        municipality=aarhus, name="Aarhus IdP", entity_id="https://idp.aarhus.example/",
        protocol="oiosaml3", profile="oiosaml3",
    )  # fmt: skip
    b = IdentityProvider.objects.create(
        municipality=odense, name="Odense ADFS", entity_id="https://adfs.odense.example/",
        protocol="oiosaml2", profile="oiosaml2-adfs-multipleauthn",
    )  # fmt: skip
    system = UserSystem.objects.create(name="SAPA", level="betydelig")
    SystemUse.objects.create(municipality=aarhus, system=system, handler="ch2")
    return {"a": a, "b": b}
