"""Every read of SAPA's pages: the catalogue of purposes (with the search "Hvilket formål dækker
§ 192?"), the data areas and releases, and the timeline. The catalogue is KOMBIT's, the same for
every municipality, and read in a fixed number of queries."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from kombitportal.agreements import selectors as agreement_selectors
from kombitportal.agreements.models import Agreement, Signature
from kombitportal.core import areas
from kombitportal.core.models import Municipality, Person
from kombitportal.core.scoping import scope_to_user
from kombitportal.core.timeline import Event
from sapa.legal import paragraph_key
from sapa.models import (
    DataArea,
    Interface,
    LegalBasis,
    Milestone,
    Purpose,
    Release,
    Step,
    SubjectArea,
)


@dataclass(frozen=True)
class Query:
    """What a search asks for: a paragraph ("§ 192a"), a reference number ("LBK 909", "909"), and
    words ("Fogedsager", "dagtilbudsloven"); a bare number may be either a paragraph or a number."""

    text: str = ""
    paragraph: int | None = None
    number: int | None = None
    bare_number: int | None = None
    words: str = ""

    @property
    def asked(self) -> bool:
        return bool(self.text)


def parse_query(text: str) -> Query:
    written = " ".join((text or "").split())
    rest = written
    paragraph = number = None
    if m := re.search(r"§§?\s*(\d+)\s?([a-zæøå]?)(?![a-zæøå])", rest, re.IGNORECASE):
        paragraph = paragraph_key(int(m[1]), m[2])
        rest = rest[: m.start()] + rest[m.end() :]
    if m := re.search(r"\b(?:LBK|BEK|BKG|LOV)\.?\s*(?:nr\.?\s*)?(\d+)\b", rest, re.IGNORECASE):
        number = int(m[1])
        rest = rest[: m.start()] + rest[m.end() :]
    rest = " ".join(rest.split())
    if paragraph is None and number is None and (m := re.fullmatch(r"(\d+)\s?([a-zæøå]?)", rest)):
        if m[2]:  # "192a" is a paragraph
            return Query(written, paragraph=paragraph_key(int(m[1]), m[2]))
        return Query(written, bare_number=int(m[1]))
    return Query(written, paragraph=paragraph, number=number, words=rest.lower())


def _covers(basis: LegalBasis, key: int) -> bool:
    return any(r.first <= key <= r.last for r in basis.ranges)


def basis_matches(basis: LegalBasis, query: Query) -> bool:
    """Whether the basis answers the query (a query of words alone asks about the act's name)."""
    if not query.asked:
        return False
    if query.bare_number is not None:
        return basis.reference_number == query.bare_number or _covers(
            basis, paragraph_key(query.bare_number)
        )
    if query.paragraph is not None and not _covers(basis, query.paragraph):
        return False
    if query.number is not None and basis.reference_number != query.number:
        return False
    return not query.words or query.words in f"{basis.act} {basis.short_name}".lower()


@dataclass
class BasisRow:
    basis: LegalBasis
    matched: bool
    orders: list["BasisRow"] = field(default_factory=list)


@dataclass
class PurposeRow:
    purpose: Purpose
    bases: list[BasisRow]
    subject_areas: list[tuple[SubjectArea, bool]]
    matched: bool  # the purpose answers the search (its name, a basis or a subject area)

    @property
    def catalogued(self) -> bool:
        """It lists legal bases or subject areas (bred, mellem, snæver adgang)."""
        return bool(self.bases or self.subject_areas)


def purpose_catalogue(*, q: str = "") -> tuple[Query, list[PurposeRow]]:
    """Every purpose with its legal bases (acts with their orders) and subject areas; with a
    search, which of them answer it. Three queries, whatever the catalogue's size."""
    query = parse_query(q)
    purposes = Purpose.objects.select_related("part_of").prefetch_related(
        Prefetch(
            "legal_bases",
            queryset=LegalBasis.objects.order_by("position", "pk"),
            to_attr="basis_list",
        ),
        Prefetch(
            "subject_areas",
            queryset=SubjectArea.objects.order_by("position", "pk"),
            to_attr="area_list",
        ),
    )
    rows = []
    for purpose in purposes:
        bases = purpose.basis_list
        acts = {
            basis.pk: BasisRow(basis, basis_matches(basis, query))
            for basis in bases
            if basis.parent_id is None
        }
        for basis in bases:
            if basis.parent_id in acts:
                acts[basis.parent_id].orders.append(BasisRow(basis, basis_matches(basis, query)))
        words = query.words if not (query.paragraph or query.number or query.bare_number) else ""
        areas = [(area, bool(words) and words in area.name.lower()) for area in purpose.area_list]
        matched = (
            any(row.matched or any(o.matched for o in row.orders) for row in acts.values())
            or any(hit for _area, hit in areas)
            or (bool(words) and words in str(purpose).lower())
        )
        rows.append(PurposeRow(purpose, list(acts.values()), areas, matched))
    return query, rows


@dataclass(frozen=True)
class ReleaseRow:
    release: Release
    data_areas: list[DataArea]


def releases() -> list[ReleaseRow]:
    """The releases in date order, each with the data areas it brings. Two queries."""
    found = Release.objects.prefetch_related(
        Prefetch("data_areas", queryset=DataArea.objects.order_by("position"), to_attr="area_list")
    ).order_by("released_date", "version")
    return [ReleaseRow(release, release.area_list) for release in found]


# The timeline's lanes, top to bottom: the income interface over DUPLA.
LANES = (Interface.INCOME, Interface.DUPLA)


# The timeline's kinds of event, as its legend names them.
LEGEND = (
    ("release", _lazy("SAPA release")),
    ("purpose", _lazy("A purpose takes effect")),
    ("milestone", _lazy("Another milestone")),
)


def lanes() -> list[tuple[str, str]]:
    return [(interface.value, str(interface.label)) for interface in LANES]


def _lane(interface: str) -> tuple[str, str]:
    """An event's lane and its label, by its interface."""
    return interface, str(Interface(interface).label) if interface else ""


def timeline(*, release_rows: list[ReleaseRow] | None = None) -> list[Event]:
    """The timeline's events from the catalogue, in date order; undated ones last. Two queries
    besides the releases (which a page that shows them too passes in)."""
    events = []
    for row in releases() if release_rows is None else release_rows:
        areas = ", ".join(area.name for area in row.data_areas)
        events.append(
            Event(
                row.release.released_text,
                row.release.released_date,
                "release",
                str(row.release),
                "; ".join(part for part in (areas, row.release.note) if part),
                *_lane(row.data_areas[0].interface if row.data_areas else ""),
            )
        )
    for purpose in Purpose.objects.exclude(effective_text="").order_by(
        "effective_date", "position"
    ):
        events.append(
            Event(
                purpose.effective_text,
                purpose.effective_date,
                "purpose",
                str(purpose),
                "" if purpose.get_level_display() == purpose.name else purpose.get_level_display(),
                *_lane(purpose.interface),
            )
        )
    for milestone in Milestone.objects.all():
        events.append(
            Event(
                milestone.when_text,
                milestone.when_date,
                "milestone",
                milestone.title,
                "",
                *_lane(milestone.interface),
            )
        )
    return sorted(events, key=lambda e: (e.day is None, e.day or date.max, e.kind != "release"))


@dataclass(frozen=True)
class StepRow:
    """A step with its state from its source: the agreement's signature or the KLIK task."""

    step: Step
    state: str
    done: bool
    overdue: bool
    url: str


def steps(*, user, municipality: Municipality | None, today: date) -> list[StepRow]:
    """ "Kommende opgaver" for the municipality, each with its state; for KOMBIT (None) how many
    of the municipalities are done. Four queries at most."""
    found = list(Step.objects.select_related("agreement"))
    agreement_ids = [s.agreement_id for s in found if s.agreement_id]
    codes = [s.klik_code for s in found if s.klik_code]
    klik = areas.work_states("klik", user=user, municipality=municipality, codes=codes)
    signatures: dict[int, Signature] = {}
    signed_counts: dict[int, int] = {}
    total = 0
    if municipality is not None:
        signatures = {
            s.agreement_id: s
            for s in scope_to_user(
                Signature.objects.filter(municipality=municipality, agreement_id__in=agreement_ids),
                user,
            )
        }
    elif agreement_ids:
        signed_counts = dict(
            Signature.objects.filter(agreement_id__in=agreement_ids)
            .order_by()
            .values("agreement")
            .annotate(n=Count("pk"))
            .values_list("agreement", "n")
        )
        total = Municipality.objects.count()
    rows = []
    for step in found:
        late = bool(step.when_date and step.when_date < today)
        if step.agreement is not None:
            url = reverse("agreements:detail", args=[step.agreement.pk])
            if municipality is not None:
                signature = signatures.get(step.agreement.pk)
                if signature is not None:
                    state = _("Signed %(day)s") % {
                        "day": formats.date_format(signature.signed_on, "j. F Y")
                    }
                elif not step.agreement.dispatched:
                    state = _("Not sent yet")
                else:
                    state = _("Waiting for your signature")
                rows.append(
                    StepRow(
                        step, str(state), signature is not None, late and signature is None, url
                    )
                )
            else:
                signed = signed_counts.get(step.agreement.pk, 0)
                state = _("Signed by %(signed)s of %(total)s municipalities") % {
                    "signed": signed,
                    "total": total,
                }
                rows.append(
                    StepRow(step, str(state), signed == total, late and signed < total, url)
                )
        elif step.klik_code:
            work = klik.get(step.klik_code)
            if work is None:
                rows.append(StepRow(step, str(_("Not published in KLIK yet")), False, False, ""))
            else:
                rows.append(StepRow(step, work.text, work.done, late and not work.done, work.url))
        else:
            rows.append(StepRow(step, "", False, False, ""))
    return rows


@dataclass(frozen=True)
class AgreementState:
    """A SAPA data-exchange agreement ("SVR"): for a municipality its signature and who holds the
    roles it is sent to; for KOMBIT who has not signed."""

    agreement: Agreement
    signature: Signature | None
    holders: list[tuple[str, list[Person]]]
    missing: list[Municipality]
    signed_count: int


def data_exchange_agreements(*, user, municipality: Municipality | None) -> list[AgreementState]:
    """SAPA's dispatched data-exchange agreements. A fixed number of queries (five at most)."""
    agreements = list(
        Agreement.objects.filter(
            solution__code="sapa", kind=Agreement.Kind.DATA_EXCHANGE, dispatched=True
        ).prefetch_related(
            Prefetch("recipient_roles", to_attr="recipient_list"),
            Prefetch("copy_roles", to_attr="copy_list"),
        )
    )
    if not agreements:
        return []
    if municipality is not None:
        own = {
            s.agreement_id: s
            for s in scope_to_user(
                Signature.objects.filter(municipality=municipality, agreement__in=agreements), user
            )
        }
        holders = agreement_selectors.recipients_of(
            agreements=agreements, municipality=municipality
        )
        return [AgreementState(a, own.get(a.pk), holders[a.pk], [], 0) for a in agreements]
    if not user.is_kombit:
        return []
    signed: dict[int, set[int]] = {a.pk: set() for a in agreements}
    for agreement_id, municipality_id in Signature.objects.filter(
        agreement__in=agreements
    ).values_list("agreement", "municipality"):
        signed[agreement_id].add(municipality_id)
    everyone = list(Municipality.objects.order_by("name"))
    return [
        AgreementState(
            a,
            None,
            [],
            [m for m in everyone if m.pk not in signed[a.pk]],
            len(signed[a.pk]),
        )
        for a in agreements
    ]
