"""What the Context Handler pages read, each in a fixed number of queries: a municipality's IdPs
and what CH2 sends each of them for every system it uses, the systems still on Context Handler 1,
the certificate changes with the municipality's checklist (or, for KOMBIT, who has not ticked),
and the certificates the roll-over check watches."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

from contexthandler.loa import Sent, what_ch2_sends
from contexthandler.models import (
    Finding,
    Handler,
    IdentityProvider,
    MetadataSource,
    Rollover,
    RolloverCheck,
    Sighting,
    SystemUse,
    UserSystem,
)
from kombitportal.core.areas import Need
from kombitportal.core.models import Municipality
from kombitportal.core.scoping import scope_to_user

OPEN = Q(trust_at__isnull=True) | Q(metadata_at__isnull=True)


def idps(*, user, municipality: Municipality) -> list[IdentityProvider]:
    return list(scope_to_user(IdentityProvider.objects.filter(municipality=municipality), user))


@dataclass(frozen=True)
class SystemRow:
    system: UserSystem
    handler: str  # "ch1", "ch2" or "" (not used)
    sent: list[tuple[IdentityProvider, Sent]]  # per IdP, under its profile

    @property
    def warning(self) -> bool:
        return any(s.idp_must_enforce for _idp, s in self.sent)


def systems(
    *, user, municipality: Municipality, idp_list: list[IdentityProvider]
) -> list[SystemRow]:
    """Every user-facing system with how the municipality uses it and, for those it uses through
    Context Handler 2, what CH2 sends each of its IdPs. Two queries."""
    handler = dict(
        scope_to_user(SystemUse.objects.filter(municipality=municipality), user).values_list(
            "system_id", "handler"
        )
    )
    return [
        SystemRow(
            system,
            handler.get(system.pk, ""),
            [(idp, what_ch2_sends(idp.profile, system.level)) for idp in idp_list]
            if handler.get(system.pk) == Handler.CH2
            else [],
        )
        for system in UserSystem.objects.all()
    ]


@dataclass(frozen=True)
class Ch1Overview:
    """KOMBIT: the systems still used through Context Handler 1, across the municipalities."""

    municipalities: int
    uses: list[SystemUse]


def ch1_overview() -> Ch1Overview:
    uses = list(
        SystemUse.objects.filter(handler=Handler.CH1).select_related("municipality", "system")
    )
    return Ch1Overview(len({u.municipality_id for u in uses}), uses)


@dataclass(frozen=True)
class RolloverState:
    rollover: Rollover
    checks: list[RolloverCheck]  # the municipality's, one per IdP
    missing: list[tuple[Municipality, int]]  # KOMBIT: who has not ticked both, with how many IdPs
    total: int  # KOMBIT: municipalities with a checklist
    done: int  # KOMBIT: of them, those that ticked everything


def rollovers(*, user, municipality: Municipality | None) -> list[RolloverState]:
    """The certificate changes, newest first: the municipality's checklists, or for KOMBIT who has
    not ticked both steps for every IdP. Three queries."""
    found = list(Rollover.objects.all())
    if not found:
        return []
    if municipality is not None:
        checks = scope_to_user(
            RolloverCheck.objects.filter(municipality=municipality, rollover__in=found), user
        ).select_related("idp")
        by_rollover: dict[int, list[RolloverCheck]] = {r.pk: [] for r in found}
        for check in checks:
            by_rollover[check.rollover_id].append(check)
        return [RolloverState(r, by_rollover[r.pk], [], 0, 0) for r in found]
    if not user.is_kombit:
        return []
    rows = (
        RolloverCheck.objects.filter(rollover__in=found)
        .order_by()
        .values("rollover", "municipality")
        .annotate(open=Count("pk", filter=OPEN))
    )
    missing_ids: dict[int, dict[int, int]] = {r.pk: {} for r in found}
    totals: dict[int, int] = {r.pk: 0 for r in found}
    for row in rows:
        totals[row["rollover"]] += 1
        if row["open"]:
            missing_ids[row["rollover"]][row["municipality"]] = row["open"]
    names = {m.pk: m for m in Municipality.objects.order_by("name")}
    return [
        RolloverState(
            r,
            [],
            [
                (names[pk], n)
                for pk, n in sorted(missing_ids[r.pk].items(), key=lambda i: names[i[0]].name)
            ],
            totals[r.pk],
            totals[r.pk] - len(missing_ids[r.pk]),
        )
        for r in found
    ]


@dataclass(frozen=True)
class SourceState:
    source: MetadataSource
    certificates: list[Sighting]  # those seen in the last check (not gone)
    findings: list[tuple[Finding, Sighting | None]]  # of the last check, with its certificate


def watched() -> list[SourceState]:
    """The metadata sources with the certificates the last check saw and what it found. Three
    queries."""
    sources = list(
        MetadataSource.objects.filter(active=True).prefetch_related(
            Prefetch("sightings", queryset=Sighting.objects.order_by("not_after"), to_attr="seen")
        )
    )
    by_sha = {(s.pk, seen.sha256): seen for s in sources for seen in s.seen}
    findings: dict[int, list[tuple[Finding, Sighting | None]]] = {s.pk: [] for s in sources}
    for finding in Finding.objects.filter(
        source__in=sources, checked_at=F("source__last_checked_at")
    ).order_by("pk"):
        sighting = by_sha.get((finding.source_id, finding.sha256))
        findings[finding.source_id].append((finding, sighting))
    return [
        SourceState(s, [seen for seen in s.seen if seen.gone_at is None], findings[s.pk])
        for s in sources
    ]


def needs_of(*, user, municipality: Municipality | None, today: date) -> list[Need]:
    """What waits in Context Handler: the municipality's IdPs whose checklist for a coming or
    recent certificate change is not ticked; for KOMBIT, per change how many municipalities have
    not. One query (two for KOMBIT)."""
    recent = today - timedelta(weeks=8)
    url = reverse("contexthandler:index")
    kind = gettext("Certificate change")
    if municipality is None:
        if not user.is_kombit:
            return []
        rows = (
            RolloverCheck.objects.filter(OPEN, rollover__starts_at__date__gte=recent)
            .order_by()
            .values("rollover", "rollover__title", "rollover__starts_at")
            .annotate(n=Count("municipality", distinct=True))
        )
        return [
            Need(
                ngettext(
                    "%(title)s: %(n)d municipality has not ticked",
                    "%(title)s: %(n)d municipalities have not ticked",
                    row["n"],
                )
                % {"title": row["rollover__title"], "n": row["n"]},
                f"{url}#rollover-{row['rollover']}",
                when=formats.date_format(timezone.localtime(row["rollover__starts_at"]), "j. F Y"),
                due=timezone.localdate(row["rollover__starts_at"]),
                overdue=timezone.localdate(row["rollover__starts_at"]) < today,
                kind=kind,
            )
            for row in rows
        ]
    checks = scope_to_user(
        RolloverCheck.objects.filter(
            OPEN, municipality=municipality, rollover__starts_at__date__gte=recent
        ),
        user,
    ).select_related("rollover", "idp")
    return [
        Need(
            f"{check.rollover.title}: {check.idp.name}",
            f"{url}#rollover-{check.rollover_id}",
            when=formats.date_format(timezone.localtime(check.rollover.starts_at), "j. F Y"),
            due=timezone.localdate(check.rollover.starts_at),
            overdue=timezone.localdate(check.rollover.starts_at) < today,
            kind=kind,
        )
        for check in checks
    ]


def idp_list(
    *, user, municipality: Municipality | None, q: str = "", profile: str = "", protocol: str = ""
) -> QuerySet[IdentityProvider]:
    """The IdPs the user may see (a municipality's own, KOMBIT's all), of one municipality if
    given, with it, by municipality and name; `q` a part of the name or the entity ID."""
    found = scope_to_user(IdentityProvider.objects.select_related("municipality"), user)
    if municipality is not None:
        found = found.filter(municipality=municipality)
    q = q.strip()
    if q:
        found = found.filter(Q(name__icontains=q) | Q(entity_id__icontains=q))
    if profile:
        found = found.filter(profile=profile)
    if protocol:
        found = found.filter(protocol=protocol)
    return found.order_by("municipality__name", "name", "pk")


def idp_get(*, user, pk: int) -> IdentityProvider:
    """An IdP the user may see (else DoesNotExist → 404)."""
    return idp_list(user=user, municipality=None).get(pk=pk)
