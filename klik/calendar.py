"""KLIK's part of the calendar feeds (kombitportal/feeds): the user's own open tasks in "Mine
frister" (the tasks their weekly digest lists), and a feed of one of their saved filters, which
holds exactly the tasks the task list shows with that filter. Each task is an entry on its end
date."""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from klik import selectors
from klik.forms import TaskFilterForm
from klik.models import SavedFilter, TaskAssignment
from kombitportal.core.areas import MY_DEADLINES, CalendarEvent, FeedSource
from kombitportal.core.models import Person
from kombitportal.core.scoping import (
    MUNICIPALITY_PARAM,
    scope_of,
    scope_to_user,
    visible_municipality,
)

SAVED_FILTER = "klik.filter"


def feed_sources(*, user) -> list[FeedSource]:
    """Each of the user's saved filters. One query."""
    return [
        FeedSource(
            SAVED_FILTER,
            _("KLIK filter “%(name)s”") % {"name": saved["name"]},
            {"filter": saved["pk"]},
        )
        for saved in selectors.saved_filters_of(user=user)
    ]


def _my_tasks(user) -> QuerySet[TaskAssignment]:
    if user.municipality_id is None:  # KOMBIT: no tasks of its own
        return TaskAssignment.objects.none()
    person = Person.objects.filter(user=user).values("pk")[:1]
    return scope_to_user(
        selectors.open_tasks_of(person_id=person, municipality_id=user.municipality_id), user
    ).order_by("task__end_date", "task__title")


def _saved_filter_tasks(
    user, params: dict[str, Any], today: date
) -> QuerySet[TaskAssignment] | None:
    """The task list's rows with the saved filter (all pages, in its order); None when the filter
    is gone or names a municipality that is not there."""
    filter_id = params.get("filter")
    if not isinstance(filter_id, int):
        return None
    filters = (
        SavedFilter.objects.filter(pk=filter_id, user=user)
        .values_list("filters", flat=True)
        .first()
    )
    if filters is None:
        return None
    # As the list reads ?kommune=: KOMBIT's choice of a municipality, a municipal user's own.
    code = filters.get(MUNICIPALITY_PARAM) or None if scope_of(user).everything else None
    try:
        municipality = visible_municipality(user, code)
    except Http404:
        return None
    if municipality is None:  # KOMBIT with no municipality chosen: the list shows no tasks
        return TaskAssignment.objects.none()
    form = TaskFilterForm(filters or None, user=user, municipality=municipality)
    return selectors.assignment_list(
        user=user, municipality=municipality, filters=form.filters, today=today
    )


def calendar_events(
    *, user, source: str, params: dict[str, Any], titles_only: bool, today: date
) -> list[CalendarEvent] | None:
    if source == MY_DEADLINES:
        assignments: QuerySet[TaskAssignment] | None = _my_tasks(user)
    elif source == SAVED_FILTER:
        assignments = _saved_filter_tasks(user, params, today)
    else:
        return None
    if assignments is None:
        return None
    detail = reverse("klik:detail", args=[0]).removesuffix("0/")
    labels = {
        "project": _("Project"),
        "status": _("Status"),
        "end": _("End"),
        "municipality": _("Municipality"),
        "responsible": _("Responsible"),
        "performers": _("Performers"),
    }
    events = []
    for row in selectors.calendar_rows(assignments, people=not titles_only):
        details = [
            f"{labels['project']}: {row.project}",
            f"{labels['end']}: {row.end}",
            f"{labels['status']}: {row.status_label}",
        ]
        if user.is_kombit:
            details.append(f"{labels['municipality']}: {row.municipality}")
        if not titles_only:
            details.append(f"{labels['responsible']}: {row.responsible or '–'}")
            details.append(f"{labels['performers']}: {row.performers or '–'}")
        events.append(
            CalendarEvent(
                uid=f"klik-assignment-{row.pk}",
                day=row.end_date,
                title=f"{row.code} {row.title}".strip(),
                when=row.end,
                exact=row.end_exact,
                url=f"{detail}{row.pk}/",
                category="KLIK",
                details=tuple(details),
            )
        )
    return events
