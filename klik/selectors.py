"""Reads of the KLIK area: the task list with its filters, a task's page and KOMBIT's overview.
Every query is scoped to what the user may see; lists run a fixed number of queries."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    OrderBy,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klik.models import (
    Guide,
    Project,
    SavedFilter,
    Task,
    TaskAssignment,
    TaskAttachment,
    TaskLogEntry,
    TaskPerformer,
)
from kombitportal.core.approxdate import Precision
from kombitportal.core.areas import Need, WorkState
from kombitportal.core.expressions import Joined, count_of, split_joined
from kombitportal.core.models import Municipality, Person, Role, RoleAssignment
from kombitportal.core.scoping import scope_key, scope_to_user
from kombitportal.core.statements import StatementCache

OPEN_STATUSES = (TaskAssignment.Status.NOT_STARTED, TaskAssignment.Status.IN_PROGRESS)
DUE_SOON_DAYS = 14

ORDERINGS: dict[str, list[str | OrderBy]] = {
    "end": [F("task__end_date").asc(nulls_last=True), "task__project__name", "task__code"],
    "-end": [F("task__end_date").desc(nulls_last=True), "task__project__name", "task__code"],
    "start": [F("task__start_date").asc(nulls_last=True), "task__project__name", "task__code"],
    "title": ["task__title", "pk"],
    "project": ["task__project__name", "task__code", "task__title"],
    "status": ["status", F("task__end_date").asc(nulls_last=True)],
}

# The eight suggested filters of KLIK's theme guide on filters, ready to use.
SUGGESTED_FILTERS = [
    (_("My tasks"), {"mine": "on"}),
    (_("Tasks for my roles"), {"my_roles": "on"}),
    (_("Tasks without a responsible"), {"unassigned": "on", "status": "open"}),
    (_("Overdue tasks"), {"overdue": "on"}),
    (_("Mandatory tasks due within 30 days"), {"mandatory": "yes", "due_within": "30"}),
    (_("Critical/cross-cutting tasks"), {"critical": "on"}),
    (_("Tasks in progress"), {"status": "in_progress"}),
    (_("Tasks not started"), {"status": "not_started"}),
]


# The SQL of the task lists shown recently and of their filter options, per process.
PAGE_STATEMENTS = StatementCache(size=512)


def filter_options(*, municipality: Municipality | None) -> dict[str, list[tuple[int, str]]]:
    """The task list's filter options in one query, each kind sorted by name: "project" (all),
    "role" (the role gallery) and "person" (the municipality's people)."""

    def named(queryset: QuerySet, kind: str) -> QuerySet:
        return (
            queryset.order_by()
            .annotate(option_kind=Value(kind, output_field=CharField()))
            .values_list("option_kind", "pk", "name")
        )

    def write() -> QuerySet:
        # No municipality chosen (KOMBIT): nobody, never the people outside every municipality.
        people = Person.objects.filter(municipality__isnull=False, municipality=municipality)
        return (
            named(Project.objects.all(), "project")
            .union(named(Role.objects.all(), "role"), named(people, "person"), all=True)
            .order_by("name", "pk")
        )

    options: dict[str, list[tuple[int, str]]] = {"project": [], "role": [], "person": []}
    key = ("klik.filter_options", municipality.pk if municipality else None)
    for kind, pk, name in PAGE_STATEMENTS.rows(key, write):
        options[kind].append((pk, name))
    return options


def saved_filters_of(*, user) -> list[dict]:
    """The user's saved filters by name, as {"pk", "name"}."""

    def write() -> QuerySet:
        return (
            SavedFilter.objects.filter(user=user).order_by("name", "pk").values_list("pk", "name")
        )

    rows = PAGE_STATEMENTS.rows((*scope_key(user), "klik.saved_filters"), write)
    return [{"pk": pk, "name": name} for pk, name in rows]


def assignments_visible(user) -> QuerySet[TaskAssignment]:
    return scope_to_user(TaskAssignment.objects.filter(task__published_at__isnull=False), user)


def open_tasks_of(*, person_id, municipality_id: int) -> QuerySet[TaskAssignment]:
    """The open published tasks of the municipality whose responsible or a performer is the
    person (`person_id`: a pk, or a subquery of one): what the person's weekly digest lists and
    their calendar feed of deadlines ("Mine frister") holds. Unsorted, for the caller to read."""
    return TaskAssignment.objects.filter(
        municipality_id=municipality_id,
        task__published_at__isnull=False,
        status__in=OPEN_STATUSES,
    ).filter(
        Q(responsible_id=person_id)
        | Exists(TaskPerformer.objects.filter(assignment=OuterRef("pk"), person_id=person_id))
    )


def assignment_list(
    *, user, municipality: Municipality | None, filters: dict, today: date
) -> QuerySet[TaskAssignment]:
    """The municipality's tasks, filtered and sorted as `filters` (TaskFilterForm.cleaned_data) say;
    with no municipality (KOMBIT's API and export), those of every municipality the user may see."""
    qs = assignments_visible(user)
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(
            Q(task__title__icontains=q)
            | Q(task__code__iexact=q)
            | Q(task__project__name__icontains=q)
            | Q(task__description__icontains=q)
            | Q(task__kombit_note__icontains=q)
            | Q(responsible__name__icontains=q)
            | Exists(Guide.objects.filter(task=OuterRef("task"), title__icontains=q))
            | Exists(
                TaskPerformer.objects.filter(assignment=OuterRef("pk"), person__name__icontains=q)
            )
        )
    if filters.get("project"):
        qs = qs.filter(task__project=filters["project"])
    status = filters.get("status")
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if filters.get("mandatory") == "yes":
        qs = qs.filter(task__mandatory=True)
    elif filters.get("mandatory") == "no":
        qs = qs.filter(task__mandatory=False)
    if filters.get("critical"):
        qs = qs.filter(task__critical=True)
    if filters.get("due_within") is not None:
        qs = qs.filter(
            status__in=OPEN_STATUSES,
            task__end_date__gte=today,
            task__end_date__lte=today + timedelta(days=filters["due_within"]),
        )
    if filters.get("overdue"):
        qs = qs.filter(status__in=OPEN_STATUSES, task__end_date__lt=today)
    if filters.get("responsible"):
        qs = qs.filter(responsible=filters["responsible"])
    if filters.get("performer"):
        qs = qs.filter(
            Exists(
                TaskPerformer.objects.filter(assignment=OuterRef("pk"), person=filters["performer"])
            )
        )
    if filters.get("role"):
        role = filters["role"]
        qs = qs.filter(Q(task__responsible_role=role) | Q(task__performer_role=role))
    # The user's own Person, read only when a filter needs it.
    my_person = (
        Person.objects.filter(user=user).values("pk")[:1]
        if filters.get("mine") or filters.get("my_roles")
        else None
    )
    if filters.get("mine"):
        assert my_person is not None  # read above for this filter
        qs = qs.filter(
            Q(responsible_id=my_person)
            | Exists(TaskPerformer.objects.filter(assignment=OuterRef("pk"), person_id=my_person))
        )
    if filters.get("my_roles"):
        assert my_person is not None  # read above for this filter
        held = RoleAssignment.objects.filter(person_id=my_person)
        if municipality is not None:
            held = held.filter(municipality=municipality)
        my_roles = held.values("role")
        qs = qs.filter(
            Q(task__responsible_role__in=my_roles) | Q(task__performer_role__in=my_roles)
        )
    if filters.get("unassigned"):
        qs = qs.filter(responsible__isnull=True)
    return qs.order_by(*ORDERINGS.get(filters.get("sort") or "end", ORDERINGS["end"]))


class TaskRow(NamedTuple):
    """One row of the task list, with every value the template shows already made (a named
    tuple: 50 of them are made on every list)."""

    pk: int
    url: str
    project: str
    code: str
    title: str
    start: str
    end: str
    end_pending: bool
    mandatory: bool
    critical: bool
    status: str
    status_label: str
    responsible: str
    performers: str
    overdue: bool
    due_soon: bool
    local: bool


ROW_FIELDS = (
    "pk", "status", "task__code", "task__title", "task__start_text", "task__end_text",
    "task__end_date", "task__end_precision", "task__mandatory", "task__critical",
    "task__project__name", "responsible__name", "performer_names", "task__municipality_id",
)  # fmt: skip


def _with_performers(assignments: QuerySet[TaskAssignment]) -> QuerySet[TaskAssignment]:
    """The performers' names of each row, joined, as a column of the row: a page costs one query
    (PostgreSQL works it out for the page's rows only, after the sort)."""
    names = (
        TaskPerformer.objects.filter(assignment=OuterRef("pk"))
        .order_by()
        .values("assignment")
        .annotate(names=Joined("person__name"))
        .values("names")
    )
    return assignments.annotate(performer_names=Subquery(names))


def task_rows(assignments, *, today: date) -> list[TaskRow]:
    """Rows for assignments (all of them), in one query."""
    return _rows(_with_performers(assignments).values_list(*ROW_FIELDS), today=today)


class ExportRow(NamedTuple):
    """A row of the task list's export: the list's row with the exact days of its dates and its
    municipality."""

    row: TaskRow
    start_date: date | None
    start_precision: str
    end_date: date | None
    end_precision: str
    municipality_code: str
    municipality: str


# ROW_FIELDS and what the export adds to them.
EXPORT_FIELDS = (
    *ROW_FIELDS, "task__start_date", "task__start_precision", "municipality__code",
    "municipality__name",
)  # fmt: skip
END_DATE, END_PRECISION = (
    ROW_FIELDS.index("task__end_date"),
    ROW_FIELDS.index("task__end_precision"),
)


def export_rows(assignments, *, today: date, chunk_size: int) -> Iterator[ExportRow]:
    """The export's rows for assignments, all of them, streamed: one query, read `chunk_size`
    rows at a time."""
    values = _with_performers(assignments).values_list(*EXPORT_FIELDS)
    for row, raw in _iter_rows(values.iterator(chunk_size=chunk_size), today=today):
        start_date, start_precision, code, name = raw[len(ROW_FIELDS) :]
        yield ExportRow(
            row, start_date, start_precision, raw[END_DATE], raw[END_PRECISION], code, name
        )


def task_page(
    *, user, municipality: Municipality, filters: dict, number: int, size: int, today: date
) -> tuple[list[TaskRow], int]:
    """One page of the list assignment_list gives, with each row's performers and the number of
    rows in all (a scalar subquery, evaluated once): one query. An empty page past the end gives
    ([], 0); the caller asks again for the last page."""

    def write() -> QuerySet:
        assignments = assignment_list(
            user=user, municipality=municipality, filters=filters, today=today
        )
        offset = (number - 1) * size
        return (
            _with_performers(assignments)
            .annotate(total=count_of(assignments))
            .values_list(*ROW_FIELDS, "total")[offset : offset + size]
        )

    key = (*scope_key(user), municipality.pk, tuple(sorted(filters.items())), today, number, size)
    values = PAGE_STATEMENTS.rows(key, write)
    total = values[0][-1] if values else 0
    return _rows([row[:-1] for row in values], today=today), total


def deadline_state(
    status: str, end_date: date | None, *, today: date, soon: date | None = None
) -> tuple[bool, bool]:
    """Whether an assignment is overdue, and whether it is due within DUE_SOON_DAYS (`soon`, the
    last day of that): only an open one with an end date can be either."""
    if status not in OPEN_STATUSES or end_date is None:
        return False, False
    soon = soon or today + timedelta(days=DUE_SOON_DAYS)
    return end_date < today, today <= end_date <= soon


def _rows(page, *, today: date) -> list[TaskRow]:
    """TaskRows for ROW_FIELDS tuples."""
    return [row for row, _raw in _iter_rows(page, today=today)]


def _iter_rows(page: Iterable[tuple], *, today: date) -> Iterator[tuple[TaskRow, tuple]]:
    """A TaskRow for each tuple that starts with the ROW_FIELDS, with the tuple itself."""
    labels = {value: str(label) for value, label in TaskAssignment.Status.choices}
    soon = today + timedelta(days=DUE_SOON_DAYS)
    detail_url = reverse("klik:detail", args=[0]).removesuffix("0/")  # one reverse() for 50 rows
    for raw in page:
        (
            pk,
            status,
            code,
            title,
            start,
            end,
            end_date,
            precision,
            mandatory,
            critical,
            project,
            responsible,
            performer_names,
            local_of,
        ) = raw[: len(ROW_FIELDS)]
        if isinstance(end_date, str):  # SQLite, read without the ORM
            end_date = date.fromisoformat(end_date)
        overdue, due_soon = deadline_state(status, end_date, today=today, soon=soon)
        yield (
            TaskRow(
                pk=pk,
                url=f"{detail_url}{pk}/",
                project=project,
                code=code,
                title=title,
                start=start,
                end=end,
                end_pending=precision == "pending",
                mandatory=bool(mandatory),
                critical=bool(critical),
                status=status,
                status_label=labels[status],
                responsible=responsible or "",
                performers=", ".join(split_joined(performer_names)),
                overdue=overdue,
                due_soon=due_soon,
                local=local_of is not None,
            ),
            raw,
        )


class CalendarRow(NamedTuple):
    """What a calendar feed shows of a task (klik/calendar.py)."""

    pk: int
    code: str
    title: str
    project: str
    end: str
    end_date: date
    end_exact: bool
    status_label: str
    municipality: str
    responsible: str
    performers: str


def calendar_rows(assignments: QuerySet[TaskAssignment], *, people: bool) -> list[CalendarRow]:
    """The rows of `assignments` that have an end date (a calendar has no place for a pending
    one), in their own order, with the responsible's and performers' names if `people` (else
    not read at all). One query."""
    fields = [
        "pk", "task__code", "task__title", "task__project__name", "task__end_text",
        "task__end_date", "task__end_precision", "status", "municipality__name",
    ]  # fmt: skip
    dated = assignments.filter(task__end_date__isnull=False)
    if people:
        dated = _with_performers(dated)
        fields += ["responsible__name", "performer_names"]
    labels = {value: str(label) for value, label in TaskAssignment.Status.choices}
    rows = []
    for (
        pk,
        code,
        title,
        project,
        end,
        end_date,
        precision,
        status,
        municipality,
        *names,
    ) in dated.values_list(*fields):
        responsible, performer_names = names or ("", None)
        rows.append(
            CalendarRow(
                pk=pk,
                code=code,
                title=title,
                project=project,
                end=end,
                end_date=end_date,
                end_exact=precision == Precision.DAY,
                status_label=labels[status],
                municipality=municipality,
                responsible=responsible or "",
                performers=", ".join(split_joined(performer_names)),
            )
        )
    return rows


def assignment_get(*, user, pk: int) -> TaskAssignment:
    """A task for a municipality, only if the user may see it (else DoesNotExist → 404)."""
    return (
        assignments_visible(user)
        .select_related(
            "task__project",
            "task__responsible_role",
            "task__performer_role",
            "municipality",
            "responsible",
        )
        .prefetch_related(
            Prefetch(
                "task__guides",
                queryset=Guide.objects.order_by("position", "pk"),
                to_attr="guide_list",
            ),
            Prefetch(
                "performer_links",
                queryset=TaskPerformer.objects.select_related("person").order_by("person__name"),
                to_attr="performer_list",
            ),
            Prefetch(
                "log", queryset=TaskLogEntry.objects.order_by("-at", "-pk"), to_attr="log_list"
            ),
            Prefetch(
                "attachments",
                queryset=TaskAttachment.objects.order_by("-uploaded_at", "-pk"),
                to_attr="attachment_list",
            ),
        )
        .get(pk=pk)
    )


def role_holders(*, assignment: TaskAssignment) -> dict[int, list[Person]]:
    """Who holds the task's responsible and performer roles in the task's municipality."""
    role_ids = [
        r for r in (assignment.task.responsible_role_id, assignment.task.performer_role_id) if r
    ]
    holders: dict[int, list[Person]] = {pk: [] for pk in role_ids}
    for ra in (
        RoleAssignment.objects.filter(municipality=assignment.municipality_id, role_id__in=role_ids)
        .select_related("person")
        .order_by("-is_primary", "person__name")
    ):
        holders[ra.role_id].append(ra.person)
    return holders


@dataclass(frozen=True)
class TaskProgress:
    task: Task
    solved: int
    not_relevant: int
    total: int
    missing: list[str]


TASK_PROGRESS_SORTS = {
    "least_solved": lambda p: (p.solved / p.total if p.total else 1, p.task.title),
    "title": lambda p: (p.task.title.lower(), p.task.code),
}
MUNICIPALITY_PROGRESS_SORTS = {
    "name": lambda m: m.name,
    "least_done": lambda m: (m.percent, m.name),
    "most_overdue": lambda m: (-m.overdue, m.name),
}


def task_progress(*, user, q: str = "", sort: str = "") -> list[TaskProgress]:
    """KOMBIT: per published task, how many municipalities have solved it, and who has not;
    the tasks whose project, code or title has `q`, by end date unless `sort` says otherwise.
    Two queries whatever the number of tasks and municipalities."""
    if not user.is_kombit:
        return []
    progress = _task_progress(q=q.strip())
    if sort in TASK_PROGRESS_SORTS:
        progress.sort(key=TASK_PROGRESS_SORTS[sort])
    return progress


def _task_progress(*, q: str) -> list[TaskProgress]:
    published = Task.objects.filter(published_at__isnull=False, municipality__isnull=True)
    if q:
        published = published.filter(
            Q(title__icontains=q) | Q(code__iexact=q) | Q(project__name__icontains=q)
        )
    tasks = list(
        published.select_related("project")
        .annotate(
            solved=Count("assignments", filter=Q(assignments__status=TaskAssignment.Status.SOLVED)),
            not_relevant=Count(
                "assignments", filter=Q(assignments__status=TaskAssignment.Status.NOT_RELEVANT)
            ),
            total=Count("assignments"),
        )
        .order_by(F("end_date").asc(nulls_last=True), "project__name", "code")
    )
    missing: dict[int, list[str]] = {t.pk: [] for t in tasks}
    for task_id, name in (
        TaskAssignment.objects.filter(task__in=published, status__in=OPEN_STATUSES)
        .order_by("municipality__name")
        .values_list("task_id", "municipality__name")
    ):
        missing[task_id].append(name)
    return [
        TaskProgress(
            task=t,
            solved=t.solved,
            not_relevant=t.not_relevant,
            total=t.total,
            missing=missing[t.pk],
        )
        for t in tasks
    ]


@dataclass(frozen=True)
class MunicipalityProgress:
    code: str
    name: str
    total: int
    solved: int
    overdue: int

    @property
    def percent(self) -> int:
        return round(100 * self.solved / self.total) if self.total else 0


def municipality_progress(*, user, today: date, sort: str = "") -> list[MunicipalityProgress]:
    """KOMBIT: per municipality, how far it is (one query), by name unless `sort` says otherwise."""
    if not user.is_kombit:
        return []
    progress = _municipality_progress(today=today)
    if sort in MUNICIPALITY_PROGRESS_SORTS:
        progress.sort(key=MUNICIPALITY_PROGRESS_SORTS[sort])
    return progress


def progress_with_ids(*, today: date) -> list[tuple[MunicipalityProgress, int]]:
    """_municipality_progress with each municipality's pk (the 98 at a glance). One query."""
    return [(MunicipalityProgress(*row[:5]), row[5]) for row in _progress_rows(today=today)]


def _municipality_progress(*, today: date) -> list[MunicipalityProgress]:
    return [MunicipalityProgress(*row[:5]) for row in _progress_rows(today=today)]


def _progress_rows(*, today: date):
    done = (TaskAssignment.Status.SOLVED, TaskAssignment.Status.NOT_RELEVANT)
    # KOMBIT's published tasks: a municipality's local tasks are its own business.
    kombits = Q(
        klik_assignments__task__published_at__isnull=False,
        klik_assignments__task__municipality__isnull=True,
    )
    rows = (
        Municipality.objects.annotate(
            total=Count("klik_assignments", filter=kombits),
            solved=Count("klik_assignments", filter=kombits & Q(klik_assignments__status__in=done)),
            overdue=Count(
                "klik_assignments",
                filter=kombits
                & Q(
                    klik_assignments__status__in=OPEN_STATUSES,
                    klik_assignments__task__end_date__lt=today,
                ),
            ),
        )
        .order_by("name")
        .values_list("code", "name", "total", "solved", "overdue", "pk")
    )
    return rows


class OpenAndOverdue(NamedTuple):
    open: int
    overdue: int
    due_soon: int = 0  # ends within DUE_SOON_DAYS
    undated: int = 0  # no end date yet ("Afventer")


def open_and_overdue(*, user, municipality: Municipality | None, today: date) -> OpenAndOverdue:
    """How many of the municipality's tasks (all municipalities' for KOMBIT when none is given)
    are open, how many of those are overdue, due soon and without an end date. One query."""
    assignments = assignments_visible(user).filter(status__in=OPEN_STATUSES)
    if municipality is not None:
        assignments = assignments.filter(municipality=municipality)
    soon = today + timedelta(days=DUE_SOON_DAYS)
    counts = assignments.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(task__end_date__lt=today)),
        due_soon=Count("pk", filter=Q(task__end_date__gte=today, task__end_date__lte=soon)),
        undated=Count("pk", filter=Q(task__end_date=None)),
    )
    return OpenAndOverdue(**counts)


def roles_needed(*, municipality: Municipality | None) -> dict[int, set[int]]:
    """The responsible and performer roles of the open tasks, per municipality. One query."""
    open_tasks = TaskAssignment.objects.filter(
        task__published_at__isnull=False, status__in=OPEN_STATUSES
    )
    if municipality is not None:
        open_tasks = open_tasks.filter(municipality=municipality)
    needed: dict[int, set[int]] = {}
    for municipality_id, responsible, performer in (
        open_tasks.order_by()
        .values_list("municipality_id", "task__responsible_role_id", "task__performer_role_id")
        .distinct()
    ):
        needed.setdefault(municipality_id, set()).update(r for r in (responsible, performer) if r)
    return needed


def needs_of(*, user, municipality: Municipality | None, today: date) -> list[Need]:
    """What waits for the user in KLIK: their open tasks (responsible or performer) in their
    municipality; for KOMBIT, the overdue tasks across all municipalities. One query."""
    if municipality is None:
        if not user.is_kombit:
            return []
        overdue = (
            assignments_visible(user)
            .filter(status__in=OPEN_STATUSES, task__end_date__lt=today)
            .aggregate(tasks=Count("pk"), municipalities=Count("municipality", distinct=True))
        )
        if not overdue["tasks"]:
            return []
        text = _("%(tasks)s overdue KLIK tasks in %(municipalities)s municipalities") % overdue
        return [
            Need(
                str(text),
                reverse("klik:overview") + "?municipality_sort=most_overdue",
                overdue=True,
                kind="KLIK",
            )
        ]
    person = Person.objects.filter(user=user).values("pk")[:1]
    mine = (
        assignments_visible(user)
        .filter(municipality=municipality, status__in=OPEN_STATUSES)
        .filter(
            Q(responsible_id=person)
            | Exists(TaskPerformer.objects.filter(assignment=OuterRef("pk"), person_id=person))
        )
        .order_by(F("task__end_date").asc(nulls_last=True), "task__title")
        .values_list("pk", "task__code", "task__title", "task__end_text", "task__end_date")
    )
    detail = reverse("klik:detail", args=[0]).removesuffix("0/")
    kind = str(_("KLIK task"))
    return [
        Need(
            f"{code} {title}".strip(),
            f"{detail}{pk}/",
            when=end_text,
            due=end_date,
            overdue=bool(end_date and end_date < today),
            kind=kind,
        )
        for pk, code, title, end_text, end_date in mine
    ]


def work_states(
    *, user, municipality: Municipality | None, codes: list[str]
) -> dict[str, WorkState]:
    """KOMBIT's tasks by code ("K53") as another area shows them: the municipality's status, or
    across all municipalities how many have solved it (or found it not relevant). One query."""
    tasks = assignments_visible(user).filter(task__code__in=codes, task__municipality=None)
    detail = reverse("klik:detail", args=[0]).removesuffix("0/")
    if municipality is not None:
        return {
            code: WorkState(
                str(TaskAssignment.Status(status).label),
                status not in OPEN_STATUSES,
                f"{detail}{pk}/",
            )
            for pk, code, status in tasks.filter(municipality=municipality).values_list(
                "pk", "task__code", "status"
            )
        }
    counts = (
        tasks.order_by()
        .values("task__code")
        .annotate(total=Count("pk"), done=Count("pk", filter=~Q(status__in=OPEN_STATUSES)))
    )
    overview = reverse("klik:overview")
    return {
        row["task__code"]: WorkState(
            _("Done in %(done)s of %(total)s municipalities") % row,
            row["done"] == row["total"],
            f"{overview}?q={row['task__code']}",
        )
        for row in counts
    }


# The API (klik/api.py): KOMBIT's catalogue of tasks and the municipalities' work on them, with the
# people, read as the pages read them.


def tasks_visible(user) -> QuerySet[Task]:
    """The published tasks the user may see: KOMBIT's catalogue, and the local tasks of the
    municipalities they may see."""
    local_of = scope_to_user(Municipality.objects.all(), user, field="pk")
    return Task.objects.filter(published_at__isnull=False).filter(
        Q(municipality__isnull=True) | Q(municipality__in=local_of)
    )


def task_list(*, user, filters: dict) -> QuerySet[Task]:
    """The visible tasks with their project, roles and guides (three queries a page), by project
    and code; `filters` as TaskFilterForm cleans them: `q`, `project`, `mandatory`, `critical`."""
    tasks = tasks_visible(user)
    q = (filters.get("q") or "").strip()
    if q:
        tasks = tasks.filter(
            Q(title__icontains=q)
            | Q(code__iexact=q)
            | Q(project__name__icontains=q)
            | Q(description__icontains=q)
            | Q(kombit_note__icontains=q)
        )
    if filters.get("project"):
        tasks = tasks.filter(project=filters["project"])
    if filters.get("mandatory") in ("yes", "no"):
        tasks = tasks.filter(mandatory=filters["mandatory"] == "yes")
    if filters.get("critical"):
        tasks = tasks.filter(critical=True)
    return (
        tasks.select_related("project", "responsible_role", "performer_role", "municipality")
        .prefetch_related(
            Prefetch(
                "guides", queryset=Guide.objects.order_by("position", "pk"), to_attr="guide_list"
            )
        )
        .order_by("project__name", "code", "title", "pk")
    )


def task_get(*, user, pk: int) -> Task:
    """A visible task (else DoesNotExist → 404)."""
    return task_list(user=user, filters={}).get(pk=pk)


# An assignment's columns in the API's list, with its task's, municipality's and responsible's.
API_FIELDS = (
    "pk", "status", "not_relevant_reason", "updated_at", "municipality__code",
    "municipality__name", "task_id", "task__project__name", "task__code", "task__title",
    "task__mandatory", "task__critical", "task__municipality_id",
    *(f"task__{name}_{part}" for name in ("start", "end")
      for part in ("text", "date", "precision", "pending_reason")),
    "responsible_id", "responsible__name", "responsible__email",
)  # fmt: skip


def assignment_page(
    *, user, municipality: Municipality | None, filters: dict, today: date, start: int, end: int
) -> tuple[list[dict], int]:
    """Rows `start` to `end` of the list assignment_list gives, as API_FIELDS values, and the
    number of rows in all: one query (a second, the count, for a page past the end)."""
    assignments = assignment_list(
        user=user, municipality=municipality, filters=filters, today=today
    )
    rows = list(
        assignments.annotate(total=count_of(assignments)).values(*API_FIELDS, "total")[start:end]
    )
    total = rows[0]["total"] if rows else assignments.count()
    return rows, total


def performers_of(assignment_ids) -> dict[int, list[dict]]:
    """Each assignment's performers by name, as {"id", "name", "email"}. One query."""
    found: dict[int, list[dict]] = {}
    for assignment_id, pk, name, email in (
        TaskPerformer.objects.filter(assignment__in=assignment_ids)
        .order_by("person__name", "pk")
        .values_list("assignment_id", "person_id", "person__name", "person__email")
    ):
        found.setdefault(assignment_id, []).append({"id": pk, "name": name, "email": email})
    return found


def assignment_values(*, user, pk: int) -> list[dict]:
    """The assignment `pk` as API_FIELDS values, if the user may see it (else an empty list)."""
    return list(assignments_visible(user).filter(pk=pk).values(*API_FIELDS))
