"""What Valg's pages read, each in a fixed number of queries: the waves with who took part, the
satisfaction table computed from the single check-ins, the score distributions per rated area, a
municipality's own check-ins and comments, and the milestones as a timeline."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Count, Prefetch, QuerySet, Sum

from kombitportal.core.models import Municipality, Region
from kombitportal.core.scoping import scope_to_user
from kombitportal.core.timeline import Event
from valg.models import WEEKS, CheckIn, Milestone, Phase, RatedArea, StatusPoint, Wave, phase_of

HUNDREDTH = Decimal("0.01")


def rounded(value: Fraction | None) -> Decimal | None:
    """Two decimals, half up, without trailing zeros: 3.966… → 3.97, 3.80 → 3.8, 4.00 → 4 (the
    template shows it the Danish way, "3,97")."""
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    two = exact.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
    return two.quantize(Decimal(1)) if two == two.to_integral() else two.normalize()


def mean_of(values: list[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


def status_points() -> list[StatusPoint]:
    return list(StatusPoint.objects.all())


def waves() -> list[Wave]:
    """Every wave with its municipalities and regions, in the order they ran (the slide's Rul 2,
    Rul 3, Rul 1), those without a date last. Three queries."""
    found = Wave.objects.prefetch_related(
        Prefetch(
            "municipalities",
            queryset=Municipality.objects.order_by("name"),
            to_attr="municipality_list",
        ),
        Prefetch("regions", queryset=Region.objects.order_by("name"), to_attr="region_list"),
    )
    return sorted(found, key=lambda w: (w.starts_on is None, w.starts_on or w.number, w.number))


@dataclass(frozen=True)
class Cell:
    """A mean of "generelt" scores: as shown (rounded), exactly, and how many answers it has."""

    mean: Decimal | None
    exact: Fraction | None
    answers: int


@dataclass(frozen=True)
class TableRow:
    wave: Wave
    phases: list[Cell]  # in Phase order
    total: Cell  # the mean of the phase means


def satisfaction_table(wave_list: list[Wave]) -> list[TableRow]:
    """Per wave that was not cancelled: the mean of the "generelt" scores per phase and "Total
    udrulning", the mean of the phase means (of the phases that have answers). One query."""
    sums: dict[tuple[int, str], tuple[int, int]] = {
        (row["wave"], row["phase"]): (row["total"], row["n"])
        for row in CheckIn.objects.filter(area=RatedArea.GENERAL)
        .order_by()
        .values("wave", "phase")
        .annotate(total=Sum("score"), n=Count("pk"))
    }
    rows = []
    for wave in wave_list:
        if wave.status == Wave.Status.CANCELLED:
            continue
        cells = []
        for phase in Phase:
            total, n = sums.get((wave.pk, phase.value), (0, 0))
            exact = Fraction(total, n) if n else None
            cells.append(Cell(rounded(exact), exact, n))
        overall = mean_of([c.exact for c in cells if c.exact is not None])
        rows.append(
            TableRow(wave, cells, Cell(rounded(overall), overall, sum(c.answers for c in cells)))
        )
    return rows


@dataclass(frozen=True)
class Distribution:
    area: RatedArea
    counts: list[int]  # how many gave 1, 2, 3, 4, 5
    mean: Decimal | None

    @property
    def answers(self) -> int:
        return sum(self.counts)


def distributions(wave: Wave | None) -> list[Distribution]:
    """How the wave's scores spread per rated area ("Scores fra rul 1"). One query."""
    if wave is None:
        return []
    counts = {
        (row["area"], row["score"]): row["n"]
        for row in CheckIn.objects.filter(wave=wave)
        .exclude(area=RatedArea.GENERAL)
        .order_by()
        .values("area", "score")
        .annotate(n=Count("pk"))
    }
    found = []
    for area in (RatedArea.ELECTION_DAY, RatedArea.ROLLOUT, RatedArea.SUPPORT):
        per_score = [counts.get((area.value, score), 0) for score in range(1, 6)]
        n = sum(per_score)
        mean = (
            Fraction(sum(s * c for s, c in zip(range(1, 6), per_score, strict=True)), n)
            if n
            else None
        )
        found.append(Distribution(area, per_score, rounded(mean)))
    return found


def last_wave(wave_list: list[Wave]) -> Wave | None:
    """The wave that ran last and has check-ins (the slide's "sidste rul")."""
    done = [w for w in wave_list if w.status == Wave.Status.DONE and w.starts_on]
    return max(done, key=lambda w: w.starts_on or date.min, default=None)


def wave_of(municipality: Municipality) -> Wave | None:
    """The wave the municipality is in (a cancelled wave does not count). One query."""
    return (
        Wave.objects.filter(municipalities=municipality)
        .exclude(status=Wave.Status.CANCELLED)
        .order_by("number")
        .first()
    )


@dataclass(frozen=True)
class Comment:
    text: str
    wave: str
    week: int
    area: str
    score: int
    participant: str  # the municipality or region (KOMBIT's list only)


def comments(*, user, municipality: Municipality | None) -> list[Comment]:
    """The check-ins' comments: a municipality's own, or for KOMBIT (None) everyone's. One query."""
    found = scope_to_user(CheckIn.objects.exclude(comment=""), user)
    if municipality is not None:
        found = found.filter(municipality=municipality)
    return [
        Comment(text, f"Rul {wave}", week, str(RatedArea(area).label), score, m or r or "")
        for text, wave, week, area, score, m, r in found.order_by(
            "-wave__starts_on", "wave__number", "week", "municipality__name", "region__name"
        ).values_list(
            "comment", "wave__number", "week", "area", "score", "municipality__name", "region__name"
        )
    ]


@dataclass(frozen=True)
class WeekRow:
    week: int
    phase: Phase
    scores: list[CheckIn | None]  # in RatedArea order

    @property
    def entered(self) -> bool:
        return any(self.scores)


def week_grid(*, user, municipality: Municipality, wave: Wave | None) -> list[WeekRow]:
    """The municipality's check-ins in its wave, week by week, one column per rated area. One
    query."""
    if wave is None:
        return []
    found = {
        (c.week, c.area): c
        for c in scope_to_user(CheckIn.objects.filter(wave=wave, municipality=municipality), user)
    }
    return [
        WeekRow(week, phase_of(week), [found.get((week, area.value)) for area in RatedArea])
        for phase in Phase
        for week in WEEKS[phase]
    ]


def timeline() -> list[Event]:
    """The milestones up to the first real election, in date order. One query."""
    return [
        Event(m.written, m.when_date, m.kind, m.title, m.detail, end=m.until)
        for m in Milestone.objects.order_by("when_date", "position")
    ]


def checkin_list(
    *,
    user,
    municipality: Municipality | None,
    wave: int | None = None,
    phase: str = "",
    area: str = "",
    week: int | None = None,
) -> QuerySet[CheckIn]:
    """The single check-ins the user may see (a municipality's own; KOMBIT's all, the regions'
    too), of one municipality, wave (its number), phase, rated area or week if given, in the
    order the waves ran."""
    found = scope_to_user(CheckIn.objects.select_related("wave", "municipality", "region"), user)
    if municipality is not None:
        found = found.filter(municipality=municipality)
    if wave is not None:
        found = found.filter(wave__number=wave)
    if phase:
        found = found.filter(phase=phase)
    if area:
        found = found.filter(area=area)
    if week is not None:
        found = found.filter(week=week)
    return found.order_by(
        "wave__number", "week", "area", "municipality__name", "region__name", "pk"
    )
