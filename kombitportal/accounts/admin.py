"""Users in the admin, and the admin site itself: KOMBIT users only, login through SAML."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from kombitportal.accounts.models import User


def _admin_has_permission(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and (user.is_kombit or user.is_superuser))


def _admin_login(request: HttpRequest, extra_context=None):
    """The admin has no password login: anonymous users go through SAML, others are refused."""
    if request.user.is_authenticated:
        raise PermissionDenied
    return redirect("/saml/login/?" + urlencode({"next": request.GET.get("next", "/admin/")}))


admin.site.has_permission = _admin_has_permission
admin.site.login = _admin_login
admin.site.site_header = _("Programme-leader portal: administration")
admin.site.site_title = _("Programme-leader portal")
admin.site.index_title = _("KOMBIT's catalogue")
admin.site.site_url = "/"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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
