"""The portal as SAML service provider: python3-saml settings, IdP metadata, and the checks done on a
response before python3-saml sees it."""

import base64
import binascii
import urllib.request
import zlib
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.urls import reverse
from lxml import etree
from onelogin.saml2.constants import OneLogin_Saml2_Constants as C
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser
from onelogin.saml2.settings import OneLogin_Saml2_Settings

from kombitportal.accounts.keys import ensure_key_pair, pem_body

NAMEID_FORMAT_X509 = "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName"


class ResponseRefused(Exception):
    """A SAML message refused before or during processing. `reason` goes to the log, never the page."""

    def __init__(self, reason: str, *, code: str = "invalid"):
        super().__init__(reason)
        self.reason = reason
        self.code = code


def base_url(request: HttpRequest) -> str:
    if settings.PORTAL_BASE_URL:
        return settings.PORTAL_BASE_URL
    return f"{request.scheme}://{request.get_host()}"


def sp_entity_id(request: HttpRequest) -> str:
    return settings.SAML_SP_ENTITY_ID or base_url(request) + reverse("saml:metadata")


def sp_key_pair() -> tuple[str, str]:
    return ensure_key_pair(
        Path(settings.SAML_SP_CERT_FILE), Path(settings.SAML_SP_KEY_FILE), "programlederportal-sp"
    )


def _fetch_metadata(url: str) -> str:
    if urlsplit(url).scheme not in {"https", "http"}:
        raise ImproperlyConfigured("SAML_IDP_METADATA must be a file path or an http(s) URL.")
    key = f"saml:idp-metadata:{url}"
    xml = cache.get(key)
    if xml is None:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (scheme checked)
            xml = response.read().decode("utf-8")
        cache.set(key, xml, settings.SAML_IDP_METADATA_CACHE_SECONDS)
    return xml


def idp_metadata_xml(request: HttpRequest) -> str:
    source = settings.SAML_IDP_METADATA
    if not source:
        from kombitportal.demo_idp.idp import demo_idp_metadata

        return demo_idp_metadata(base_url(request))
    if source.startswith(("https://", "http://")):
        return _fetch_metadata(source)
    return Path(source).read_text(encoding="utf-8")


def idp_settings(request: HttpRequest) -> dict:
    parsed = OneLogin_Saml2_IdPMetadataParser.parse(
        idp_metadata_xml(request),
        required_sso_binding=C.BINDING_HTTP_REDIRECT,
        required_slo_binding=C.BINDING_HTTP_REDIRECT,
    )
    if "idp" not in parsed or "singleSignOnService" not in parsed["idp"]:
        raise ImproperlyConfigured("The IdP metadata has no HTTP-Redirect SingleSignOnService.")
    return parsed["idp"]


def saml_settings(request: HttpRequest) -> OneLogin_Saml2_Settings:
    cert, key = sp_key_pair()
    root = base_url(request)
    data = {
        "strict": True,
        "debug": False,
        "sp": {
            "entityId": sp_entity_id(request),
            "assertionConsumerService": {
                "url": root + reverse("saml:acs"),
                "binding": C.BINDING_HTTP_POST,
            },
            "singleLogoutService": {
                "url": root + reverse("saml:logout"),
                "binding": C.BINDING_HTTP_REDIRECT,
            },
            "NameIDFormat": NAMEID_FORMAT_X509,
            "x509cert": pem_body(cert),
            "privateKey": key,
        },
        "idp": idp_settings(request),
        "security": {
            # Context Handler 2 requires signed AuthnRequests and logout messages.
            "authnRequestsSigned": True,
            "logoutRequestSigned": True,
            "logoutResponseSigned": True,
            "signMetadata": False,
            "wantAssertionsSigned": True,
            "wantMessagesSigned": False,
            "wantNameId": True,
            "wantNameIdEncrypted": False,
            "wantAssertionsEncrypted": False,
            "wantAttributeStatement": True,
            "wantXMLValidation": True,
            "requestedAuthnContext": False,
            "rejectDeprecatedAlgorithm": True,
            "rejectUnsolicitedResponsesWithInResponseTo": True,
            "allowRepeatAttributeName": True,
            "allowSingleLabelDomains": True,  # localhost, compose service names
            "signatureAlgorithm": C.RSA_SHA256,
            "digestAlgorithm": C.SHA256,
            "metadataValidUntil": None,
            "metadataCacheDuration": None,
        },
        "contactPerson": {
            "technical": {"givenName": "KOMBIT", "emailAddress": "programleder@kombit.dk"},
        },
        "organization": {
            "da": {
                "name": "KOMBIT A/S",
                "displayname": "Programlederportalen",
                "url": root + "/",
            }
        },
    }
    return OneLogin_Saml2_Settings(data, sp_validation_only=False)


def request_data(request: HttpRequest) -> dict:
    """What python3-saml needs to know of the request, in the shape it expects."""
    if settings.PORTAL_BASE_URL:
        parts = urlsplit(settings.PORTAL_BASE_URL)
        https = parts.scheme == "https"
        host = parts.hostname or ""
        port = parts.port or (443 if https else 80)
    else:
        https = request.is_secure()
        host = request.get_host().rsplit(":", 1)[0] if request.get_host() else ""
        port = int(request.get_port())
    return {
        "https": "on" if https else "off",
        "http_host": host,
        "server_port": port,
        "script_name": request.path,
        "get_data": request.GET.copy(),
        "post_data": request.POST.copy(),
        # Validate redirect-binding signatures against the query string exactly as it was sent.
        "query_string": request.META.get("QUERY_STRING", ""),
        "validate_signature_from_qs": True,
    }


def decode_and_screen_response(encoded: str) -> bytes:
    """Strict base64, then an XML parse that keeps what python3-saml's parser silently drops:
    a DOCTYPE, entities, comments or processing instructions anywhere refuse the response."""
    if not encoded:
        raise ResponseRefused("no SAMLResponse in the request", code="missing")
    try:
        raw = base64.b64decode("".join(encoded.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ResponseRefused("SAMLResponse is not valid base64", code="malformed") from exc
    screen_xml(raw, "SAMLResponse")
    return raw


def decode_and_screen_redirect(encoded: str, what: str) -> etree._Element:
    """A redirect-binding message (`what`: SAMLRequest or SAMLResponse): base64 of DEFLATE of XML,
    screened as a POSTed response is. Anything else is refused, never an error of ours."""
    try:
        raw = zlib.decompress(base64.b64decode("".join(encoded.split()), validate=True), -15)
    except (binascii.Error, ValueError, zlib.error) as exc:
        raise ResponseRefused(f"{what} is not base64 of DEFLATE", code="malformed") from exc
    return screen_xml(raw, what)


def screen_xml(raw: bytes, what: str) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=False,
        remove_pis=False,
    )
    try:
        root = etree.fromstring(raw, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ResponseRefused(f"{what} is not well-formed XML: {exc}", code="malformed") from exc
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise ResponseRefused(f"{what} contains a DOCTYPE", code="dtd")
    if root.xpath("//comment() | //processing-instruction()"):
        raise ResponseRefused(
            f"{what} contains XML comments or processing instructions", code="comment"
        )
    if any(isinstance(node, etree._Entity) for node in root.iter()):
        raise ResponseRefused(f"{what} contains entity references", code="dtd")
    return root


def safe_relay_state(value: str | None, request: HttpRequest) -> str:
    """Only a path on this site; anything else (other hosts, schemes, `//evil`) goes to '/'."""
    from django.utils.http import url_has_allowed_host_and_scheme

    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return "/"
    if not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return value
