"""The built-in demo IdP at /demo-idp/: pick a demo person, get a real signed SAML response."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from kombitportal.accounts.saml import ResponseRefused, base_url
from kombitportal.demo_idp import idp
from kombitportal.demo_idp.identities import DEMO_IDENTITIES, demo_identity

logger = logging.getLogger(__name__)


def _require_enabled() -> None:
    if not idp.demo_idp_enabled():
        raise Http404


@login_not_required
@require_http_methods(["GET", "POST"])
def sso(request: HttpRequest) -> HttpResponse:
    """GET with a signed AuthnRequest: the person picker. POST: answer with the chosen person."""
    _require_enabled()
    params = request.GET if request.method == "GET" else request.POST
    if "SAMLRequest" not in params:
        return render(request, "demo_idp/index.html", {"identities": DEMO_IDENTITIES})
    query_string = (
        request.META.get("QUERY_STRING", "") if request.method == "GET" else params.get("query", "")
    )
    try:
        authn_request = idp.parse_signed_redirect(
            query_string, _query_params(query_string), "SAMLRequest"
        )
    except ResponseRefused as exc:
        logger.warning("demo IdP refused an AuthnRequest: %s", exc.reason)
        return render(request, "demo_idp/error.html", {"reason": exc.reason}, status=400)

    if request.method == "GET":
        return render(
            request,
            "demo_idp/pick.html",
            {"identities": DEMO_IDENTITIES, "query": query_string},
        )

    identity = demo_identity(request.POST.get("identity", ""))
    if identity is None:
        return render(
            request,
            "demo_idp/pick.html",
            {"identities": DEMO_IDENTITIES, "query": query_string, "error": True},
            status=400,
        )
    try:
        saml_response = idp.login_response(
            base_url=base_url(request), identity=identity, authn_request=authn_request
        )
    except ResponseRefused as exc:
        return render(request, "demo_idp/error.html", {"reason": exc.reason}, status=400)
    return render(
        request,
        "demo_idp/post.html",
        {
            "acs": base_url(request) + reverse("saml:acs"),
            "saml_response": saml_response,
            "relay_state": _query_params(query_string).get("RelayState", ""),
            "identity": identity,
        },
    )


def _query_params(query_string: str) -> dict[str, str]:
    from urllib.parse import parse_qsl

    return dict(parse_qsl(query_string, keep_blank_values=True))


@login_not_required
@require_GET
def slo(request: HttpRequest) -> HttpResponse:
    _require_enabled()
    query_string = request.META.get("QUERY_STRING", "")
    try:
        logout_request = idp.parse_signed_redirect(
            query_string, _query_params(query_string), "SAMLRequest"
        )
    except ResponseRefused as exc:
        logger.warning("demo IdP refused a LogoutRequest: %s", exc.reason)
        return render(request, "demo_idp/error.html", {"reason": exc.reason}, status=400)
    return HttpResponseRedirect(
        idp.logout_response_url(
            base_url=base_url(request),
            logout_request=logout_request,
            relay_state=request.GET.get("RelayState"),
        )
    )


@login_not_required
@require_GET
def metadata(request: HttpRequest) -> HttpResponse:
    _require_enabled()
    return HttpResponse(
        idp.demo_idp_metadata(base_url(request)), content_type="application/samlmetadata+xml"
    )
