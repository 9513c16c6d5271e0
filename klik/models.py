"""KLIK tasks: KOMBIT's catalogue of roll-out tasks and each municipality's work on them."""

import uuid
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kombitportal.core.approxdate import ApproximateDateField
from kombitportal.core.models import Municipality, Person, Role, Solution


class Project(models.Model):
    """A KLIK project: "KP (eFaktura 10)", "Fælleskommunal Infrastruktur", "SAPA", ..."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    solution = models.ForeignKey(
        Solution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="klik_projects",
        verbose_name=_("solution"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name


class Task(models.Model):
    """A KLIK task in KOMBIT's catalogue. Publishing it gives every municipality an assignment."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("project")
    )
    code = models.CharField(_("code"), max_length=20, blank=True, help_text=_("E.g. K53, U10, 01."))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kombit_note = models.TextField(_("KOMBIT's note"), blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=False)
    critical = models.BooleanField(_("critical/cross-cutting"), default=False)
    start = ApproximateDateField(_("start"), bound="start")
    end = ApproximateDateField(_("end"), bound="end")
    responsible_role = models.ForeignKey(
        Role,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_for_tasks",
        verbose_name=_("responsible role"),
    )
    performer_role = models.ForeignKey(
        Role,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="performer_for_tasks",
        verbose_name=_("performer role"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # A municipality's local task (lokal opgave): its own, beside KOMBIT's, seen only there.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="local_tasks",
        verbose_name=_("local task of"),
    )

    if TYPE_CHECKING:
        # The columns `start` and `end` add (ApproximateDateField.contribute_to_class).
        start_text: str
        start_date: date | None
        start_precision: str
        start_pending_reason: str
        end_text: str
        end_date: date | None
        end_precision: str
        end_pending_reason: str

    class Meta:
        ordering = ["project__name", "code", "title"]
        verbose_name = _("KLIK task")
        verbose_name_plural = _("KLIK tasks")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "code", "title"],
                condition=models.Q(municipality__isnull=True),
                name="klik_task_unique_in_project",
            ),
            models.UniqueConstraint(
                fields=["municipality", "project", "code", "title"],
                condition=models.Q(municipality__isnull=False),
                name="klik_local_task_unique",
                violation_error_message=_(
                    "Your municipality already has a local task of this title."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    @property
    def is_local(self) -> bool:
        return self.municipality_id is not None


class Guide(models.Model):
    """A guide (vejledning) linked from a task."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="guides")
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("link"), max_length=1000)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def __str__(self) -> str:
        return self.title


class TaskAssignment(models.Model):
    """One task for one municipality: status, responsible person and performers."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        SOLVED = "solved", _("Solved")
        NOT_RELEVANT = "not_relevant", _("Not relevant")

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("task")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="klik_assignments",
        verbose_name=_("municipality"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    not_relevant_reason = models.CharField(_("why not relevant"), max_length=500, blank=True)
    responsible = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_tasks",
        verbose_name=_("responsible"),
    )
    performers: "models.ManyToManyField[Person, TaskPerformer]" = models.ManyToManyField(
        Person,
        through="TaskPerformer",
        related_name="performer_tasks",
        verbose_name=_("performers"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("task for a municipality")
        verbose_name_plural = _("tasks for municipalities")
        constraints = [
            models.UniqueConstraint(fields=["task", "municipality"], name="klik_assignment_unique"),
            models.CheckConstraint(
                condition=~models.Q(status="not_relevant") | ~models.Q(not_relevant_reason=""),
                name="klik_not_relevant_has_reason",
                violation_error_message=_(
                    "Say why the task is not relevant for your municipality."
                ),
            ),
        ]
        indexes = [
            # Covers the task list and its count: a municipality's rows (by status too) with the
            # task and responsible to join, read from the index alone.
            models.Index(
                fields=["municipality", "status", "task", "responsible"],
                name="klik_assignment_list",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.municipality}"


class TaskPerformer(models.Model):
    """A performer (udfører) of a municipality's task; a task may have several."""

    assignment = models.ForeignKey(
        TaskAssignment, on_delete=models.CASCADE, related_name="performer_links"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="performer_links")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person__name"]
        verbose_name = _("performer")
        verbose_name_plural = _("performers")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "person"], name="klik_performer_unique")
        ]

    def __str__(self) -> str:
        return str(self.person)


class TaskLogEntry(models.Model):
    """A change of status, responsible or performers: who, when, from → to. Written in the same
    transaction as the change; never edited; kept when people or users are deleted (names are
    copied as text)."""

    class Field(models.TextChoices):
        STATUS = "status", _("Status")
        RESPONSIBLE = "responsible", _("Responsible")
        PERFORMERS = "performers", _("Performers")
        FILES = "files", _("Files")
        # A local task's own text and dates, as its municipality edits them.
        TITLE = "title", _("Title")
        DESCRIPTION = "description", _("Description")
        START = "start", _("Start")
        END = "end", _("End")

    assignment = models.ForeignKey(
        TaskAssignment, on_delete=models.CASCADE, related_name="log", verbose_name=_("task")
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("who"), max_length=200)
    field = models.CharField(_("what"), max_length=20, choices=Field.choices)
    # For status: the status codes (shown in the reader's language); for people: their names.
    old_value = models.TextField(_("from"), blank=True)
    new_value = models.TextField(_("to"), blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.field} {self.old_display} → {self.new_display}"

    def _display(self, value: str) -> str:
        if self.field == self.Field.STATUS and value:
            return str(dict(TaskAssignment.Status.choices).get(value, value))
        return value

    @property
    def old_display(self) -> str:
        return self._display(self.old_value)

    @property
    def new_display(self) -> str:
        shown = self._display(self.new_value)
        return f"{shown} ({self.note})" if self.note else shown


class SavedFilter(models.Model):
    """A user's named filter of the task list ("Mine SAPA-opgaver"); `filters` is what the list's
    filter form accepts, validated by that form before it is saved."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="klik_filters"
    )
    name = models.CharField(_("name"), max_length=100)
    filters = models.JSONField(_("filter"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                name="klik_saved_filter_unique_name",
                violation_error_message=_("You already have a filter with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


def attachment_path(instance: "TaskAttachment", filename: str) -> str:
    # Never the uploader's file name on disk: a random name under the task, its kind kept.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"klik/{instance.assignment_id}/{uuid.uuid4().hex}.{extension}"


class TaskAttachment(models.Model):
    """A file the municipality attaches to its task (kept outside the web root, served only to
    that municipality and KOMBIT); every upload and removal is in the task's log."""

    assignment = models.ForeignKey(
        TaskAssignment, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("task")
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("kind"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_by_name = models.CharField(_("uploaded by"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")

    def __str__(self) -> str:
        return self.name
