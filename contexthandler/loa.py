"""What Context Handler 2 sends to a municipality's IdP about a user-facing system's required
assurance level, under the OIOSAML profile the municipality chose in "Fælleskommunalt
Administrationsmodul" (KOMBIT's slides "To-faktor log-in (NIST)" and "To-faktor log-in (NSIS)").

A pure module: no database, no request. ``what_ch2_sends(profile, level)`` gives a ``Sent``:

- ``assurance``: the level Context Handler 2 asks for ("1".."4" under OIOSAML2, "Lav",
  "Betydelig" or "Høj" under OIOSAML3), or "" when it asks for none;
- ``multipleauthn``: whether it asks for ADFS multipleauthn (``MULTIPLEAUTHN``) instead;
- ``relay_state``: the NSIS level it names in RelayState (OIOSAML3 – ADFS relay state), or "";
- ``requested``: the AuthnContextClassRef it puts in the AuthnRequest's RequestedAuthnContext, or "".

A level of the other family than the profile's protocol (a NIST level under an OIOSAML3 profile,
an NSIS level under an OIOSAML2 profile) is read through the standard mapping NIST 2 ↔ Lav,
NIST 3 ↔ Betydelig, NIST 4 ↔ Høj, and NIST 1 → Lav (NSIS has no level below Lav). The mapping keeps
the two-factor requirement. ``Sent.level`` is then the level in the profile's family, and
``Sent.converted_from`` the level that was asked for (``None`` when no conversion was needed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MULTIPLEAUTHN = "http://schemas.microsoft.com/claims/multipleauthn"

# The level URIs as Context Handler 2's own metadata names them (assurance-certification in
# tests/data/ch2/ch2-exttest-idp-metadata.xml).
NIST_URI = "urn:dk:gov:saml:attribute:AssuranceLevel:{number}"
NSIS_URI = "https://data.gov.dk/concept/core/nsis/loa/{name}"

# Datatilsynet's requirement, quoted exactly from the slide "To-faktor log-in".
DATATILSYNET = (
    "Ved adgang via internettet til it-systemer, hvor der behandles personoplysninger af "
    "beskyttelsesværdig karakter, skal der således implementeres flerfaktorautentifikation "
    "eller noget, som tilsvarende øger sikkerhedsniveauet"
)

TWO_FACTOR_RULE = _(
    "Municipalities must use two-factor login for solutions that require NIST 3 or 4."
)


class Protocol(TextChoices):
    OIOSAML2 = "oiosaml2", "OIOSAML2"
    OIOSAML3 = "oiosaml3", "OIOSAML3"


class Family(TextChoices):
    """The family of assurance levels: NIST (OIOSAML2) or NSIS (OIOSAML3)."""

    NIST = "nist", "NIST"
    NSIS = "nsis", "NSIS"


class Profile(TextChoices):
    """The profiles a municipality can choose; the labels are the names as the slides write them."""

    OIOSAML2 = "oiosaml2", "OIOSAML2"
    OIOSAML2_ADFS_MULTIPLEAUTHN = "oiosaml2-adfs-multipleauthn", "OIOSAML2 – ADFS multipleauthn"
    OIOSAML2_WITHOUT_LOA = "oiosaml2-without-loa", "OIOSAML2 – Without requested LoA"
    OIOSAML3 = "oiosaml3", "OIOSAML3"
    OIOSAML3_ADFS_MULTIPLEAUTHN = "oiosaml3-adfs-multipleauthn", "OIOSAML3 – ADFS multipleauthn"
    OIOSAML3_ADFS_RELAYSTATE = "oiosaml3-adfs-relaystate", "OIOSAML3 – ADFS relay state"

    @property
    def protocol(self) -> Protocol:
        return Protocol.OIOSAML3 if self.value.startswith("oiosaml3") else Protocol.OIOSAML2

    @property
    def family(self) -> Family:
        """The family of levels the profile's protocol speaks."""
        return Family.NSIS if self.protocol == Protocol.OIOSAML3 else Family.NIST


class Level(TextChoices):
    NIST1 = "nist1", "NIST 1"
    NIST2 = "nist2", "NIST 2"
    NIST3 = "nist3", "NIST 3"
    NIST4 = "nist4", "NIST 4"
    LAV = "lav", "NSIS Lav"
    BETYDELIG = "betydelig", "NSIS Betydelig"
    HOEJ = "hoej", "NSIS Høj"

    @property
    def family(self) -> Family:
        return Family.NIST if self.value.startswith("nist") else Family.NSIS

    @property
    def needs_two_factor(self) -> bool:
        """NIST 3 and 4, NSIS Betydelig and Høj need two-factor login."""
        return self.value in ("nist3", "nist4", "betydelig", "hoej")

    @property
    def number(self) -> int | None:
        """1..4 for a NIST level, None for an NSIS level."""
        return int(self.value[-1]) if self.family == Family.NIST else None

    @property
    def short(self) -> str:
        """The level as the slides write it: "1".."4" (NIST), "Lav", "Betydelig" or "Høj" (NSIS)."""
        return self.label.removeprefix("NIST ").removeprefix("NSIS ")

    @property
    def uri(self) -> str:
        """The level's URI as Context Handler 2's metadata names it."""
        if self.number is not None:
            return NIST_URI.format(number=self.number)
        english = {"lav": "Low", "betydelig": "Substantial", "hoej": "High"}[self.value]
        return NSIS_URI.format(name=english)


NIST_TO_NSIS: dict[Level, Level] = {
    Level.NIST1: Level.LAV,  # NSIS has no level below Lav.
    Level.NIST2: Level.LAV,
    Level.NIST3: Level.BETYDELIG,
    Level.NIST4: Level.HOEJ,
}
NSIS_TO_NIST: dict[Level, Level] = {
    Level.LAV: Level.NIST2,
    Level.BETYDELIG: Level.NIST3,
    Level.HOEJ: Level.NIST4,
}


def to_family(level: Level, family: Family) -> Level:
    """The level in the given family by the standard mapping; the level itself if already in it."""
    if level.family == family:
        return level
    return NIST_TO_NSIS[level] if family == Family.NSIS else NSIS_TO_NIST[level]


# The slides' lines for each profile, exactly as written (Danish).
SLIDE_TITLES: dict[Protocol, str] = {
    Protocol.OIOSAML2: "To-faktor log-in (NIST)",
    Protocol.OIOSAML3: "To-faktor log-in (NSIS)",
}
SLIDE_INTRO_OIOSAML2 = (
    "I Fælleskommunalt Administrationsmodul kan kommunerne vælge imellem følgende "
    "OIOSAML2-profiler for, at angive hvordan Context Handler 2 kommunikerer et brugervendt "
    "systems krævede sikringsniveau til kommunens IdP:"
)
SLIDE_LINES: dict[Profile, list[str]] = {
    Profile.OIOSAML2: ["Context Handler 2 sender niveau 1 - 4"],
    Profile.OIOSAML2_ADFS_MULTIPLEAUTHN: [
        "NIST 1 og 2: Context Handler 2 sender ingenting",
        "NIST 2 og 3: Context Handler 2 sender ADFS multipleauthn",
    ],
    Profile.OIOSAML2_WITHOUT_LOA: [
        "Her sender Context Handler 2 ikke noget krævet assurance level til kommunens IdP",
        "Det er kommunens ansvar, at brugere har logget ind på det højest mulige niveau, som "
        "kommunens IdP kan tilbyde",
        "Fungerer effektivt set som Context Handler 1",
    ],
    Profile.OIOSAML3: ['Context Handler 2 sender NSIS-niveau "Lav", "Betydelig" eller "Høj"'],
    Profile.OIOSAML3_ADFS_MULTIPLEAUTHN: [
        'NSIS "Lav": Context Handler 2 sender ingenting',
        'NSIS "Betydelig": Context Handler 2 sender ADFS multipleauthn',
        'NSIS "Høj": Context Handler 2 sender ADFS multipleauthn',
    ],
    Profile.OIOSAML3_ADFS_RELAYSTATE: [
        'NSIS "Lav": Context Handler 2 sender ingenting, men angiver NSIS "Lav" i relaystate',
        'NSIS "Betydelig": Context Handler 2 sender ADFS multipleauthn og angiver NSIS '
        '"Betydelig" i relaystate',
        'NSIS "Høj": Context Handler 2 sender ADFS multipleauthn og angiver NSIS "Høj" i relaystate',
    ],
}

# How the portal reads the overlap on the OIOSAML2 – ADFS multipleauthn slide.
READING = _(
    "The slide for OIOSAML2 – ADFS multipleauthn names NIST 2 twice: under “NIST 1 and 2: "
    "sends nothing” and under “NIST 2 and 3: sends ADFS multipleauthn”. The portal decides by "
    "the two-factor rule: NIST 1 and 2 need no second factor, so Context Handler 2 sends nothing; "
    "NIST 3 needs two-factor login, so it sends ADFS multipleauthn; NIST 4, which the slide does "
    "not name, also needs two-factor login, so it sends ADFS multipleauthn too."
)

IDP_MUST_ENFORCE = _(
    "The level needs two-factor login, but Context Handler 2 asks for nothing: the "
    "municipality's own IdP must enforce it."
)


@dataclass(frozen=True)
class Sent:
    """What Context Handler 2 sends to the municipality's IdP for one profile and level.

    ``level`` is the level in the profile's family; ``converted_from`` is the level asked for
    when it was of the other family (see the module docstring), else None.
    """

    profile: Profile
    level: Level
    assurance: str = ""
    multipleauthn: bool = False
    relay_state: str = ""
    converted_from: Level | None = None

    @property
    def asked(self) -> Level:
        """The level that was asked for, before any conversion."""
        return self.converted_from or self.level

    @property
    def requested(self) -> str:
        """The AuthnContextClassRef in the AuthnRequest's RequestedAuthnContext, "" for none."""
        if self.multipleauthn:
            return MULTIPLEAUTHN
        if self.assurance:
            return self.level.uri
        return ""

    @property
    def nothing(self) -> bool:
        """Nothing sent at all: no level, no multipleauthn, no level in RelayState."""
        return not (self.assurance or self.multipleauthn or self.relay_state)

    @property
    def needs_two_factor(self) -> bool:
        return self.level.needs_two_factor

    @property
    def idp_must_enforce(self) -> bool:
        """The level needs two-factor login but Context Handler 2 asks for neither the level nor
        multipleauthn, so the municipality's own IdP must enforce it."""
        return self.needs_two_factor and not self.assurance and not self.multipleauthn

    @property
    def matches_protocol(self) -> bool:
        """False when the level asked for was of the other family and had to be converted."""
        return self.converted_from is None

    @property
    def conversion_note(self) -> str:
        """A sentence on the conversion, "" when none was needed."""
        if self.converted_from is None:
            return ""
        return _("%(asked)s is not an %(protocol)s level; it is read as %(level)s.") % {
            "asked": self.converted_from.label,
            "protocol": self.profile.protocol.label,
            "level": self.level.label,
        }

    def __str__(self) -> str:
        message: Promise
        if self.relay_state and self.multipleauthn:
            message = _("Context Handler 2 sends %(uri)s and names NSIS “%(level)s” in RelayState")
        elif self.relay_state:
            message = _("Context Handler 2 sends nothing, but names NSIS “%(level)s” in RelayState")
        elif self.multipleauthn:
            message = _("Context Handler 2 sends %(uri)s")
        elif self.assurance and self.level.family == Family.NIST:
            message = _("Context Handler 2 sends NIST %(level)s")
        elif self.assurance:
            message = _("Context Handler 2 sends NSIS “%(level)s”")
        else:
            message = _("Context Handler 2 sends nothing")
        return str(message) % {"uri": MULTIPLEAUTHN, "level": self.relay_state or self.assurance}


def what_ch2_sends(profile: Profile | str, level: Level | int | str) -> Sent:
    """What Context Handler 2 sends to the municipality's IdP under ``profile`` for ``level``."""
    chosen = parse_profile(profile)
    asked = parse_level(level)
    effective = to_family(asked, chosen.family)
    converted_from = asked if effective != asked else None

    def sent(*, assurance: str = "", multipleauthn: bool = False, relay_state: str = "") -> Sent:
        return Sent(chosen, effective, assurance, multipleauthn, relay_state, converted_from)

    if chosen in (Profile.OIOSAML2, Profile.OIOSAML3):
        return sent(assurance=effective.short)
    if chosen in (Profile.OIOSAML2_ADFS_MULTIPLEAUTHN, Profile.OIOSAML3_ADFS_MULTIPLEAUTHN):
        # See READING: multipleauthn exactly where the level needs two-factor login.
        return sent(multipleauthn=effective.needs_two_factor)
    if chosen == Profile.OIOSAML3_ADFS_RELAYSTATE:
        return sent(multipleauthn=effective.needs_two_factor, relay_state=effective.short)
    return sent()  # OIOSAML2 – Without requested LoA


_DASHES = re.compile(r"[\s\-_‐‑‒–—―−]+")


def _key(text: str) -> str:
    """Lower case, without spaces, dashes of any kind or underscores."""
    return _DASHES.sub("", text.strip().casefold())


_PROFILES: dict[str, Profile] = {
    key: profile
    for profile in Profile
    for key in (_key(profile.value), _key(profile.label), _key(profile.name))
}


def parse_profile(value: Profile | str) -> Profile:
    """A Profile from itself, its value, or its name as the slides write it (any dash, any case,
    any spacing: "OIOSAML2 - ADFS multipleauthn", "oiosaml3 – adfs relay state")."""
    if isinstance(value, Profile):
        return value
    if isinstance(value, str) and (found := _PROFILES.get(_key(value))):
        return found
    names = ", ".join(f"“{profile.label}”" for profile in Profile)
    raise ValueError(f"Unknown Context Handler 2 profile {value!r}: expected one of {names}.")


_LEVELS: dict[str, Level] = {
    **{_key(level.value): level for level in Level},
    **{_key(level.label): level for level in Level},
    **{_key(level.uri): level for level in Level},
    **{str(number): level for level in Level if (number := level.number) is not None},
    **{_key(f"niveau {number}"): level for level in Level if (number := level.number)},
    "høj": Level.HOEJ,
    "nsishoej": Level.HOEJ,
    "low": Level.LAV,
    "substantial": Level.BETYDELIG,
    "high": Level.HOEJ,
}


def parse_level(value: Level | int | str) -> Level:
    """A Level from itself, 1..4 (int or str), "NIST 3" (or "niveau 3"), "Lav"/"Betydelig"/"Høj"
    (also "Hoej", "NSIS Høj", the English NSIS names and the levels' URIs), in any case and
    spacing. Rejects bool and anything else with ValueError."""
    if isinstance(value, Level):
        return value
    found: Level | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        found = _LEVELS.get(str(value))
    elif isinstance(value, str):
        found = _LEVELS.get(_key(value))
    if found is None:
        raise ValueError(
            f"Unknown assurance level {value!r}: expected NIST 1–4 (1, 2, 3, 4, “NIST 3”) "
            "or NSIS “Lav”, “Betydelig” or “Høj”."
        )
    return found
