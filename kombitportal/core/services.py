"""Writes of the core area. Each write validates, runs in a transaction and records who changed
what in the audit trail."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kombitportal.core import audit
from kombitportal.core.models import (
    Municipality,
    Person,
    Role,
    RoleAssignment,
    Solution,
)


@transaction.atomic
def solution_upsert(
    *, code: str, name: str, description: str = "", url: str = "", actor=None
) -> Solution:
    solution = Solution.objects.filter(code=code).first() or Solution(code=code)
    audit.save_if_changed(
        solution,
        audit.assign(solution, name=name, description=description, url=url),
        actor=actor,
        action="core.solution",
    )
    return solution


@transaction.atomic
def role_upsert(
    *,
    name: str,
    kind: str,
    status: str,
    solution: Solution | None = None,
    description: str = "",
    published_on: date | None = None,
    actor=None,
) -> Role:
    role = Role.objects.filter(name=name).first() or Role(name=name)
    changed = audit.assign(
        role, kind=kind, status=status, solution=solution, description=description,
        published_on=published_on,
    )  # fmt: skip
    audit.save_if_changed(role, changed, actor=actor, action="core.role")
    return role


@transaction.atomic
def person_upsert(
    *,
    name: str,
    email: str,
    municipality: Municipality | None = None,
    organisation=None,
    title: str = "",
    phone: str | None = None,
    actor=None,
) -> Person:
    """A contact, found by e-mail within their municipality or organisation (a phone number of
    None leaves the one it has)."""
    people = Person.objects.filter(email__iexact=email)
    people = (
        people.filter(municipality=municipality)
        if municipality
        else people.filter(organisation=organisation)
    )
    person = people.first() or Person(email=email)
    values = {
        "name": name,
        "municipality": municipality,
        "organisation": organisation,
        "title": title,
    }
    if phone is not None:
        values["phone"] = phone
    audit.save_if_changed(person, audit.assign(person, **values), actor=actor, action="core.person")
    return person


@transaction.atomic
def role_assignment_set(
    *, role: Role, municipality: Municipality, person: Person, is_primary: bool = False, actor=None
) -> RoleAssignment:
    """Let `person` hold `role` in `municipality`; as primary, the previous primary steps down."""
    if is_primary:
        for previous in RoleAssignment.objects.filter(
            role=role, municipality=municipality, is_primary=True
        ).exclude(person=person):
            previous.is_primary = False
            previous.save(update_fields=["is_primary"])
            audit.record(
                actor=actor,
                action="core.role_assignment.change",
                obj=previous,
                changes={"is_primary": (True, False)},
            )
    assignment = RoleAssignment.objects.filter(
        role=role, municipality=municipality, person=person
    ).first() or RoleAssignment(role=role, municipality=municipality, person=person)
    if assignment.pk is None or assignment.is_primary != is_primary:
        created = assignment.pk is None
        old = assignment.is_primary
        assignment.is_primary = is_primary
        assignment.full_clean()
        assignment.save()
        audit.record(
            actor=actor,
            action="core.role_assignment.create" if created else "core.role_assignment.change",
            obj=assignment,
            changes={"is_primary": ("" if created else old, is_primary)},
        )
    return assignment


@transaction.atomic
def municipality_population_set(
    *, populations: dict[str, int], population_date: date, actor=None
) -> int:
    """Set the population of municipalities by code, all or nothing. Returns how many changed."""
    changed = 0
    for municipality in Municipality.objects.select_for_update().filter(code__in=populations):
        value = populations[municipality.code]
        if municipality.population != value or municipality.population_date != population_date:
            audit.record(
                actor=actor,
                action="core.municipality.population",
                obj=municipality,
                changes={
                    "population": (municipality.population, value),
                    "population_date": (municipality.population_date, population_date),
                },
            )
            municipality.population = value
            municipality.population_date = population_date
            municipality.save(update_fields=["population", "population_date"])
            changed += 1
    return changed


# --- The municipality's own role holders -----------------------------------------------------


def can_keep_role_holders(user, municipality: Municipality) -> bool:
    """KOMBIT, the municipality's programme leader, or a person of the municipality the programme
    leader has named to keep its role holders."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_kombit:
        return True
    if user.municipality_id != municipality.pk:
        return False
    if user.is_programme_leader:
        return True
    return Person.objects.filter(user=user, keeps_role_holders=True).exists()


def _check_may_keep(actor, municipality: Municipality) -> None:
    if not can_keep_role_holders(actor, municipality):
        raise PermissionDenied


@transaction.atomic
def contact_add(
    *, municipality: Municipality, name: str, email: str, phone: str, title: str, actor
) -> Person:
    """A contact of the municipality, who may not have logged in yet (found again by e-mail)."""
    _check_may_keep(actor, municipality)
    return person_upsert(
        name=name.strip(),
        email=email.strip(),
        municipality=municipality,
        title=title.strip(),
        phone=phone.strip(),
        actor=actor,
    )


@transaction.atomic
def role_holder_add(
    *, role: Role, municipality: Municipality, person: Person, is_primary: bool, actor
) -> RoleAssignment:
    """Put a person of the municipality in a published role there; the first holder is primary."""
    _check_may_keep(actor, municipality)
    if role.status != Role.Status.PUBLISHED:
        raise ValidationError(_("Only published roles can be filled."))
    if person.municipality_id != municipality.pk:
        raise ValidationError(
            {"person": _("The person must belong to the municipality the role is held in.")}
        )
    first = not RoleAssignment.objects.filter(role=role, municipality=municipality).exists()
    return role_assignment_set(
        role=role,
        municipality=municipality,
        person=person,
        is_primary=is_primary or first,
        actor=actor,
    )


@transaction.atomic
def role_holder_make_primary(*, assignment: RoleAssignment, actor) -> RoleAssignment:
    _check_may_keep(actor, assignment.municipality)
    return role_assignment_set(
        role=assignment.role,
        municipality=assignment.municipality,
        person=assignment.person,
        is_primary=True,
        actor=actor,
    )


@transaction.atomic
def role_holder_remove(*, assignment: RoleAssignment, actor) -> None:
    """Take a person out of a role; if they were primary, the next holder (by name) becomes it."""
    _check_may_keep(actor, assignment.municipality)
    audit.record(
        actor=actor,
        action="core.role_assignment.delete",
        obj=assignment,
        changes={"person": (assignment.person.name, ""), "is_primary": (assignment.is_primary, "")},
    )
    was_primary = assignment.is_primary
    role, municipality = assignment.role, assignment.municipality
    assignment.delete()
    if was_primary:
        successor = (
            RoleAssignment.objects.filter(role=role, municipality=municipality)
            .order_by("person__name", "pk")
            .first()
        )
        if successor is not None:
            role_holder_make_primary(assignment=successor, actor=actor)


@transaction.atomic
def role_keeper_set(*, person: Person, keeps: bool, actor) -> Person:
    """The programme leader (or KOMBIT) names who else keeps the municipality's role holders."""
    municipality = person.municipality
    if municipality is None or not (
        actor.is_authenticated
        and (
            actor.is_kombit
            or (actor.is_programme_leader and actor.municipality_id == municipality.pk)
        )
    ):
        raise PermissionDenied
    if person.keeps_role_holders != keeps:
        audit.record(
            actor=actor,
            action="core.person.keeps_role_holders",
            obj=person,
            changes={"keeps_role_holders": (person.keeps_role_holders, keeps)},
        )
        person.keeps_role_holders = keeps
        person.save(update_fields=["keeps_role_holders"])
    return person
