from django import forms
from django.utils.translation import gettext_lazy as _

from contexthandler.loa import Profile, Protocol
from contexthandler.models import Handler, IdentityProvider, UserSystem


class IdentityProviderForm(forms.ModelForm):
    metadata_url = forms.URLField(
        label=_("metadata URL"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Where Context Handler 2 reads the IdP's metadata (https)."),
    )

    class Meta:
        model = IdentityProvider
        fields = ["name", "entity_id", "metadata_url", "protocol", "profile"]
        help_texts = {
            "entity_id": _(
                "As in the IdP's metadata, e.g. https://idp.kommune.dk/adfs/services/trust."
            ),
        }

    def clean_metadata_url(self):
        url = self.cleaned_data["metadata_url"]
        if url and not url.startswith("https://"):
            raise forms.ValidationError(_("The metadata URL must start with https://."))
        return url

    def clean(self):
        data = super().clean() or {}
        protocol, profile = data.get("protocol"), data.get("profile")
        if protocol and profile and Profile(profile).protocol != Protocol(protocol):
            self.add_error(
                "profile",
                _("%(profile)s is an %(other)s profile; the IdP uses %(protocol)s.")
                % {
                    "profile": Profile(profile).label,
                    "other": Profile(profile).protocol.label,
                    "protocol": Protocol(protocol).label,
                },
            )
        return data


class SystemsForm(forms.Form):
    """Which handler the municipality uses each user-facing system through."""

    CHOICES = [("", _("Not used")), *Handler.choices]

    def __init__(self, *args, systems: list[UserSystem], current: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.systems = systems
        for system in systems:
            self.fields[f"system_{system.pk}"] = forms.ChoiceField(
                label=system.name,
                choices=self.CHOICES,
                required=False,
                initial=current.get(system.pk, ""),
            )

    def handlers(self) -> list[tuple[UserSystem, str | None]]:
        return [(s, self.cleaned_data.get(f"system_{s.pk}") or None) for s in self.systems]


class RolloverCheckForm(forms.Form):
    trust = forms.BooleanField(label=_("Trust to the new certificate established"), required=False)
    metadata = forms.BooleanField(label=_("Updated metadata fetched"), required=False)
