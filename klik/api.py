"""KLIK's part of the read-only API (/api/v1/klik/): KOMBIT's tasks, and each municipality's work on
them with the responsible and the performers — the task list's filters and selectors, so that the
API and /klik/ list the same rows."""

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from klik import selectors
from klik.forms import FILTER_FIELDS, TaskFilterForm
from klik.models import Task, TaskAssignment
from kombitportal.api.auth import api_user
from kombitportal.api.schemas import (
    ERRORS,
    MunicipalityRef,
    Page,
    PageQuery,
    PersonOut,
    WrittenDate,
    bounds,
    form_data,
    invalid,
    page_of,
    paginate,
    person_out,
    written_date,
)
from kombitportal.core import clock
from kombitportal.core.scoping import visible_municipality
from kombitportal.core.selectors import role_names_of

router = Router(tags=["klik"])

# The values the task list's filter form takes (tests/api/test_klik.py holds them to it).
StatusFilter = Literal["open", "not_started", "in_progress", "solved", "not_relevant"]
Mandatory = Literal["yes", "no"]
Sort = Literal["end", "-end", "start", "title", "project", "status"]
Status = Literal["not_started", "in_progress", "solved", "not_relevant"]


class GuideOut(Schema):
    title: str
    url: str


class TaskOut(Schema):
    id: int
    project: str
    code: str
    title: str
    description: str
    kombit_note: str
    mandatory: bool
    critical: bool
    start: WrittenDate | None
    end: WrittenDate | None
    responsible_role: str | None
    performer_role: str | None
    local_of: MunicipalityRef | None = Field(description="A municipality's own local task.")
    guides: list[GuideOut]


class TaskRef(Schema):
    id: int
    project: str
    code: str
    title: str
    mandatory: bool
    critical: bool
    local: bool
    start: WrittenDate | None
    end: WrittenDate | None


class AssignmentOut(Schema):
    id: int
    url: str = Field(description="The task's page in the portal.")
    municipality: MunicipalityRef
    task: TaskRef
    status: Status
    status_label: str
    not_relevant_reason: str
    responsible: PersonOut | None
    performers: list[PersonOut]
    overdue: bool
    due_soon: bool = Field(description="Open and due within 14 days.")
    updated_at: datetime


class LogEntryOut(Schema):
    at: datetime
    actor: str
    field: str
    old: str
    new: str = Field(description="With KOMBIT's or the user's note, as the page shows it.")


class AttachmentOut(Schema):
    name: str
    content_type: str
    size: int
    uploaded_by: str
    uploaded_at: datetime


class AssignmentDetail(AssignmentOut):
    description: str
    kombit_note: str
    responsible_role: str | None
    performer_role: str | None
    guides: list[GuideOut]
    log: list[LogEntryOut]
    attachments: list[AttachmentOut]


class TaskQuery(PageQuery):
    q: str = Field("", max_length=200, description="Title, code, project, description or note.")
    project: int | None = Field(None, description="A project's id.")
    mandatory: Mandatory | None = None
    critical: bool = False


class AssignmentQuery(PageQuery):
    kommune: str = Field(
        "",
        max_length=4,
        description="KOMBIT: a municipality's code (none: every municipality). A municipal "
        "user's own is the only one they may name.",
    )
    q: str = Field("", max_length=200, description="As the task list's search.")
    project: int | None = Field(None, description="A project's id.")
    status: StatusFilter | None = Field(None, description="`open`: not started or in progress.")
    mandatory: Mandatory | None = None
    critical: bool = False
    due_within: int | None = Field(None, ge=0, le=3650, description="Open, due within N days.")
    overdue: bool = False
    responsible: int | None = Field(None, description="A person's id (of the municipality).")
    performer: int | None = Field(None, description="A person's id (of the municipality).")
    role: int | None = Field(None, description="A role's id: the responsible or performer role.")
    mine: bool = Field(False, description="Where the user is responsible or a performer.")
    my_roles: bool = Field(False, description="For the roles the user holds.")
    unassigned: bool = Field(False, description="Without a responsible.")
    sort: Sort = "end"


def _municipality(municipality) -> dict:
    return {"code": municipality.code, "name": municipality.name}


def _task_ref(task: Task) -> dict:
    return {
        "id": task.pk,
        "project": task.project.name,
        "code": task.code,
        "title": task.title,
        "mandatory": task.mandatory,
        "critical": task.critical,
        "local": task.municipality_id is not None,
        "start": written_date(task, "start"),
        "end": written_date(task, "end"),
    }


def _task(task: Any) -> dict:  # with guide_list (selectors.task_list)
    return {
        **_task_ref(task),
        "description": task.description,
        "kombit_note": task.kombit_note,
        "responsible_role": task.responsible_role.name if task.responsible_role else None,
        "performer_role": task.performer_role.name if task.performer_role else None,
        "local_of": _municipality(task.municipality) if task.municipality else None,
        "guides": [{"title": g.title, "url": g.url} for g in task.guide_list],
    }


def _people(assignments: list[Any]) -> dict[int, list[str]]:  # with performer_list
    return role_names_of(
        {a.responsible_id for a in assignments if a.responsible_id}
        | {link.person_id for a in assignments for link in a.performer_list}
    )


def _assignment(a: Any, roles: dict[int, list[str]], *, labels, detail_url, today) -> dict:
    overdue, due_soon = selectors.deadline_state(a.status, a.task.end_date, today=today)
    return {
        "id": a.pk,
        "url": f"{detail_url}{a.pk}/",
        "municipality": _municipality(a.municipality),
        "task": _task_ref(a.task),
        "status": a.status,
        "status_label": labels[a.status],
        "not_relevant_reason": a.not_relevant_reason,
        "responsible": person_out(a.responsible, roles) if a.responsible else None,
        "performers": [person_out(link.person, roles) for link in a.performer_list],
        "overdue": overdue,
        "due_soon": due_soon,
        "updated_at": a.updated_at,
    }


def _labels() -> dict[str, str]:
    return {value: str(label) for value, label in TaskAssignment.Status.choices}


def _detail_url() -> str:
    return reverse("klik:detail", args=[0]).removesuffix("0/")


@router.get(
    "/tasks/", response={200: Page[TaskOut], **ERRORS}, url_name="klik_tasks", summary="KLIK tasks"
)
def task_list(request: HttpRequest, query: Query[TaskQuery]) -> dict:
    """KLIK tasks: KOMBIT's published catalogue, and the user's municipality's local tasks."""
    form = TaskFilterForm(
        form_data(query, ("q", "project", "mandatory", "critical")),
        user=api_user(request),
        municipality=None,
    )
    if not form.is_valid():
        raise invalid(form)
    page = paginate(
        request, selectors.task_list(user=api_user(request), filters=form.cleaned_data), query
    )
    page["results"] = [_task(task) for task in page["results"]]
    return page


@router.get(
    "/tasks/{pk}/", response={200: TaskOut, **ERRORS}, url_name="klik_task", summary="A KLIK task"
)
def task_detail(request: HttpRequest, pk: int) -> dict:
    """A KLIK task."""
    return _task(selectors.task_get(user=api_user(request), pk=pk))


@router.get(
    "/assignments/",
    response={200: Page[AssignmentOut], **ERRORS},
    url_name="klik_assignments",
    summary="Each municipality's KLIK tasks, with responsible and performers",
)
def assignment_list(request: HttpRequest, query: Query[AssignmentQuery]) -> dict:
    """Each municipality's KLIK tasks with status, responsible and performers, filtered and
    sorted as /klik/ does it."""
    user = api_user(request)
    municipality = visible_municipality(user, query.kommune or None)
    names = [name for name in FILTER_FIELDS if name != "kommune"]
    form = TaskFilterForm(form_data(query, names), user=user, municipality=municipality)
    if not form.is_valid():
        raise invalid(form)
    today = clock.today()
    start, end = bounds(query)
    rows, count = selectors.assignment_page(
        user=user,
        municipality=municipality,
        filters=form.cleaned_data,
        today=today,
        start=start,
        end=end,
    )
    roles = _people(rows)
    labels, detail_url = _labels(), _detail_url()
    results = [
        _assignment(a, roles, labels=labels, detail_url=detail_url, today=today) for a in rows
    ]
    return page_of(request, results, count=count, query=query)


@router.get(
    "/assignments/{pk}/",
    response={200: AssignmentDetail, **ERRORS},
    url_name="klik_assignment",
    summary="A municipality's KLIK task",
)
def assignment_detail(request: HttpRequest, pk: int) -> dict:
    """A municipality's KLIK task with its guides, log of changes and attached files."""
    a: Any = selectors.assignment_get(user=api_user(request), pk=pk)
    task = a.task
    found = _assignment(
        a, _people([a]), labels=_labels(), detail_url=_detail_url(), today=clock.today()
    )
    return {
        **found,
        "description": task.description,
        "kombit_note": task.kombit_note,
        "responsible_role": task.responsible_role.name if task.responsible_role else None,
        "performer_role": task.performer_role.name if task.performer_role else None,
        "guides": [{"title": g.title, "url": g.url} for g in task.guide_list],
        "log": [
            {
                "at": entry.at,
                "actor": entry.actor_name,
                "field": entry.field,
                "old": entry.old_display,
                "new": entry.new_display,
            }
            for entry in a.log_list
        ],
        "attachments": [
            {
                "name": f.name,
                "content_type": f.content_type,
                "size": f.size,
                "uploaded_by": f.uploaded_by_name,
                "uploaded_at": f.uploaded_at,
            }
            for f in a.attachment_list
        ],
    }
