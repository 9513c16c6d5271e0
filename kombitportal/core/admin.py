"""The KOMBIT consultants' admin for reference data, solutions, the role gallery and people."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kombitportal.core.admin_audit import AuditedModelAdmin, ReadOnlyAdminMixin
from kombitportal.core.exports import csv_response
from kombitportal.core.models import (
    AuditEvent,
    Municipality,
    Organisation,
    Person,
    Region,
    Role,
    RoleAssignment,
    Solution,
)


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "cvr", "region", "population", "population_date"]
    list_filter = ["region"]
    search_fields = ["name", "official_name", "code", "cvr"]
    list_select_related = ["region"]
    readonly_fields = ["code"]

    def has_add_permission(self, request):
        return False  # the 98 municipalities are reference data, loaded by a migration

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["name", "cvr", "kind"]
    search_fields = ["name", "cvr"]


@admin.register(Solution)
class SolutionAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "url"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["municipality", "person"]


@admin.register(Role)
class RoleAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "solution", "status"]
    list_filter = ["kind", "status", "solution"]
    search_fields = ["name", "description"]
    list_select_related = ["solution"]
    autocomplete_fields = ["solution"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedModelAdmin):
    list_display = ["role", "municipality", "person", "is_primary", "created_at"]
    list_filter = ["role", "is_primary"]
    search_fields = ["role__name", "municipality__name", "person__name", "person__email"]
    list_select_related = ["role", "municipality", "person"]
    autocomplete_fields = ["role", "municipality", "person"]


@admin.register(Person)
class PersonAdmin(AuditedModelAdmin):
    list_display = ["name", "email", "title", "municipality", "organisation", "has_logged_in"]
    list_filter = ["organisation", "municipality__region"]
    search_fields = ["name", "email", "title", "municipality__name"]
    list_select_related = ["municipality", "organisation"]
    autocomplete_fields = ["municipality", "user"]
    inlines = [RoleAssignmentInline]

    @admin.display(boolean=True, description=_("Has logged in"))
    def has_logged_in(self, obj: Person) -> bool:
        return obj.user_id is not None


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail: read, searched, filtered and exported by KOMBIT, never written here."""

    list_display = ["at", "actor_name", "action", "object_repr", "municipality", "changes_text"]
    list_filter = ["action", "object_type", ("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["actor_name", "action", "object_repr", "object_id", "note"]
    date_hierarchy = "at"
    list_select_related = ["municipality"]
    actions = ["export_csv"]

    @admin.display(description=_("changes"))
    def changes_text(self, event: AuditEvent) -> str:
        return "; ".join(f"{name}: {old} → {new}" for name, (old, new) in event.changes.items())

    @admin.action(description=_("Export the selected events as CSV"))
    def export_csv(self, request, queryset):
        header = [
            _("when"), _("who"), _("action"), _("object type"), _("object id"), _("object"),
            _("municipality"), _("changes"), _("note"),
        ]  # fmt: skip
        rows = (
            (timezone.localtime(e.at).isoformat(timespec="seconds"), e.actor_name, e.action,
             e.object_type, e.object_id, e.object_repr,
             e.municipality.name if e.municipality else "", self.changes_text(e), e.note)
            for e in queryset.select_related("municipality").order_by("at", "pk")
        )  # fmt: skip
        return csv_response("revisionsspor.csv", header, rows)
