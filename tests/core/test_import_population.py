"""`manage.py import_population`: FOLK1A files in the shapes Statbank produces; every bad row is
reported and then nothing is saved."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kombitportal.core.models import Municipality

HEADER = ["OMRÅDE", "KØN", "ALDER", "CIVILSTAND", "TID", "INDHOLD"]
TOTAL = ["I alt", "Alder i alt", "I alt"]

# As statistikbanken.dk exports it: aggregates, Christiansø and breakdowns besides the totals.
GOOD_ROWS = [
    ["Hele landet", *TOTAL, "2025K3", "6001008"],
    ["Region Hovedstaden", *TOTAL, "2025K3", "1900000"],
    ["Landsdel Byen København", *TOTAL, "2025K3", "850000"],
    ["København", *TOTAL, "2025K3", "670000"],
    ["København", "Mænd", "Alder i alt", "I alt", "2025K3", "330000"],
    ["København", "I alt", "25 år", "I alt", "2025K3", "17000"],
    ["Høje Taastrup", *TOTAL, "2025K3", "58000"],
    ["Aarhus Kommune", *TOTAL, "2025K3", "375000"],
    ["Bornholms Regionskommune", *TOTAL, "2025K3", "39000"],
    ["Christiansø", *TOTAL, "2025K3", "90"],
]


def csv_text(rows: list[list[str]], delimiter: str = ";", header: list[str] = HEADER) -> str:
    return "".join(delimiter.join(f'"{cell}"' for cell in row) + "\r\n" for row in [header, *rows])


def run(tmp_path, text: str, *args: str, encoding: str = "utf-8") -> tuple[str, str]:
    path = tmp_path / "folk1a.csv"
    path.write_bytes(text.encode(encoding))
    out, err = StringIO(), StringIO()
    call_command("import_population", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def populations() -> dict[str, tuple[int | None, date | None]]:
    return {
        code: (population, population_date)
        for code, population, population_date in Municipality.objects.values_list(
            "code", "population", "population_date"
        )
    }


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "iso-8859-1"])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_statbank_export(db, tmp_path, encoding, delimiter):
    out, err = run(tmp_path, csv_text(GOOD_ROWS, delimiter), encoding=encoding)

    assert "Updated 4 municipalities (date 2025-07-01); 0 unchanged." in out
    assert "94 municipalities are not in the file" in err and "Odense" in err
    assert populations()["0101"] == (670000, date(2025, 7, 1))
    assert populations()["0169"] == (58000, date(2025, 7, 1))  # DAWA writes Høje-Taastrup
    assert populations()["0751"] == (375000, date(2025, 7, 1))
    assert populations()["0400"] == (39000, date(2025, 7, 1))


def test_second_run_changes_nothing(db, tmp_path):
    run(tmp_path, csv_text(GOOD_ROWS))
    out, _ = run(tmp_path, csv_text(GOOD_ROWS))
    assert "Updated 0 municipalities (date 2025-07-01); 4 unchanged." in out


def test_two_bad_rows_are_both_reported_and_nothing_changes(db, tmp_path):
    before = populations()
    rows = [
        *GOOD_ROWS,
        ["Atlantis", *TOTAL, "2025K3", "100"],
        ["Odense", *TOTAL, "2025K3", "-5"],
    ]
    with pytest.raises(CommandError) as raised:
        run(tmp_path, csv_text(rows))

    message = str(raised.value)
    assert "2 error(s)" in message and "nothing was saved" in message
    assert "Line 12: unknown municipality “Atlantis”." in message
    assert "Line 13: the population of Odense, “-5”, is not a whole number" in message
    assert populations() == before


@pytest.mark.parametrize("value", ["12,5", "1.5", "..", "mange"])
def test_population_must_be_a_whole_number(db, tmp_path, value):
    with pytest.raises(CommandError, match="Line 2: the population of Odense"):
        run(tmp_path, csv_text([["Odense", "2025K1", value]], header=["OMRÅDE", "TID", "INDHOLD"]))


def test_thousands_separator_and_official_name(db, tmp_path):
    rows = [["Københavns Kommune", "2025K1", "670.123"]]
    run(tmp_path, csv_text(rows, header=["OMRÅDE", "TID", "INDHOLD"]))
    assert populations()["0101"] == (670123, date(2025, 1, 1))


def test_duplicate_municipality(db, tmp_path):
    rows = [["Aarhus", "2025K1", "1"], ["aarhus kommune", "2025K1", "2"]]
    with pytest.raises(CommandError, match=r"Line 3: Aarhus appears twice \(also on line 2\)"):
        run(tmp_path, csv_text(rows, header=["OMRÅDE", "TID", "INDHOLD"]))


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2025K1", date(2025, 1, 1)),
        ("2025K2", date(2025, 4, 1)),
        ("2024K3", date(2024, 7, 1)),
        ("2024k4", date(2024, 10, 1)),
    ],
)
def test_quarter_gives_the_date(db, tmp_path, period, expected):
    out, _ = run(
        tmp_path, csv_text([["Odense", period, "210000"]], header=["område", "tid", "indhold"])
    )
    assert f"(date {expected.isoformat()})" in out
    assert populations()["0461"] == (210000, expected)


def test_date_option_overrides_the_period(db, tmp_path):
    out, _ = run(tmp_path, csv_text(GOOD_ROWS), "--date", "2025-06-30")
    assert "(date 2025-06-30)" in out
    assert populations()["0101"] == (670000, date(2025, 6, 30))


def test_several_periods_need_the_date_option(db, tmp_path):
    before = populations()
    rows = [["Aarhus", "2025K1", "1"], ["Odense", "2025K2", "2"], ["Vejle", "2025K3", "3"]]
    text = csv_text(rows, header=["OMRÅDE", "TID", "INDHOLD"])
    with pytest.raises(CommandError) as raised:
        run(tmp_path, text)
    assert "Line 3: period 2025K2 differs from 2025K1 (line 2)" in str(raised.value)
    assert "Line 4: period 2025K3 differs from 2025K1 (line 2)" in str(raised.value)
    assert populations() == before

    out, _ = run(tmp_path, text, "--date", "2025-01-01")
    assert "Updated 3 municipalities (date 2025-01-01)" in out


def test_codes_and_statbank_title_lines(db, tmp_path):
    """The Statbank API with codes: 000 the country, 084 a region, 01 a landsdel, 411 Christiansø;
    the municipality as 101 or 0101, and the totals as TOT/IALT."""
    text = (
        '"Befolkningen den 1. i kvartalet efter område, køn og tid"\r\n"enhed: antal"\r\n'
        + csv_text(
            [
                ["000", "TOT", "IALT", "TOT", "2025K2", "6000000"],
                ["084", "TOT", "IALT", "TOT", "2025K2", "1900000"],
                ["01", "TOT", "IALT", "TOT", "2025K2", "850000"],
                ["411", "TOT", "IALT", "TOT", "2025K2", "90"],
                ["101", "TOT", "IALT", "TOT", "2025K2", "600000"],
                ["101", "M", "IALT", "TOT", "2025K2", "300000"],
                ["0751", "TOT", "IALT", "TOT", "2025K2", "380000"],
            ]
        )
    )
    out, _ = run(tmp_path, text)
    assert "Updated 2 municipalities (date 2025-04-01)" in out
    assert populations()["0101"] == (600000, date(2025, 4, 1))
    assert populations()["0751"] == (380000, date(2025, 4, 1))


def test_not_a_folk1a_file(db, tmp_path):
    with pytest.raises(CommandError, match="no header line with the columns OMRÅDE and INDHOLD"):
        run(tmp_path, "name,value\nx,1\n")


def test_bad_date_option(db, tmp_path):
    with pytest.raises(CommandError, match="not a date like 2025-01-01"):
        run(tmp_path, csv_text(GOOD_ROWS), "--date", "1/1/2025")


def test_codes_with_values(db, tmp_path):
    """The Statbank API with valuePresentation=CodeAndValue: "101 København", "TOT I alt"."""
    rows = [
        ["000 Hele landet", "TOT I alt", "IALT Alder i alt", "TOT I alt", "2025K1", "5992644"],
        ["101 København", "TOT I alt", "IALT Alder i alt", "TOT I alt", "2025K1", "667099"],
        ["101 København", "K Kvinder", "IALT Alder i alt", "TOT I alt", "2025K1", "340000"],
        ["411 Christiansø", "TOT I alt", "IALT Alder i alt", "TOT I alt", "2025K1", "90"],
    ]
    out, _ = run(tmp_path, csv_text(rows), "--date", "2025-01-02")
    assert "Updated 1 municipalities (date 2025-01-02)" in out
    assert populations()["0101"] == (667099, date(2025, 1, 2))
