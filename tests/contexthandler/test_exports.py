"""Context Handler's exports: what Context Handler 2 sends the municipality's IdPs per system (for
KOMBIT with no municipality chosen, who is still on Context Handler 1) and what it sends under every
profile, the same in CSV and XLSX, with the number of queries pinned at two sizes."""

import re

import pytest
from django.core.management import call_command

from contexthandler import loa
from contexthandler.models import IdentityProvider, SystemUse, UserSystem
from kombitportal.core.models import Municipality
from tests.exports import both


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_what_ch2_sends_the_municipality_s_idps(demo, aarhus, user_a, user_b, client_for):
    IdentityProvider.objects.create(
        municipality=aarhus, name='=HYPERLINK("https://evil.example")',
        entity_id="https://evil.example/", protocol="oiosaml3", profile="oiosaml3",
    )  # fmt: skip
    client = client_for(user_a)
    rows_csv, _x = both(client, "/contexthandler/systemer/eksport.csv", query="kommune=0461")
    idps = list(IdentityProvider.objects.filter(municipality=aarhus).values_list("name", flat=True))
    assert rows_csv[0][:3] == ["System", "Krævet niveau", "Via"]
    assert rows_csv[0][3:] == [f"'{n}" if n.startswith("=") else n for n in idps]
    used = SystemUse.objects.filter(municipality=aarhus).exclude(handler="")
    assert sorted(row[0] for row in rows_csv[1:]) == sorted(u.system.name for u in used)
    page = client.get("/contexthandler/").content.decode()
    assert 'href="/contexthandler/systemer/eksport.xlsx">Hent som Excel' in page
    assert all(row[2] in ("CH1", "CH2") and len(row) == 3 + len(idps) for row in rows_csv[1:])
    others, _x = both(client_for(user_b), "/contexthandler/systemer/eksport.csv")
    assert "HYPERLINK" not in str(others)


def test_kombit_exports_who_is_still_on_ch1(demo, kombit_user, client_for):
    client = client_for(kombit_user)
    rows_csv, _x = both(client, "/contexthandler/systemer/eksport.csv")
    assert rows_csv[0] == ["Kommunekode", "Kommune", "System"]
    page = client.get("/contexthandler/").content.decode()
    shown = re.findall(
        r'<th scope="row"><a href="\?kommune=(\d+)">[^<]+</a></th><td>([^<]+)</td>', page
    )
    assert [(row[0], row[2]) for row in rows_csv[1:]] == shown and shown
    assert 'href="/contexthandler/systemer/eksport.xlsx">Hent som Excel' in page


def test_the_profiles_table(db, user_a, client_for):
    client = client_for(user_a)
    rows_csv, _x = both(client, "/contexthandler/profiler/eksport.csv")
    assert rows_csv[0] == ["Profil", *(level.label for level in loa.Level)]
    assert [row[0] for row in rows_csv[1:]] == [p.label for p in loa.Profile]
    assert rows_csv[1][3] == "3"  # OIOSAML2 asks NIST 3 for NIST 3
    page = client.get("/contexthandler/profiler/").content.decode()
    assert 'href="/contexthandler/profiler/eksport.xlsx">Hent som Excel' in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_exports_run_a_fixed_number_of_queries(
    demo, fmt, aarhus, user_a, kombit_user, client_for, django_assert_num_queries, db_sessions
):
    odense = Municipality.objects.get(code="0461")
    for extra in (0, 20):
        for n in range(extra):
            IdentityProvider.objects.create(
                municipality=aarhus if n % 2 else odense, name=f"IdP {n}",
                entity_id=f"https://idp{n}.example", protocol="oiosaml2", profile="oiosaml2",
            )  # fmt: skip
            system = UserSystem.objects.create(name=f"System {extra} {n}", level="nist3")
            SystemUse.objects.create(municipality=odense if n % 2 else aarhus, system=system,
                                     handler="ch1" if n % 3 else "ch2")  # fmt: skip
        # Session, user; the municipality's IdPs, its systems and their use (3), or KOMBIT's
        # systems still on Context Handler 1 (1). The profiles need no query.
        for user, path, queries in (
            (user_a, "/contexthandler/systemer/eksport.{fmt}", 5),
            (kombit_user, "/contexthandler/systemer/eksport.{fmt}", 3),
            (user_a, "/contexthandler/profiler/eksport.{fmt}", 2),
        ):
            client = client_for(user)
            client.get(path.format(fmt=fmt))
            with django_assert_num_queries(queries):
                response = client.get(path.format(fmt=fmt))
                assert response.status_code == 200 and len(response.getvalue()) > 80
