"""SAPA's exports: the steps with the state the page shows (the municipality's own, or KOMBIT's
counts) and the purposes the search answers, the same in CSV and XLSX, with the number of queries
pinned at two sizes."""

import re
from datetime import date, datetime

import pytest
from django.core.management import call_command

from kombitportal.agreements import services as agreement_services
from kombitportal.agreements.models import Agreement
from sapa import demo, services
from sapa.models import AccessLevel, Interface, Step
from tests.exports import both


@pytest.fixture
def loaded(db):
    call_command("load_demo", verbosity=0)


def test_the_steps_with_the_municipality_s_state(loaded, aarhus, user_a, user_b, client_for):
    mellem = Agreement.objects.get(title__startswith="Abonnementsaftale – mellem")
    agreement_services.agreement_sign(
        agreement=mellem, municipality=aarhus, signed_on=date(2024, 11, 20),
        signer_name="Mette Kjær Lund", document=None, actor=user_a,
    )  # fmt: skip
    rows_csv, rows_xlsx = both(client_for(user_a), "/sapa/opgaver.csv", query="kommune=0461")
    assert rows_csv[0] == ["Gruppe", "Hvad", "Hvordan", "Hvor", "Hvem", "Hvornår", "KLIK-opgave",
                           "Tilstand", "Færdig"]  # fmt: skip
    assert [row[1] for row in rows_csv[1:]] == list(Step.objects.values_list("what", flat=True))
    signed = next(row for row in rows_csv if row[1].startswith("Underskriv aftale – mellem"))
    assert signed[7:] == ["Underskrevet 20. november 2024", "Ja"]
    assert any(isinstance(row[5], datetime) for row in rows_xlsx[1:])
    others, _x = both(client_for(user_b), "/sapa/opgaver.csv")
    assert not any(row[7].startswith("Underskrevet") for row in others[1:])


def test_kombit_s_steps_count_the_municipalities(loaded, kombit_user, client_for):
    client = client_for(kombit_user)
    rows_csv, _x = both(client, "/sapa/opgaver.csv")
    assert any(row[7] == "Underskrevet af 0 af 98 kommuner" for row in rows_csv[1:]), rows_csv
    page = client.get("/sapa/").content.decode()
    assert 'href="/sapa/opgaver.xlsx">Hent som Excel' in page
    svr = Agreement.objects.get(title="SVR-dataudvekslingsaftale")
    assert f'href="/aftaler/{svr.pk}/mangler.xlsx">Hent som Excel' in page


def test_the_purposes_the_search_answers(db, user_a, client_for):
    demo.load_sapa_demo()
    client = client_for(user_a)
    rows_csv, _rows_xlsx = both(client, "/sapa/formaal/eksport.csv", query="q=%C2%A7+109")
    assert rows_csv[0] == ["Formål", "Adgangsniveau", "Snitflade", "Gælder fra", "Del af",
                           "Hjemler", "Fagområder"]  # fmt: skip
    assert [row[0] for row in rows_csv[1:]] == ["Bred adgang"]
    assert "§§ 107-110" in rows_csv[1][5]
    everything, _x = both(client, "/sapa/formaal/eksport.csv")
    page = client.get("/sapa/formaal/").content.decode()
    catalogued = re.findall(r'<h2 id="purpose-\d+">([^<]+?) <span', page)
    assert [row[0] for row in everything[1 : 1 + len(catalogued)]] == catalogued
    assert (
        'href="/sapa/formaal/eksport.xlsx?q=%C2%A7+109">Hent som Excel'
        in client.get("/sapa/formaal/?q=%C2%A7+109").content.decode()
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_exports_run_a_fixed_number_of_queries(
    loaded, fmt, user_a, kombit_user, client_for, django_assert_num_queries, db_sessions
):
    for extra in (0, 30):
        for i in range(extra):
            purpose = services.purpose_save(
                name=f"Formål {extra} {i}", interface=Interface.INCOME,
                level=AccessLevel.SPECIFIC, effective=f"{i % 28 + 1}.02.2025",
                reference=date(2024, 11, 1),
            )  # fmt: skip
            services.purpose_catalogue_set(
                purpose=purpose, bases=[(f"Lov om prøve {i} § {i + 1}", [])],
                subject_areas=[f"Område {i}"],
            )  # fmt: skip
            Step.objects.create(group="generelle", what=f"Opgave {extra} {i}", klik_code="K53")
        # Session, user; the steps, their KLIK tasks and the signatures (3; KOMBIT also counts
        # the municipalities). The purposes, their legal bases and subject areas (3).
        for user, path, queries in (
            (user_a, "/sapa/opgaver.{fmt}", 5),
            (kombit_user, "/sapa/opgaver.{fmt}", 6),
            (user_a, "/sapa/formaal/eksport.{fmt}?q=Område", 5),
        ):
            client = client_for(user)
            client.get(path.format(fmt=fmt))
            with django_assert_num_queries(queries):
                response = client.get(path.format(fmt=fmt))
                assert response.status_code == 200 and len(response.getvalue()) > 100
