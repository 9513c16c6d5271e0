"""Valg's exports, each a table of its pages: the satisfaction table, and the check-ins — a
municipality's week by week, or for KOMBIT with no municipality chosen who took part in which
wave. Written as CSV or XLSX by kombitportal.core.exports."""

from django.utils.translation import gettext as _

from kombitportal.core.exports import Column, Kind, Table
from kombitportal.core.models import Municipality
from valg.models import Phase, RatedArea, Wave
from valg.selectors import TableRow, WeekRow


def satisfaction_table(rows: list[TableRow]) -> Table:
    """The satisfaction table (scale 1–5): each phase's mean and number of answers, and the total."""
    columns = [Column(_("Wave"), width=10)]
    for label in [*(str(phase.label) for phase in Phase), _("Total roll-out")]:
        columns += [
            Column(label, Kind.DECIMAL, 22),
            Column(_("%(phase)s: answers") % {"phase": label}, Kind.INTEGER, 22),
        ]
    return Table(
        "valg-tilfredshed",
        _("Satisfaction"),
        columns,
        (
            [
                str(row.wave),
                *(
                    value
                    for cell in [*row.phases, row.total]
                    for value in (cell.mean, cell.answers)
                ),
            ]
            for row in rows
        ),
    )


def checkin_table(municipality: Municipality, wave: Wave | None, weeks: list[WeekRow]) -> Table:
    """The municipality's check-ins in its wave, week by week: each rated area's score and
    comment."""
    columns = [Column(_("Wave"), width=10), Column(_("Week"), Kind.INTEGER, 8), Column(_("Phase"))]
    for area in RatedArea:
        columns += [
            Column(area.label, Kind.INTEGER, 22),
            Column(_("%(area)s: comment") % {"area": area.label}, Kind.LONG_TEXT, 40),
        ]
    return Table(
        f"valg-tjek-ind-{municipality.code}",
        _("Check-ins"),
        columns,
        (
            [
                str(wave), row.week, row.phase.label,
                *(
                    value
                    for checkin in row.scores
                    for value in ((checkin.score, checkin.comment) if checkin else (None, ""))
                ),
            ]
            for row in weeks
        ),
    )  # fmt: skip


def participant_table(waves: list[Wave]) -> Table:
    """KOMBIT's check-ins page without a municipality: who took part in which wave."""
    return Table(
        "valg-tjek-ind",
        _("Check-ins"),
        [
            Column(_("Wave"), width=10), Column(_("Status")),
            Column(_("Municipality code"), width=10), Column(_("Municipality")),
        ],
        (
            [str(wave), wave.get_status_display(), m.code, m.name]
            for wave in waves
            for m in wave.municipality_list  # type: ignore[attr-defined]  # waves()'s Prefetch
        ),
    )  # fmt: skip
