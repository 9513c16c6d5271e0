from django import forms
from django.utils.translation import gettext_lazy as _

from kombitportal.core.forms import FilterForm


class PurposeSearchForm(FilterForm):
    """ "Hvilket formål dækker § 192?": by act, paragraph, LBK/BEK number or subject area."""

    q = forms.CharField(
        label=_("Which purpose covers …?"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(
            attrs={"placeholder": "§ 192a, LBK 909, Fogedsager", "aria-describedby": "q-hint"}
        ),
    )
