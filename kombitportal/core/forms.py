"""Input of the core pages: the role gallery's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kombitportal.core.models import Municipality, Role, Solution


class RoleGalleryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Role.Kind.choices]
    )
    solution = forms.ModelChoiceField(
        label=_("Solution"),
        required=False,
        queryset=Solution.objects.order_by("name"),
        to_field_name="code",
        empty_label=_("All solutions"),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Role.Status.choices]
    )
    empty = forms.BooleanField(label=_("Only empty roles"), required=False)
    kommune = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.order_by("name"),
        to_field_name="code",
        empty_label=_("Choose a municipality"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_kombit:
            # Municipal users see their own municipality and published roles only.
            del self.fields["kommune"]
            del self.fields["status"]
