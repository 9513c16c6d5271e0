"""SAPA's part of the read-only API (/api/v1/sapa/): the purposes with their access level, legal
bases and subject areas, searched as /sapa/formaal/ searches them ("§ 192a", "LBK 909")."""

from datetime import date
from typing import Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router

from kombitportal.api.schemas import (
    ERRORS,
    NO_NUL,
    Out,
    Page,
    PageQuery,
    WrittenDate,
    form_data,
    invalid,
    paginate,
    written_date,
)
from sapa import selectors
from sapa.forms import PurposeSearchForm

router = Router(tags=["sapa"])

Level = Literal["bred", "mellem", "snaever", "midlertidig", "specifik"]
Interface = Literal["indkomst", "dupla", "snitflader"]


class OrderOut(Out):
    text: str = Field(description="The line as KOMBIT's slide writes it.")
    act: str
    short_name: str
    paragraphs: str
    reference: str
    reference_date: date | None
    matched: bool = Field(description="It answers the search `q`.")


class BasisOut(OrderOut):
    orders: list[OrderOut] = Field(description="The executive orders under the act.")


class SubjectAreaOut(Out):
    name: str
    matched: bool


class PurposeOut(Out):
    id: int
    name: str
    note: str
    level: Level
    level_label: str
    interface: Interface
    interface_label: str
    part_of: str | None
    effective: WrittenDate | None
    description: str
    legal_bases: list[BasisOut]
    subject_areas: list[SubjectAreaOut]
    matched: bool = Field(description="It answers the search `q` (every purpose listed does).")


class PurposeQuery(PageQuery):
    q: str = Field(
        "",
        pattern=NO_NUL,
        max_length=200,
        description="Which purpose covers …? A paragraph (§ 192a), a number (LBK 909) or words.",
    )
    level: Level | None = None


def _order(row: selectors.BasisRow) -> dict:
    basis = row.basis
    return {
        "text": basis.text,
        "act": basis.act,
        "short_name": basis.short_name,
        "paragraphs": basis.paragraphs,
        "reference": basis.reference,
        "reference_date": basis.reference_date,
        "matched": row.matched,
    }


def _purpose(row: selectors.PurposeRow) -> dict:
    purpose = row.purpose
    return {
        "id": purpose.pk,
        "name": purpose.name,
        "note": purpose.note,
        "level": purpose.level,
        "level_label": purpose.get_level_display(),
        "interface": purpose.interface,
        "interface_label": purpose.get_interface_display(),
        "part_of": str(purpose.part_of) if purpose.part_of else None,
        "effective": written_date(purpose, "effective"),
        "description": purpose.description,
        "legal_bases": [
            {**_order(basis), "orders": [_order(order) for order in basis.orders]}
            for basis in row.bases
        ],
        "subject_areas": [{"name": area.name, "matched": hit} for area, hit in row.subject_areas],
        "matched": row.matched,
    }


@router.get(
    "/purposes/",
    response={200: Page[PurposeOut], **ERRORS},
    url_name="sapa_purposes",
    summary="SAPA purposes",
)
def purpose_list(request: HttpRequest, query: Query[PurposeQuery]) -> dict:
    """SAPA's purposes in the catalogue's order; with `q`, those that answer it."""
    form = PurposeSearchForm(form_data(query, ("q",)))
    if not form.is_valid():
        raise invalid(form)
    asked, rows = selectors.purpose_catalogue(q=form.cleaned_data["q"])
    shown = [
        row
        for row in rows
        if (row.matched or not asked.asked) and query.level in (None, row.purpose.level)
    ]
    page = paginate(request, shown, query)
    page["results"] = [_purpose(row) for row in page["results"]]
    return page


@router.get(
    "/purposes/{pk}/",
    response={200: PurposeOut, **ERRORS},
    url_name="sapa_purpose",
    summary="A SAPA purpose",
)
def purpose_detail(request: HttpRequest, pk: int) -> dict:
    """A SAPA purpose."""
    for row in selectors.purpose_catalogue()[1]:
        if row.purpose.pk == pk:
            return _purpose(row)
    raise Http404
