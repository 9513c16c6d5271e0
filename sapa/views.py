"""Pages of the SAPA area: the change explained with its timeline, and the purposes with their
legal bases and subject areas ("Hvilket formål dækker § 192?")."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kombitportal.core import clock, timeline
from kombitportal.core.http import PortalRequest
from kombitportal.core.scoping import page_municipality
from sapa import selectors
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
def purposes(request: PortalRequest) -> HttpResponse:
    form = PurposeSearchForm(request.GET)
    query, rows = selectors.purpose_catalogue(q=form.filters.get("q", ""))
    shown = [row for row in rows if row.matched] if query.asked else rows
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
