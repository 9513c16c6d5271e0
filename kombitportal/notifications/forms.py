from django import forms
from django.utils.translation import gettext_lazy as _


class MailPreferenceForm(forms.Form):
    reminders = forms.BooleanField(
        label=_("Deadline reminders"),
        required=False,
        help_text=_(
            "Before and after the end date of KLIK tasks you are responsible for or perform, and "
            "before the deadline of agreements sent to a role you hold."
        ),
    )
    digest = forms.BooleanField(
        label=_("Weekly digest"),
        required=False,
        help_text=_(
            "Monday morning: your open and overdue tasks, what is due in the next 14 days, "
            "agreements waiting for your municipality and, for programme leaders, empty roles. "
            "Never sent when there is nothing to report."
        ),
    )
