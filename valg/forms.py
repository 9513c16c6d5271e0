from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kombitportal.core.forms import FilterForm
from valg.models import RatedArea
from valg.rules import Kind

SCORES = [(str(n), str(n)) for n in range(1, 6)]


class CheckInWeekForm(forms.Form):
    """A week's check-in: a score 1–5 and an optional comment for each rated area. An area left
    without a score has none (a score given earlier is removed)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for area in RatedArea:
            self.fields[f"score_{area.value}"] = forms.TypedChoiceField(
                label=area.label,
                choices=SCORES,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )
            self.fields[f"comment_{area.value}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        data = super().clean() or {}
        for area in RatedArea:
            if data.get(f"comment_{area.value}", "").strip() and not data.get(
                f"score_{area.value}"
            ):
                self.add_error(f"score_{area.value}", _("Give a score to go with the comment."))
        return data

    def areas(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """(area, its score, its comment), for the template's fieldsets."""
        return [
            (area.value, self[f"score_{area.value}"], self[f"comment_{area.value}"])
            for area in RatedArea
        ]

    def scores(self) -> list[tuple[str, int | None, str]]:
        return [
            (
                area.value,
                self.cleaned_data.get(f"score_{area.value}"),
                self.cleaned_data.get(f"comment_{area.value}", ""),
            )
            for area in RatedArea
        ]


class WhichSolutionForm(FilterForm):
    """ "Hvilken løsning hvornår?": the kind of election and its day, from the query string."""

    q = None  # type: ignore[assignment]
    type = forms.ChoiceField(label=_("Election"), choices=Kind.choices)
    date = forms.DateField(
        label=_("Election day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Write the day as YYYY-MM-DD, e.g. 2025-11-18.")},
    )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if not 1900 <= day.year <= 2100:
            raise ValidationError(_("Choose a day between 1900 and 2100."))
        return day
