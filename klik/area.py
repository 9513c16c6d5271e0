"""How KLIK plugs into the portal (kombitportal/core/areas.py): navigation, the start page's card,
the demo, the load data, its reminders, its part of the digest, of the calendar feeds and of the
API."""

from datetime import date

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from klik import api, calendar, demo, loadgen, mail, selectors
from klik.models import Task
from kombitportal.core.areas import Area, Card, Measure, StatusSection, Tile
from kombitportal.core.models import Municipality


def card(*, user, municipality: Municipality | None, today: date) -> Card:
    counts = selectors.open_and_overdue(user=user, municipality=municipality, today=today)
    summary = ngettext("%(open)d open task", "%(open)d open tasks", counts.open) % {
        "open": counts.open
    }
    if counts.overdue:
        summary += ", " + ngettext("%(n)d overdue", "%(n)d overdue", counts.overdue) % {
            "n": counts.overdue
        }
    return Card(summary=summary, attention=bool(counts.overdue))


# The status report names the most urgent open tasks; the KLIK list has the rest.
STATUS_ROWS = 10


def status(*, user, municipality: Municipality, today: date) -> StatusSection:
    """The municipality's open KLIK tasks counted by when they end, and the STATUS_ROWS most
    urgent of them (overdue first, by end date) with responsible and performers. Two queries."""
    counts = selectors.open_and_overdue(user=user, municipality=municipality, today=today)
    rows = selectors.task_rows(
        selectors.assignments_visible(user)
        .filter(municipality=municipality, status__in=selectors.OPEN_STATUSES)
        .order_by(F("task__end_date").asc(nulls_last=True), "task__title")[:STATUS_ROWS],
        today=today,
    )
    url = reverse("klik:index") + f"?kommune={municipality.code}"
    return StatusSection(
        title=_("KLIK tasks"),
        template="klik/status.html",
        context={
            "counts": counts,
            "later": counts.open - counts.overdue - counts.due_soon - counts.undated,
            "rows": rows,
            "more": counts.open - len(rows),
            "open_url": f"{url}&status=open",
            "due_soon_days": selectors.DUE_SOON_DAYS,
        },
        url=url,
        attention=bool(counts.overdue),
    )


def news(*, user, today: date) -> list[StatusSection]:
    """ "Oversigt over kritisk/tværgående KLIK-opgaver": KOMBIT's published critical tasks with
    start and end as KOMBIT wrote them. One query."""
    tasks = list(
        Task.objects.filter(critical=True, municipality=None, published_at__isnull=False)
        .select_related("project")
        .order_by("project__name", F("start_date").asc(nulls_last=True), "title")
    )
    return [
        StatusSection(
            title=_("Critical and cross-cutting KLIK tasks"),
            template="klik/news.html",
            context={"tasks": tasks},
            url=reverse("klik:overview"),
        )
    ]


def measure(*, today: date) -> Measure:
    """KLIK progress: the share of KOMBIT's tasks each municipality has solved. One query."""
    tiles = {}
    for row, pk in selectors.progress_with_ids(today=today):
        level = (
            0 if row.percent >= 75 else 1 if row.percent >= 50 else 2 if row.percent >= 25 else 3
        )
        tiles[pk] = Tile(level, f"{row.percent} %")
    return Measure(
        key="klik",
        label=_("KLIK progress"),
        legend=(_("75 % or more solved"), _("50–74 %"), _("25–49 %"), _("under 25 %")),
        tiles=tiles,
    )


AREA = Area(
    key="klik",
    label=_("KLIK"),
    url_name="klik:index",
    description=_("Roll-out tasks, responsible and performers"),
    position=10,
    card=card,
    demo=demo.load_klik_demo,
    load_data=loadgen.generate,
    clear_load_data=loadgen.clear,
    needed_roles=selectors.roles_needed,
    needs=selectors.needs_of,
    work_states=selectors.work_states,
    status=status,
    news=news,
    measure=measure,
    feed_sources=calendar.feed_sources,
    calendar_events=calendar.calendar_events,
    api=api.router,
)
REMINDERS = mail.REMINDERS
DIGEST = mail.DIGEST
