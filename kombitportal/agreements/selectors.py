"""Reads of the agreements area, scoped: a municipality sees its own signatures and documents only."""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, NamedTuple, TypedDict

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from kombitportal.agreements.models import Agreement, Bill, BillShare, Signature, Visit
from kombitportal.core.approxdate import Precision
from kombitportal.core.areas import Need
from kombitportal.core.models import Municipality, Person, Role, RoleAssignment
from kombitportal.core.scoping import scope_to_user

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class RecipientLists(TypedDict):
    """What agreement_get's Prefetch(to_attr=...) adds to an agreement."""

    recipient_list: list[Role]
    copy_list: list[Role]


def agreement_list(
    *, user, municipality: Municipality | None, filters: dict
) -> QuerySet[Agreement]:
    """All of KOMBIT's agreements (a public catalogue), each with the given municipality's signature
    as `own_signatures` (empty list when none, or when no municipality is given)."""
    qs = Agreement.objects.select_related("solution").prefetch_related(
        Prefetch("recipient_roles", to_attr="recipient_list"),
        Prefetch("copy_roles", to_attr="copy_list"),
        Prefetch(
            "signatures",
            queryset=scope_to_user(Signature.objects.filter(municipality=municipality), user),
            to_attr="own_signatures",
        ),
    )
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(solution__name__icontains=q)
            | Q(kombit_note__icontains=q)
            | Q(recipient_roles__name__icontains=q)
        ).distinct()
    if filters.get("solution"):
        qs = qs.filter(solution=filters["solution"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("channel"):
        qs = qs.filter(channel=filters["channel"])
    state = filters.get("state")
    if state in ("waiting", "signed") and municipality is not None:
        signed = Signature.objects.filter(municipality=municipality).values("agreement")
        if state == "waiting":
            qs = qs.filter(requires_signature=True, dispatched=True).exclude(pk__in=signed)
        elif state == "signed":
            qs = qs.filter(pk__in=signed)
    elif state == "planned":
        qs = qs.filter(dispatched=False)
    return qs


def agreement_get(*, pk: int) -> "WithAnnotations[Agreement, RecipientLists]":
    return (
        Agreement.objects.select_related("solution")
        .prefetch_related(
            Prefetch("recipient_roles", to_attr="recipient_list"),
            Prefetch("copy_roles", to_attr="copy_list"),
        )
        .get(pk=pk)
    )


def own_signature(*, user, agreement: Agreement, municipality: Municipality) -> Signature | None:
    return scope_to_user(
        Signature.objects.filter(agreement=agreement, municipality=municipality), user
    ).first()


def recipients_in(
    *, agreement: "WithAnnotations[Agreement, RecipientLists]", municipality: Municipality
) -> list[tuple[str, list[Person]]]:
    """Who in the municipality holds the recipient and copy roles (empty list: nobody gets it)."""
    return recipients_of(agreements=[agreement], municipality=municipality)[agreement.pk]


def recipients_of(
    *, agreements: "list[WithAnnotations[Agreement, RecipientLists]]", municipality: Municipality
) -> dict[int, list[tuple[str, list[Person]]]]:
    """recipients_in for several agreements at once: {agreement pk: [(role, holders)]}. One
    query."""
    roles = {r for a in agreements for r in (*a.recipient_list, *a.copy_list)}
    holders: dict[int, list[Person]] = {r.pk: [] for r in roles}
    for ra in RoleAssignment.objects.filter(
        municipality=municipality, role__in=roles
    ).select_related("person"):
        holders[ra.role_id].append(ra.person)
    return {
        a.pk: [(role.name, holders[role.pk]) for role in (*a.recipient_list, *a.copy_list)]
        for a in agreements
    }


@dataclass(frozen=True)
class SignatureOverview:
    signed: list[Signature]
    missing: list[Municipality]


def signature_overview(*, user, agreement: Agreement) -> SignatureOverview:
    """KOMBIT: who has signed and who is missing (two queries)."""
    if not user.is_kombit:
        return SignatureOverview([], [])
    signed = list(
        agreement.signatures.select_related("municipality").order_by("municipality__name")
    )
    signed_ids = {s.municipality_id for s in signed}
    missing = [m for m in Municipality.objects.order_by("name") if m.pk not in signed_ids]
    return SignatureOverview(signed, missing)


def visit_list() -> dict[str, list[Visit]]:
    visits = Visit.objects.select_related("municipality").order_by(
        "when_date", "municipality__name"
    )
    grouped: dict[str, list[Visit]] = {s: [] for s in Visit.Status.values}
    for visit in visits:
        grouped[visit.status].append(visit)
    return grouped


def bill_shares(*, user, bill: Bill) -> QuerySet[BillShare]:
    return scope_to_user(bill.shares.select_related("municipality"), user).order_by(
        "municipality__name"
    )


def waiting_count(*, user, municipality: Municipality) -> int:
    """How many dispatched agreements wait for the municipality's signature. One query."""
    signed = scope_to_user(Signature.objects.filter(municipality=municipality), user)
    return (
        Agreement.objects.filter(dispatched=True, requires_signature=True)
        .exclude(pk__in=signed.values("agreement"))
        .count()
    )


def roles_needed(*, municipality: Municipality | None) -> dict[int, set[int]]:
    """The recipient roles of the dispatched agreements each municipality has not signed yet.
    Three queries."""
    recipients = list(
        Agreement.objects.filter(
            dispatched=True, requires_signature=True, recipient_roles__isnull=False
        ).values_list("pk", "recipient_roles")
    )
    signatures = Signature.objects.all()
    municipalities = Municipality.objects.all()
    if municipality is not None:
        signatures = signatures.filter(municipality=municipality)
        municipalities = municipalities.filter(pk=municipality.pk)
    signed = set(signatures.values_list("agreement_id", "municipality_id"))
    needed: dict[int, set[int]] = {}
    for municipality_id in municipalities.values_list("pk", flat=True):
        roles = {
            role for agreement, role in recipients if (agreement, municipality_id) not in signed
        }
        if roles:
            needed[municipality_id] = roles
    return needed


def needs_of(*, user, municipality: Municipality | None, today: date) -> list[Need]:
    """What waits in the agreements: those sent to the user's municipality and not signed yet;
    for KOMBIT, per such agreement how many municipalities are missing. One or two queries."""
    waiting = Agreement.objects.filter(dispatched=True, requires_signature=True)
    if municipality is None:
        if not user.is_kombit:
            return []
        total = Municipality.objects.count()
        needs = []
        for pk, title, deadline, deadline_date, signed in (
            waiting.annotate(signed=Count("signatures"))
            .order_by("deadline_date", "title")
            .values_list("pk", "title", "deadline_text", "deadline_date", "signed")
        ):
            missing = total - signed
            if missing:
                text = ngettext(
                    "%(title)s: %(n)d municipality has not signed",
                    "%(title)s: %(n)d municipalities have not signed",
                    missing,
                ) % {"title": title, "n": missing}
                needs.append(
                    Need(
                        text,
                        reverse("agreements:detail", args=[pk]),
                        when=deadline,
                        due=deadline_date,
                        overdue=bool(deadline_date and deadline_date < today),
                        kind=gettext("Agreement"),
                    )
                )
        return needs
    signed = scope_to_user(Signature.objects.filter(municipality=municipality), user)
    return [
        Need(
            title,
            reverse("agreements:detail", args=[pk]),
            when=deadline,
            due=deadline_date,
            overdue=bool(deadline_date and deadline_date < today),
            kind=gettext("Agreement"),
        )
        for pk, title, deadline, deadline_date in waiting.exclude(pk__in=signed.values("agreement"))
        .order_by("deadline_date", "title")
        .values_list("pk", "title", "deadline_text", "deadline_date")
    ]


class DeadlineRow(NamedTuple):
    pk: int
    title: str
    solution: str
    deadline: str
    deadline_date: date
    deadline_exact: bool


def deadlines_to_sign(*, user) -> list[DeadlineRow]:
    """The deadlines of the agreements sent to a role the user holds in their municipality that
    it has not signed yet (the user's calendar feed "Mine frister"), by deadline; an agreement
    without a deadline date has no place in a calendar. One query."""
    if user.municipality_id is None:
        return []
    person = Person.objects.filter(user=user).values("pk")[:1]
    roles = scope_to_user(
        RoleAssignment.objects.filter(person_id=person, municipality=user.municipality_id), user
    ).values("role")
    signed = scope_to_user(Signature.objects.filter(municipality=user.municipality_id), user)
    rows = (
        Agreement.objects.filter(
            dispatched=True,
            requires_signature=True,
            deadline_date__isnull=False,
            recipient_roles__in=roles,
        )
        .exclude(pk__in=signed.values("agreement"))
        .distinct()
        .order_by("deadline_date", "title", "pk")
        .values_list(
            "pk", "title", "solution__name", "deadline_text", "deadline_date", "deadline_precision"
        )
    )
    return [
        DeadlineRow(pk, title, solution or "", text, day, precision == Precision.DAY)
        for pk, title, solution, text, day, precision in rows
        if day is not None  # left out above: for the type checker
    ]


def signature_list(
    *, user, municipality: Municipality | None, agreement: int | None = None
) -> QuerySet[Signature]:
    """The signatures the user may see (a municipality's own; KOMBIT all), of one municipality or
    agreement if given, with both, newest first."""
    found = scope_to_user(Signature.objects.select_related("agreement", "municipality"), user)
    if municipality is not None:
        found = found.filter(municipality=municipality)
    if agreement is not None:
        found = found.filter(agreement=agreement)
    return found.order_by("-signed_on", "agreement__title", "municipality__name", "pk")
