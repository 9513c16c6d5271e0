"""The audit trail: every write of the portal records who did what to which object, old → new, in
the database (AuditEvent, in the write's own transaction) and as a line on the
`kombitportal.audit` logger. Services call `record`; the admin's writes go through
`kombitportal.core.admin_audit`."""

import logging
from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models

from kombitportal.core.models import AuditEvent, Municipality

logger = logging.getLogger("kombitportal.audit")
M = TypeVar("M", bound=models.Model)

SYSTEM = "System"


def actor_name(actor: Any) -> str:
    """How the trail names who did it: the user's name, or "System" (commands, beat, load_demo)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return SYSTEM
    return getattr(actor, "full_name", "") or actor.get_username()


def text(value: Any) -> str:
    """A value as the trail keeps it: model instances by their name, None as empty."""
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(sorted(text(v) for v in value))
    return str(value)


def changes_of(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[str]]:
    """{field: [old, new]} for the fields whose text differs."""
    return {
        name: [text(before.get(name)), text(after.get(name))]
        for name in after
        if text(before.get(name)) != text(after.get(name))
    }


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    municipality: Municipality | int | None = None,
    changes: Mapping[str, tuple[Any, Any] | list[Any]] | None = None,
    note: str = "",
    created: bool = False,
) -> AuditEvent:
    """Write one audit event (call it inside the write's transaction) and log it. For an object
    just `created`, every change is from nothing (not from the model's defaults)."""
    changed = {
        str(name): ["" if created else text(old), text(new)]
        for name, (old, new) in (changes or {}).items()
    }
    municipality_id = municipality.pk if isinstance(municipality, Municipality) else municipality
    if municipality_id is None and obj is not None:
        municipality_id = getattr(obj, "municipality_id", None)
    event = AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=actor_name(actor)[:200],
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        municipality_id=municipality_id,
        changes=changed,
        note=note[:500],
    )
    logger.info(
        "%s by %s: %s %s%s%s",
        action,
        event.actor_name,
        event.object_type or "-",
        event.object_id or "-",
        f" {changed}" if changed else "",
        f" ({note})" if note else "",
    )
    return event


def assign(obj: models.Model, **values: Any) -> dict[str, tuple[Any, Any]]:
    """Set attributes, returning {field: (old, new)} for those that changed."""
    changed = {}
    for field, value in values.items():
        old = getattr(obj, field)
        if old != value:
            changed[field] = (old, value)
            setattr(obj, field, value)
    return changed


def save_if_changed(
    obj: models.Model, changed: Mapping[str, tuple[Any, Any]], *, actor: Any, action: str
) -> None:
    """Validate and save an upserted object that is new or `changed`, recording it in the trail as
    `<action>.create` or `<action>.change` ("core.person.create")."""
    if not changed and obj.pk is not None:
        return
    created = obj.pk is None
    obj.full_clean()
    obj.save()
    record(
        actor=actor,
        action=f"{action}.{'create' if created else 'change'}",
        obj=obj,
        changes=changed,
        created=created,
    )


def upsert(
    model: type[M], lookup: Mapping[str, Any], values: Mapping[str, Any], *, actor: Any, action: str
) -> M:
    """Create or change one row by its natural key (`lookup`), recording what changed as
    `<action>.create` or `<action>.change`: the areas' catalogue writes and `load_demo`."""
    obj = model._default_manager.filter(**lookup).first() or model(**lookup)
    save_if_changed(obj, assign(obj, **values), actor=actor, action=action)
    return obj
