"""The API of the agreements, SAPA, Valg, Context Handler and the municipalities: each list's and
detail's content, its filters, and its scoping (A never reads B's signatures, check-ins or IdPs,
by a list, a detail or a filter)."""

from datetime import datetime, timedelta
from typing import get_args

import pytest
from django.utils import timezone

from contexthandler import api as ch_api
from contexthandler.loa import Profile, Protocol
from contexthandler.models import (
    Finding,
    MetadataSource,
    Sighting,
)
from kombitportal.agreements import api as agreements_api
from kombitportal.agreements.models import Agreement
from kombitportal.core.models import Region
from sapa import api as sapa_api
from sapa import demo as sapa_demo
from sapa.models import AccessLevel, Interface
from tests.api.conftest import ODENSE_COMMENT, rows
from valg import api as valg_api
from valg.models import Phase, RatedArea, Wave

# --- Municipalities -------------------------------------------------------------------------


@pytest.mark.django_db
def test_municipalities(api, user_a, kombit_user):
    kombit = api(kombit_user)
    found = kombit.get("/api/v1/municipalities/", {"q": "Aarhus"}).json()["results"]
    assert found == [
        {
            "code": "0751",
            "name": "Aarhus",
            "official_name": found[0]["official_name"],
            "cvr": found[0]["cvr"],
            "region": {"code": "1082", "name": "Region Midtjylland"},
            "population": found[0]["population"],
            "population_date": found[0]["population_date"],
        }
    ]
    assert "Aarhus" in found[0]["official_name"] and found[0]["population"] > 300000
    central = rows(
        kombit.get("/api/v1/municipalities/", {"region": "1082", "page_size": 200}), "code"
    )
    assert len(central) == Region.objects.get(code="1082").municipalities.count() == 19
    assert rows(kombit.get("/api/v1/municipalities/", {"q": "0461"}), "name") == ["Odense"]
    assert rows(api(user_a).get("/api/v1/municipalities/", {"q": "Odense"})) == []
    assert api(user_a).get("/api/v1/municipalities/0461/").status_code == 404
    assert api(user_a).get("/api/v1/municipalities/0751/").json()["name"] == "Aarhus"


# --- Agreements ----------------------------------------------------------------------------


def test_agreements_with_the_municipality_s_own_signature(api, user_a, agreements):
    found = api(user_a).get("/api/v1/aftaler/agreements/").json()["results"]
    by_title = {row["title"]: row for row in found}
    assert set(by_title) == {"SAPA tilslutningsaftale", "Databehandleraftale", "Allonge"}
    signed = by_title["SAPA tilslutningsaftale"]
    assert signed["solution"] == {"code": "sapa", "name": "SAPA"}
    assert signed["deadline"]["date"] == "2024-12-06"
    assert signed["channel"] == "addosign" and signed["kind_label"] == "Tilslutningsaftale"
    assert signed["signature"]["signer_name"] == "Anna Aarhus"
    assert signed["signature"]["municipality"]["code"] == "0751"
    assert by_title["Databehandleraftale"]["signature"] is None
    waiting = rows(api(user_a).get("/api/v1/aftaler/agreements/", {"state": "waiting"}), "title")
    assert waiting == ["Databehandleraftale"]
    assert rows(api(user_a).get("/api/v1/aftaler/agreements/", {"state": "planned"}), "title") == [
        "Allonge"
    ]
    assert rows(api(user_a).get("/api/v1/aftaler/agreements/", {"solution": "sapa"}), "title") == [
        "SAPA tilslutningsaftale"
    ]
    assert api(user_a).get("/api/v1/aftaler/agreements/", {"solution": "nope"}).status_code == 422
    assert api(user_a).get("/api/v1/aftaler/agreements/", {"kommune": "0461"}).status_code == 404


def test_an_agreement_s_signatures_are_scoped(api, user_a, kombit_user, agreements):
    url = f"/api/v1/aftaler/agreements/{agreements['signed'].pk}/"
    mine = api(user_a).get(url).json()
    assert [s["municipality"]["code"] for s in mine["signatures"]] == ["0751"]
    assert mine["missing"] is None
    kombit = api(kombit_user).get(url).json()
    assert sorted(s["municipality"]["code"] for s in kombit["signatures"]) == ["0461", "0751"]
    assert kombit["signature"] is None
    assert len(kombit["missing"]) == 96
    odense = api(kombit_user).get("/api/v1/aftaler/agreements/", {"kommune": "0461"}).json()
    signed = next(r for r in odense["results"] if r["id"] == agreements["signed"].pk)
    assert signed["signature"]["signer_name"] == "Bo Odense"


def test_signatures(api, user_a, user_b, kombit_user, agreements):
    assert rows(api(user_a).get("/api/v1/aftaler/signatures/"), "signer_name") == ["Anna Aarhus"]
    assert rows(api(user_b).get("/api/v1/aftaler/signatures/"), "signer_name") == ["Bo Odense"]
    assert api(user_a).get("/api/v1/aftaler/signatures/", {"kommune": "0461"}).status_code == 404
    every = rows(api(kombit_user).get("/api/v1/aftaler/signatures/"), "signer_name")
    assert sorted(every) == ["Anna Aarhus", "Bo Odense"]
    one = (
        api(kombit_user)
        .get(
            "/api/v1/aftaler/signatures/",
            {"kommune": "0461", "agreement": agreements["signed"].pk},
        )
        .json()["results"]
    )
    assert [(s["signer_name"], s["has_document"], s["on_behalf"]) for s in one] == [
        ("Bo Odense", False, False)
    ]
    none = api(kombit_user).get(
        "/api/v1/aftaler/signatures/", {"agreement": agreements["waiting"].pk}
    )
    assert rows(none) == []


def test_agreement_values_are_the_models(kombit_user):
    assert list(get_args(agreements_api.Kind)) == Agreement.Kind.values
    assert list(get_args(agreements_api.Channel)) == Agreement.Channel.values


# --- SAPA ----------------------------------------------------------------------------------


@pytest.fixture
def catalogue(db):
    sapa_demo.load_sapa_demo()


def test_sapa_purposes_and_the_search(api, user_a, catalogue):
    client = api(user_a)
    every = client.get("/api/v1/sapa/purposes/", {"page_size": 200}).json()
    assert every["count"] == 13
    broad = next(p for p in every["results"] if p["name"] == "Bred adgang")
    assert broad["level"] == "bred" and broad["level_label"] == "Bred adgang"
    assert len(broad["subject_areas"]) == 9
    assert broad["legal_bases"][0]["text"].startswith("Lov om social service § 80")
    found = client.get("/api/v1/sapa/purposes/", {"q": "§ 109"}).json()["results"]
    assert [p["name"] for p in found] == ["Bred adgang"]
    assert any(basis["matched"] for basis in found[0]["legal_bases"])
    assert rows(client.get("/api/v1/sapa/purposes/", {"level": "snaever"}), "name") == [
        "Snæver adgang"
    ]
    detail = client.get(f"/api/v1/sapa/purposes/{broad['id']}/").json()
    assert detail == broad
    assert client.get("/api/v1/sapa/purposes/999999/").status_code == 404


def test_sapa_values_are_the_models():
    assert list(get_args(sapa_api.Level)) == AccessLevel.values
    assert list(get_args(sapa_api.Interface)) == Interface.values


# --- Valg ----------------------------------------------------------------------------------


def test_valg_scores_are_the_satisfaction_table(api, user_a, checkins):
    [wave] = api(user_a).get("/api/v1/valg/scores/").json()["results"]
    assert wave["wave"] == 1 and wave["status"] == "done"
    phases = {p["phase"]: (p["mean"], p["answers"]) for p in wave["phases"]}
    assert phases == {
        "klargoering": (3.5, 2),
        "proevevalg_uge4": (5.0, 1),
        "proevevalg_uge5": (None, 0),
    }
    assert wave["total"] == {"mean": 4.25, "answers": 3}
    assert rows(api(user_a).get("/api/v1/valg/scores/", {"rul": 2})) == []


def test_valg_checkins_are_scoped(api, user_a, user_b, kombit_user, checkins):
    mine = api(user_a).get("/api/v1/valg/checkins/").json()["results"]
    assert [(c["municipality"]["code"], c["week"], c["score"]) for c in mine] == [
        ("0751", 1, 4),
        ("0751", 4, 5),
    ]
    assert ODENSE_COMMENT not in str(mine)
    assert mine[0]["phase_label"] == "Klargøring (uge 1-3)"
    assert api(user_a).get("/api/v1/valg/checkins/", {"kommune": "0461"}).status_code == 404
    assert rows(api(user_b).get("/api/v1/valg/checkins/"), "comment") == [ODENSE_COMMENT]
    every = api(kombit_user).get("/api/v1/valg/checkins/").json()["results"]
    assert len(every) == 4
    assert any(c["region"] == {"code": "1082", "name": "Region Midtjylland"} for c in every)
    assert len(rows(api(kombit_user).get("/api/v1/valg/checkins/", {"area": "supporten"}))) == 1
    assert len(rows(api(kombit_user).get("/api/v1/valg/checkins/", {"phase": "klargoering"}))) == 2
    assert len(rows(api(kombit_user).get("/api/v1/valg/checkins/", {"week": 4}))) == 1
    assert rows(api(kombit_user).get("/api/v1/valg/checkins/", {"rul": 2})) == []


def test_valg_values_are_the_models():
    assert list(get_args(valg_api.PhaseValue)) == Phase.values
    assert list(get_args(valg_api.AreaValue)) == RatedArea.values
    assert list(get_args(valg_api.WaveStatus)) == Wave.Status.values


# --- Context Handler -----------------------------------------------------------------------


def test_idps_are_scoped(api, user_a, kombit_user, idps):
    mine = api(user_a).get("/api/v1/contexthandler/idps/").json()["results"]
    assert [(i["name"], i["profile_label"]) for i in mine] == [("Aarhus IdP", "OIOSAML3")]
    assert api(user_a).get(f"/api/v1/contexthandler/idps/{idps['b'].pk}/").status_code == 404
    assert api(user_a).get("/api/v1/contexthandler/idps/", {"kommune": "0461"}).status_code == 404
    every = rows(api(kombit_user).get("/api/v1/contexthandler/idps/"), "name")
    assert every == ["Aarhus IdP", "Odense ADFS"]
    assert rows(
        api(kombit_user).get("/api/v1/contexthandler/idps/", {"protocol": "oiosaml2"}), "name"
    ) == ["Odense ADFS"]
    assert rows(api(kombit_user).get("/api/v1/contexthandler/idps/", {"q": "adfs"}), "name") == [
        "Odense ADFS"
    ]
    detail = api(user_a).get(f"/api/v1/contexthandler/idps/{idps['a'].pk}/").json()
    assert detail["sends"] == [
        {
            "system": "SAPA",
            "level": "NSIS Betydelig",
            "requested": "https://data.gov.dk/concept/core/nsis/loa/Substantial",
            "relay_state": "",
            "idp_must_enforce": False,
        }
    ]


def test_findings_of_the_last_check(api, user_a, db):
    source = MetadataSource.objects.create(name="ch2-test", title="CH2 ekstern test", location="x")
    now = timezone.now()
    old = now - timedelta(hours=4)
    sighting = Sighting.objects.create(
        source=source, sha256="AA:BB", subject="CN=ADG_EXTTEST_Adgangsstyring_1,O=KOMBIT",
        issuer="CN=CA", serial="1", not_before=now - timedelta(days=900),
        not_after=datetime(2026, 3, 28, tzinfo=timezone.get_current_timezone()),
        first_seen=old, last_seen=now,
    )  # fmt: skip
    Finding.objects.create(source=source, checked_at=old, code="OK", message="Gammel")
    Finding.objects.create(
        source=source, checked_at=now, code="EXPIRED", message="Udløbet", sha256="AA:BB"
    )
    Finding.objects.create(source=source, checked_at=now, code="NEW", message="Ny")
    source.last_checked_at = now
    source.save()
    found = api(user_a).get("/api/v1/contexthandler/findings/").json()["results"]
    assert [(f["code"], f["needs_action"]) for f in found] == [("EXPIRED", True), ("NEW", False)]
    assert found[0]["certificate"]["name"] == "ADG_EXTTEST_Adgangsstyring_1"
    assert found[0]["source"] == "ch2-test" and found[1]["certificate"] is None
    assert sighting.sha256 == found[0]["certificate"]["sha256"]
    action = api(user_a).get("/api/v1/contexthandler/findings/", {"needs_action": "true"})
    assert rows(action, "code") == ["EXPIRED"]
    assert rows(api(user_a).get("/api/v1/contexthandler/findings/", {"code": "NEW"}), "code") == [
        "NEW"
    ]
    assert rows(api(user_a).get("/api/v1/contexthandler/findings/", {"source": "x"}), "code") == []


def test_contexthandler_values_are_the_models():
    assert list(get_args(ch_api.ProfileValue)) == Profile.values
    assert list(get_args(ch_api.ProtocolValue)) == Protocol.values
    assert list(get_args(ch_api.Code)) == Finding.Code.values


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/municipalities/?q=%00",
        "/api/v1/municipalities/?region=1%00",
        "/api/v1/klik/assignments/?q=a%00b",
        "/api/v1/aftaler/agreements/?solution=%00",
        "/api/v1/sapa/purposes/?q=%00",
        "/api/v1/contexthandler/idps/?q=%00",
    ],
)
def test_a_nul_in_a_text_parameter_is_a_422_not_a_database_error(path, token_for, user_a, client):
    """PostgreSQL refuses NUL in text: the description forbids it, so it never reaches a query."""
    response = client.get(path, headers={"Authorization": f"Bearer {token_for(user_a)}"})
    assert response.status_code == 422, response.content
