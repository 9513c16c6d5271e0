"""KOMBIT prepares meetings (agenda items in order with presenters and tasks, material, summary),
keeps "Lær KOMBIT at kende" and KommuneCERT's advisories here; the ticks, ideas and satisfaction
answers are the municipalities' and users' own, shown and never written. Every write is audited."""

from django.contrib import admin

from kombitportal.core.admin_audit import AuditedAdminMixin, AuditedModelAdmin, ReadOnlyAdminMixin
from meetings.models import (
    Advisory,
    AgendaItem,
    ChecklistTick,
    Idea,
    Meeting,
    OnboardingLink,
    OnboardingSection,
    SatisfactionAnswer,
)


class AgendaItemInline(AuditedAdminMixin, admin.StackedInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "description", "presenters", "task", "page"]
    autocomplete_fields = ["presenters"]
    ordering = ["position"]


@admin.register(Meeting)
class MeetingAdmin(AuditedModelAdmin):
    list_display = ["title", "starts_at", "place", "summary_published_at", "is_demo"]
    search_fields = ["title", "summary"]
    readonly_fields = ["summary_published_at"]
    inlines = [AgendaItemInline]


class OnboardingLinkInline(AuditedAdminMixin, admin.TabularInline):
    model = OnboardingLink
    extra = 0
    fields = ["position", "title", "url", "description"]


@admin.register(OnboardingSection)
class OnboardingSectionAdmin(AuditedModelAdmin):
    list_display = ["title", "position"]
    inlines = [OnboardingLinkInline]


@admin.register(Advisory)
class AdvisoryAdmin(AuditedModelAdmin):
    list_display = ["title", "published_on", "severity", "is_demo"]
    list_filter = ["severity", "solutions"]
    search_fields = ["title", "body"]
    filter_horizontal = ["solutions"]


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


@admin.register(ChecklistTick)
class ChecklistTickAdmin(ReadOnlyAdmin):
    list_display = ["item", "municipality", "done", "note", "changed_by_name", "changed_at"]
    list_filter = ["done", "item__meeting"]
    list_select_related = ["item", "municipality"]


@admin.register(Idea)
class IdeaAdmin(ReadOnlyAdmin):
    list_display = ["sender_name", "municipality", "meeting", "sent_at"]
    search_fields = ["text", "sender_name"]
    list_select_related = ["municipality", "meeting"]


@admin.register(SatisfactionAnswer)
class SatisfactionAnswerAdmin(ReadOnlyAdmin):
    list_display = ["quarter", "score", "comment", "answered_at"]
    list_filter = ["quarter", "score"]
