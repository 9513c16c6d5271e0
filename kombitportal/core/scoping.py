"""Authorization in one place: what municipal data a user may see.

Every query for municipal data goes through `scope_to_user` (or `visible_municipality`), so that a
municipal user sees and changes only their own municipality's rows, by any URL or parameter, and a
KOMBIT user sees all.
"""

from django.db.models import QuerySet
from django.http import Http404

from kombitportal.core.models import Municipality


def scope_to_user(queryset: QuerySet, user, *, field: str = "municipality") -> QuerySet:
    """Narrow `queryset` to the rows of the municipalities `user` may see (via `field`)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if user.is_kombit:
        return queryset
    if user.municipality_id is None:
        return queryset.none()
    return queryset.filter(**{field: user.municipality_id})


def visible_municipalities(user) -> QuerySet[Municipality]:
    return scope_to_user(Municipality.objects.select_related("region"), user, field="pk")


def visible_municipality(user, code: str | None = None) -> Municipality | None:
    """The municipality a page is about. Municipal users: always their own; naming another one is a
    404 (as if it did not exist). KOMBIT users: the one named by `code`, or None for "all"."""
    if not getattr(user, "is_kombit", False):
        if user.municipality_id is None:
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
