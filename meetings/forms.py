"""Input of the meetings' pages: a list's search, a checklist tick, an idea for the next meeting
and the portal's satisfaction question."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kombitportal.core.forms import FilterForm

SCORES = [(str(n), str(n)) for n in range(1, 6)]


class MeetingFilterForm(FilterForm):
    pass


class TickForm(forms.Form):
    """Done or not, with an optional note. The municipality is never a field: it is the user's."""

    done = forms.BooleanField(label=_("Done"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=500, widget=forms.TextInput)


class IdeaForm(forms.Form):
    text = forms.CharField(
        label=_("Your idea or question"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your idea or question before sending it.")},
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write your idea or question before sending it."))
        return text


class SatisfactionForm(forms.Form):
    """The answer (a score 1–5 and an optional comment), or "dismiss" to not be asked this
    quarter."""

    score = forms.TypedChoiceField(
        label=_("How satisfied are you with the programme-leader portal?"),
        choices=SCORES,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    dismiss = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean() or {}
        if not data.get("dismiss") and not data.get("score"):
            self.add_error("score", _("Choose a score from 1 to 5, or close the question."))
        return data
