"""The core's part of the API: the municipalities the user may see (a municipal user: their own)."""

from datetime import date

from django.http import HttpRequest
from ninja import Field, Query, Router

from kombitportal.api.auth import api_user
from kombitportal.api.schemas import ERRORS, NO_NUL, Out, Page, PageQuery, paginate
from kombitportal.core import selectors
from kombitportal.core.scoping import visible_municipality

router = Router(tags=["municipalities"])


class RegionOut(Out):
    code: str
    name: str


class MunicipalityOut(Out):
    code: str
    name: str
    official_name: str
    cvr: str | None
    region: RegionOut
    population: int | None
    population_date: date | None


class MunicipalityQuery(PageQuery):
    q: str = Field("", pattern=NO_NUL, max_length=200, description="Part of the name, or the code.")
    region: str = Field(
        "", pattern=NO_NUL, max_length=4, description="The region's code, e.g. 1082."
    )


@router.get(
    "/",
    response={200: Page[MunicipalityOut], **ERRORS},
    url_name="municipalities",
    summary="Municipalities",
)
def municipality_list(request: HttpRequest, query: Query[MunicipalityQuery]) -> dict:
    """The municipalities the user may see, by name: KOMBIT all 98, a municipal user their own."""
    found = selectors.municipality_list(user=api_user(request), q=query.q, region=query.region)
    return paginate(request, found, query)


@router.get(
    "/{code}/",
    response={200: MunicipalityOut, **ERRORS},
    url_name="municipality",
    summary="A municipality",
)
def municipality_detail(request: HttpRequest, code: str) -> object:
    return visible_municipality(api_user(request), code)
