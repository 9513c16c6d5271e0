"""The KOMBIT consultants' admin for reference data, solutions, the role gallery and people."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kombitportal.core.models import (
    Municipality,
    Organisation,
    Person,
    Region,
    Role,
    RoleAssignment,
    Solution,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
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
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "cvr", "kind"]
    search_fields = ["name", "cvr"]


@admin.register(Solution)
class SolutionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "url"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["municipality", "person"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "solution", "status"]
    list_filter = ["kind", "status", "solution"]
    search_fields = ["name", "description"]
    list_select_related = ["solution"]
    autocomplete_fields = ["solution"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["role", "municipality", "person", "is_primary", "created_at"]
    list_filter = ["role", "is_primary"]
    search_fields = ["role__name", "municipality__name", "person__name", "person__email"]
    list_select_related = ["role", "municipality", "person"]
    autocomplete_fields = ["role", "municipality", "person"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "title", "municipality", "organisation", "has_logged_in"]
    list_filter = ["organisation", "municipality__region"]
    search_fields = ["name", "email", "title", "municipality__name"]
    list_select_related = ["municipality", "organisation"]
    autocomplete_fields = ["municipality", "user"]
    inlines = [RoleAssignmentInline]

    @admin.display(boolean=True, description=_("Has logged in"))
    def has_logged_in(self, obj: Person) -> bool:
        return obj.user_id is not None
