"""KLIK's part of the read-only API (/api/v1/klik/): KOMBIT's tasks, and each municipality's work on
them with the responsible and the performers — the task list's filters and selectors, so that the
API and /klik/ list the same rows."""

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router

from klik import selectors
from klik.forms import FILTER_FIELDS, TaskFilterForm
from klik.models import Task, TaskAssignment
from kombitportal.api.auth import api_user
from kombitportal.api.schemas import (
    ERRORS,
    NO_NUL,
    MunicipalityRef,
    Out,
    Page,
    PageQuery,
    PersonOut,
    WrittenDate,
    bounds,
    form_data,
    invalid,
    page_of,
    paginate,
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


class GuideOut(Out):
    title: str
    url: str


class TaskOut(Out):
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


class TaskRef(Out):
    id: int
    project: str
    code: str
    title: str
    mandatory: bool
    critical: bool
    local: bool
    start: WrittenDate | None
    end: WrittenDate | None


class AssignmentOut(Out):
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


class LogEntryOut(Out):
    at: datetime
    actor: str
    field: str
    old: str
    new: str = Field(description="With KOMBIT's or the user's note, as the page shows it.")


class AttachmentOut(Out):
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
    q: str = Field(
        "", pattern=NO_NUL, max_length=200, description="Title, code, project, description or note."
    )
    project: int | None = Field(None, description="A project's id.")
    mandatory: Mandatory | None = None
    critical: bool = False


class AssignmentQuery(PageQuery):
    kommune: str = Field(
        "",
        pattern=NO_NUL,
        max_length=4,
        description="KOMBIT: a municipality's code (none: every municipality). A municipal "
        "user's own is the only one they may name.",
    )
    q: str = Field("", pattern=NO_NUL, max_length=200, description="As the task list's search.")
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


def _dated(row: dict, name: str) -> dict | None:
    """An ApproximateDateField of the task in an API_FIELDS row, as WrittenDate."""
    text, precision = row[f"task__{name}_text"], row[f"task__{name}_precision"]
    if not text and not precision:
        return None
    return {
        "text": text,
        "date": row[f"task__{name}_date"],
        "precision": precision or None,
        "pending_reason": row[f"task__{name}_pending_reason"],
    }


class Rows:
    """Assignments as the API answers with them, from their API_FIELDS values: with their
    performers and everybody's roles (a query each, for all the rows together)."""

    def __init__(self, rows: list[dict], *, today) -> None:
        self.rows, self.today = rows, today
        self.performers = selectors.performers_of([row["pk"] for row in rows])
        self.roles = role_names_of(
            {row["responsible_id"] for row in rows if row["responsible_id"]}
            | {p["id"] for people in self.performers.values() for p in people}
        )
        self.labels = {value: str(label) for value, label in TaskAssignment.Status.choices}
        self.detail_url = reverse("klik:detail", args=[0]).removesuffix("0/")

    def person(self, person: dict) -> dict:
        return {**person, "roles": self.roles.get(person["id"], [])}

    def out(self, row: dict) -> dict:
        status = row["status"]
        end = _dated(row, "end")
        overdue, due_soon = selectors.deadline_state(
            status, row["task__end_date"], today=self.today
        )
        responsible = row["responsible_id"]
        return {
            "id": row["pk"],
            "url": f"{self.detail_url}{row['pk']}/",
            "municipality": {"code": row["municipality__code"], "name": row["municipality__name"]},
            "task": {
                "id": row["task_id"],
                "project": row["task__project__name"],
                "code": row["task__code"],
                "title": row["task__title"],
                "mandatory": row["task__mandatory"],
                "critical": row["task__critical"],
                "local": row["task__municipality_id"] is not None,
                "start": _dated(row, "start"),
                "end": end,
            },
            "status": status,
            "status_label": self.labels[status],
            "not_relevant_reason": row["not_relevant_reason"],
            "responsible": self.person(
                {
                    "id": responsible,
                    "name": row["responsible__name"],
                    "email": row["responsible__email"],
                }
            )
            if responsible
            else None,
            "performers": [self.person(p) for p in self.performers.get(row["pk"], [])],
            "overdue": overdue,
            "due_soon": due_soon,
            "updated_at": row["updated_at"],
        }

    def all(self) -> list[dict]:
        return [self.out(row) for row in self.rows]


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
    results = Rows(rows, today=today).all()
    return page_of(request, results, count=count, query=query)


@router.get(
    "/assignments/{pk}/",
    response={200: AssignmentDetail, **ERRORS},
    url_name="klik_assignment",
    summary="A municipality's KLIK task",
)
def assignment_detail(request: HttpRequest, pk: int) -> dict:
    """A municipality's KLIK task with its guides, log of changes and attached files."""
    user = api_user(request)
    a: Any = selectors.assignment_get(user=user, pk=pk)
    task = a.task
    [found] = Rows(selectors.assignment_values(user=user, pk=pk), today=clock.today()).all()
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
