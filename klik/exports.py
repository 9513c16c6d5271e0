"""The KLIK area's exports, each the table of a list page with the page's own filter: the task list
(a municipality's, or for KOMBIT every municipality's) and KOMBIT's overview per task and per
municipality. Written as CSV or XLSX by kombitportal.core.exports."""

from datetime import date

from django.utils.translation import gettext as _

from klik import selectors
from kombitportal.core.exports import CHUNK_SIZE, Column, Kind, Table, approximate
from kombitportal.core.models import Municipality


def task_table(*, user, municipality: Municipality | None, filters: dict, today: date) -> Table:
    """The task list as its filter shows it, every page of it; with no municipality (KOMBIT),
    every municipality's tasks under the same filter, with the municipality in two more columns."""
    assignments = selectors.assignment_list(
        user=user, municipality=municipality, filters=filters, today=today
    )
    columns = [
        Column(_("Project"), Kind.TEXT, 24), Column(_("Code"), Kind.TEXT, 8),
        Column(_("Title"), Kind.LONG_TEXT), Column(_("Start"), Kind.DATE, 14),
        Column(_("End"), Kind.DATE, 14), Column(_("Mandatory")), Column(_("Status")),
        Column(_("Responsible"), Kind.TEXT, 24), Column(_("Performers"), Kind.LONG_TEXT, 36),
        Column(_("Overdue")),
    ]  # fmt: skip
    every = municipality is None
    if every:
        columns += [Column(_("Municipality code"), Kind.TEXT, 10), Column(_("Municipality"))]
    yes, no = _("Yes"), _("No")

    def rows():
        for found in selectors.export_rows(assignments, today=today, chunk_size=CHUNK_SIZE):
            row = found.row
            values = [
                row.project, row.code, row.title,
                approximate(row.start, found.start_date, found.start_precision),
                approximate(row.end, found.end_date, found.end_precision),
                yes if row.mandatory else no, row.status_label, row.responsible, row.performers,
                yes if row.overdue else "",
            ]  # fmt: skip
            if every:
                values += [found.municipality_code, found.municipality]
            yield values

    return Table(
        f"klik-{municipality.code}" if municipality else "klik-alle-kommuner",
        _("KLIK tasks"),
        columns,
        rows(),
    )


def overview_tasks_table(progress: list[selectors.TaskProgress]) -> Table:
    """KOMBIT's overview per task, in the order and with the search the page shows."""
    return Table(
        "klik-oversigt-opgaver",
        _("KLIK tasks"),
        [
            Column(_("Project"), Kind.TEXT, 24), Column(_("Code"), Kind.TEXT, 8),
            Column(_("Title"), Kind.LONG_TEXT), Column(_("End"), Kind.DATE, 14),
            Column(_("Solved"), Kind.INTEGER), Column(_("Not relevant"), Kind.INTEGER),
            Column(_("Municipalities"), Kind.INTEGER),
            Column(_("Not solved yet"), Kind.LONG_TEXT, 60),
        ],
        (
            [
                p.task.project.name, p.task.code, p.task.title,
                approximate(p.task.end_text, p.task.end_date, p.task.end_precision), p.solved,
                p.not_relevant, p.total, ", ".join(p.missing),
            ]
            for p in progress
        ),
    )  # fmt: skip


def overview_municipalities_table(progress: list[selectors.MunicipalityProgress]) -> Table:
    """KOMBIT's overview per municipality, in the order the page shows."""
    return Table(
        "klik-oversigt-kommuner",
        _("Municipalities"),
        [
            Column(_("Municipality code"), Kind.TEXT, 10), Column(_("Municipality")),
            Column(_("Tasks"), Kind.INTEGER), Column(_("Done"), Kind.INTEGER),
            Column(_("Done (%)"), Kind.INTEGER), Column(_("Overdue"), Kind.INTEGER),
        ],
        ([m.code, m.name, m.total, m.solved, m.percent, m.overdue] for m in progress),
    )  # fmt: skip
