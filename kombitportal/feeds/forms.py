"""The form that makes a calendar feed: one of the user's own sources, and whether to show titles
only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kombitportal.core.areas import FeedSource


class FeedForm(forms.Form):
    source = forms.ChoiceField(label=_("What the calendar shows"))
    titles_only = forms.BooleanField(
        label=_("Titles only"),
        required=False,
        help_text=_(
            "Leaves out the names of the responsible and the performers, and anything else "
            "about people: for a calendar that others can see too."
        ),
    )

    def __init__(self, *args, sources: list[FeedSource], **kwargs):
        super().__init__(*args, **kwargs)
        # Only the user's own sources are choices: another user's saved filter is no choice.
        self.sources = {source.value: source for source in sources}
        field = self.fields["source"]
        assert isinstance(field, forms.ChoiceField)  # declared so, above
        field.choices = [(source.value, source.label) for source in sources]

    def clean_source(self) -> FeedSource:
        return self.sources[self.cleaned_data["source"]]
