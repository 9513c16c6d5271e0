"""Writes of the KLIK area. Every change of status, responsible or performers writes its row in the
task's log and the portal's audit trail in the same transaction, and only users allowed to make
the change get through. `actor=None` is the system itself (management commands such as
load_demo), recorded as such."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klik.models import (
    Project,
    SavedFilter,
    Task,
    TaskAssignment,
    TaskAttachment,
    TaskLogEntry,
    TaskPerformer,
)
from kombitportal.core import audit
from kombitportal.core.approxdate import ApproximateDate
from kombitportal.core.models import Municipality, Person
from kombitportal.core.uploads import check_file


def _in_municipality(user, assignment: TaskAssignment) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.municipality_id == assignment.municipality_id
    )


def can_assign(user, assignment: TaskAssignment) -> bool:
    """KOMBIT, or the municipality's programme leader, may choose responsible and performers."""
    return user.is_kombit or (_in_municipality(user, assignment) and user.is_programme_leader)


def can_change_status(
    user, assignment: TaskAssignment, performer_ids: set[int] | None = None
) -> bool:
    """Also the responsible person and the performers of the task may set its status."""
    if can_assign(user, assignment):
        return True
    if not _in_municipality(user, assignment):
        return False
    person_id = getattr(getattr(user, "person", None), "pk", None)
    if person_id is None:
        return False
    if performer_ids is None:
        performer_ids = set(assignment.performer_links.values_list("person_id", flat=True))
    return person_id == assignment.responsible_id or person_id in performer_ids


def _log(
    assignment: TaskAssignment, actor, field: str, old: str, new: str, note: str = ""
) -> TaskLogEntry:
    """The task's own log row (shown on the task's page) and the audit trail's event."""
    audit.record(
        actor=actor,
        action=f"klik.assignment.{field}",
        obj=assignment,
        changes={field: (old, new)},
        note=note,
    )
    return TaskLogEntry.objects.create(
        assignment=assignment,
        actor=actor,
        actor_name=audit.actor_name(actor),
        field=field,
        old_value=old,
        new_value=new,
        note=note,
    )


@transaction.atomic
def task_publish(*, task: Task, actor=None) -> int:
    """Publish a task: every municipality gets its assignment. Safe to run again; returns how many
    assignments were created."""
    if task.published_at is None:
        task.published_at = timezone.now()
        task.save(update_fields=["published_at"])
    existing = set(
        TaskAssignment.objects.filter(task=task).values_list("municipality_id", flat=True)
    )
    # A local task is its municipality's alone.
    municipalities = Municipality.objects.all()
    if task.municipality_id is not None:
        municipalities = municipalities.filter(pk=task.municipality_id)
    missing = [
        TaskAssignment(task=task, municipality_id=pk)
        for pk in municipalities.values_list("pk", flat=True)
        if pk not in existing
    ]
    TaskAssignment.objects.bulk_create(missing, ignore_conflicts=True)
    if missing:
        audit.record(
            actor=actor,
            action="klik.task.publish",
            obj=task,
            changes={"published_at": ("", task.published_at)},
            note=f"{len(missing)} new municipal tasks",
        )
    return len(missing)


@transaction.atomic
def assignment_set_status(
    *, assignment: TaskAssignment, status: str, reason: str = "", actor=None
) -> TaskAssignment:
    assignment = TaskAssignment.objects.select_for_update().get(pk=assignment.pk)
    if actor is not None and not can_change_status(actor, assignment):
        raise PermissionDenied
    # A reason belongs to "not relevant" only; that it is given there is the model's rule.
    reason = reason.strip() if status == TaskAssignment.Status.NOT_RELEVANT else ""
    if status == assignment.status and reason == assignment.not_relevant_reason:
        return assignment
    old = assignment.status
    assignment.status = status
    assignment.not_relevant_reason = reason
    assignment.full_clean()
    assignment.save(update_fields=["status", "not_relevant_reason", "updated_at"])
    _log(assignment, actor, TaskLogEntry.Field.STATUS, old, status, note=reason)
    return assignment


@transaction.atomic
def assignment_set_people(
    *,
    assignment: TaskAssignment,
    responsible: Person | None,
    performers: list[Person],
    actor=None,
) -> TaskAssignment:
    """Choose the responsible person and the performers (several). Only people of the task's own
    municipality can be chosen. Each change is one log row: from → to."""
    # Lock the assignment row only: PostgreSQL cannot lock the nullable side of the join.
    assignment = (
        TaskAssignment.objects.select_for_update(of=("self",))
        .select_related("responsible")
        .get(pk=assignment.pk)
    )
    if actor is not None and not can_assign(actor, assignment):
        raise PermissionDenied
    chosen = [p for p in [responsible, *performers] if p is not None]
    if any(p.municipality_id != assignment.municipality_id for p in chosen):
        raise ValidationError(_("Only people in the task's municipality can be chosen."))

    if (assignment.responsible_id or None) != (responsible.pk if responsible else None):
        old = assignment.responsible.name if assignment.responsible else ""
        assignment.responsible = responsible
        assignment.save(update_fields=["responsible", "updated_at"])
        _log(
            assignment,
            actor,
            TaskLogEntry.Field.RESPONSIBLE,
            old,
            responsible.name if responsible else "",
        )

    current = {
        link.person_id: link.person.name
        for link in assignment.performer_links.select_related("person")
    }
    wanted = {p.pk: p.name for p in performers}
    if set(current) != set(wanted):
        TaskPerformer.objects.filter(assignment=assignment).exclude(person_id__in=wanted).delete()
        TaskPerformer.objects.bulk_create(
            [
                TaskPerformer(assignment=assignment, person_id=pk)
                for pk in wanted
                if pk not in current
            ]
        )
        assignment.save(update_fields=["updated_at"])
        _log(
            assignment,
            actor,
            TaskLogEntry.Field.PERFORMERS,
            ", ".join(sorted(current.values())),
            ", ".join(sorted(wanted.values())),
        )
    return assignment


@transaction.atomic
def saved_filter_save(
    *, user, name: str, filters: dict, saved_filter: SavedFilter | None = None
) -> SavedFilter:
    saved_filter = saved_filter or SavedFilter(user=user)
    if saved_filter.user_id != user.pk:
        raise PermissionDenied
    before = {"name": saved_filter.name, "filters": saved_filter.filters}
    created = saved_filter.pk is None
    saved_filter.name = name.strip()
    saved_filter.filters = filters
    saved_filter.full_clean()
    saved_filter.save()
    audit.record(
        actor=user,
        action="klik.saved_filter.create" if created else "klik.saved_filter.change",
        obj=saved_filter,
        changes=audit.changes_of(before, {"name": saved_filter.name, "filters": filters}),
    )
    return saved_filter


@transaction.atomic
def saved_filter_delete(*, user, saved_filter: SavedFilter) -> None:
    if saved_filter.user_id != user.pk:
        raise PermissionDenied
    audit.record(actor=user, action="klik.saved_filter.delete", obj=saved_filter)
    saved_filter.delete()


# --- A municipality's local tasks ----------------------------------------------------------------

# The project every local task belongs to (the filter's project choice finds them all).
LOCAL_PROJECT = "Lokale opgaver"


def can_keep_local_tasks(user, municipality: Municipality) -> bool:
    """Who chooses responsible and performers (the programme leader, KOMBIT) keeps the
    municipality's local tasks too."""
    return (
        user.is_authenticated
        and user.is_active
        and (
            user.is_kombit or (user.municipality_id == municipality.pk and user.is_programme_leader)
        )
    )


@transaction.atomic
def local_task_create(
    *,
    municipality: Municipality,
    title: str,
    description: str,
    start: ApproximateDate | None,
    end: ApproximateDate | None,
    actor,
) -> TaskAssignment:
    """A task of the municipality's own, beside KOMBIT's: published at once, to it alone."""
    if not can_keep_local_tasks(actor, municipality):
        raise PermissionDenied
    project, _created = Project.objects.get_or_create(name=LOCAL_PROJECT)
    task = Task(
        project=project,
        municipality=municipality,
        title=title.strip(),
        description=description.strip(),
        published_at=timezone.now(),
    )
    task.start, task.end = start, end
    task.full_clean()
    task.save()
    assignment = TaskAssignment.objects.create(task=task, municipality=municipality)
    audit.record(
        actor=actor,
        action="klik.local_task.create",
        obj=task,
        municipality=municipality,
        changes={
            "title": ("", task.title),
            "start": ("", task.start_text),
            "end": ("", task.end_text),
        },
    )
    return assignment


@transaction.atomic
def local_task_change(
    *,
    task: Task,
    title: str,
    description: str,
    start: ApproximateDate | None,
    end: ApproximateDate | None,
    actor,
) -> Task:
    task = (
        Task.objects.select_for_update(of=("self",)).select_related("municipality").get(pk=task.pk)
    )
    if task.municipality is None or not can_keep_local_tasks(actor, task.municipality):
        raise PermissionDenied
    before = {
        "title": task.title, "description": task.description, "start": task.start_text,
        "end": task.end_text,
    }  # fmt: skip
    task.title, task.description = title.strip(), description.strip()
    task.start, task.end = start, end
    task.full_clean()
    task.save()
    after = {
        "title": task.title, "description": task.description, "start": task.start_text,
        "end": task.end_text,
    }  # fmt: skip
    changes = audit.changes_of(before, after)
    if changes:
        audit.record(actor=actor, action="klik.local_task.change", obj=task, changes=changes)
        # And in the task's own log, where its municipality reads what changed.
        TaskLogEntry.objects.bulk_create(
            TaskLogEntry(
                assignment=work,
                actor=actor,
                actor_name=audit.actor_name(actor),
                field=field,
                old_value=old,
                new_value=new,
            )
            for work in task.assignments.all()
            for field, (old, new) in changes.items()
        )
    return task


# --- Files attached to a task --------------------------------------------------------------------

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_KINDS = ("pdf", "docx", "xlsx", "pptx", "png", "jpg", "jpeg")


@transaction.atomic
def attachment_add(*, assignment: TaskAssignment, upload: UploadedFile, actor) -> TaskAttachment:
    """A file on the municipality's task, by who may work on it: checked by name and content
    (PDF, Word, Excel, PowerPoint, PNG, JPEG; at most 10 MB), stored under a random name, and
    written in the task's log."""
    if not can_change_status(actor, assignment):
        raise PermissionDenied
    content_type = check_file(
        upload,
        kinds=ATTACHMENT_KINDS,
        max_bytes=MAX_ATTACHMENT_BYTES,
        field="file",
        wrong_name=_("Attach a PDF, Word, Excel, PowerPoint, PNG or JPEG file."),
        wrong_content=_("The file's content is not what its name says."),
    )
    assert upload.name is not None and upload.size is not None  # checked above
    name = Path(upload.name).name[:200]
    attachment = TaskAttachment(
        assignment=assignment,
        name=name,
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
        uploaded_by_name=audit.actor_name(actor),
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    _log(assignment, actor, TaskLogEntry.Field.FILES, "", name)
    return attachment


def can_remove_attachment(user, attachment: TaskAttachment) -> bool:
    """Who uploaded it, and who chooses the task's people (the programme leader, KOMBIT)."""
    return attachment.uploaded_by_id == user.pk or can_assign(user, attachment.assignment)


@transaction.atomic
def attachment_remove(*, attachment: TaskAttachment, actor) -> None:
    if not can_remove_attachment(actor, attachment):
        raise PermissionDenied
    _log(attachment.assignment, actor, TaskLogEntry.Field.FILES, attachment.name, "")
    stored, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))
