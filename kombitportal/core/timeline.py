"""Where a timeline's events stand in its drawing (templates/core/timeline.html): a wide drawing
with time running left to right in lanes (SAPA: one per interface), months without events folded
into a break, and a narrow one for phones with one event per row, top to bottom. Only positions are
computed here; the markup is the template's. An area gives its events as `Event`s."""

import calendar
from dataclasses import dataclass
from datetime import date

from django.utils import formats

from kombitportal.core.approxdate import ApproximateDateError, parse_approximate_date

WIDE_WIDTH = 1100
LEFT, RIGHT = 16, 16
MONTH_MIN = 34  # the narrowest a month may be drawn
BREAK = 28  # the width of a fold of empty months
LANE_TOP = 64
ROW = 38  # one row of labels
LANE_HEADER = 22  # the lane's name above its rows
LABEL_CHAR = 7.2  # the width of a character of a label, at the drawing's font size
NARROW_WIDTH = 340
NARROW_ROW = 58


@dataclass(frozen=True)
class Event:
    """One event of a timeline. `day` None: still to come, without a date ("Flere formål
    følger"); `end` the last day of a span written as two dates ("13/1 – 7/2 2025"), else the span
    is what `when_text` means ("Primo 2025"). `kind` names its colour (the template's legend)."""

    when_text: str
    day: date | None
    kind: str
    title: str
    detail: str = ""
    lane: str = ""  # the key of the lane it is drawn in
    lane_label: str = ""  # the lane's name, for the table
    end: date | None = None


@dataclass(frozen=True)
class Placed:
    event: Event
    number: int  # the event's number, shared with its row in the table
    x: int
    y: int
    span_width: int  # an approximate date ("Primo 2025") is drawn as a bar this wide
    label_x: int
    label_y: int  # the title's baseline
    when_y: int  # the date's baseline
    detail_y: int  # the third line's baseline (the narrow drawing)
    upcoming: bool


@dataclass(frozen=True)
class Tick:
    x: int
    label: str
    year: str  # the year, on the first month of each year and after a fold


@dataclass(frozen=True)
class Lane:
    label: str
    y: int
    height: int
    label_y: int


@dataclass(frozen=True)
class Drawing:
    width: int
    height: int
    events: list[Placed]
    ticks: list[Tick]
    folds: list[int]
    lanes: list[Lane]
    today: int | None  # where "today" is drawn: an x (wide) or a y (narrow)
    today_label: str
    axis_y: int
    axis_end: int
    tick_y: int
    month_y: int
    year_y: int
    detail_y: int  # the line that shows the focused event's details (wide)


def _months(first: date, last: date) -> list[tuple[int, int]]:
    months, (year, month) = [], (first.year, first.month)
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _span(event: Event) -> tuple[date, date] | None:
    if event.day is None:
        return None
    if event.end is not None:
        return event.day, max(event.day, event.end)
    try:
        parsed = parse_approximate_date(event.when_text, reference=event.day)
    except ApproximateDateError:
        return event.day, event.day
    return parsed.earliest or event.day, parsed.latest or event.day


def _label_width(event: Event) -> float:
    return LABEL_CHAR * max(len(event.title), len(event.when_text)) + 16


def _free_row(rows: list[list[tuple[float, float]]], start: float, end: float) -> int:
    """The first row where a label from `start` to `end` overlaps no other; a new one if none."""
    for index, taken in enumerate(rows):
        if all(end <= a or start >= b for a, b in taken):
            taken.append((start, end))
            return index
    rows.append([(start, end)])
    return len(rows) - 1


def wide(
    events: list[Event], *, today: date, lanes: list[tuple[str, str]] | None = None
) -> Drawing:
    """`lanes`: (key, label) from top to bottom; an event of no lane of them goes in the first.
    Without lanes, one lane without a name."""
    lanes = lanes or [("", "")]
    dated = [(e, _span(e)) for e in events]
    days = [d for _e, span in dated if span for d in span] + [today]
    months = _months(min(days).replace(day=1), max(days))
    busy = {(d.year, d.month) for _e, span in dated if span for d in span} | {
        (today.year, today.month)
    }
    # Runs of three or more months without an event fold into one break.
    shown: list[tuple[int, int] | None] = []
    run: list[tuple[int, int]] = []
    for month in [*months, None]:  # None: the end, where a last run folds too
        if month is None or month in busy:
            folded: list[tuple[int, int] | None] = [None] if len(run) >= 3 else list(run)
            shown.extend(folded)
            run = []
            if month is not None:
                shown.append(month)
        else:
            run.append(month)
    pending = [e for e, span in dated if span is None]
    pending_width = max((_label_width(e) for e in pending), default=0) + (24 if pending else 0)
    slots = sum(1 for m in shown if m is not None)
    folds_count = len(shown) - slots
    month_width = max(
        MONTH_MIN, (WIDE_WIDTH - LEFT - RIGHT - pending_width - folds_count * BREAK) / slots
    )

    starts: dict[tuple[int, int], float] = {}
    ticks: list[Tick] = []
    folds: list[float] = []
    x, after_fold, previous_year = float(LEFT), True, None
    for shown_month in shown:
        if shown_month is None:
            folds.append(x + BREAK / 2)
            x += BREAK
            after_fold = True
            continue
        starts[shown_month] = x
        year, number = shown_month
        label = formats.date_format(date(year, number, 1), "M").rstrip(".")
        ticks.append(
            Tick(round(x), label, str(year) if after_fold or year != previous_year else "")
        )
        previous_year, after_fold = year, False
        x += month_width
    pending_x = x + 24

    def at(day: date) -> float:
        start = starts[(day.year, day.month)]
        days_in_month = calendar.monthrange(day.year, day.month)[1]
        return start + month_width * (day.day - 1) / days_in_month

    lane_of = {interface: index for index, (interface, _label) in enumerate(lanes)}
    rows_of_lane: list[list[list[tuple[float, float]]]] = [[] for _ in lanes]
    placed_rows: list[tuple[Event, int, int, float, float]] = []
    for event, span in dated:
        lane = lane_of.get(event.lane, 0)
        x0, x1 = (pending_x, pending_x) if span is None else (at(span[0]), at(span[1]))
        # A label and an approximate date's bar keep their row to themselves.
        row = _free_row(rows_of_lane[lane], x0 - 8, max(x0 + _label_width(event), x1 + 8))
        placed_rows.append((event, lane, row, x0, x1))

    headers = [LANE_HEADER if label else 4 for _key, label in lanes]  # an unnamed lane has none
    lane_heights = [
        header + max(1, len(rows)) * ROW + 8
        for header, rows in zip(headers, rows_of_lane, strict=True)
    ]
    lane_tops, y = [], float(LANE_TOP)
    for height in lane_heights:
        lane_tops.append(y)
        y += height
    axis_y = y + 8
    placed = []
    for number, (event, lane, row, x0, x1) in enumerate(placed_rows, start=1):
        top = lane_tops[lane] + headers[lane] + row * ROW
        placed.append(
            Placed(
                event=event,
                number=number,
                x=round(x0),
                y=round(top + 20),
                span_width=round(max(0.0, x1 - x0)),
                label_x=round(x0 + 9),
                label_y=round(top + 16),
                when_y=round(top + 30),
                detail_y=0,
                upcoming=event.day is None or event.day > today,
            )
        )
    # A label that runs past the last month widens the drawing rather than being cut off.
    labels_end = max((p.label_x + _label_width(p.event) for p in placed), default=0)
    return Drawing(
        width=round(max(WIDE_WIDTH, pending_x + pending_width, labels_end + RIGHT)),
        height=round(axis_y + 76),
        events=placed,
        ticks=ticks,
        folds=[round(f) for f in folds],
        lanes=[
            Lane(label, round(top), round(height), round(top + 16))
            for (_key, label), top, height in zip(lanes, lane_tops, lane_heights, strict=True)
        ],
        today=round(at(today)) if (today.year, today.month) in starts else None,
        today_label=formats.date_format(today, "j. F Y"),
        axis_y=round(axis_y),
        axis_end=round(pending_x),
        tick_y=round(axis_y + 6),
        month_y=round(axis_y + 20),
        year_y=round(axis_y + 36),
        detail_y=round(axis_y + 58),
    )


def narrow(events: list[Event], *, today: date) -> Drawing:
    """One event per row, in date order, with "today" between the last past and first coming."""
    placed, y, today_y = [], 40, None
    for number, event in enumerate(events, start=1):
        if today_y is None and (event.day is None or event.day > today):
            today_y, y = y - 8, y + 26
        placed.append(
            Placed(
                event=event,
                number=number,
                x=28,
                y=y,
                span_width=0,
                label_x=46,
                label_y=y + 11,
                when_y=y - 6,
                detail_y=y + 26,
                upcoming=event.day is None or event.day > today,
            )
        )
        y += NARROW_ROW
    return Drawing(
        width=NARROW_WIDTH,
        height=y,
        events=placed,
        ticks=[],
        folds=[],
        lanes=[],
        today=today_y,
        today_label=formats.date_format(today, "j. F Y"),
        axis_y=0,
        axis_end=y - 10,
        tick_y=0,
        month_y=0,
        year_y=0,
        detail_y=0,
    )
