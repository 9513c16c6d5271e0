"""Dates as KOMBIT writes them, from the seed's task and agreement tables."""

from datetime import date

import pytest

from kombitportal.core.approxdate import ApproximateDateError, Precision, parse_approximate_date

MEETING = date(2024, 11, 1)  # the programme-leader meeting, November 2024


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("31.12.2024", Precision.DAY, date(2024, 12, 31), date(2024, 12, 31)),
        ("19.04.2024", Precision.DAY, date(2024, 4, 19), date(2024, 4, 19)),
        ("Slut dec/start jan", Precision.SPAN, date(2024, 12, 21), date(2025, 1, 10)),
        ("Midt jan 2025", Precision.PART_OF_MONTH, date(2025, 1, 11), date(2025, 1, 20)),
        ("Første i december", Precision.PART_OF_MONTH, date(2024, 12, 1), date(2024, 12, 7)),
        ("Uge 49", Precision.WEEK, date(2024, 12, 2), date(2024, 12, 6)),
        ("Sendes i uge 51", Precision.WEEK, date(2024, 12, 16), date(2024, 12, 20)),
        ("Primo januar", Precision.PART_OF_MONTH, date(2025, 1, 1), date(2025, 1, 10)),
        ("Start december", Precision.PART_OF_MONTH, date(2024, 12, 1), date(2024, 12, 10)),
        ("Juni 2024", Precision.MONTH, date(2024, 6, 1), date(2024, 6, 30)),
        ("Januar", Precision.MONTH, date(2025, 1, 1), date(2025, 1, 31)),
        ("Forventes udsendt 1. februar", Precision.DAY, date(2025, 2, 1), date(2025, 2, 1)),
        ("i det nye år", Precision.YEAR, date(2025, 1, 1), date(2025, 12, 31)),
        # SAPA's timeline: purposes that come early in the year.
        ("Primo 2025", Precision.YEAR, date(2025, 1, 1), date(2025, 3, 31)),
        ("Deadline 6. dec", Precision.DAY, date(2024, 12, 6), date(2024, 12, 6)),
        ("Ultimo 2024", Precision.YEAR, date(2024, 10, 1), date(2024, 12, 31)),
        ("2026", Precision.YEAR, date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_seed_dates(text, precision, earliest, latest):
    parsed = parse_approximate_date(text, reference=MEETING)
    assert (parsed.precision, parsed.earliest, parsed.latest) == (precision, earliest, latest)
    assert parsed.text == text


@pytest.mark.parametrize("text", ["Afventer", "Udsendelse afventer", "afventer "])
def test_pending(text):
    parsed = parse_approximate_date(
        text,
        reference=MEETING,
        pending_reason="Datoer afventer juridisk afklaring mellem STAR og Gældsstyrelsen",
    )
    assert parsed.is_pending and parsed.sort_date("end") is None
    assert parsed.pending_reason.startswith("Datoer afventer")


@pytest.mark.parametrize("text", ["", "snart", "31.02.2024", "Uge 54", "32 december"])
def test_unreadable_dates_are_explained(text):
    with pytest.raises(ApproximateDateError):
        parse_approximate_date(text, reference=MEETING)


def test_end_dates_sort_in_the_right_place():
    texts = [
        "Afventer",
        "Midt jan 2025",
        "31.12.2024",
        "Slut dec/start jan",
        "Uge 49",
        "06.02.2025",
    ]
    parsed = [parse_approximate_date(t, reference=MEETING) for t in texts]
    ordered = sorted(
        parsed, key=lambda p: (p.sort_date("end") is None, p.sort_date("end") or date.max)
    )
    assert [p.text for p in ordered] == [
        "Uge 49",
        "31.12.2024",
        "Slut dec/start jan",
        "Midt jan 2025",
        "06.02.2025",
        "Afventer",
    ]
