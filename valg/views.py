"""Pages of the Valg area."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kombitportal.core.http import PortalRequest
from kombitportal.core.scoping import page_municipality


@require_GET
def index(request: PortalRequest) -> HttpResponse:
    municipality = page_municipality(request)
    return render(request, "valg/index.html", {"municipality": municipality})
