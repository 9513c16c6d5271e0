"""Reads of the core area: the municipality summary and the role gallery, always scoped."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kombitportal.core import areas, services
from kombitportal.core.models import Municipality, Person, Region, Role, RoleAssignment, Solution
from kombitportal.core.scoping import scope_to_user, visible_municipalities

PROGRAMME_LEADER_ROLE = "KOMBIT-programleder"


@dataclass(frozen=True)
class Holder:
    pk: int  # the RoleAssignment's
    name: str
    email: str
    title: str
    is_primary: bool
    has_logged_in: bool


@dataclass(frozen=True)
class GalleryRow:
    role: Role
    kind_label: str
    status_label: str
    solution_name: str
    holders: list[Holder]

    @property
    def is_empty(self) -> bool:
        return not self.holders


def role_gallery(
    *,
    user,
    municipality: Municipality | None,
    q: str = "",
    kind: str = "",
    solution: Solution | None = None,
    status: str = "",
    only_empty: bool = False,
) -> list[GalleryRow]:
    """Roles of the gallery with, when a municipality is given, who holds each one there.
    Municipal users see published roles; KOMBIT users also see drafts. Two queries, any size."""
    roles = Role.objects.select_related("solution").order_by("name")
    if not getattr(user, "is_kombit", False):
        roles = roles.filter(status=Role.Status.PUBLISHED)
    if q:
        roles = roles.filter(
            Q(name__icontains=q) | Q(description__icontains=q) | Q(solution__name__icontains=q)
        )
    if kind:
        roles = roles.filter(kind=kind)
    if solution is not None:
        roles = roles.filter(solution=solution)
    if status:
        roles = roles.filter(status=status)
    if municipality is not None:
        holders = (
            scope_to_user(RoleAssignment.objects.filter(municipality=municipality), user)
            .select_related("person", "person__user")
            .order_by("-is_primary", "person__name")
        )
        roles = roles.prefetch_related(Prefetch("assignments", queryset=holders, to_attr="holders"))
        if only_empty:
            roles = roles.exclude(assignments__municipality=municipality)

    kinds = dict(Role.Kind.choices)
    statuses = dict(Role.Status.choices)
    return [
        GalleryRow(
            role=role,
            kind_label=str(kinds[role.kind]),
            status_label=str(statuses[role.status]),
            solution_name=role.solution.name if role.solution else "",
            holders=[
                Holder(
                    pk=a.pk,
                    name=a.person.name,
                    email=a.person.email,
                    title=a.person.title,
                    is_primary=a.is_primary,
                    has_logged_in=a.person.user_id is not None,
                )
                for a in getattr(role, "holders", [])
            ],
        )
        for role in roles
    ]


@dataclass(frozen=True)
class MunicipalitySummary:
    municipality: Municipality
    people: int
    published_roles: int
    filled_roles: int
    programme_leaders: list[str]

    @property
    def empty_roles(self) -> int:
        return self.published_roles - self.filled_roles


def municipality_summary(*, user, municipality: Municipality) -> MunicipalitySummary:
    assignments = scope_to_user(
        RoleAssignment.objects.filter(
            municipality=municipality, role__status=Role.Status.PUBLISHED
        ),
        user,
    )
    people = scope_to_user(Person.objects.filter(municipality=municipality), user).count()
    published = Role.objects.filter(status=Role.Status.PUBLISHED).count()
    filled = assignments.values("role").distinct().count()
    leaders = list(
        assignments.filter(role__name=PROGRAMME_LEADER_ROLE)
        .order_by("-is_primary", "person__name")
        .values_list("person__name", flat=True)
    )
    return MunicipalitySummary(
        municipality=municipality,
        people=people,
        published_roles=published,
        filled_roles=filled,
        programme_leaders=leaders,
    )


def kombit_overview(*, user) -> dict:
    """For KOMBIT users: how many municipalities have a programme leader registered."""
    municipalities: QuerySet[Municipality] = scope_to_user(
        Municipality.objects.all(), user, field="pk"
    )
    with_leader = (
        municipalities.filter(role_assignments__role__name=PROGRAMME_LEADER_ROLE).distinct().count()
    )
    totals = municipalities.aggregate(count=Count("pk"))
    return {"municipalities": totals["count"], "with_programme_leader": with_leader}


@dataclass(frozen=True)
class EmptyNeededRoles:
    municipality: Municipality
    roles: list[Role]


def empty_needed_roles(*, user, municipality: Municipality | None) -> list[EmptyNeededRoles]:
    """The roles open work needs (areas.needed_roles) that nobody holds, per municipality the user
    may see (one, or all for KOMBIT with None): whoever should get KOMBIT's mail about it does
    not. The areas' queries and three more."""
    scope = visible_municipalities(user)
    if municipality is not None:
        scope = scope.filter(pk=municipality.pk)
    visible = {m.pk: m for m in scope.order_by("name")}
    needed = {
        pk: roles
        for pk, roles in areas.needed_roles(municipality=municipality).items()
        if pk in visible
    }
    filled = set(
        RoleAssignment.objects.filter(municipality__in=list(needed)).values_list(
            "municipality_id", "role_id"
        )
    )
    roles = Role.objects.in_bulk({r for rs in needed.values() for r in rs})
    result = []
    for pk, municipality_ in visible.items():
        empty = sorted(
            (roles[r] for r in needed.get(pk, ()) if (pk, r) not in filled and r in roles),
            key=lambda role: role.name,
        )
        if empty:
            result.append(EmptyNeededRoles(municipality_, empty))
    return result


@dataclass(frozen=True)
class Contact:
    pk: int
    name: str
    email: str
    phone: str
    title: str
    has_logged_in: bool
    keeps_role_holders: bool
    roles: list[str]


def contact_list(*, user, municipality: Municipality) -> list[Contact]:
    """The municipality's people with the roles they hold. Two queries."""
    people = scope_to_user(Person.objects.filter(municipality=municipality), user).order_by(
        "name", "pk"
    )
    held: dict[int, list[str]] = {}
    for person_id, role in (
        RoleAssignment.objects.filter(municipality=municipality)
        .order_by("role__name")
        .values_list("person_id", "role__name")
    ):
        held.setdefault(person_id, []).append(role)
    return [
        Contact(
            p.pk, p.name, p.email, p.phone, p.title, p.user_id is not None, p.keeps_role_holders,
            held.get(p.pk, []),
        )
        for p in people
    ]  # fmt: skip


def empty_role_needs(*, user, municipality: Municipality | None) -> list[areas.Need]:
    """The empty roles that block mail, as things that wait: each one for the municipality's own
    users (linked to the form that fills it, for who may); for KOMBIT, how many municipalities
    miss one."""
    if municipality is None and not getattr(user, "is_kombit", False):
        return []
    rows = empty_needed_roles(user=user, municipality=municipality)
    if municipality is None:
        if not rows:
            return []
        text = ngettext(
            "%(n)d municipality misses a role its open work needs",
            "%(n)d municipalities miss a role their open work needs",
            len(rows),
        ) % {"n": len(rows)}
        return [areas.Need(text, reverse("empty_roles"), kind=_("Roles"))]
    may_fill = services.can_keep_role_holders(user, municipality)
    return [
        areas.Need(
            _("Nobody holds the role %(role)s: nobody here gets KOMBIT's mail about it")
            % {"role": role.name},
            reverse("role_fill", args=[role.pk]) if may_fill else reverse("roles") + "?empty=on",
            kind=_("Role"),
        )
        for row in rows
        for role in row.roles
    ]


# The roles published this many days before today are "new" in "Kort nyt".
NEW_ROLE_DAYS = 60


def new_roles(*, today: date) -> list[Role]:
    """The roles published in the last NEW_ROLE_DAYS days ("Ny rolle i rollegalleri"). One query."""
    return list(
        Role.objects.filter(
            status=Role.Status.PUBLISHED,
            published_on__gte=today - timedelta(days=NEW_ROLE_DAYS),
            published_on__lte=today,
        ).select_related("solution")
    )


def regions_with_municipalities() -> list[tuple[Region, list[Municipality]]]:
    """The regions by name, each with its municipalities by name. Two queries."""
    regions = Region.objects.prefetch_related(
        Prefetch(
            "municipalities", queryset=Municipality.objects.order_by("name"), to_attr="members"
        )
    ).order_by("name")
    return [(region, region.members) for region in regions]


def municipality_list(*, user, q: str = "", region: str = "") -> QuerySet[Municipality]:
    """The municipalities the user may see (a municipal user: their own), with their region, by
    name; `q` a part of the name or the code, `region` a region's code."""
    found = visible_municipalities(user).order_by("name")
    q = q.strip()
    if q:
        found = found.filter(Q(name__icontains=q) | Q(official_name__icontains=q) | Q(code=q))
    if region:
        found = found.filter(region__code=region)
    return found


def role_names_of(person_ids) -> dict[int, list[str]]:
    """The names of the roles each person holds (in their municipality), by name. One query."""
    held: dict[int, list[str]] = {}
    for person_id, role in (
        RoleAssignment.objects.filter(person__in=set(person_ids))
        .order_by("role__name")
        .values_list("person_id", "role__name")
        .distinct()
    ):
        held.setdefault(person_id, []).append(role)
    return held
