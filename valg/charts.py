"""Where the bars of Valg's charts stand (templates/valg/index.html draws them as SVG, each with
its table beside it): the satisfaction table, per wave a bar per phase and one for the total on
the 1–5 scale, and the spread of the scores per rated area. Only positions are computed here."""

from dataclasses import dataclass
from decimal import Decimal

from valg.selectors import Distribution, TableRow

TABLE_WIDTH, TABLE_HEIGHT = 640, 260
LEFT, TOP, BOTTOM = 40, 16, 48  # room for the scale's labels, the values and the waves' names
BAR, GAP, GROUP_GAP = 36, 5, 40
SPREAD_WIDTH, SPREAD_HEIGHT, SPREAD_BAR = 220, 170, 28


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    series: int  # 0–2 the phases, 3 the total (the legend's order)
    value: Decimal | int
    label_y: int


@dataclass(frozen=True)
class Group:
    label: str
    x: int  # its label's centre
    bars: list[Bar]


@dataclass(frozen=True)
class Tick:
    y: int
    label: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    groups: list[Group]
    ticks: list[Tick]
    axis_y: int
    label_y: int


def satisfaction(rows: list[TableRow]) -> Chart:
    """The table's means on the 1–5 scale: a bar's height is its mean above 1."""
    plot = TABLE_HEIGHT - TOP - BOTTOM
    axis_y = TOP + plot

    def y_of(value: Decimal) -> int:
        return round(axis_y - plot * (float(value) - 1) / 4)

    groups, x = [], LEFT + 20
    for row in rows:
        bars = []
        for series, cell in enumerate([*row.phases, row.total]):
            if cell.mean is not None:
                top = y_of(cell.mean)
                bars.append(Bar(x, top, BAR, axis_y - top, series, cell.mean, top - 5))
            x += BAR + GAP
        groups.append(Group(str(row.wave), x - (BAR + GAP) * 2 - GAP // 2, bars))
        x += GROUP_GAP
    ticks = [Tick(y_of(Decimal(score)), score) for score in range(1, 6)]
    return Chart(max(TABLE_WIDTH, x), TABLE_HEIGHT, groups, ticks, axis_y, axis_y + 20)


def spread(distribution: Distribution) -> Chart:
    """One rated area: a bar per score 1–5, as high as the share of answers that gave it."""
    plot = SPREAD_HEIGHT - TOP - 40
    axis_y = TOP + plot
    most = max(distribution.counts, default=0) or 1
    bars = []
    for index, count in enumerate(distribution.counts):
        height = round(plot * count / most)
        x = 12 + index * (SPREAD_BAR + 12)
        bars.append(Bar(x, axis_y - height, SPREAD_BAR, height, index, count, axis_y - height - 5))
    return Chart(SPREAD_WIDTH, SPREAD_HEIGHT, [Group("", 0, bars)], [], axis_y, axis_y + 18)
