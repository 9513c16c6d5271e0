"""KOMBIT keeps Valg in the admin: the waves and who took part, the status points, the milestones,
and the check-in scores with the survey import (a preview of every row's errors before anything
is saved)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

from kombitportal.core.admin_audit import AuditedModelAdmin
from kombitportal.core.forms import DatedForm
from kombitportal.core.population import decode
from valg import services
from valg.imports import read_checkins
from valg.models import CheckIn, Milestone, StatusPoint, Wave

MAX_IMPORT_BYTES = 5 * 1024 * 1024


@admin.register(Wave)
class WaveAdmin(AuditedModelAdmin):
    list_display = ["__str__", "status", "on_plan", "starts_on", "participants_are_demo"]
    filter_horizontal = ["municipalities", "regions"]


@admin.register(StatusPoint)
class StatusPointAdmin(AuditedModelAdmin):
    list_display = ["text", "position"]


class MilestoneForm(DatedForm):
    dated = ("when",)

    class Meta:
        model = Milestone
        fields = ["title", "kind", "written", "when_text", "until", "detail", "position"]


@admin.register(Milestone)
class MilestoneAdmin(AuditedModelAdmin):
    form = MilestoneForm
    list_display = ["title", "kind", "written", "when_text", "until"]


@admin.register(CheckIn)
class CheckInAdmin(AuditedModelAdmin):
    list_display = ["wave", "municipality", "region", "week", "area", "score", "source"]
    list_filter = ["wave", "area", "phase", "source"]
    search_fields = ["municipality__name", "region__name", "comment"]
    list_select_related = ["wave", "municipality", "region"]
    raw_id_fields = ["municipality", "entered_by"]
    change_list_template = "admin/valg/checkin/change_list.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="valg_checkin_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload → a preview of every row (or every error); "Import" saves the previewed file,
        read and checked again, all or nothing."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "title": _("Import check-in scores")}
        if request.method == "POST":
            if "confirm" in request.POST:
                raw = request.POST.get("content", "").encode("utf-8")
            else:
                upload = request.FILES.get("file")
                if upload is None:
                    context["upload_error"] = _("Choose a CSV file.")
                    return TemplateResponse(request, "admin/valg/checkin/import.html", context)
                if upload.size and upload.size > MAX_IMPORT_BYTES:
                    context["upload_error"] = _("The file is larger than 5 MB.")
                    return TemplateResponse(request, "admin/valg/checkin/import.html", context)
                raw = upload.read()
            parsed = read_checkins(raw)
            context |= {"errors": parsed.errors, "rows": parsed.rows}
            if not parsed.errors and "confirm" in request.POST:
                try:
                    saved = services.checkins_import(rows=parsed.rows, actor=request.user)
                except ValidationError as error:
                    context["errors"] = error.messages
                else:
                    self.message_user(
                        request,
                        _("Imported %(n)d check-ins: %(new)d new, %(changed)d changed, "
                          "%(same)d unchanged.")
                        % {"n": len(parsed.rows), "new": saved.created, "changed": saved.changed,
                           "same": saved.unchanged},
                        messages.SUCCESS,
                    )  # fmt: skip
                    return redirect("admin:valg_checkin_changelist")
            if not parsed.errors:
                context["content"] = decode(raw)
        return TemplateResponse(request, "admin/valg/checkin/import.html", context)
