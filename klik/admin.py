"""KOMBIT's maintenance of the KLIK catalogue: projects, tasks, guides and dates."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from klik import services
from klik.models import Guide, Project, Task, TaskAssignment, TaskLogEntry
from kombitportal.core import clock
from kombitportal.core.admin_audit import AuditedModelAdmin, ReadOnlyAdminMixin
from kombitportal.core.approxdate import clean_approximate_dates


class TaskAdminForm(forms.ModelForm):
    """Dates are typed as KOMBIT writes them; the sortable date and precision are derived."""

    class Meta:
        model = Task
        fields = [
            "project", "code", "title", "description", "kombit_note", "mandatory", "critical",
            "start_text", "start_pending_reason", "end_text", "end_pending_reason",
            "responsible_role", "performer_role",
        ]  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        clean_approximate_dates(self, ("start", "end"), reference=clock.today())
        return cleaned


class GuideInline(admin.TabularInline):
    model = Guide
    extra = 1


@admin.register(Project)
class ProjectAdmin(AuditedModelAdmin):
    list_display = ["name", "solution"]
    search_fields = ["name"]


@admin.register(Task)
class TaskAdmin(AuditedModelAdmin):
    form = TaskAdminForm
    list_display = [
        "__str__",
        "project",
        "start_text",
        "end_text",
        "mandatory",
        "critical",
        "published_at",
    ]
    list_filter = ["project", "mandatory", "critical", ("published_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "code", "description", "project__name"]
    list_select_related = ["project"]
    autocomplete_fields = ["project", "responsible_role", "performer_role"]
    readonly_fields = ["published_at"]
    inlines = [GuideInline]
    actions = ["publish"]

    @admin.action(description=_("Publish to every municipality"))
    def publish(self, request, queryset):
        created = sum(services.task_publish(task=task, actor=request.user) for task in queryset)
        self.message_user(
            request, _("Published; %(n)s new municipal tasks.") % {"n": created}, messages.SUCCESS
        )


@admin.register(TaskAssignment)
class TaskAssignmentAdmin(AuditedModelAdmin):
    list_display = ["task", "municipality", "status", "responsible", "updated_at"]
    list_filter = ["status", "task__project"]
    search_fields = ["task__title", "task__code", "municipality__name"]
    list_select_related = ["task", "municipality", "responsible"]
    readonly_fields = [
        "task",
        "municipality",
        "status",
        "not_relevant_reason",
        "responsible",
        "updated_at",
    ]

    def has_add_permission(self, request):
        return False  # assignments come from publishing a task


@admin.register(TaskLogEntry)
class TaskLogEntryAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    """The change log can be read and searched, never edited."""

    list_display = ["at", "actor_name", "assignment", "field", "old_display", "new_display"]
    list_filter = ["field"]
    search_fields = ["actor_name", "assignment__task__title", "assignment__municipality__name"]
    list_select_related = ["assignment__task", "assignment__municipality"]
