"""Input of the agreements pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kombitportal.agreements.models import Agreement
from kombitportal.core.forms import FilterForm
from kombitportal.core.models import Municipality, Solution


class AgreementFilterForm(FilterForm):
    solution = forms.ModelChoiceField(
        label=_("Solution"),
        queryset=Solution.objects.order_by("name"),
        required=False,
        to_field_name="code",
        empty_label=_("All solutions"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Agreement.Kind.choices]
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[("", _("All channels")), *Agreement.Channel.choices],
    )
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All")),
            ("waiting", _("Waiting for our signature")),
            ("signed", _("Signed by us")),
            ("planned", _("Not yet sent")),
        ],
    )


class SignatureForm(forms.Form):
    signed_on = forms.DateField(
        label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    signer_name = forms.CharField(label=_("Signed by"), max_length=200)
    document = forms.FileField(label=_("Signed PDF (optional, at most 10 MB)"), required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("Choose a municipality"),
    )

    def __init__(self, *args, on_behalf: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if on_behalf:
            self.fields["municipality"].required = True
        else:
            del self.fields["municipality"]


class BillForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    basis = forms.CharField(
        label=_("Basis"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    total_kr = forms.DecimalField(
        label=_("Total (kr.)"), min_value=0, max_digits=14, decimal_places=2
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why is it withdrawn?"), max_length=500)
