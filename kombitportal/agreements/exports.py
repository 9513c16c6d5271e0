"""The agreements area's exports, each the table of a list page with the page's own filter and
scope: the agreements, who is missing an agreement's signature, the visits, the bills and a bill's
shares. Written as CSV or XLSX by kombitportal.core.exports."""

from decimal import Decimal
from itertools import chain
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kombitportal.agreements.models import Agreement, Bill, BillShare
from kombitportal.core.exports import CHUNK_SIZE, Column, Kind, Table, approximate, yes_no
from kombitportal.core.models import Municipality

HUNDRED = Decimal(100)


def kroner(ore: int) -> Decimal:
    """Øre as kroner with two decimals: 123456 → Decimal("1234.56")."""
    return (Decimal(ore) / HUNDRED).quantize(Decimal("0.01"))


def _state(agreement: Agreement) -> str:
    """The municipality's column of the list, as the page says it."""
    if agreement.own_signatures:  # type: ignore[attr-defined]  # agreement_list's Prefetch
        return _("Signed")
    if not agreement.requires_signature:
        return ""
    return _("Waiting for signature") if agreement.dispatched else _("Not yet sent")


def agreement_table(agreements: QuerySet[Agreement], municipality: Municipality | None) -> Table:
    """The agreements as the list shows them (selectors.agreement_list); with the municipality's
    signature when the page is a municipality's."""
    columns = [
        Column(_("Solution")), Column(_("Agreement"), Kind.LONG_TEXT), Column(_("Kind"), width=24),
        Column(_("Channel")), Column(_("Dispatch"), Kind.DATE, 16),
        Column(_("Sent to"), Kind.LONG_TEXT, 36), Column(_("Copy to"), Kind.LONG_TEXT, 30),
        Column(_("Deadline"), Kind.DATE, 16),
    ]  # fmt: skip
    if municipality is not None:
        columns += [Column(_("Your municipality"), width=22), Column(_("Signed on"), Kind.DATE)]

    def rows():
        for a in agreements.iterator(chunk_size=CHUNK_SIZE):
            values: list[Any] = [
                a.solution.name if a.solution else "", a.title, a.get_kind_display(),
                a.get_channel_display(),
                approximate(a.dispatch_text, a.dispatch_date, a.dispatch_precision),
                ", ".join(r.name for r in a.recipient_list),  # type: ignore[attr-defined]
                ", ".join(r.name for r in a.copy_list),  # type: ignore[attr-defined]
                approximate(a.deadline_text, a.deadline_date, a.deadline_precision),
            ]  # fmt: skip
            if municipality is not None:
                own = a.own_signatures  # type: ignore[attr-defined]
                values += [_state(a), own[0].signed_on if own else None]
            yield values

    name = f"aftaler-{municipality.code}" if municipality else "aftaler"
    return Table(name, _("Agreements"), columns, rows())


def missing_table(agreement: Agreement, missing: list[Municipality]) -> Table:
    """Who has not signed the agreement (KOMBIT's overview on its page)."""
    return Table(
        f"mangler-{agreement.pk}",
        _("Who is missing"),
        [
            Column(_("Municipality code"), width=10),
            Column(_("Municipality")),
            Column(_("CVR number"), width=12),
        ],
        ([m.code, m.name, m.cvr or ""] for m in missing),
    )


def visit_table(visits: dict[str, list]) -> Table:
    """The visits as the page lists them: held, planned, then the interest shown."""
    return Table(
        "besoeg",
        _("Visits to municipal boards"),
        [
            Column(_("Status")), Column(_("Municipality code"), width=10),
            Column(_("Municipality")), Column(_("Date"), Kind.DATE, 16), Column("K98", width=6),
            Column(_("Interest shown in"), Kind.INTEGER, 12),
        ],
        (
            [
                v.get_status_display(), v.municipality.code, v.municipality.name,
                approximate(v.when_text, v.when_date, v.when_precision), yes_no(v.k98),
                v.interest_year,
            ]
            for v in chain.from_iterable(visits.values())
        ),
    )  # fmt: skip


def bill_table(bills: QuerySet[Bill]) -> Table:
    """The bills KOMBIT has split, as the cost allocation page lists them."""
    return Table(
        "udgifter",
        _("Cost allocation"),
        [
            Column(_("Title"), Kind.LONG_TEXT), Column(_("Total (kr.)"), Kind.AMOUNT),
            Column(_("Split by population on"), Kind.DATE), Column(_("Basis"), Kind.LONG_TEXT),
        ],
        (
            [b.title, kroner(b.total_ore), b.population_date, b.basis]
            for b in bills.iterator(chunk_size=CHUNK_SIZE)
        ),
    )  # fmt: skip


def share_table(bill: Bill, shares: QuerySet[BillShare]) -> Table:
    """A bill's shares as its page shows them (selectors.bill_shares: a municipality its own)."""
    return Table(
        f"udgift-{bill.pk}",
        _("Shares"),
        [
            Column(_("Municipality code"), width=10), Column(_("Municipality")),
            Column(_("Population"), Kind.INTEGER, 12), Column(_("Share (kr.)"), Kind.AMOUNT),
            Column(_("Per citizen (kr.)"), Kind.AMOUNT),
        ],
        (
            [s.municipality.code, s.municipality.name, s.population, kroner(s.amount_ore),
             kroner(s.per_citizen_ore)]
            for s in shares.iterator(chunk_size=CHUNK_SIZE)
        ),
    )  # fmt: skip
