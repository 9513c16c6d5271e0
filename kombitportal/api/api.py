"""The portal's read-only JSON API at /api/v1/ (django-ninja), its OpenAPI description at
/api/v1/openapi.json, and an index at /api/v1/ that says what is there. The core's municipalities
are mounted here; every area mounts its own router (its `Area.api`, at /api/v1/<area key>/), so
the API and the area's pages read through the same selectors and this module names no area.

Every read requires a user (auth.py) and is scoped as the pages are; whoever is not one gets a
401 as JSON, never the login page's redirect. The index and the description are public: they
hold no municipal data. There is no interactive documentation page (it would load its scripts
from a CDN, which the portal's CSP forbids): the description is for tools."""

from functools import cache
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.renderers import JSONRenderer

from kombitportal.api import municipalities
from kombitportal.api.auth import BearerToken, PortalSession
from kombitportal.api.schemas import Out
from kombitportal.core.areas import areas

DESCRIPTION = """\
Read-only access to the KOMBIT Programlederportal's data, scoped exactly as its pages are: a \
municipal user sees their own municipality's rows only, KOMBIT sees all.

Authenticate with a personal API key, made on your profile page (/profil/), in the header \
`Authorization: Bearer <key>`, or with a logged-in browser session. Lists are paged: `page` \
(from 1) and `page_size` (50 unless asked, at most 200); their filters are those of the portal's \
pages. Errors are JSON: 401 without a valid key or session, 404 for what does not exist or is \
not yours to see, 422 for a filter value the portal does not accept."""


class PortalAPI(NinjaAPI):
    def create_response(self, request: HttpRequest, data: Any, **kwargs: Any) -> HttpResponse:
        response = super().create_response(request, data, **kwargs)
        # The same URL answers each key and each session with their own rows.
        patch_vary_headers(response, ("Authorization", "Cookie"))
        return response


class Renderer(JSONRenderer):
    # Danish letters as they are ("Fælleskommunal", not "F\u00e6lleskommunal"): UTF-8 JSON.
    json_dumps_params = {"ensure_ascii": False}


class Endpoint(Out):
    path: str
    summary: str


class Index(Out):
    title: str
    version: str
    description: str
    openapi: str
    endpoints: list[Endpoint]


def _unauthorized(request: HttpRequest, exc: Any) -> HttpResponse:
    if getattr(request, "api_refused", False):
        detail = _("The API key is unknown or revoked, or the Authorization header is not Bearer.")
        challenge = 'Bearer error="invalid_token"'
    else:
        detail = _("Log in, or send a personal API key: Authorization: Bearer <key>.")
        challenge = "Bearer"
    response = api.create_response(request, {"detail": detail}, status=401)
    response["WWW-Authenticate"] = challenge
    return response


def _not_found(request: HttpRequest, exc: Any) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


def build() -> PortalAPI:
    built = PortalAPI(
        title="KOMBIT Programlederportal",
        version="1",
        description=DESCRIPTION,
        urls_namespace="api",
        docs_url=None,
        docs_decorator=require_GET,  # the description's view: GET alone, as every other
        auth=[BearerToken(), PortalSession()],
        renderer=Renderer(),
    )
    built.add_exception_handler(AuthenticationError, _unauthorized)
    built.add_exception_handler(Http404, _not_found)
    built.add_exception_handler(ObjectDoesNotExist, _not_found)
    built.add_router("/municipalities/", municipalities.router)
    for area in areas():
        if area.api is not None:
            built.add_router(f"/{area.key}/", area.api)

    @built.get("/", auth=None, response=Index, url_name="api-root", summary="What is here")
    def index(request: HttpRequest) -> dict:
        return _index(request.path)

    return built


@cache
def _index(root: str) -> dict:
    schema = api.get_openapi_schema()
    return {
        "title": schema["info"]["title"],
        "version": schema["info"]["version"],
        "description": schema["info"]["description"],
        "openapi": f"{root}openapi.json",
        "endpoints": [
            {"path": path, "summary": operation.get("summary", "")}
            for path, operations in schema["paths"].items()
            for method, operation in operations.items()
            if method == "get" and path != root
        ],
    }


api = build()


@login_not_required
def _no_such_path(request: HttpRequest, rest: str) -> HttpResponse:
    return _not_found(request, None)


def urls() -> tuple[list[URLPattern | URLResolver], str, str]:
    """The API's URLs for `path("api/v1/", ...)`, each left to the API's own authentication
    (a 401 as JSON) instead of LoginRequiredMiddleware's redirect to the login page; any other
    path under it is a 404 as JSON."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            login_not_required(pattern.callback)
    return [*patterns, re_path(r"^(?P<rest>.+)$", _no_such_path)], app_name, namespace
