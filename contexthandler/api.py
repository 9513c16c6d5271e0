"""Context Handler's part of the read-only API (/api/v1/contexthandler/): the municipalities' IdPs
with their profile (and what Context Handler 2 sends each of them for the systems used through
it), and what the certificate roll-over check found in the watched metadata — read through the
selectors of /contexthandler/."""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router

from contexthandler import selectors
from contexthandler.models import Finding, IdentityProvider
from kombitportal.api.auth import api_user
from kombitportal.api.schemas import ERRORS, NO_NUL, MunicipalityRef, Out, Page, PageQuery, paginate
from kombitportal.core.scoping import visible_municipality

router = Router(tags=["contexthandler"])

ProfileValue = Literal[
    "oiosaml2", "oiosaml2-adfs-multipleauthn", "oiosaml2-without-loa", "oiosaml3",
    "oiosaml3-adfs-multipleauthn", "oiosaml3-adfs-relaystate",
]  # fmt: skip
ProtocolValue = Literal["oiosaml2", "oiosaml3"]
Code = Literal[
    "OK", "NEW", "GONE", "EXPIRING", "EXPIRED", "UNREACHABLE", "INVALID", "UNTRUSTED", "UNSIGNED",
    "STALE",
]  # fmt: skip


class IdpOut(Out):
    id: int
    municipality: MunicipalityRef
    name: str
    entity_id: str
    metadata_url: str
    protocol: ProtocolValue
    profile: ProfileValue
    profile_label: str = Field(description="The profile as the slides name it.")
    updated_at: datetime


class SentOut(Out):
    system: str
    level: str = Field(description="The level the system requires, e.g. NSIS Betydelig.")
    requested: str = Field(
        description="The AuthnContextClassRef Context Handler 2 asks the IdP for; empty: none."
    )
    relay_state: str
    idp_must_enforce: bool = Field(
        description="The level needs two-factor login, which the municipality's IdP must enforce."
    )


class IdpDetail(IdpOut):
    sends: list[SentOut] = Field(
        description="For each system the municipality uses through Context Handler 2."
    )


class CertificateOut(Out):
    name: str
    subject: str
    sha256: str
    not_after: datetime


class FindingOut(Out):
    source: str
    source_title: str
    checked_at: datetime
    code: Code
    code_label: str
    message: str
    needs_action: bool
    certificate: CertificateOut | None


class IdpQuery(PageQuery):
    kommune: str = Field(
        "", pattern=NO_NUL, max_length=4, description="KOMBIT: one municipality's."
    )
    q: str = Field(
        "", pattern=NO_NUL, max_length=200, description="Part of the name or the entity ID."
    )
    profile: ProfileValue | None = None
    protocol: ProtocolValue | None = None


class FindingQuery(PageQuery):
    source: str = Field("", pattern=NO_NUL, max_length=60, description="A metadata source's name.")
    code: Code | None = None
    needs_action: bool | None = Field(None, description="Only those that need (or not) action.")


def _idp(idp: IdentityProvider) -> dict:
    return {
        "id": idp.pk,
        "municipality": {"code": idp.municipality.code, "name": idp.municipality.name},
        "name": idp.name,
        "entity_id": idp.entity_id,
        "metadata_url": idp.metadata_url,
        "protocol": idp.protocol,
        "profile": idp.profile,
        "profile_label": idp.get_profile_display(),
        "updated_at": idp.updated_at,
    }


@router.get(
    "/idps/",
    response={200: Page[IdpOut], **ERRORS},
    url_name="contexthandler_idps",
    summary="Context Handler 2: IdPs and their profiles",
)
def idp_list(request: HttpRequest, query: Query[IdpQuery]) -> dict:
    """The municipalities' IdPs as Context Handler 2 knows them: a municipality's own, KOMBIT's
    all."""
    user = api_user(request)
    found = selectors.idp_list(
        user=user,
        municipality=visible_municipality(user, query.kommune or None),
        q=query.q,
        profile=query.profile or "",
        protocol=query.protocol or "",
    )
    page = paginate(request, found, query)
    page["results"] = [_idp(idp) for idp in page["results"]]
    return page


@router.get(
    "/idps/{pk}/",
    response={200: IdpDetail, **ERRORS},
    url_name="contexthandler_idp",
    summary="Context Handler 2: an IdP",
)
def idp_detail(request: HttpRequest, pk: int) -> dict:
    """An IdP, with what Context Handler 2 sends it under its profile for each system."""
    user = api_user(request)
    idp = selectors.idp_get(user=user, pk=pk)
    rows = selectors.systems(user=user, municipality=idp.municipality, idp_list=[idp])
    return {
        **_idp(idp),
        "sends": [
            {
                "system": row.system.name,
                "level": row.system.get_level_display(),
                "requested": sent.requested,
                "relay_state": sent.relay_state,
                "idp_must_enforce": sent.idp_must_enforce,
            }
            for row in rows
            for _idp_of, sent in row.sent
        ],
    }


@router.get(
    "/findings/",
    response={200: Page[FindingOut], **ERRORS},
    url_name="contexthandler_findings",
    summary="Context Handler 2: certificate check findings",
)
def finding_list(request: HttpRequest, query: Query[FindingQuery]) -> dict:
    """What the last check of each watched metadata source found, with the certificate it is
    about."""
    found = [
        (state.source, finding, sighting)
        for state in selectors.watched()
        if query.source in ("", state.source.name)
        for finding, sighting in state.findings
        if query.code in (None, finding.code) and query.needs_action in (None, finding.needs_action)
    ]
    page = paginate(request, found, query)
    page["results"] = [
        {
            "source": source.name,
            "source_title": str(source),
            "checked_at": finding.checked_at,
            "code": finding.code,
            "code_label": str(Finding.Code(finding.code).label),
            "message": finding.message,
            "needs_action": finding.needs_action,
            "certificate": (
                {
                    "name": sighting.name,
                    "subject": sighting.subject,
                    "sha256": sighting.sha256,
                    "not_after": sighting.not_after,
                }
                if sighting
                else None
            ),
        }
        for source, finding, sighting in page["results"]
    ]
    return page
