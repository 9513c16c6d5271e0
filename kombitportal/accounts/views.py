"""SAML endpoints: /saml/login/, /saml/acs/, /saml/logout/, /saml/metadata/."""

import logging
from datetime import UTC, datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from onelogin.saml2.auth import OneLogin_Saml2_Auth
from onelogin.saml2.errors import OneLogin_Saml2_Error, OneLogin_Saml2_ValidationError

from kombitportal.accounts import services
from kombitportal.accounts.saml import (
    ResponseRefused,
    decode_and_screen_redirect,
    decode_and_screen_response,
    request_data,
    safe_relay_state,
    saml_settings,
)

logger = logging.getLogger(__name__)

# The pending AuthnRequest travels in a signed cookie of its own, not the session: the IdP posts back
# cross-site, and a SameSite=Lax session cookie would not come along.
PENDING_COOKIE = "portal_saml_request"
PENDING_SALT = "kombitportal.saml.pending"
PENDING_MAX_AGE = 600

REFUSAL_MESSAGES = {
    "no_privilege": gettext_lazy(
        "Your login is valid, but you have not been given access to the programme-leader portal. "
        "Ask your municipality's user administrator to grant you the portal's role in the "
        "common municipal administration module."
    ),
    "unknown_org": gettext_lazy(
        "Your login is valid, but your organisation is not a municipality the portal knows. "
        "Contact KOMBIT at programleder@kombit.dk."
    ),
    "ambiguous": gettext_lazy(
        "Your login gives you access on behalf of several municipalities at once. "
        "Ask your user administrator to grant the portal's role for one municipality only."
    ),
    "expired": gettext_lazy(
        "The login took too long or has already been used. Please log in again."
    ),
}


def _refuse(request: HttpRequest, exc: ResponseRefused, *, status: int = 403) -> HttpResponse:
    logger.warning("SAML login refused (%s): %s", exc.code, exc.reason)
    message = REFUSAL_MESSAGES.get(exc.code)
    response = render(
        request,
        "accounts/login_refused.html",
        {"message": message, "code": exc.code},
        status=status,
    )
    response.delete_cookie(PENDING_COOKIE, path="/saml/")
    return response


def _pending_cookie_kwargs() -> dict:
    secure = settings.SESSION_COOKIE_SECURE
    return {
        "max_age": PENDING_MAX_AGE,
        "httponly": True,
        "secure": secure,
        # A cross-site POST only carries SameSite=None cookies (which browsers accept only if Secure).
        "samesite": "None" if secure else "Lax",
        "path": "/saml/",
    }


@login_not_required
@require_GET
def saml_login(request: HttpRequest) -> HttpResponse:
    next_path = safe_relay_state(request.GET.get("next"), request)
    if request.user.is_authenticated:
        return redirect(next_path)
    try:
        auth = OneLogin_Saml2_Auth(request_data(request), saml_settings(request))
    except (ImproperlyConfigured, OSError, OneLogin_Saml2_Error) as exc:
        logger.error("SAML login unavailable: %s", exc)
        return render(request, "accounts/login_unavailable.html", status=503)
    url = auth.login(return_to=next_path)
    response = HttpResponseRedirect(url)
    response.set_signed_cookie(
        PENDING_COOKIE,
        auth.get_last_request_id(),
        salt=PENDING_SALT,
        **_pending_cookie_kwargs(),
    )
    return response


@login_not_required
@csrf_exempt  # the IdP posts here; the signed response, InResponseTo and replay cache protect it
@require_POST
def saml_acs(request: HttpRequest) -> HttpResponse:
    try:
        raw = decode_and_screen_response(request.POST.get("SAMLResponse", ""))
        try:
            request_id = request.get_signed_cookie(
                PENDING_COOKIE, salt=PENDING_SALT, max_age=PENDING_MAX_AGE
            )
        except (KeyError, signing.BadSignature) as exc:
            raise ResponseRefused(
                "no pending AuthnRequest: unsolicited or stale response", code="expired"
            ) from exc
        assert request_id is not None  # without a default, a missing cookie raises KeyError
        auth = OneLogin_Saml2_Auth(request_data(request), saml_settings(request))
        try:
            auth.process_response(request_id=request_id)
        except (OneLogin_Saml2_Error, OneLogin_Saml2_ValidationError) as exc:
            raise ResponseRefused(f"python3-saml: {exc}") from exc
        if auth.get_errors():
            raise ResponseRefused(f"{auth.get_errors()}: {auth.get_last_error_reason()}")
        if not auth.is_authenticated():
            raise ResponseRefused("response did not authenticate")
        in_response_to = _in_response_to(raw)
        if in_response_to != request_id:
            raise ResponseRefused(
                f"InResponseTo {in_response_to!r} is not the pending request {request_id!r}",
                code="expired",
            )
        sp = auth.get_settings().get_sp_data()
        _check_assertion_is_ours(
            raw,
            request_id=request_id,
            sp_entity_id=sp["entityId"],
            acs_url=sp["assertionConsumerService"]["url"],
        )
        not_on_or_after = auth.get_last_assertion_not_on_or_after()
        services.saml_assertion_register(
            assertion_id=auth.get_last_assertion_id(),
            not_on_or_after=datetime.fromtimestamp(not_on_or_after, UTC)
            if not_on_or_after
            else None,
        )
        identity = services.identity_from_saml(
            name_id=auth.get_nameid(), attributes=auth.get_attributes()
        )
    except ResponseRefused as exc:
        return _refuse(request, exc)
    except (ImproperlyConfigured, OSError) as exc:
        logger.error("SAML login unavailable: %s", exc)
        return render(request, "accounts/login_unavailable.html", status=503)

    user = services.user_login_sync(identity=identity)
    login(request, user, backend="kombitportal.accounts.backends.PortalBackend")
    request.session["saml"] = {
        "name_id": auth.get_nameid(),
        "name_id_format": auth.get_nameid_format(),
        "name_id_nq": auth.get_nameid_nq(),
        "name_id_spnq": auth.get_nameid_spnq(),
        "session_index": auth.get_session_index(),
    }
    target = safe_relay_state(request.POST.get("RelayState"), request)
    if user.guide_seen_at is None:  # a new user reads the introduction first, then goes on
        target = reverse("guide") + "?" + urlencode({"next": target})
    response = HttpResponseRedirect(target)
    response.delete_cookie(PENDING_COOKIE, path="/saml/")
    return response


def _in_response_to(raw: bytes) -> str | None:
    from onelogin.saml2.xml_utils import OneLogin_Saml2_XML

    return OneLogin_Saml2_XML.to_etree(raw).get("InResponseTo")


def _check_assertion_is_ours(
    raw: bytes, *, request_id: str, sp_entity_id: str, acs_url: str
) -> None:
    """What python3-saml lets through but the Web SSO profile (SAML profiles 4.1.4.2) requires. The
    Response's Destination is compared exactly (python3-saml accepts any URL it is a prefix of). The
    rest is checked on the signed assertion, as only it is surely signed: an AudienceRestriction
    naming this SP (each one, if several), and bearer SubjectConfirmationData whose Recipient is
    exactly our ACS (python3-saml accepts any Recipient containing it) and whose InResponseTo is the
    pending request (the Response's own InResponseTo is unsigned when only the assertion is)."""
    from onelogin.saml2.constants import OneLogin_Saml2_Constants as C
    from onelogin.saml2.xml_utils import OneLogin_Saml2_XML

    response = OneLogin_Saml2_XML.to_etree(raw)
    destination = response.get("Destination")
    if destination is not None and destination != acs_url:
        raise ResponseRefused(f"Destination {destination!r} is not {acs_url!r}")
    assertions = response.findall(f"{{{C.NS_SAML}}}Assertion")
    if len(assertions) != 1:
        raise ResponseRefused(f"{len(assertions)} assertions in the Response")
    (assertion,) = assertions
    restrictions = assertion.xpath("saml:Conditions/saml:AudienceRestriction", namespaces=C.NSMAP)
    if not restrictions or any(
        sp_entity_id not in [(a.text or "").strip() for a in r.findall(f"{{{C.NS_SAML}}}Audience")]
        for r in restrictions
    ):
        raise ResponseRefused(f"assertion is not restricted to audience {sp_entity_id}")
    confirmations = assertion.xpath(
        "saml:Subject/saml:SubjectConfirmation[@Method=$bearer]/saml:SubjectConfirmationData",
        namespaces=C.NSMAP,
        bearer=C.CM_BEARER,
    )
    if not confirmations:
        raise ResponseRefused("assertion has no bearer SubjectConfirmationData")
    for confirmation in confirmations:
        if confirmation.get("Recipient") != acs_url:
            raise ResponseRefused(
                f"SubjectConfirmationData Recipient {confirmation.get('Recipient')!r} "
                f"is not {acs_url!r}"
            )
        if confirmation.get("InResponseTo") != request_id:
            raise ResponseRefused(
                f"SubjectConfirmationData InResponseTo {confirmation.get('InResponseTo')!r} "
                f"is not the pending request {request_id!r}",
                code="expired",
            )


@login_not_required
@require_http_methods(["GET", "POST"])
def saml_logout(request: HttpRequest) -> HttpResponse:
    """GET with SAMLRequest/SAMLResponse: single logout from the IdP. POST: the user logs out.
    GET without them: a page with the logout button (a GET never logs anyone out: CSRF)."""
    if request.method == "GET" and ("SAMLRequest" in request.GET or "SAMLResponse" in request.GET):
        return _single_logout_service(request)
    if request.method == "GET":
        if not request.user.is_authenticated:
            return render(request, "accounts/logged_out.html")
        return render(request, "accounts/logout_confirm.html")

    saml_session = request.session.get("saml") or {}
    logout(request)
    try:
        auth = OneLogin_Saml2_Auth(request_data(request), saml_settings(request))
        idp_slo = auth.get_slo_url()
    except (ImproperlyConfigured, OSError, OneLogin_Saml2_Error) as exc:
        logger.warning("SAML logout: IdP not told (%s)", exc)
        idp_slo = None
    if idp_slo and saml_session.get("name_id"):
        url = auth.logout(
            return_to=None,
            name_id=saml_session.get("name_id"),
            session_index=saml_session.get("session_index"),
            nq=saml_session.get("name_id_nq"),
            name_id_format=saml_session.get("name_id_format"),
            spnq=saml_session.get("name_id_spnq"),
        )
        # The new, anonymous session remembers which LogoutRequest the IdP's answer must match.
        request.session["saml_logout_request"] = auth.get_last_request_id()
        return HttpResponseRedirect(url)
    messages.success(request, _("You are logged out."))
    return redirect("saml:logout")


def _single_logout_service(request: HttpRequest) -> HttpResponse:
    """The IdP's LogoutRequest (it ends the session only if the IdP signed it and it names the
    session's NameID) or its LogoutResponse to ours. Anything else is refused with a page, and
    the session is kept."""
    what = "SAMLRequest" if "SAMLRequest" in request.GET else "SAMLResponse"
    try:
        message = decode_and_screen_redirect(request.GET[what], what)
        if what == "SAMLRequest":
            _check_logout_request_is_for_this_session(request, message)
        auth = OneLogin_Saml2_Auth(request_data(request), saml_settings(request))
        url = auth.process_slo(
            keep_local_session=True,
            request_id=request.session.get("saml_logout_request")
            if what == "SAMLResponse"
            else None,
        )
        if auth.get_errors():
            raise ResponseRefused(f"{auth.get_errors()}: {auth.get_last_error_reason()}")
    except (ResponseRefused, OneLogin_Saml2_Error, OneLogin_Saml2_ValidationError) as exc:
        logger.warning("SAML single logout refused (%s): %s", what, exc)
        return render(request, "accounts/logged_out.html", {"slo_failed": True}, status=400)
    except (ImproperlyConfigured, OSError) as exc:
        logger.error("SAML single logout unavailable: %s", exc)
        return render(request, "accounts/login_unavailable.html", status=503)
    logout(request)
    if url:  # the IdP asked us to log out: answer it with a signed LogoutResponse
        return HttpResponseRedirect(url)
    return render(request, "accounts/logged_out.html")


def _check_logout_request_is_for_this_session(request: HttpRequest, message) -> None:
    """A LogoutRequest is signed (python3-saml then checks the signature against the IdP's
    certificate) and names the NameID this session logged in with."""
    from onelogin.saml2.constants import OneLogin_Saml2_Constants as C

    if not request.GET.get("Signature") or not request.GET.get("SigAlg"):
        raise ResponseRefused("LogoutRequest is not signed")
    name_id = message.findtext(f"{{{C.NS_SAML}}}NameID")
    ours = (request.session.get("saml") or {}).get("name_id")
    if not ours or (name_id or "").strip() != ours:
        raise ResponseRefused(f"LogoutRequest names {name_id!r}, not this session's NameID")


@login_not_required
@require_GET
def saml_metadata(request: HttpRequest) -> HttpResponse:
    try:
        sp = saml_settings(request)
    except (ImproperlyConfigured, OSError) as exc:
        logger.error("SAML metadata unavailable: %s", exc)
        return HttpResponse("SAML is not configured.", status=503, content_type="text/plain")
    metadata = sp.get_sp_metadata()
    errors = sp.validate_metadata(metadata)
    if errors:
        logger.error("SP metadata invalid: %s", errors)
        return HttpResponse("SP metadata invalid.", status=500, content_type="text/plain")
    return HttpResponse(metadata, content_type="application/samlmetadata+xml")
