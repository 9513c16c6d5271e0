"""KOMBIT's slide "Hvilken løsning hvornår?": which solution runs an election, on both sides of
every boundary, for every kind of election."""

import dataclasses
from datetime import date, datetime

import pytest
from django.utils.functional import Promise
from django.utils.translation import override

from valg.rules import (
    FIRST_ELECTION,
    NEW_SOLUTION_FROM,
    PAYMENT_PERIOD,
    READING,
    SLIDE_PAYMENT,
    SLIDE_RULE,
    Kind,
    Solution,
    which_solution,
)

DAYS = [
    (date(2022, 11, 1), Solution.KMD),  # a past election
    (date(2025, 9, 30), Solution.KMD),
    (date(2025, 10, 1), Solution.VALG),  # the overlap: decided for the new solution
    (date(2025, 11, 17), Solution.VALG),
    (date(2025, 11, 18), Solution.VALG),
    (date(2025, 11, 19), Solution.VALG),
    (date(2029, 6, 7), Solution.VALG),
]


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize(("day", "solution"), DAYS, ids=[str(day) for day, _ in DAYS])
def test_the_day_decides_for_every_kind(kind, day, solution):
    answer = which_solution(kind, day)
    assert answer.solution == solution
    assert (answer.kind, answer.day) == (kind, day)
    assert str(answer.reason)


def test_the_constants():
    constants = (NEW_SOLUTION_FROM, FIRST_ELECTION, PAYMENT_PERIOD)
    assert constants == (
        date(2025, 10, 1),
        date(2025, 11, 18),
        (date(2025, 4, 1), date(2025, 9, 30)),
    )


def test_european_parliament_election_in_2029_is_in_the_new_solution():
    answer = which_solution(Kind.EUROPAPARLAMENTSVALG, date(2029, 6, 7))
    assert answer.solution == Solution.VALG
    with override("en"):
        assert "does not name European Parliament elections" in str(answer.reason)


PAYMENT_DAYS = [
    (date(2025, 3, 31), False),
    (date(2025, 4, 1), True),
    (date(2025, 9, 30), True),
    (date(2025, 10, 1), False),
    (date(2022, 11, 1), False),
]


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize(("day", "inside"), PAYMENT_DAYS, ids=[str(d) for d, _ in PAYMENT_DAYS])
def test_payment_note_only_for_an_unannounced_election_in_the_period(kind, day, inside):
    unannounced = kind in (Kind.FOLKETINGSVALG, Kind.FOLKEAFSTEMNING)
    assert which_solution(kind, day).payment_note is (inside and unannounced)


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("day", [day for day, _ in DAYS])
def test_first_in_new_only_for_kv_rv_on_18_november_2025(kind, day):
    expected = kind == Kind.KV_RV and day == date(2025, 11, 18)
    assert which_solution(kind, day).first_in_new is expected


def test_kv_rv_on_18_november_2025_is_the_first_in_the_new_solution():
    answer = which_solution("kv-rv", date(2025, 11, 18))
    assert (answer.solution, answer.first_in_new) == (Solution.VALG, True)
    with override("en"):
        assert "first election" in str(answer.reason)


def test_kv_rv_before_october_follows_the_contract_with_kmd():
    answer = which_solution(Kind.KV_RV, date(2025, 9, 30))
    assert (answer.solution, answer.first_in_new) == (Solution.KMD, False)


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (date(2025, 9, 30), "before 1 October 2025"),
        (date(2025, 10, 1), "between 1 October and 18 November 2025"),
        (date(2025, 11, 18), "between 1 October and 18 November 2025"),
        (date(2025, 11, 19), "after 18 November 2025"),
    ],
)
def test_the_reason_is_specific_to_the_case(day, words):
    with override("en"):
        assert words in str(which_solution(Kind.FOLKETINGSVALG, day).reason)


@pytest.mark.parametrize("kind", list(Kind))
def test_kind_as_string_or_enum(kind):
    day = date(2025, 10, 15)
    by_string = which_solution(str(kind.value), day)
    assert by_string == which_solution(kind, day)
    assert type(by_string.kind) is Kind


@pytest.mark.parametrize("kind", ["kv", "Folketingsvalg", "", "kmd", None, 3])
def test_an_unknown_kind_is_refused(kind):
    with pytest.raises(ValueError, match="folketingsvalg, folkeafstemning, kv-rv"):
        which_solution(kind, date(2025, 10, 1))


@pytest.mark.parametrize("day", ["2025-10-01", None, 20251001])
def test_a_day_that_is_not_a_date_is_refused(day):
    with pytest.raises(ValueError, match=r"datetime\.date"):
        which_solution(Kind.FOLKETINGSVALG, day)


def test_a_datetime_is_taken_as_its_date():
    answer = which_solution(Kind.FOLKETINGSVALG, datetime(2025, 9, 30, 23, 59))
    assert answer.day == date(2025, 9, 30)
    assert type(answer.day) is date
    assert answer.solution == Solution.KMD


def test_the_answer_names_the_solution():
    kmd = which_solution(Kind.FOLKETINGSVALG, date(2025, 9, 30))
    new = which_solution(Kind.FOLKETINGSVALG, date(2025, 10, 1))
    assert str(kmd) == str(Solution.KMD.label)
    assert str(new) == str(Solution.VALG.label)
    with override("en"):
        assert str(kmd) == "KMD Valg"
        assert str(new) == "the new VALG solution"


def test_the_answer_is_frozen():
    answer = which_solution(Kind.FOLKEAFSTEMNING, date(2025, 5, 1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        answer.solution = Solution.VALG  # type: ignore[misc]


def test_kind_values_and_english_labels():
    assert Kind.values == ["folketingsvalg", "folkeafstemning", "kv-rv", "europaparlamentsvalg"]
    with override("en"):
        assert [str(label) for label in Kind.labels] == [
            "General election (folketingsvalg)",
            "Referendum (folkeafstemning)",
            "Local and regional elections (KV/RV)",
            "European Parliament election",
        ]


def test_the_slide_is_quoted_in_danish_and_not_translated():
    assert type(SLIDE_RULE) is str and type(SLIDE_PAYMENT) is str
    lines = SLIDE_RULE.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("Bliver der udskrevet et Folketingsvalg/Folkeafstemning")
    assert lines[0].endswith("frem til 1. oktober 2025, bliver valget afviklet i KMD Valg")
    assert "mellem 1. oktober og 18. november 2025" in lines[1]
    assert "den nye VALG-løsning" in lines[1]
    assert SLIDE_PAYMENT.startswith("Ved risiko for et uvarslet valg i perioden april til")
    assert SLIDE_PAYMENT.endswith("to løsninger til valgunderstøttelse samtidigt.")


def test_the_reading_explains_the_overlap():
    assert isinstance(READING, Promise)
    with override("en"):
        reading = str(READING)
    assert "1 October 2025" in reading
    assert "European Parliament" in reading
