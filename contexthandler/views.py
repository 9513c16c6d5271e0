"""Pages of the Context Handler 2 area."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kombitportal.core.scoping import visible_municipality


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    municipality = None if request.user.is_kombit else visible_municipality(request.user)
    return render(request, "contexthandler/index.html", {"municipality": municipality})
