"""Writes of the accounts area: a user created or updated at each SAML login, the replay cache."""

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from kombitportal.accounts.backends import forget_user
from kombitportal.accounts.models import SamlAssertionId, User
from kombitportal.accounts.privileges import PrivilegesError, parse_privileges
from kombitportal.accounts.saml import ResponseRefused
from kombitportal.core import audit
from kombitportal.core.models import Municipality, Organisation, Person

logger = logging.getLogger(__name__)

ATTR_PRIVILEGES = (
    "https://data.gov.dk/model/core/eid/privilegesIntermediate",
    "dk:gov:saml:attribute:Privileges_intermediate",
)
ATTR_CVR = (
    "https://data.gov.dk/model/core/eid/professional/cvr",
    "dk:gov:saml:attribute:CvrNumberIdentifier",
)
ATTR_EMAIL = (
    "https://data.gov.dk/model/core/eid/email",
    "emailaddress",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
)
ATTR_ORG_NAME = ("https://data.gov.dk/model/core/eid/professional/orgName",)
ATTR_FULL_NAME = ("https://data.gov.dk/model/core/eid/fullName",)
ATTR_ASSURANCE = (
    "https://data.gov.dk/concept/core/nsis/loa",
    "dk:gov:saml:attribute:AssuranceLevel",
)
ATTR_SPEC_VERSION = (
    "https://data.gov.dk/model/core/specVersion",
    "dk:gov:saml:attribute:KombitSpecVer",
    "dk:gov:saml:attribute:SpecVer",
)

# The portal's roles, strongest first: a user holding several gets the strongest.
ROLE_ORDER = (User.PortalRole.KOMBIT, User.PortalRole.PROGRAMLEDER, User.PortalRole.MEDARBEJDER)


def first_value(attributes: dict[str, list[str]], names: tuple[str, ...]) -> str:
    for name in names:
        values = attributes.get(name) or []
        for value in values:
            if value and value.strip():
                return value.strip()
    return ""


def parse_x509_subject(subject: str) -> dict[str, str]:
    """`C=DK,O=29189846,CN=Anna Jensen,Serial=<uuid>` → {"C": ..., "O": ..., "CN": ..., "SERIAL": ...}.
    Separators are `,` or `+` (multi-valued RDNs); a backslash escapes the next character."""
    parts: dict[str, str] = {}
    for rdn in re.split(r"(?<!\\)[,+]", subject):
        key, sep, value = rdn.partition("=")
        if sep:
            parts[key.strip().upper()] = re.sub(r"\\(.)", r"\1", value.strip())
    return parts


@dataclass(frozen=True)
class LoginIdentity:
    serial: str
    full_name: str
    email: str
    portal_role: str
    municipality: Municipality | None
    organisation: Organisation | None
    assurance_level: str


def identity_from_saml(*, name_id: str, attributes: dict[str, list[str]]) -> LoginIdentity:
    """Who logs in, as the IdP says; refuses (ResponseRefused) anything the portal cannot place."""
    subject = parse_x509_subject(name_id or "")
    serial = subject.get("SERIAL") or subject.get("SERIALNUMBER") or ""
    if not serial:
        raise ResponseRefused(f"NameID has no Serial: {name_id!r}", code="nameid")

    raw_privileges = first_value(attributes, ATTR_PRIVILEGES)
    if not raw_privileges:
        raise ResponseRefused("no privileges attribute", code="no_privilege")
    try:
        privileges = parse_privileges(raw_privileges)
    except PrivilegesError as exc:
        raise ResponseRefused(f"privileges attribute refused: {exc}", code="no_privilege") from exc

    by_uri = {uri: role for role, uri in settings.SAML_PRIVILEGES.items()}
    granted: dict[str, set[str]] = {}
    for privilege in privileges:
        role = by_uri.get(privilege.privilege)
        if role and privilege.scope_cvr:
            granted.setdefault(role, set()).add(privilege.scope_cvr)
    if not granted:
        raise ResponseRefused(
            f"no portal privilege among {[p.privilege for p in privileges]}", code="no_privilege"
        )

    role = next(r for r in ROLE_ORDER if r in granted)
    cvrs = granted[role]
    if len(cvrs) != 1:
        raise ResponseRefused(
            f"privilege {role} scoped to several CVRs {sorted(cvrs)}", code="ambiguous"
        )
    (cvr,) = cvrs
    municipality = organisation = None
    if role == User.PortalRole.KOMBIT:
        organisation = Organisation.objects.filter(cvr=cvr, kind=Organisation.Kind.KOMBIT).first()
        if organisation is None:
            raise ResponseRefused(
                f"KOMBIT privilege scoped to CVR {cvr}, not KOMBIT's", code="unknown_org"
            )
    else:
        municipality = Municipality.objects.filter(cvr=cvr).first()
        if municipality is None:
            raise ResponseRefused(
                f"privilege scoped to CVR {cvr}: no municipality has it", code="unknown_org"
            )

    return LoginIdentity(
        serial=serial,
        full_name=first_value(attributes, ATTR_FULL_NAME) or subject.get("CN", ""),
        email=first_value(attributes, ATTR_EMAIL),
        portal_role=role,
        municipality=municipality,
        organisation=organisation,
        assurance_level=first_value(attributes, ATTR_ASSURANCE),
    )


@transaction.atomic
def user_login_sync(*, identity: LoginIdentity) -> User:
    """Create or update the user from the identity, and link it to its Person (by e-mail within the
    same organisation), creating the Person if the contact list does not have them yet."""
    is_kombit = identity.portal_role == User.PortalRole.KOMBIT
    user, created = User.objects.select_for_update().get_or_create(
        username=identity.serial,
        defaults={"portal_role": identity.portal_role, "municipality": identity.municipality},
    )
    before = {f: getattr(user, f) for f in ("full_name", "email", "portal_role", "municipality_id")}
    user.full_name = identity.full_name
    user.email = identity.email
    user.portal_role = identity.portal_role
    user.municipality = identity.municipality
    user.organisation = identity.organisation
    user.assurance_level = identity.assurance_level
    # KOMBIT consultants maintain the catalogue in the admin site; nobody else may.
    user.is_staff = is_kombit
    user.is_superuser = is_kombit
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    forget_user(user.pk)
    after = {f: getattr(user, f) for f in before}
    changed = {f: (before[f], after[f]) for f in before if before[f] != after[f]}
    if created or changed:
        # The IdP's word, recorded as the user's own: the login is theirs.
        audit.record(
            actor=user,
            action="accounts.user.create" if created else "accounts.user.change",
            obj=user,
            municipality=identity.municipality,
            changes=changed,
            note="from the SAML login",
        )
    logger.info(
        "SAML login: user=%s %s role=%s municipality=%s",
        user.pk,
        "created" if created else "updated",
        user.portal_role,
        identity.municipality.code if identity.municipality else "-",
    )
    _person_link(user=user)
    return user


def person_for_user(user: User) -> Person:
    """The user's contact entry, linked (or created) as at login if it is missing."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        with transaction.atomic():
            _person_link(user=user)
            person = Person.objects.get(user=user)
    return person


def _person_link(*, user: User) -> None:
    """The user's contact entry: updated from the login, or an existing contact of the same
    e-mail in the same organisation linked, or a new one; recorded in the audit trail."""
    linked = Person.objects.filter(user=user).first()
    if linked is not None:
        after = {
            "name": user.full_name,
            "municipality": user.municipality,
            "organisation": user.organisation,
        }
        changes = audit.changes_of(
            {"name": linked.name, "municipality": linked.municipality,
             "organisation": linked.organisation},
            after,
        )  # fmt: skip
        if changes:
            Person.objects.filter(pk=linked.pk).update(**after)
            audit.record(
                actor=user, action="core.person.change", obj=linked, changes=changes,
                note="from the SAML login",
            )  # fmt: skip
        return
    candidates = Person.objects.filter(user__isnull=True)
    if user.municipality_id:
        candidates = candidates.filter(municipality=user.municipality)
    else:
        candidates = candidates.filter(organisation=user.organisation)
    person: Person | None = None
    if user.email:
        person = (
            candidates.annotate(email_lower=Lower("email"))
            .filter(email_lower=user.email.lower())
            .first()
        )
    if person is None:
        person = Person(
            email=user.email, municipality=user.municipality, organisation=user.organisation
        )
    created = person.pk is None
    before = {"name": person.name, "user": person.user_id}
    person.user = user
    person.name = user.full_name or person.name or user.username
    person.full_clean()
    person.save()
    audit.record(
        actor=user,
        action="core.person.create" if created else "core.person.change",
        obj=person,
        changes=audit.changes_of(before, {"name": person.name, "user": user.pk}),
        created=created,
        note="from the SAML login",
    )


def saml_assertion_register(*, assertion_id: str, not_on_or_after: datetime | None) -> None:
    """Remember an assertion id until it expires; a second use raises ResponseRefused (replay)."""
    if not assertion_id:
        raise ResponseRefused("assertion has no ID", code="invalid")
    expires = not_on_or_after or timezone.now() + timedelta(hours=1)
    try:
        with transaction.atomic():
            SamlAssertionId.objects.create(assertion_id=assertion_id, not_on_or_after=expires)
    except IntegrityError as exc:
        raise ResponseRefused(
            f"assertion {assertion_id} already used (replay)", code="replay"
        ) from exc


def saml_assertions_purge(*, now: datetime | None = None) -> int:
    deleted, _ = SamlAssertionId.objects.filter(not_on_or_after__lt=now or timezone.now()).delete()
    return deleted


@transaction.atomic
def user_guide_seen(*, user: User) -> None:
    """The user has read the introduction for new users: later logins go straight to the portal."""
    if user.guide_seen_at is None:
        user.guide_seen_at = timezone.now()
        user.save(update_fields=["guide_seen_at"])
        forget_user(user.pk)
        audit.record(
            actor=user,
            action="accounts.user.guide_seen",
            obj=user,
            changes={"guide_seen_at": ("", user.guide_seen_at)},
        )
