"""Pages of the SAPA area: the change explained with its timeline, and the purposes with their
legal bases and subject areas ("Hvilket formål dækker § 192?")."""

from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kombitportal.core import clock, timeline
from kombitportal.core.exports import export_response
from kombitportal.core.http import PortalRequest
from kombitportal.core.scoping import page_municipality
from sapa import exports, selectors
from sapa.forms import PurposeSearchForm


@require_GET
def index(request: PortalRequest) -> HttpResponse:
    municipality = page_municipality(request)
    release_rows = selectors.releases()
    events = selectors.timeline(release_rows=release_rows)
    today = clock.today()
    return render(
        request,
        "sapa/index.html",
        {
            "municipality": municipality,
            "releases": release_rows,
            "steps": selectors.steps(user=request.user, municipality=municipality, today=today),
            "exchange": selectors.data_exchange_agreements(
                user=request.user, municipality=municipality
            ),
            "levels": [row for row in selectors.purpose_catalogue()[1] if row.catalogued],
            "wide": timeline.wide(events, today=today, lanes=selectors.lanes()),
            "narrow": timeline.narrow(events, today=today),
            "legend": selectors.LEGEND,
        },
    )


@require_GET
def index_export(request: PortalRequest, fmt: str) -> FileResponse:
    """The steps with their state, as the page shows them, as CSV or XLSX."""
    municipality = page_municipality(request)
    steps = selectors.steps(user=request.user, municipality=municipality, today=clock.today())
    return export_response(exports.step_table(steps, municipality), fmt)


def _purposes_shown(request: PortalRequest):
    """The search and the purposes the page shows for it (all of them without one)."""
    form = PurposeSearchForm(request.GET)
    query, rows = selectors.purpose_catalogue(q=form.filters.get("q", ""))
    return form, query, [row for row in rows if row.matched] if query.asked else rows


@require_GET
def purposes(request: PortalRequest) -> HttpResponse:
    form, query, shown = _purposes_shown(request)
    return render(
        request,
        "sapa/purposes.html",
        {
            "form": form,
            "query": query,
            "catalogued": [row for row in shown if row.catalogued],
            "others": [row for row in shown if not row.catalogued],
            "found": len(shown),
        },
    )


@require_GET
def purposes_export(request: PortalRequest, fmt: str) -> FileResponse:
    _form, _query, shown = _purposes_shown(request)
    return export_response(exports.purpose_table(shown), fmt)
