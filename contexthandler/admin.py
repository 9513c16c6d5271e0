"""KOMBIT keeps Context Handler 2 in the admin: the user-facing systems and their levels, the
municipalities' IdPs and systems, the metadata sources the roll-over check watches (with "check
now"), what the checks saw and found, and the certificate changes with their checklists."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contexthandler import services
from contexthandler.models import (
    Finding,
    IdentityProvider,
    MetadataSource,
    Rollover,
    RolloverCheck,
    Sighting,
    SystemUse,
    UserSystem,
)
from kombitportal.core.admin_audit import AuditedModelAdmin, ReadOnlyAdminMixin


@admin.register(UserSystem)
class UserSystemAdmin(AuditedModelAdmin):
    list_display = ["name", "level", "solution", "note"]


@admin.register(IdentityProvider)
class IdentityProviderAdmin(AuditedModelAdmin):
    list_display = ["name", "municipality", "protocol", "profile", "updated_at"]
    list_filter = ["protocol", "profile"]
    search_fields = ["name", "entity_id", "municipality__name"]
    list_select_related = ["municipality"]


@admin.register(SystemUse)
class SystemUseAdmin(AuditedModelAdmin):
    list_display = ["municipality", "system", "handler"]
    list_filter = ["handler", "system"]
    list_select_related = ["municipality", "system"]


@admin.register(MetadataSource)
class MetadataSourceAdmin(AuditedModelAdmin):
    list_display = ["name", "title", "location", "active", "last_checked_at"]
    actions = ["check_now"]

    @admin.action(description=_("Check the chosen sources now"))
    def check_now(self, request, queryset):
        from contexthandler import checks

        for source in queryset:
            report = checks.check_source(source, now=timezone.now())
            level = messages.WARNING if report.needs_action else messages.SUCCESS
            self.message_user(request, "; ".join(str(line) for line in report.findings), level)


@admin.register(Sighting)
class SightingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["subject", "source", "not_after", "first_seen", "last_seen", "gone_at"]
    list_filter = ["source"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["checked_at", "source", "code", "message"]
    list_filter = ["code", "source"]


@admin.register(Rollover)
class RolloverAdmin(AuditedModelAdmin):
    list_display = ["title", "starts_at", "environment"]
    filter_horizontal = ["recipient_roles"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.rollover_checklists_create(rollover=form.instance, actor=request.user)


@admin.register(RolloverCheck)
class RolloverCheckAdmin(AuditedModelAdmin):
    list_display = ["rollover", "municipality", "idp", "trust_at", "metadata_at"]
    list_filter = ["rollover"]
    list_select_related = ["rollover", "municipality", "idp"]
