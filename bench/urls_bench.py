"""The portal's URLs plus a bare view to compare pages with, for the benchmark only (never in the
production URLconf)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


@login_not_required
def bare_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare_view), path("", include("kombitportal.urls"))]
