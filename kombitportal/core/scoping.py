"""Authorization in one place: what municipal data a user may see.

Every query for municipal data goes through `scope_to_user` (or `visible_municipality`), so that a
municipal user sees and changes only their own municipality's rows, by any URL or parameter, and a
KOMBIT user sees all. Both read the user through `scope_of`, and so does anything kept per scope
(the KLIK list's SQL): the rule and the keys of what depends on it cannot drift apart.
"""

from typing import Any, NamedTuple, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, QueryDict

from kombitportal.core.models import Municipality

M = TypeVar("M", bound=Model)

# The query string parameter by which a KOMBIT user picks the municipality a page shows.
MUNICIPALITY_PARAM = "kommune"


class Scope(NamedTuple):
    """What a user may see: every municipality, one, or nothing."""

    everything: bool
    municipality_id: int | None


NOTHING = Scope(False, None)
EVERYTHING = Scope(True, None)


def scope_of(user: Any) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_kombit:
        return EVERYTHING
    return Scope(False, user.municipality_id)


def scope_to_user(queryset: QuerySet[M], user: Any, *, field: str = "municipality") -> QuerySet[M]:
    """Narrow `queryset` to the rows of the municipalities `user` may see (via `field`)."""
    scope = scope_of(user)
    if scope.everything:
        return queryset
    if scope.municipality_id is None:
        return queryset.none()
    return queryset.filter(**{field: scope.municipality_id})


def visible_municipalities(user: Any) -> QuerySet[Municipality]:
    return scope_to_user(Municipality.objects.select_related("region"), user, field="pk")


def visible_municipality(user: Any, code: str | None = None) -> Municipality | None:
    """The municipality a page is about. Municipal users: always their own; naming another one is a
    404 (as if it did not exist). KOMBIT users: the one named by `code`, or None for "all"."""
    scope = scope_of(user)
    if not scope.everything:
        if scope.municipality_id is None:
            raise Http404
        # The user's own municipality, cached on the user: the layout shows it too.
        if code and code != user.municipality.code:
            raise Http404
        return user.municipality
    if not code:
        return None
    try:
        return visible_municipalities(user).get(code=code)
    except Municipality.DoesNotExist as exc:
        raise Http404 from exc


def page_municipality(request: HttpRequest, query: QueryDict | None = None) -> Municipality | None:
    """The municipality a page shows, the same way on every page: a municipal user's own (whatever
    ?kommune= says: their pages have no municipality to choose); for KOMBIT the one chosen with
    ?kommune=<code> (in `query`, default the request's), or None for all municipalities."""
    query = request.GET if query is None else query
    code = query.get(MUNICIPALITY_PARAM) or None if scope_of(request.user).everything else None
    return visible_municipality(request.user, code)


def scope_key(user: Any) -> tuple[Any, ...]:
    """The key of anything kept per user (the KLIK list's SQL, kombitportal/core/statements.py):
    the user and their scope, read the way scope_to_user reads it."""
    return (getattr(user, "pk", None), scope_of(user))
