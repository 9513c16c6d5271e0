"""Users in the admin site."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

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
