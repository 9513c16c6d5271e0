"""Input of the core pages, and what every list page's filter form and every form that calls a
service share: `FilterForm` (one style of filters for every list) and `add_service_errors` (one way
to put a service's ValidationError on a form)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kombitportal.core import clock
from kombitportal.core.approxdate import clean_approximate_dates
from kombitportal.core.models import Municipality, Person, Role, Solution
from kombitportal.core.templating import JinjaFormRenderer


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True)
class Control:
    """One filter control as the template draws it: Django's widget context for inputs (name,
    value, type, attrs with the field's limits), the options with the chosen one marked for
    selects, aria-invalid and aria-describedby for an error, and the field's errors."""

    id: str
    label: str
    kind: str  # "select", "checkbox" or "input"
    name: str
    attrs: dict[str, Any]
    widget: dict[str, Any]
    options: list[Option]
    errors: list[str]


class FilterForm(forms.Form):
    """The filters of a list page, read from the query string (`q` and every filter, PRODUCT.md).
    `{{ form }}` renders its controls through templates/jinja2/partials/filter_form.html, from the
    fields themselves. A wrong value is shown with its message and left out; the rest applies."""

    template_name = "partials/filter_form.html"
    default_renderer = JinjaFormRenderer

    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=forms.SearchInput)

    def controls(self) -> list[Control]:
        controls = []
        for field in self:
            widget = field.field.widget
            # A filter is never required; an error is announced as BoundField.build_widget_attrs
            # does it.
            attrs: dict[str, Any] = {"id": field.auto_id}
            if field.errors:
                attrs |= {"aria-invalid": "true", "aria-describedby": f"{field.auto_id}_error"}
            options: list[Option] = []
            context: dict[str, Any] = {}
            if isinstance(widget, forms.Select):
                # The options straight from the field's choices (a select's widget context makes
                # a dictionary of attributes per option, which the template does not need).
                kind, attrs = "select", widget.attrs | attrs
                assert isinstance(field.field, forms.ChoiceField)  # a select's options are choices
                # Django keeps choices as (value, label) pairs once set; django-stubs types the
                # getter as everything the setter accepts (a mapping, a Choices class, ...).
                choices: Iterable[tuple[Any, Any]] = field.field.choices  # type: ignore[assignment]
                chosen = str(field.value() if field.value() is not None else "")
                options = [
                    Option(str(value), str(label), str(value) == chosen) for value, label in choices
                ]
            else:
                kind = "checkbox" if isinstance(widget, forms.CheckboxInput) else "input"
                context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
                attrs = context["attrs"]
            controls.append(
                Control(
                    id=field.auto_id,
                    label=str(field.label),
                    kind=kind,
                    name=field.html_name,
                    attrs=attrs,
                    widget=context,
                    options=options,
                    errors=[str(e) for e in field.errors],
                )
            )
        return controls

    @property
    def filters(self) -> dict[str, Any]:
        """The valid part of the filter: every field without an error."""
        self.is_valid()
        return getattr(self, "cleaned_data", {})


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, *, fields: dict[str, str] | None = None
) -> None:
    """Put a service's ValidationError on the form: a model field's error on the form field of that
    name (or the one `fields` maps it to), anything else on the form as a whole."""
    fields = fields or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        target = fields.get(name, name)
        form.add_error(target if target in form.fields else None, messages)


class RoleGalleryFilterForm(FilterForm):
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


class ContactForm(forms.Form):
    """A contact of the municipality: somebody who can hold a role and get KOMBIT's mail."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    title = forms.CharField(label=_("Job title"), max_length=200, required=False)


class RoleHolderForm(forms.Form):
    """Who fills a role: one of the municipality's people, or a new contact."""

    person = forms.ModelChoiceField(
        label=_("A person in the municipality"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Choose a person"),
    )
    name = forms.CharField(label=_("Or a new contact: name"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    is_primary = forms.BooleanField(
        label=_("Primary holder of the role"),
        required=False,
        help_text=_("The one KOMBIT writes to first; the first holder of a role always is."),
    )

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = Person.objects.filter(municipality=municipality).order_by("name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("person") is None:
            if not cleaned.get("name"):
                self.add_error("name", _("Choose a person, or give the new contact's name."))
            if not cleaned.get("email") and "email" not in self.errors:
                self.add_error("email", _("A new contact needs an e-mail address."))
        return cleaned


class DatedForm(forms.ModelForm):
    """Dates typed as KOMBIT writes them; the sortable date and precision are derived."""

    dated: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        clean_approximate_dates(self, self.dated, reference=clock.today())
        return cleaned
