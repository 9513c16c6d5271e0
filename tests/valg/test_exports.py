"""Valg's exports: the satisfaction table (means as numbers) and the check-ins (a municipality's
own week by week whatever the parameters, or for KOMBIT who took part in which wave), the same in
CSV and XLSX, with the number of queries pinned at two sizes."""

from datetime import date

import pytest

from kombitportal.core.models import Municipality
from tests.exports import both
from valg import services

pytestmark = pytest.mark.django_db


def score(wave, municipality, week, value, comment="", area="generelt"):
    return services.ImportRow(0, wave, municipality, None, week, area, value, comment)


@pytest.fixture
def wave(aarhus, odense):
    wave = services.wave_save(
        number=1, status="done", starts_on=date(2024, 10, 7), municipalities=[aarhus, odense]
    )
    services.checkins_import(
        rows=[
            score(wave, aarhus, 1, 3), score(wave, odense, 1, 4), score(wave, aarhus, 2, 5),
            score(wave, aarhus, 4, 4, '=HYPERLINK("https://evil.example")'),
            score(wave, odense, 4, 3, "Odenses egen"), score(wave, aarhus, 5, 4),
            score(wave, aarhus, 5, 2, "Svært", area="supporten"),
        ],
        actor=None,
    )  # fmt: skip
    return wave


def test_the_satisfaction_table_as_numbers(wave, user_a, client_for):
    client = client_for(user_a)
    rows_csv, rows_xlsx = both(client, "/valg/tilfredshed.csv")
    assert rows_csv[0][:3] == ["Rul", "Klargøring (uge 1-3)", "Klargøring (uge 1-3): svar"]
    assert rows_csv[0][-2:] == ["Total udrulning", "Total udrulning: svar"]
    # Klargøring (3 + 4 + 5) / 3 = 4; uge 4: 3,5; uge 5: 4; total 3,83 — as the page shows them.
    assert rows_csv[1] == ["Rul 1", "4", "3", "3,5", "2", "4", "1", "3,83", "6"]
    assert rows_xlsx[1][1:] == [4, 3, 3.5, 2, 4, 1, 3.83, 6]
    assert 'href="/valg/tilfredshed.xlsx">Hent som Excel' in client.get("/valg/").content.decode()


def test_a_municipality_exports_its_own_check_ins_whatever_the_parameters(wave, user_a, client_for):
    client = client_for(user_a)
    rows_csv, rows_xlsx = both(client, "/valg/tjek-ind/eksport.csv", query="kommune=0461")
    assert rows_csv[0][:5] == ["Rul", "Uge", "Fase", rows_csv[0][3], f"{rows_csv[0][3]}: kommentar"]
    assert [row[1] for row in rows_csv[1:]] == ["1", "2", "3", "4", "5"]
    week4 = rows_xlsx[4]
    assert week4[:5] == ["Rul 1", 4, "Prøvevalg (uge 4)", 4, '\'=HYPERLINK("https://evil.example")']
    assert rows_csv[5][9:] == ["2", "Svært"]  # the support's score of week 5
    assert "Odenses egen" not in str(rows_csv)
    page = client.get("/valg/tjek-ind/").content.decode()
    assert 'href="/valg/tjek-ind/eksport.xlsx">Hent som Excel' in page


def test_kombit_exports_who_took_part_or_one_municipality(wave, kombit_user, client_for):
    client = client_for(kombit_user)
    rows_csv, _x = both(client, "/valg/tjek-ind/eksport.csv")
    assert rows_csv == [
        ["Rul", "Status", "Kommunekode", "Kommune"],
        ["Rul 1", "Gennemført", "0751", "Aarhus"],
        ["Rul 1", "Gennemført", "0461", "Odense"],
    ]
    rows_csv, _x = both(client, "/valg/tjek-ind/eksport.csv", query="kommune=0461")
    assert "Odenses egen" in str(rows_csv)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_exports_run_a_fixed_number_of_queries(
    wave, fmt, user_a, kombit_user, client_for, django_assert_num_queries, db_sessions
):
    for number, count in ((2, 3), (3, 40)):
        participants = list(Municipality.objects.order_by("code")[:count])
        more = services.wave_save(
            number=number, status="done", starts_on=date(2024, 11, number),
            municipalities=participants,
        )  # fmt: skip
        services.checkins_import(
            rows=[score(more, m, 1 + i % 5, 1 + i % 5) for i, m in enumerate(participants)],
            actor=None,
        )
        # Session, user; the waves with their municipalities and regions (3), the table (1). The
        # check-ins: the municipality's wave and its check-ins (2), or for KOMBIT the waves (3).
        for user, path, queries in (
            (user_a, "/valg/tilfredshed.{fmt}", 6),
            (user_a, "/valg/tjek-ind/eksport.{fmt}", 4),
            (kombit_user, "/valg/tjek-ind/eksport.{fmt}", 5),
        ):
            client = client_for(user)
            client.get(path.format(fmt=fmt))
            with django_assert_num_queries(queries):
                response = client.get(path.format(fmt=fmt))
                assert response.status_code == 200 and len(response.getvalue()) > 90
