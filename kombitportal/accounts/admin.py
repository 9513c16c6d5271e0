"""Users in the admin site."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from kombitportal.accounts.backends import forget_user
from kombitportal.accounts.models import User
from kombitportal.core.admin_audit import AuditedAdminMixin


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    list_display = ["full_name", "email", "portal_role", "municipality", "last_login", "is_active"]
    list_filter = ["portal_role", "is_active", "municipality__region"]
    search_fields = ["full_name", "email", "username", "municipality__name"]
    list_select_related = ["municipality"]
    ordering = ["full_name"]
    readonly_fields = ["username", "last_login", "date_joined", "assurance_level"]
    fieldsets = [
        (None, {"fields": ["username", "full_name", "email"]}),
        (
            _("Portal"),
            {"fields": ["portal_role", "municipality", "organisation", "assurance_level"]},
        ),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "full_name", "email", "portal_role", "municipality"]}),
    ]
    filter_horizontal = ["groups"]

    # A change of a user takes effect on their next request: the kept copy is forgotten.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        forget_user(obj.pk)

    def delete_model(self, request, obj):
        forget_user(obj.pk)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for pk in queryset.values_list("pk", flat=True):
            forget_user(pk)
        super().delete_queryset(request, queryset)
