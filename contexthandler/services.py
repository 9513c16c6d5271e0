"""Every write of the Context Handler area, each with its audit event: a municipality's IdPs and
their profile, which handler it uses each system through, and its ticks on a certificate change's
checklist; KOMBIT's systems, sources and changes (`load_demo`, the admin)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contexthandler.models import (
    Handler,
    IdentityProvider,
    MetadataSource,
    Rollover,
    RolloverCheck,
    SystemUse,
    UserSystem,
)
from kombitportal.core import audit
from kombitportal.core.models import Municipality, RoleAssignment

# Who besides the programme leader keeps the municipality's set-up current (the role gallery's).
INFRASTRUCTURE_ROLE = "Infrastrukturansvarlig"


def can_edit(user, municipality: Municipality) -> bool:
    """The municipality's programme leader, or whoever holds its infrastructure role. One query
    at most."""
    if not user.is_authenticated or user.is_kombit or user.municipality_id != municipality.pk:
        return False
    if user.is_programme_leader:
        return True
    return RoleAssignment.objects.filter(
        municipality=municipality, role__name=INFRASTRUCTURE_ROLE, person__user=user
    ).exists()


def _require(user, municipality: Municipality) -> None:
    if not can_edit(user, municipality):
        raise PermissionDenied


@transaction.atomic
def idp_save(
    *, municipality: Municipality, values: dict, actor, idp: IdentityProvider | None = None
) -> IdentityProvider:
    """Create or change one of the municipality's IdPs (name, entity ID, metadata URL, protocol,
    profile)."""
    _require(actor, municipality)
    if idp is not None and idp.municipality_id != municipality.pk:
        raise PermissionDenied
    obj = idp or IdentityProvider(municipality=municipality)
    changed = audit.assign(obj, **values)
    obj.updated_by = actor
    audit.save_if_changed(obj, changed, actor=actor, action="contexthandler.idp")
    return obj


@transaction.atomic
def idp_delete(*, idp: IdentityProvider, actor) -> None:
    _require(actor, idp.municipality)
    audit.record(actor=actor, action="contexthandler.idp.delete", obj=idp,
                 changes={"entity_id": (idp.entity_id, "")})  # fmt: skip
    idp.delete()


@transaction.atomic
def system_handler_set(
    *, municipality: Municipality, system: UserSystem, handler: str | None, actor
) -> None:
    """Which handler the municipality uses the system through; None: it does not use it."""
    _require(actor, municipality)
    if handler is not None and handler not in Handler.values:
        raise ValidationError(_("Unknown handler."))
    use = SystemUse.objects.filter(municipality=municipality, system=system).first()
    if handler is None:
        if use is not None:
            audit.record(actor=actor, action="contexthandler.use.delete", obj=use,
                         municipality=municipality, changes={"handler": (use.handler, "")})  # fmt: skip
            use.delete()
        return
    obj = use or SystemUse(municipality=municipality, system=system)
    audit.save_if_changed(
        obj, audit.assign(obj, handler=handler), actor=actor, action="contexthandler.use"
    )


@transaction.atomic
def rollover_tick(*, check: RolloverCheck, trust: bool, metadata: bool, actor) -> RolloverCheck:
    """Tick (or untick) the two steps of one IdP's checklist for a certificate change."""
    _require(actor, check.municipality)
    now = timezone.now()
    values = {
        "trust_at": (check.trust_at or now) if trust else None,
        "metadata_at": (check.metadata_at or now) if metadata else None,
    }
    changed = audit.assign(check, **values)
    if changed:
        check.updated_by = actor
        check.save()
        audit.record(actor=actor, action="contexthandler.rollover.tick", obj=check,
                     changes=changed)  # fmt: skip
    return check


@transaction.atomic
def rollover_checklists_create(*, rollover: Rollover, actor=None) -> int:
    """A checklist for every IdP of every municipality (new IdPs get theirs when this runs again:
    `load_demo`, the admin's save). Returns how many were made."""
    have = set(RolloverCheck.objects.filter(rollover=rollover).values_list("idp_id", flat=True))
    new = [
        RolloverCheck(rollover=rollover, idp=idp, municipality_id=idp.municipality_id)
        for idp in IdentityProvider.objects.exclude(pk__in=have)
    ]
    RolloverCheck.objects.bulk_create(new)
    if new:
        audit.record(actor=actor, action="contexthandler.rollover.checklists", obj=rollover,
                     note=f"{len(new)} checklists")  # fmt: skip
    return len(new)


@transaction.atomic
def user_system_save(*, name: str, level: str, solution=None, note: str = "", actor=None):
    return audit.upsert(
        UserSystem, {"name": name}, {"level": level, "solution": solution, "note": note},
        actor=actor, action="contexthandler.system",
    )  # fmt: skip


@transaction.atomic
def metadata_source_save(*, name: str, title: str, location: str, trusted_pem: str, actor=None):
    return audit.upsert(
        MetadataSource, {"name": name},
        {"title": title, "location": location, "trusted_pem": trusted_pem},
        actor=actor, action="contexthandler.source",
    )  # fmt: skip


@transaction.atomic
def rollover_save(*, title: str, values: dict, recipient_roles=(), actor=None) -> Rollover:
    rollover = audit.upsert(
        Rollover, {"title": title}, values, actor=actor, action="contexthandler.rollover"
    )
    if set(rollover.recipient_roles.all()) != set(recipient_roles):
        rollover.recipient_roles.set(recipient_roles)
    return rollover
