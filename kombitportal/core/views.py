"""Pages of the core area: the start page, the role gallery and /healthz."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kombitportal.core import selectors
from kombitportal.core.forms import RoleGalleryFilterForm
from kombitportal.core.scoping import visible_municipality


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {}
    if user.municipality_id:
        municipality = visible_municipality(user)
        context["summary"] = selectors.municipality_summary(user=user, municipality=municipality)
    if user.is_kombit:
        context["overview"] = selectors.kombit_overview(user=user)
    return render(request, "core/home.html", context)


def role_gallery(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = RoleGalleryFilterForm(request.GET or None, user=user)
    filters = form.cleaned_data if form.is_valid() else {}
    if user.is_kombit:
        chosen = filters.get("kommune")
        municipality = visible_municipality(user, chosen.code) if chosen else None
    else:
        municipality = visible_municipality(user)
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
    template = "core/roles.html#results" if request.htmx else "core/roles.html"
    return render(request, template, context)
