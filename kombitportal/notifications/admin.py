"""The outbox for KOMBIT: every mail with recipient, subject matter, state, attempts and error; a
failed mail can be sent again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kombitportal.core.admin_audit import AuditedModelAdmin, ReadOnlyAdminMixin
from kombitportal.notifications import services
from kombitportal.notifications.models import Mail, MailPreference


@admin.register(Mail)
class MailAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    list_display = (
        "created_at", "email", "kind", "subject_or_key", "due_date", "state", "attempts",
        "sent_at", "short_error",
    )  # fmt: skip
    list_filter = ("state", "kind", "due_date")
    search_fields = ("email", "person__name", "subject", "subject_key")
    date_hierarchy = "created_at"
    list_select_related = ("person",)
    actions = ["resend"]
    readonly_fields = [f.name for f in Mail._meta.fields]

    @admin.display(description=_("subject"))
    def subject_or_key(self, mail: Mail) -> str:
        return mail.subject or mail.subject_key

    @admin.display(description=_("error"))
    def short_error(self, mail: Mail) -> str:
        return mail.last_error[:120]

    @admin.action(description=_("Send the selected failed mails again"))
    def resend(self, request, queryset):
        count = services.mail_resend(
            mail_ids=list(queryset.values_list("pk", flat=True)), actor=request.user
        )
        messages.success(
            request,
            ngettext("%(n)d failed mail queued again.", "%(n)d failed mails queued again.", count)
            % {"n": count},
        )

    def get_actions(self, request):
        # The action changes state through a service, not through the admin's change permission.
        actions = super().get_actions(request)
        if not request.user.is_kombit:
            actions.pop("resend", None)
        return actions


@admin.register(MailPreference)
class MailPreferenceAdmin(AuditedModelAdmin):
    list_display = ("person", "reminders", "digest", "updated_at")
    list_filter = ("reminders", "digest")
    search_fields = ("person__name", "person__email")
    autocomplete_fields = ("person",)
