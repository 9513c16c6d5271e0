"""Input of the KLIK pages: the task list's filters (also what a saved filter stores), the status
form and the people form."""

from functools import partial
from typing import Any

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from klik import selectors
from klik.models import TaskAssignment
from kombitportal.core import clock
from kombitportal.core.approxdate import ApproximateDateError, parse_approximate_date
from kombitportal.core.forms import FilterForm
from kombitportal.core.models import Municipality, Person

SORTS = [
    ("end", _("End date")),
    ("-end", _("End date, latest first")),
    ("start", _("Start date")),
    ("title", _("Title")),
    ("project", _("Project")),
    ("status", _("Status")),
]
YES_NO = [("", _("All")), ("yes", _("Mandatory")), ("no", _("Optional"))]
FILTER_FIELDS = (
    "q", "project", "status", "mandatory", "critical", "due_within", "overdue", "responsible",
    "performer", "role", "mine", "my_roles", "unassigned", "sort", "kommune",
)  # fmt: skip


class TaskFilterForm(FilterForm):
    """The task list's filters. The options of projects, people and roles are read in one query
    (selectors.filter_options) and a chosen one is checked against them, so filtering costs no
    query of its own; cleaned values are ids."""

    project = forms.TypedChoiceField(
        label=_("Project"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("open", _("Open (not solved)")), *TaskAssignment.Status.choices],
    )
    mandatory = forms.ChoiceField(label=_("Mandatory"), required=False, choices=YES_NO)
    critical = forms.BooleanField(label=_("Critical only"), required=False)
    due_within = forms.IntegerField(
        label=_("Due within (days)"), required=False, min_value=0, max_value=3650
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    responsible = forms.TypedChoiceField(
        label=_("Responsible"), required=False, coerce=int, empty_value=None
    )
    performer = forms.TypedChoiceField(
        label=_("Performer"), required=False, coerce=int, empty_value=None
    )
    role = forms.TypedChoiceField(label=_("Role"), required=False, coerce=int, empty_value=None)
    mine = forms.BooleanField(label=_("My tasks"), required=False)
    my_roles = forms.BooleanField(label=_("Tasks for my roles"), required=False)
    unassigned = forms.BooleanField(label=_("Without responsible"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)
    kommune = forms.ChoiceField(label=_("Municipality"), required=False)

    # Fields whose options come from the database: (kind of option, the empty choice).
    OPTIONS = {
        "project": ("project", _("All projects")),
        "responsible": ("person", _("Anyone")),
        "performer": ("person", _("Anyone")),
        "role": ("role", _("Any role")),
        "kommune": ("municipality", _("Choose a municipality")),
    }

    def __init__(self, *args, user, municipality: Municipality | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        if not user.is_kombit:
            del self.fields["kommune"]
        # Read when first needed: to check a chosen option or to show the controls.
        for name in self.OPTIONS.keys() & self.fields.keys():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)  # every one in OPTIONS is declared so
            field.choices = partial(self._choices, name)

    @cached_property
    def _options(self) -> dict[str, list[tuple[int, str]]]:
        return selectors.filter_options(municipality=self.municipality)

    @cached_property
    def _municipalities(self) -> list[tuple[str, str]]:
        return list(Municipality.objects.order_by("name").values_list("code", "name"))

    def _choices(self, name: str) -> list[tuple[int | str, str]]:
        kind, empty = self.OPTIONS[name]
        options = self._municipalities if kind == "municipality" else self._options[kind]
        return [("", empty), *options]

    def saved_data(self) -> dict[str, str]:
        """The filter as a saved filter stores it: the submitted values of known, valid fields."""
        return {
            name: str(self.data[name])
            for name in FILTER_FIELDS
            if name in self.fields
            and self.data.get(name) not in (None, "")
            and name not in self.errors
        }


class StatusForm(forms.Form):
    """A task's status. Whether "not relevant" has its reason is the model's rule (its check
    constraint, validated by the service); the view puts that error on `reason`."""

    status = forms.ChoiceField(label=_("Status"), choices=TaskAssignment.Status.choices)
    reason = forms.CharField(
        label=_("Why is it not relevant?"),
        required=False,
        max_length=TaskAssignment._meta.get_field("not_relevant_reason").max_length,
        widget=forms.TextInput,
    )


class PeopleForm(forms.Form):
    responsible = forms.ModelChoiceField(
        label=_("Responsible"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("No one"),
    )
    performers = forms.ModelMultipleChoiceField(
        label=_("Performers"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(municipality=municipality).order_by("name")
        for name in ("responsible", "performers"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)  # both are declared so (above)
            field.queryset = people


class SavedFilterForm(forms.Form):
    name = forms.CharField(label=_("Name of the filter"), max_length=100)


class OverviewForm(FilterForm):
    """KOMBIT's overview of all municipalities: search the tasks, sort both tables."""

    task_sort = forms.ChoiceField(
        label=_("Sort the tasks by"),
        required=False,
        choices=[
            ("end", _("End date")),
            ("least_solved", _("Fewest solved first")),
            ("title", _("Title")),
        ],
    )
    municipality_sort = forms.ChoiceField(
        label=_("Sort the municipalities by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("least_done", _("Least done first")),
            ("most_overdue", _("Most overdue first")),
        ],
    )


class LocalTaskForm(PeopleForm):
    """A municipality's local task: what, when (written as KOMBIT writes dates), and who."""

    field_order = ["title", "description", "start", "end", "responsible", "performers"]

    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    start = forms.CharField(
        label=_("Start"),
        max_length=100,
        required=False,
        help_text=_("A date (01.12.2024) or as KOMBIT writes them: “Uge 49”, “Midt jan 2025”."),
    )
    end = forms.CharField(label=_("End"), max_length=100, required=False)

    def __init__(self, *args, municipality: Municipality, people: bool = True, **kwargs):
        super().__init__(*args, municipality=municipality, **kwargs)
        if not people:  # a task's people are changed on its page, with their log
            del self.fields["responsible"], self.fields["performers"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        reference = clock.today()
        for name in ("start", "end"):
            text = cleaned.get(name, "")
            if not text:
                cleaned[f"{name}_date"] = None
                continue
            try:
                cleaned[f"{name}_date"] = parse_approximate_date(text, reference=reference)
            except ApproximateDateError as error:
                self.add_error(name, str(error))
                continue
            if name == "start" and cleaned[f"{name}_date"].earliest:
                reference = cleaned[f"{name}_date"].earliest
        return cleaned


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Attach a file (PDF, Word, Excel, PowerPoint, PNG or JPEG; at most 10 MB)")
    )
