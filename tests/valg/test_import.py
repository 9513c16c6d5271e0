"""KOMBIT's survey export of the check-ins: `read_checkins` checks every row and reports each bad
one by its line; `import_checkins` saves all of the file or nothing, and importing it twice
doubles nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from kombitportal.core.models import Region
from valg.imports import read_checkins
from valg.models import CheckIn, Phase, RatedArea, Wave
from valg.services import checkins_import, wave_save

pytestmark = pytest.mark.django_db

HEADER = "municipality_code,wave,phase,week,area,score,comment"


@pytest.fixture
def midtjylland(db) -> Region:
    return Region.objects.get(code="1082")


@pytest.fixture
def waves(aarhus, odense, midtjylland) -> dict[int, Wave]:
    return {
        1: wave_save(number=1, status="done", municipalities=[aarhus], regions=[midtjylland]),
        2: wave_save(number=2, status="running", municipalities=[odense]),
        3: wave_save(number=3, status="planned"),  # lists nobody: anyone may check in
        4: wave_save(number=4, status="cancelled", municipalities=[aarhus]),
    }


def csv_file(*lines: str, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    """The lines, written with `,` and turned into `delimiter`, joined by CRLF like Excel does."""
    return "\r\n".join(line.replace(",", delimiter) for line in lines).encode(encoding) + b"\r\n"


def read(raw: bytes):
    with translation.override("en"):
        return read_checkins(raw)


def errors_of(*lines: str) -> list[str]:
    parsed = read(csv_file(*lines))
    assert parsed.rows == []
    return parsed.errors


def saved() -> list[tuple]:
    return list(
        CheckIn.objects.order_by("pk").values_list(
            "wave__number", "municipality__code", "region__code", "phase", "week", "area",
            "score", "comment", "source",
        )
    )  # fmt: skip


def import_file(tmp_path, raw: bytes, name: str = "survey.csv") -> str:
    path = tmp_path / name
    path.write_bytes(raw)
    with translation.override("da"):  # the command speaks English whatever the language is
        out = StringIO()
        call_command("import_checkins", str(path), stdout=out)
    return out.getvalue()


GOOD = (
    HEADER,
    "0751,1,klargoering,1,generelt,4,Godt i gang",
    "751,Rul 1,klargoering,2,supporten,3,",
    "1082,rul 1,proevevalg_uge4,4,valgdagen,5,  Regionen er klar  ",
    "461,2,PROEVEVALG_UGE5,5,Udrulningen,2,Svært",
    "0101,3,proevevalg_uge5,5,generelt,1,København uden for rul",
)
GOOD_SAVED = [
    (1, "0751", None, "klargoering", 1, "generelt", 4, "Godt i gang", "import"),
    (1, "0751", None, "klargoering", 2, "supporten", 3, "", "import"),
    (1, None, "1082", "proevevalg_uge4", 4, "valgdagen", 5, "Regionen er klar", "import"),
    (2, "0461", None, "proevevalg_uge5", 5, "udrulningen", 2, "Svært", "import"),
    (3, "0101", None, "proevevalg_uge5", 5, "generelt", 1, "København uden for rul", "import"),
]


@pytest.mark.parametrize(
    "raw",
    [
        b"\xef\xbb\xbf" + csv_file(*GOOD, delimiter=";"),
        csv_file(*GOOD),
        csv_file(*GOOD, delimiter=";", encoding="cp1252"),
    ],
    ids=["utf-8 with BOM and ;", "utf-8 and ,", "windows-1252 and ;"],
)
def test_a_good_file_is_imported(waves, raw):
    parsed = read(raw)
    assert parsed.errors == []
    assert [row.line for row in parsed.rows] == [2, 3, 4, 5, 6]
    result = checkins_import(rows=parsed.rows, actor=None)
    assert (result.created, result.changed, result.unchanged) == (5, 0, 0)
    assert saved() == GOOD_SAVED


def test_the_header_is_trimmed_case_insensitive_and_in_any_order(waves):
    parsed = read(
        csv_file(
            " Score ,COMMENT,Area,week,Phase,wave, Municipality_Code",
            "",
            "4,Fint,generelt,1,klargoering,1,0751",
            "   ,  ,",
            "5,,supporten,4,proevevalg_uge4,1,1082",
        )
    )
    assert parsed.errors == []
    assert [(r.line, r.municipality, r.region, r.week, r.area, r.score, r.comment) for r in parsed.rows] == [
        (3, waves[1].municipalities.get(), None, 1, "generelt", 4, "Fint"),
        (5, None, waves[1].regions.get(), 4, "supporten", 5, ""),
    ]  # fmt: skip


def test_every_bad_row_is_reported_with_its_line_and_reason(waves, tmp_path):
    lines = (
        HEADER,
        "0751,1,klargoering,1,generelt,4,A good row",  # 2
        "9999,1,klargoering,1,generelt,4,",  # 3
        "0751,7,klargoering,1,generelt,4,",  # 4
        "0751,first,klargoering,1,generelt,4,",  # 5
        "0751,Rul 4,klargoering,1,generelt,4,",  # 6
        "0751,2,klargoering,1,generelt,4,",  # 7
        "1082,2,klargoering,1,generelt,4,",  # 8
        "0751,1,shadow,1,generelt,4,",  # 9
        "0751,1,klargoering,4,generelt,4,",  # 10
        "0751,1,klargoering,6,generelt,4,",  # 11
        "0751,1,klargoering,2,weather,4,",  # 12
        "0751,1,klargoering,2,generelt,3,5,",  # 13: "3,5" is two cells
        '0751,1,klargoering,2,generelt,"3,5",',  # 14
        "0751,1,klargoering,2,valgdagen,0,",  # 15
        "0751,1,klargoering,2,udrulningen,6,",  # 16
        "0751,1,klargoering,2,supporten,,",  # 17
        f"0751,1,klargoering,3,generelt,4,{'x' * 2001}",  # 18
        ",,,,,,",  # a blank line: skipped
        "0461,,klargoering,,generelt,2",  # 20
        ",2,proevevalg_uge4,4,valgdagen,2.0,",  # 21
        "0751,1,klargoering,3,valgdagen,5,Another good row",  # 22
    )
    assert errors_of(*lines) == [
        "Line 3: “9999” is not the code of a municipality (like 0751) or a region (like 1082).",
        "Line 4: there is no wave “7”.",
        "Line 5: the wave “first” is not a wave number like 1 or “Rul 1”.",
        "Line 6: Rul 4 was cancelled: it has no check-ins.",
        "Line 7: Aarhus was not in Rul 2.",
        "Line 8: Region Midtjylland was not in Rul 2.",
        "Line 9: unknown phase “shadow” (the phases are klargoering, proevevalg_uge4, "
        "proevevalg_uge5).",
        "Line 10: week 4 is not a week of the phase “klargoering” (its weeks: 1, 2, 3).",
        "Line 11: the week “6” is not a whole number from 1 to 5.",
        "Line 12: unknown rated area “weather” (the areas are generelt, valgdagen, udrulningen, "
        "supporten).",
        "Line 13: 8 cells where the header has 7.",
        "Line 14: the score “3,5” is not a whole number from 1 to 5.",
        "Line 15: the score “0” is not a whole number from 1 to 5.",
        "Line 16: the score “6” is not a whole number from 1 to 5.",
        "Line 17: the column score is empty.",
        "Line 18: the comment has 2001 characters; at most 2000 are allowed.",
        "Line 20: 6 cells where the header has 7.",
        "Line 21: the column municipality_code is empty.",
        "Line 21: the score “2.0” is not a whole number from 1 to 5.",
    ]

    path = tmp_path / "survey.csv"
    path.write_bytes(csv_file(*lines))
    with pytest.raises(CommandError) as raised:
        call_command("import_checkins", str(path))
    message = str(raised.value)
    assert message.startswith("19 error(s) in survey.csv; nothing was saved:\n")
    assert "\n  Line 7: Aarhus was not in Rul 2.\n" in message
    assert message.endswith("\n  Line 21: the score “2.0” is not a whole number from 1 to 5.")
    assert CheckIn.objects.count() == 0  # the good lines 2 and 22 are not saved either


def test_a_bad_participant_in_a_wave_and_a_bad_score_are_both_reported(waves):
    assert errors_of(HEADER, "0461,1,klargoering,1,generelt,9,") == [
        "Line 2: Odense was not in Rul 1.",
        "Line 2: the score “9” is not a whole number from 1 to 5.",
    ]


def test_the_same_check_in_twice_in_the_file_names_both_lines(waves):
    assert errors_of(
        HEADER,
        "0751,1,klargoering,1,generelt,4,",
        "0751,1,klargoering,2,generelt,4,",
        "1082,1,klargoering,1,generelt,4,",  # a region: another participant
        "751,Rul 1,KLARGOERING,1,Generelt,2,changed my mind",
        "0751,1,klargoering,1,generelt,5,",
    ) == [
        "Line 5: Aarhus, Rul 1, week 1, “generelt” appears twice (also on line 2).",
        "Line 6: Aarhus, Rul 1, week 1, “generelt” appears twice (also on line 2).",
    ]
    assert CheckIn.objects.count() == 0


def test_a_quoted_cell_over_several_lines_keeps_the_line_numbers(waves):
    parsed = read(
        csv_file(
            HEADER,
            '0751,1,klargoering,1,generelt,4,"first line',
            'second line"',
            "0751,1,klargoering,2,generelt,x,",
        )
    )
    assert parsed.errors == ["Line 4: the score “x” is not a whole number from 1 to 5."]


def test_the_command_imports_and_a_second_import_changes_nothing(waves, tmp_path):
    raw = b"\xef\xbb\xbf" + csv_file(*GOOD, delimiter=";")
    assert import_file(tmp_path, raw) == "Imported 5 check-ins: 5 new, 0 changed, 0 unchanged.\n"
    assert saved() == GOOD_SAVED
    assert import_file(tmp_path, raw) == "Imported 5 check-ins: 0 new, 0 changed, 5 unchanged.\n"
    assert saved() == GOOD_SAVED


def test_a_changed_score_is_updated_not_added(waves, tmp_path):
    import_file(tmp_path, csv_file(*GOOD))
    first = CheckIn.objects.get(municipality__code="0751", week=1)
    changed = (HEADER, "751,1,klargoering,1,generelt,2,Godt i gang", *GOOD[2:])
    out = import_file(tmp_path, csv_file(*changed))
    assert out == "Imported 5 check-ins: 0 new, 1 changed, 4 unchanged.\n"
    assert CheckIn.objects.count() == 5
    first.refresh_from_db()
    assert (first.score, first.comment, first.phase, first.area) == (
        2, "Godt i gang", Phase.PREPARATION, RatedArea.GENERAL,
    )  # fmt: skip


def test_an_unreadable_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match=r"Cannot read .*missing\.csv"):
        call_command("import_checkins", str(tmp_path / "missing.csv"))


@pytest.mark.parametrize(
    ("header", "errors"),
    [
        (
            "municipality_code,wave,phase,week,area,score",
            ["Line 1: the header has no column “comment”."],
        ),
        (
            "municipality_code;wave;week;area;comment",
            [
                "Line 1: the header has no column “phase”.",
                "Line 1: the header has no column “score”.",
            ],
        ),
        (
            f"{HEADER},respondent",
            [
                "Line 1: unknown column “respondent” in the header (the columns are "
                "municipality_code, wave, phase, week, area, score, comment)."
            ],
        ),
        (
            "kommunekode,wave,phase,week,area,score,comment,",
            [
                "Line 1: unknown column “kommunekode” in the header (the columns are "
                "municipality_code, wave, phase, week, area, score, comment).",
                "Line 1: column 8 of the header has no name.",
                "Line 1: the header has no column “municipality_code”.",
            ],
        ),
        (f"{HEADER},Score", ["Line 1: the column “score” appears twice in the header."]),
    ],
    ids=["missing", "two missing", "unknown", "renamed and unnamed", "twice"],
)
def test_header_problems(waves, header, errors):
    assert errors_of(header, "0751,1,klargoering,1,generelt,4,,") == errors


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (b"", "The file is empty: it has no header line and no rows."),
        (b"\xef\xbb\xbf\r\n  \r\n", "The file is empty: it has no header line and no rows."),
        (csv_file(HEADER), "The file has only the header line: it has no rows."),
        (csv_file(HEADER, "", ",,,"), "The file has only the header line: it has no rows."),
    ],
    ids=["empty", "blank lines", "header", "header and blank lines"],
)
def test_a_file_without_rows_is_one_error(raw, error):
    parsed = read(raw)
    assert (parsed.rows, parsed.errors) == ([], [error])


def rows_for(count: int) -> bytes:
    """`count` (up to 60) different, good check-ins: Aarhus and Region Midtjylland in Rul 1,
    Aarhus in Rul 3, every week and rated area."""
    keys = [
        (participant, wave, week, area)
        for participant, wave in (("0751", 1), ("1082", 1), ("0751", 3))
        for week in range(1, 6)
        for area in RatedArea.values
    ]
    phase = {1: "klargoering", 2: "klargoering", 3: "klargoering", 4: "proevevalg_uge4"}
    return csv_file(
        HEADER,
        *(
            f"{code},{wave},{phase.get(week, 'proevevalg_uge5')},{week},{area},{1 + n % 5},n{n}"
            for n, (code, wave, week, area) in enumerate(keys[:count])
        ),
    )


@pytest.mark.parametrize("count", [3, 60])
def test_reading_takes_the_same_queries_for_any_number_of_rows(
    waves, count, django_assert_num_queries
):
    raw = rows_for(count)
    # municipalities, regions, waves and the waves' municipalities and regions
    with django_assert_num_queries(5):
        parsed = read(raw)
    assert parsed.errors == []
    assert len(parsed.rows) == count
