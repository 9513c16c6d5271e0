"""The agreements area's exports: the agreement list with its filter, who is missing a signature,
the visits, the bills and a bill's shares — the same in CSV and XLSX, scoped as their pages, with
the number of queries pinned at two sizes."""

import html
import re
from datetime import date, datetime

import pytest
from django.core.management import call_command

from kombitportal.agreements import services
from kombitportal.agreements.models import Agreement, Bill, Signature, Visit
from kombitportal.core.approxdate import parse_approximate_date
from kombitportal.core.exports import safe_cell
from kombitportal.core.models import Municipality, Role
from tests.exports import both

REFERENCE = date(2024, 11, 1)


def _agreement(title, *, dispatch="", deadline="", **fields) -> Agreement:
    agreement = Agreement(kind="tilslutningsaftale", title=title, **fields)
    if dispatch:
        agreement.dispatch = parse_approximate_date(dispatch, reference=REFERENCE)
    if deadline:
        agreement.deadline = parse_approximate_date(deadline, reference=REFERENCE)
    agreement.save()
    return agreement


@pytest.fixture
def agreements(db, aarhus):
    role = Role.objects.create(name="Systemejer", kind="general", status="published")
    sent = _agreement(
        "SVR-aftale", dispatch="04.11.2024", deadline="Midt dec 2024", dispatched=True
    )
    sent.recipient_roles.add(role)
    signed = _agreement("Tilslutning til Valg", dispatch="01.10.2024", dispatched=True)
    Signature.objects.create(
        agreement=signed, municipality=aarhus, signed_on=date(2024, 10, 15), signer_name="A",
        recorded_by_name="A",
    )  # fmt: skip
    planned = _agreement('=HYPERLINK("https://evil.example")', dispatch="Afventer")
    return {"sent": sent, "signed": signed, "planned": planned}


def _page_titles(client, url):
    page = client.get(url).content.decode()
    return re.findall(r'<th scope="row"><a href="/aftaler/\d+/">([^<]+)</a>', page)


def test_the_list_exports_what_its_filter_shows(agreements, user_a, client_for):
    client = client_for(user_a)
    for query in ("", "state=waiting", "q=Valg", "state=planned"):
        rows_csv, rows_xlsx = both(client, "/aftaler/eksport.csv", query=query)
        shown = [safe_cell(html.unescape(t)) for t in _page_titles(client, f"/aftaler/?{query}")]
        assert [row[1] for row in rows_csv[1:]] == shown, query
    rows_csv, rows_xlsx = both(client, "/aftaler/eksport.csv")
    assert rows_csv[0] == ["Løsning", "Aftale", "Type", "Kanal", "Udsendelse", "Sendt til",
                           "Kopi til", "Frist", "Din kommune", "Underskrevet den"]  # fmt: skip
    by_title = {row[1]: row for row in rows_xlsx[1:]}
    svr = by_title["SVR-aftale"]
    assert svr[4] == datetime(2024, 11, 4) and svr[7] == "Midt dec 2024" and svr[5] == "Systemejer"
    assert svr[8] == "Venter på underskrift" and svr[9] is None
    assert by_title["Tilslutning til Valg"][8:] == ["Underskrevet", datetime(2024, 10, 15)]
    planned = by_title['\'=HYPERLINK("https://evil.example")']  # guarded, in both formats
    assert planned[4] == "Afventer" and planned[8] == "Endnu ikke sendt"
    page = client.get("/aftaler/?state=waiting").content.decode()
    assert 'href="/aftaler/eksport.xlsx?state=waiting">Hent som Excel' in page


def test_a_municipality_exports_its_own_signatures_whatever_the_parameters(
    agreements, odense, user_a, user_b, kombit_user, client_for
):
    rows_b, _x = both(client_for(user_b), "/aftaler/eksport.csv", query="kommune=0751")
    assert "Underskrevet" not in [row[8] for row in rows_b[1:]]  # Odense's, not Aarhus's
    rows_k, _x = both(client_for(kombit_user), "/aftaler/eksport.csv")
    assert len(rows_k[0]) == 8  # no municipality chosen: no signature columns
    rows_k, _x = both(client_for(kombit_user), "/aftaler/eksport.csv", query="kommune=0751")
    assert "Underskrevet" in [row[8] for row in rows_k[1:]]


def test_who_is_missing_in_both_formats(agreements, kombit_user, user_a, client_for):
    client = client_for(kombit_user)
    url = f"/aftaler/{agreements['signed'].pk}/mangler.csv"
    rows_csv, _rows_xlsx = both(client, url)
    assert rows_csv[0] == ["Kommunekode", "Kommune", "CVR-nummer"]
    assert len(rows_csv) == 1 + 97 and "Aarhus" not in {row[1] for row in rows_csv}
    page = client.get(f"/aftaler/{agreements['signed'].pk}/").content.decode()
    assert f'href="/aftaler/{agreements["signed"].pk}/mangler.xlsx">Hent som Excel' in page
    assert client_for(user_a).get(url.replace(".csv", ".xlsx")).status_code == 403


def test_visits_in_the_page_s_order(db, kombit_user, client_for):
    call_command("load_demo", verbosity=0)
    client = client_for(kombit_user)
    rows_csv, rows_xlsx = both(client, "/besoeg/eksport.csv")
    assert rows_csv[0] == ["Status", "Kommunekode", "Kommune", "Dato", "K98", "Interesse vist i"]
    page = client.get("/besoeg/").content.decode()
    shown = re.findall(r"<li>([^<(]+?) \(", page)
    held_and_planned = [row[2] for row in rows_csv[1:] if row[0] in ("Afholdt", "Planlagt")]
    assert held_and_planned == [name.strip() for name in shown][: len(held_and_planned)]
    assert sum(row[0] == "Afholdt" for row in rows_csv) == 48
    assert any(isinstance(row[3], datetime) for row in rows_xlsx[1:])
    assert any(isinstance(row[5], int) for row in rows_xlsx[1:])  # the year interest was shown
    assert 'href="/besoeg/eksport.xlsx">Hent som Excel' in page


def test_bills_and_shares_are_numbers_and_shares_are_scoped(kombit_user, user_a, client_for):
    response = client_for(kombit_user).post(
        "/aftaler/udgifter/",
        {"title": "+45 Kontanthjælp", "basis": "Afledte omkostninger", "total_kr": "60000000.10"},
    )
    bill = Bill.objects.get()
    rows_csv, rows_xlsx = both(client_for(kombit_user), "/aftaler/udgifter/eksport.csv")
    assert rows_csv[1][:2] == ["'+45 Kontanthjælp", "60000000,10"]
    assert rows_xlsx[1][1] == 60000000.1 and isinstance(rows_xlsx[1][2], datetime)
    rows_csv, rows_xlsx = both(client_for(kombit_user), f"/aftaler/udgifter/{bill.pk}/andele.csv")
    assert rows_csv[0] == ["Kommunekode", "Kommune", "Indbyggertal", "Andel (kr.)",
                           "Pr. borger (kr.)"]  # fmt: skip
    assert len(rows_csv) == 1 + 98
    assert sum(round(row[3] * 100) for row in rows_xlsx[1:]) == 60_000_000_10
    own_csv, own_xlsx = both(client_for(user_a), f"/aftaler/udgifter/{bill.pk}/andele.csv")
    assert [row[1] for row in own_csv[1:]] == ["Aarhus"] and isinstance(own_xlsx[1][2], int)
    page = client_for(user_a).get(response["Location"]).content.decode()
    assert f'href="/aftaler/udgifter/{bill.pk}/andele.xlsx">Hent som Excel' in page
    assert (
        'href="/aftaler/udgifter/eksport.csv"'
        in client_for(user_a).get("/aftaler/udgifter/").content.decode()
    )


def _grow(n: int, actor) -> Bill:
    """n more agreements (each signed by one municipality), visits and a bill of n shares."""
    role, _created = Role.objects.get_or_create(name="R", kind="general", status="published")
    municipalities = list(Municipality.objects.order_by("code")[:n])
    for i, municipality in enumerate(municipalities):
        a = Agreement.objects.create(kind="bilag", title=f"Aftale {i} {n}", dispatched=True)
        a.recipient_roles.add(role)
        a.copy_roles.add(role)
        Signature.objects.create(
            agreement=a, municipality=municipality, signed_on="2024-01-01", signer_name="x",
            recorded_by_name="x",
        )  # fmt: skip
        Visit.objects.create(municipality=municipality, status="held", when_text=f"{i} {n}")
    return services.bill_create(title=f"Regning {n}", basis="", total_ore=100 * n, actor=actor)


@pytest.mark.parametrize(
    ("path", "user_fixture", "expected"),
    [
        # session, user, the agreements, their recipients, copies and the own signatures
        ("/aftaler/eksport.{fmt}?q=Aftale", "user_a", 6),
        ("/aftaler/eksport.{fmt}?state=waiting", "user_a", 6),
        # and the municipality chosen
        ("/aftaler/eksport.{fmt}?kommune=0461", "kombit_user", 7),
        # session, user, the agreement with its roles (3), its signatures, the municipalities
        ("/aftaler/{agreement}/mangler.{fmt}", "kombit_user", 7),
        # session, user, the visits
        ("/besoeg/eksport.{fmt}", "user_a", 3),
        # session, user, the bills
        ("/aftaler/udgifter/eksport.{fmt}", "user_a", 3),
        # session, user, the bill, its shares (the user's)
        ("/aftaler/udgifter/{bill}/andele.{fmt}", "user_a", 4),
        ("/aftaler/udgifter/{bill}/andele.{fmt}", "kombit_user", 4),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_exports_run_a_fixed_number_of_queries(
    path,
    user_fixture,
    expected,
    fmt,
    request,
    client_for,
    django_assert_num_queries,
    db_sessions,
    db,
):
    client = client_for(request.getfixturevalue(user_fixture))
    for n in (3, 40):
        bill = _grow(n, request.getfixturevalue("kombit_user"))
        url = path.format(fmt=fmt, agreement=Agreement.objects.latest("pk").pk, bill=bill.pk)
        client.get(url)
        with django_assert_num_queries(expected):
            response = client.get(url)
            assert response.status_code == 200
            assert len(response.getvalue()) > 90
