"""Which solution runs an election: KMD Valg or the new VALG solution (KOMBIT's slide
"Hvilken løsning hvornår?", quoted in `SLIDE_RULE` and `SLIDE_PAYMENT`).

KOMBIT has extended the contract with KMD by half a year, so the day of the election decides, for
every kind of election: before 1 October 2025 it is run in KMD Valg, from 1 October 2025 in the new
VALG solution. The slide's two lines overlap on 1 October ("frem til 1. oktober" and "mellem 1.
oktober og 18. november"); that day goes to the new solution (see `READING`). The local and
regional elections (KV/RV) on 18 November 2025 are planned as the first election in the new
solution. An unannounced election (a general election or a referendum) from April to September
2025 gets a note on payment: KOMBIT finds a model so that the municipalities do not pay for two
solutions at once.

Pure: no database, no models; `which_solution(kind, day)` gives an `Answer`.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Kind(TextChoices):
    FOLKETINGSVALG = "folketingsvalg", _("General election (folketingsvalg)")
    FOLKEAFSTEMNING = "folkeafstemning", _("Referendum (folkeafstemning)")
    KV_RV = "kv-rv", _("Local and regional elections (KV/RV)")
    EUROPAPARLAMENTSVALG = "europaparlamentsvalg", _("European Parliament election")


class Solution(TextChoices):
    KMD = "kmd", _("KMD Valg")
    VALG = "valg", _("the new VALG solution")


NEW_SOLUTION_FROM = date(2025, 10, 1)  # the first day run in the new VALG solution
FIRST_ELECTION = date(2025, 11, 18)  # KV/RV: the first election planned in the new solution
PAYMENT_PERIOD = (date(2025, 4, 1), date(2025, 9, 30))  # both days included
UNANNOUNCED = frozenset({Kind.FOLKETINGSVALG, Kind.FOLKEAFSTEMNING})  # can be called at any time

# The slide's words, quoted exactly: a quote is not translated.
SLIDE_RULE = (
    "Bliver der udskrevet et Folketingsvalg/Folkeafstemning med valgdato frem til 1. oktober 2025, "
    "bliver valget afviklet i KMD Valg\n"
    "Planen er fortsat, at KV/RV den 18. november 2025 bliver det første valg afviklet i den nye "
    "VALG-løsning (hvis der udskrives Folketingsvalg eller Folkeafstemning med afvikling mellem "
    "1. oktober og 18. november 2025, bliver det i den nye løsning)"
)
SLIDE_PAYMENT = (
    "Ved risiko for et uvarslet valg i perioden april til september 2025, finder KOMBIT en model "
    "for den betaling, som kommunerne allerede har betalt for perioden, så der ikke i praksis "
    "bliver betalt for to løsninger til valgunderstøttelse samtidigt."
)
READING = _(
    "1 October 2025 is decided as the first day of the new VALG solution: the slide sends an "
    "election “mellem 1. oktober og 18. november 2025” to the new solution, which includes "
    "1 October, and “frem til 1. oktober 2025” reads as until, not including, 1 October. "
    "European Parliament elections, which the slide does not name, follow the same date rule: "
    "the contract with KMD, not the kind of election, decides."
)

_UNANNOUNCED_KMD = _(
    "A general election or referendum with election day before 1 October 2025 is run in KMD "
    "Valg: KOMBIT has extended the contract with KMD by half a year on behalf of the "
    "municipalities."
)
_UNANNOUNCED_BETWEEN = _(
    "A general election or referendum held between 1 October and 18 November 2025 is run in the "
    "new VALG solution."
)
_UNANNOUNCED_AFTER = _(
    "A general election or referendum after 18 November 2025 is run in the new VALG solution: "
    "the local and regional elections on 18 November 2025 are planned as the first election in it."
)
_KV_RV_FIRST = _(
    "The local and regional elections on 18 November 2025 are planned as the first election run "
    "in the new VALG solution."
)
_KV_RV_KMD = _(
    "Local and regional elections with election day before 1 October 2025 are run in KMD Valg, "
    "under the contract with KMD."
)
_KV_RV_NEW = _(
    "Local and regional elections from 1 October 2025 are run in the new VALG solution; the first "
    "election planned in it is the local and regional elections on 18 November 2025."
)
_EUROPE_KMD = _(
    "The slide does not name European Parliament elections; they follow the same date rule, so "
    "one before 1 October 2025 is run in KMD Valg, under the contract with KMD."
)
_EUROPE_NEW = _(
    "The slide does not name European Parliament elections; they follow the same date rule, so "
    "one from 1 October 2025 is run in the new VALG solution."
)


@dataclass(frozen=True)
class Answer:
    kind: Kind
    day: date
    solution: Solution
    reason: str | Promise  # why, in the portal's words, for this kind and day
    payment_note: bool  # an unannounced election in PAYMENT_PERIOD: show SLIDE_PAYMENT
    first_in_new: bool  # KV/RV on 18 November 2025

    def __str__(self) -> str:
        return str(self.solution.label)


def which_solution(kind: Kind | str, day: date) -> Answer:
    """The solution that runs an election of `kind` (a Kind or its value) on `day`.

    A `datetime` is taken as its own date (`day.date()`, no time zone conversion: convert to local
    time first if it matters). Raises ValueError for an unknown kind or a day that is not a date.
    """
    kind = _kind(kind)
    if isinstance(day, datetime):
        day = day.date()
    elif not isinstance(day, date):
        raise ValueError(f"day must be a datetime.date, not {type(day).__name__}: {day!r}")
    new = day >= NEW_SOLUTION_FROM
    return Answer(
        kind=kind,
        day=day,
        solution=Solution.VALG if new else Solution.KMD,
        reason=_reason(kind, day),
        payment_note=kind in UNANNOUNCED and PAYMENT_PERIOD[0] <= day <= PAYMENT_PERIOD[1],
        first_in_new=kind == Kind.KV_RV and day == FIRST_ELECTION,
    )


def _kind(kind: Kind | str) -> Kind:
    try:
        return Kind(kind)
    except (ValueError, TypeError):
        allowed = ", ".join(Kind.values)
        raise ValueError(f"unknown kind of election {kind!r}: use one of {allowed}") from None


def _reason(kind: Kind, day: date) -> str | Promise:
    new = day >= NEW_SOLUTION_FROM
    if kind == Kind.EUROPAPARLAMENTSVALG:
        return _EUROPE_NEW if new else _EUROPE_KMD
    if kind == Kind.KV_RV:
        if day == FIRST_ELECTION:
            return _KV_RV_FIRST
        return _KV_RV_NEW if new else _KV_RV_KMD
    if not new:
        return _UNANNOUNCED_KMD
    return _UNANNOUNCED_BETWEEN if day <= FIRST_ELECTION else _UNANNOUNCED_AFTER
