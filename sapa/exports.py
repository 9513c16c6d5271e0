"""SAPA's exports, each a list of its pages with the page's own search and scope: the steps the
municipality must do with their state, and the purposes with their legal bases and subject areas.
Written as CSV or XLSX by kombitportal.core.exports."""

from django.utils.translation import gettext as _

from kombitportal.core.exports import Column, Kind, Table, approximate
from kombitportal.core.models import Municipality
from sapa.selectors import PurposeRow, StepRow


def step_table(steps: list[StepRow], municipality: Municipality | None) -> Table:
    """ "Kommende opgaver" with the state the page shows: the municipality's own, or for KOMBIT how
    many municipalities are done."""
    return Table(
        f"sapa-opgaver-{municipality.code}" if municipality else "sapa-opgaver",
        _("SAPA steps"),
        [
            Column(_("Group"), width=24), Column(_("What"), Kind.LONG_TEXT),
            Column(_("How"), width=20), Column(_("Where"), width=20), Column(_("Who"), width=24),
            Column(_("When"), Kind.DATE, 16), Column(_("KLIK task"), width=10),
            Column(_("State"), Kind.LONG_TEXT, 36), Column(_("Done")),
        ],
        (
            [
                row.step.get_group_display(), row.step.what, row.step.how, row.step.where,
                row.step.who,
                approximate(row.step.when_text, row.step.when_date, row.step.when_precision),
                row.step.klik_code, row.state, row.done,
            ]
            for row in steps
        ),
    )  # fmt: skip


def purpose_table(rows: list[PurposeRow]) -> Table:
    """The purposes the page shows (those that answer the search, when there is one): the
    catalogued ones first, as on the page, each with its legal bases and subject areas."""
    shown = [row for row in rows if row.catalogued] + [row for row in rows if not row.catalogued]
    return Table(
        "sapa-formaal",
        _("SAPA purposes"),
        [
            Column(_("Purpose"), Kind.LONG_TEXT, 40), Column(_("Access level")),
            Column(_("Interface")), Column(_("In effect from"), Kind.DATE, 16),
            Column(_("Part of"), width=24), Column(_("Legal bases"), Kind.LONG_TEXT, 80),
            Column(_("Subject areas"), Kind.LONG_TEXT, 60),
        ],
        (
            [
                str(row.purpose), row.purpose.get_level_display(),
                row.purpose.get_interface_display(),
                approximate(
                    row.purpose.effective_text, row.purpose.effective_date,
                    row.purpose.effective_precision,
                ),
                row.purpose.part_of.name if row.purpose.part_of else "",
                "; ".join(
                    " / ".join([act.basis.text, *(order.basis.text for order in act.orders)])
                    for act in row.bases
                ),
                ", ".join(area.name for area, _hit in row.subject_areas),
            ]
            for row in shown
        ),
    )  # fmt: skip
