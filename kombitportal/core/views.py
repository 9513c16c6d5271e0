"""Pages of the core area: the start page, the role gallery and /healthz."""

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kombitportal.core import areas, clock, selectors
from kombitportal.core.forms import RoleGalleryFilterForm
from kombitportal.core.http import PortalRequest
from kombitportal.core.middleware import wants_partial
from kombitportal.core.scoping import page_municipality


@require_GET
def home(request: PortalRequest) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {}
    municipality = None
    if user.municipality_id:
        municipality = page_municipality(request)
        if municipality is not None:  # a KOMBIT user given a municipality sees all of them here
            context["summary"] = selectors.municipality_summary(
                user=user, municipality=municipality
            )
    if user.is_kombit:
        context["overview"] = selectors.kombit_overview(user=user)
    context["cards"] = areas.cards(user=user, municipality=municipality, today=clock.today())
    return render(request, "core/home.html", context)


@require_GET
def role_gallery(request: PortalRequest) -> HttpResponse:
    user = request.user
    form = RoleGalleryFilterForm(request.GET or None, user=user)
    filters = form.filters
    # An unknown ?kommune= is an error on the form's field (shown), not a 404.
    municipality = (
        page_municipality(request) if filters.get("kommune") or not user.is_kombit else None
    )
    rows = selectors.role_gallery(
        user=user,
        municipality=municipality,
        q=filters.get("q", ""),
        kind=filters.get("kind", ""),
        solution=filters.get("solution"),
        status=filters.get("status", ""),
        only_empty=bool(filters.get("empty")),
    )
    context = {
        "form": form,
        "rows": rows,
        "municipality": municipality,
        "empty_rows": [row for row in rows if row.is_empty] if municipality else [],
    }
    template = "core/roles.html#results" if wants_partial(request) else "core/roles.html"
    return render(request, template, context)


# The day the accessibility statement was last made; change it when the statement is reviewed.
ACCESSIBILITY_STATEMENT_DATE = date(2026, 12, 1)


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (tilgængelighedserklæring), linked from every page's footer."""
    return render(
        request, "core/accessibility.html", {"statement_date": ACCESSIBILITY_STATEMENT_DATE}
    )
