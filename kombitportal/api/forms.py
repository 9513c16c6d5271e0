from django import forms
from django.utils.translation import gettext_lazy as _

from kombitportal.api.models import ApiToken


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the key"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("What it is for, e.g. “KOMBIT-rapportering” or “Power BI”."),
    )
