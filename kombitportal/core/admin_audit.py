"""The admin's writes in the audit trail: every ModelAdmin of the portal derives from
`AuditedModelAdmin` (or mixes in `AuditedAdminMixin`), so that adding, changing and deleting in
the admin — inlines included — records who did what to which object, old → new, like a service."""

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.forms import BaseModelFormSet, ModelForm
from django.http import HttpRequest

from kombitportal.core import audit


def _action(obj: Model, verb: str) -> str:
    return f"admin.{obj._meta.label_lower}.{verb}"


def _changes(form: ModelForm) -> dict[str, tuple[Any, Any]]:
    return {
        name: (form.initial.get(name, ""), form.cleaned_data.get(name, ""))
        for name in form.changed_data
    }


class AuditedAdminMixin:
    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        changes = _changes(form)
        if changes or not change:
            audit.record(
                actor=request.user,
                action=_action(obj, "change" if change else "add"),
                obj=obj,
                changes=changes,
            )

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        audit.record(actor=request.user, action=_action(obj, "delete"), obj=obj)
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            audit.record(actor=request.user, action=_action(obj, "delete"), obj=obj)
        super().delete_queryset(request, queryset)  # type: ignore[misc]

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseModelFormSet, change: bool
    ) -> None:
        deleted = [f.instance for f in formset.deleted_forms if f.instance.pk is not None]
        for obj in deleted:
            audit.record(actor=request.user, action=_action(obj, "delete"), obj=obj)
        super().save_formset(request, form, formset, change)  # type: ignore[misc]
        changed_forms = {f.instance.pk: f for f in formset.forms if f.has_changed()}
        for obj in formset.new_objects:
            audit.record(
                actor=request.user,
                action=_action(obj, "add"),
                obj=obj,
                changes=_changes(changed_forms[obj.pk]) if obj.pk in changed_forms else {},
            )
        for obj, _fields in formset.changed_objects:
            audit.record(
                actor=request.user,
                action=_action(obj, "change"),
                obj=obj,
                changes=_changes(changed_forms[obj.pk]) if obj.pk in changed_forms else {},
            )


class AuditedModelAdmin(AuditedAdminMixin, admin.ModelAdmin):
    pass


class ReadOnlyAdminMixin:
    """A record the admin shows and never writes: the audit trail, the outbox, a task's log."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
