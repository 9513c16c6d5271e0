"""The admin site: KOMBIT users only, and no password login of its own (SAML is the only way in)."""

from functools import update_wrapper

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    site_header = _("Programme-leader portal: administration")
    site_title = _("Programme-leader portal")
    index_title = _("KOMBIT's catalogue")
    site_url = "/"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and (user.is_kombit or user.is_superuser))

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            # A logged-in municipal user is refused outright instead of being shown a login form.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, view)

    def login(self, request: HttpRequest, extra_context=None):
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect("/saml/login/?" + urlencode({"next": request.GET.get("next", "/admin/")}))


class PortalAdminConfig(AdminConfig):
    default_site = "kombitportal.accounts.admin_site.PortalAdminSite"
