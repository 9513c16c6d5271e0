"""The agreements' part of the read-only API (/api/v1/aftaler/): KOMBIT's agreements with the
municipality's own signature, who has signed (and, for KOMBIT, who is missing), and the signatures
— read through the agreements page's filter form and selectors."""

from datetime import date, datetime
from typing import Literal

from django.db.models import F
from django.http import HttpRequest
from ninja import Field, Query, Router

from kombitportal.agreements import selectors
from kombitportal.agreements.forms import AgreementFilterForm
from kombitportal.agreements.models import Signature
from kombitportal.api.auth import api_user
from kombitportal.api.schemas import (
    ERRORS,
    NO_NUL,
    MunicipalityRef,
    Out,
    Page,
    PageQuery,
    WrittenDate,
    form_data,
    invalid,
    paginate,
    written_date,
)
from kombitportal.core.scoping import visible_municipality

router = Router(tags=["aftaler"])

Kind = Literal[
    "tilslutningsaftale", "databehandleraftale", "bilag", "allonge", "dataudvekslingsaftale",
    "abonnementsaftale",
]  # fmt: skip
Channel = Literal["addosign", "mail", "dupla"]
State = Literal["waiting", "signed", "planned"]


class SolutionRef(Out):
    code: str
    name: str


class AgreementRef(Out):
    id: int
    title: str


class SignatureOut(Out):
    agreement: AgreementRef
    municipality: MunicipalityRef
    signed_on: date
    signer_name: str
    on_behalf: bool = Field(description="Recorded by KOMBIT on the municipality's behalf.")
    recorded_by: str
    recorded_at: datetime
    has_document: bool = Field(description="The signed PDF is in the portal.")


class AgreementOut(Out):
    id: int
    title: str
    kind: Kind
    kind_label: str
    solution: SolutionRef | None
    dispatched: bool
    dispatch: WrittenDate | None
    deadline: WrittenDate | None
    channel: Channel | Literal[""]
    recipient_roles: list[str]
    copy_roles: list[str]
    kombit_note: str
    requires_signature: bool
    signature: SignatureOut | None = Field(
        description="The signature of the municipality asked about (a municipal user's own)."
    )


class AgreementDetail(AgreementOut):
    signatures: list[SignatureOut] = Field(
        description="The signatures the user may see: a municipality's own, KOMBIT's all."
    )
    missing: list[MunicipalityRef] | None = Field(
        description="KOMBIT: the municipalities that have not signed (null for others)."
    )


class AgreementQuery(PageQuery):
    kommune: str = Field(
        "",
        pattern=NO_NUL,
        max_length=4,
        description="KOMBIT: whose signature to show. Others: their own.",
    )
    q: str = Field(
        "", pattern=NO_NUL, max_length=200, description="Title, solution, note or recipient role."
    )
    solution: str = Field(
        "", pattern=NO_NUL, max_length=40, description="A solution's short name, e.g. sapa."
    )
    kind: Kind | None = None
    channel: Channel | None = None
    state: State | None = Field(
        None, description="`waiting` and `signed` ask about the municipality's signature."
    )


class SignatureQuery(PageQuery):
    kommune: str = Field(
        "", pattern=NO_NUL, max_length=4, description="KOMBIT: one municipality's."
    )
    agreement: int | None = Field(None, description="An agreement's id.")


def _signature(signature: Signature, agreement=None, municipality=None) -> dict:
    """A signature, with its agreement and municipality (read with it, or known already)."""
    agreement = agreement or signature.agreement
    municipality = municipality or signature.municipality
    return {
        "agreement": {"id": agreement.pk, "title": agreement.title},
        "municipality": {"code": municipality.code, "name": municipality.name},
        "signed_on": signature.signed_on,
        "signer_name": signature.signer_name,
        "on_behalf": signature.on_behalf,
        "recorded_by": signature.recorded_by_name,
        "recorded_at": signature.recorded_at,
        "has_document": bool(signature.document),
    }


def _agreement(agreement, own: Signature | None, municipality=None) -> dict:
    return {
        "id": agreement.pk,
        "title": agreement.title,
        "kind": agreement.kind,
        "kind_label": agreement.get_kind_display(),
        "solution": (
            {"code": agreement.solution.code, "name": agreement.solution.name}
            if agreement.solution
            else None
        ),
        "dispatched": agreement.dispatched,
        "dispatch": written_date(agreement, "dispatch"),
        "deadline": written_date(agreement, "deadline"),
        "channel": agreement.channel,
        "recipient_roles": [role.name for role in agreement.recipient_list],
        "copy_roles": [role.name for role in agreement.copy_list],
        "kombit_note": agreement.kombit_note,
        "requires_signature": agreement.requires_signature,
        "signature": _signature(own, agreement, municipality) if own else None,
    }


@router.get(
    "/agreements/",
    response={200: Page[AgreementOut], **ERRORS},
    url_name="agreements",
    summary="Agreements",
)
def agreement_list(request: HttpRequest, query: Query[AgreementQuery]) -> dict:
    """KOMBIT's agreements, filtered as /aftaler/ does it, each with the municipality's signature."""
    user = api_user(request)
    municipality = visible_municipality(user, query.kommune or None)
    form = AgreementFilterForm(form_data(query, ("q", "solution", "kind", "channel", "state")))
    if not form.is_valid():
        raise invalid(form)
    found = selectors.agreement_list(
        user=user, municipality=municipality, filters=form.cleaned_data
    ).order_by(F("dispatch_date").desc(nulls_first=True), "title", "pk")  # as the page
    page = paginate(request, found, query)
    page["results"] = [
        _agreement(a, a.own_signatures[0] if a.own_signatures else None, municipality)
        for a in page["results"]
    ]
    return page


@router.get(
    "/agreements/{pk}/",
    response={200: AgreementDetail, **ERRORS},
    url_name="agreement",
    summary="An agreement, with its signatures",
)
def agreement_detail(request: HttpRequest, pk: int) -> dict:
    """An agreement with the signatures the user may see and, for KOMBIT, who is missing."""
    user = api_user(request)
    agreement = selectors.agreement_get(pk=pk)
    signatures = list(selectors.signature_list(user=user, municipality=None, agreement=pk))
    own = next((s for s in signatures if s.municipality_id == user.municipality_id), None)
    missing = None
    if user.is_kombit:
        overview = selectors.signature_overview(user=user, agreement=agreement)
        missing = [{"code": m.code, "name": m.name} for m in overview.missing]
    return {
        **_agreement(agreement, own),
        "signatures": [_signature(s, agreement) for s in signatures],
        "missing": missing,
    }


@router.get(
    "/signatures/",
    response={200: Page[SignatureOut], **ERRORS},
    url_name="signatures",
    summary="Signatures",
)
def signature_list(request: HttpRequest, query: Query[SignatureQuery]) -> dict:
    """The signatures the user may see (a municipality's own, KOMBIT's all), newest first."""
    user = api_user(request)
    municipality = visible_municipality(user, query.kommune or None)
    found = selectors.signature_list(
        user=user, municipality=municipality, agreement=query.agreement
    )
    page = paginate(request, found, query)
    page["results"] = [_signature(s) for s in page["results"]]
    return page
