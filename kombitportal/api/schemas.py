"""What the areas' API routers share: the page of a list (`page`, `page_size`; the page's rows
with the count and the links to the pages before and after), the errors, and the core's objects as
every area names them (a municipality, a person with their roles, a date as KOMBIT writes it)."""

from collections.abc import Sequence
from datetime import date
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import ValidationError
from pydantic import BaseModel, ConfigDict

from kombitportal.core.approxdate import Precision

# Text in a query parameter: anything but NUL, which no text column can hold (PostgreSQL refuses
# it outright), so the schema says so and such a request gets a 422, never reaches a query.
NO_NUL = r"^[^\x00]*$"

T = TypeVar("T")

PAGE_SIZE = 50  # as the portal's lists (/klik/)
MAX_PAGE_SIZE = 200
MAX_PAGE = 10**6


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="The page, from 1.")
    page_size: int = Field(
        PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Rows a page (at most {MAX_PAGE_SIZE})."
    )


class Out(BaseModel):
    """What the API answers with: plain pydantic models (ninja's Schema reads every value of every
    row through a getter made for ORM objects, several times slower on the dicts the endpoints
    hand it); ORM objects are read by their attributes."""

    model_config = ConfigDict(from_attributes=True)


class Page(Out, Generic[T]):
    count: int = Field(description="Rows in all, on every page.")
    page: int
    pages: int = Field(description="Pages in all (at least 1).")
    page_size: int
    next: str | None = Field(description="The next page's URL, or null on the last page.")
    previous: str | None = Field(description="The previous page's URL, or null on the first.")
    results: list[T]


class Message(Out):
    detail: str


class ErrorItem(Out):
    loc: list[str | int]
    msg: str
    type: str


class Invalid(Out):
    detail: list[ErrorItem]


# The answers every read may give besides its own, for the OpenAPI description: no user, nothing
# (of theirs) there, a value the portal does not take.
ERRORS: dict[int, Any] = {401: Message, 404: Message, 422: Invalid}


class MunicipalityRef(Out):
    code: str
    name: str


class PersonOut(Out):
    id: int
    name: str
    email: str
    roles: list[str] = Field(description="The roles the person holds in their municipality.")


class WrittenDate(Out):
    """A date as KOMBIT writes it: the text ("Uge 49", "Afventer"), the day it sorts by, how
    precise it is, and why it is pending."""

    text: str
    date: date | None
    precision: Precision | None
    pending_reason: str


def written_date(obj: Any, name: str) -> WrittenDate | None:
    """An ApproximateDateField's columns of `obj` (`<name>_text`, ...); None where none is written."""
    text = getattr(obj, f"{name}_text")
    precision = getattr(obj, f"{name}_precision")
    if not text and not precision:
        return None
    return WrittenDate(
        text=text,
        date=getattr(obj, f"{name}_date"),
        precision=precision or None,
        pending_reason=getattr(obj, f"{name}_pending_reason"),
    )


def _link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return f"{request.path}?{query.urlencode()}"


def page_of(request: HttpRequest, rows: Sequence[Any], *, count: int, query: PageQuery) -> dict:
    """The page `query` asks for, of `count` rows in all, whose rows are `rows`. A page past the
    end is empty (with the count, and a link back to the last page)."""
    pages = max(1, -(-count // query.page_size))
    return {
        "count": count,
        "page": query.page,
        "pages": pages,
        "page_size": query.page_size,
        "next": _link(request, query.page + 1) if query.page < pages else None,
        "previous": _link(request, min(query.page - 1, pages)) if query.page > 1 else None,
        "results": rows,
    }


def bounds(query: PageQuery) -> tuple[int, int]:
    start = (query.page - 1) * query.page_size
    return start, start + query.page_size


def paginate(request: HttpRequest, rows: QuerySet | Sequence[Any], query: PageQuery) -> dict:
    """A page of a queryset (two queries: the count and the page, plus its prefetches) or of a
    list already read."""
    start, end = bounds(query)
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    return page_of(
        request, list(rows[start:end]) if start < count else [], count=count, query=query
    )


def invalid(form: Any) -> ValidationError:
    """The errors of a filter form as the API's 422 (the pages show them beside the filter)."""
    return ValidationError(
        [
            {"loc": ["query", name], "msg": str(message), "type": "invalid"}
            for name, messages in form.errors.items()
            for message in messages
        ]
    )


def form_data(query: Schema, names: Sequence[str]) -> dict[str, Any]:
    """The values of `query` a filter form reads: those of `names` that are given (not empty)."""
    values = query.dict()
    return {name: values[name] for name in names if values.get(name) not in (None, "", False)}
