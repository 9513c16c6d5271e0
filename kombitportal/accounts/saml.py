"""The portal as SAML service provider: python3-saml settings, IdP metadata, and the checks done on a
response before python3-saml sees it."""

import base64
import binascii
import logging
import os
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from lxml import etree
from onelogin.saml2.constants import OneLogin_Saml2_Constants as C
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser
from onelogin.saml2.settings import OneLogin_Saml2_Settings

from kombitportal.accounts.keys import ensure_key_pair, pem_body
from kombitportal.core import metadata as reader

logger = logging.getLogger(__name__)

NAMEID_FORMAT_X509 = "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName"
PEM_CERTIFICATE = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.DOTALL)


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


def idp_metadata_xml(request: HttpRequest) -> str:
    """The IdP metadata in use: the demo IdP's when SAML_IDP_METADATA is empty, else what the core
    reader accepted from SAML_IDP_METADATA."""
    if not settings.SAML_IDP_METADATA:
        from kombitportal.demo_idp.idp import demo_idp_metadata

        return demo_idp_metadata(base_url(request))
    return idp_metadata().xml.decode("utf-8")


def idp_metadata() -> reader.Metadata:
    """SAML_IDP_METADATA read by the core's metadata reader, verified against
    SAML_IDP_METADATA_TRUST (rolled over by `trust_for`). A URL is fetched again after
    SAML_IDP_METADATA_CACHE_SECONDS, its last good copy kept in the database while it is down; a
    file is read again whenever it changes. Without a usable copy: ImproperlyConfigured, which the
    views turn into the "login unavailable" page."""
    source = settings.SAML_IDP_METADATA
    trusted = registered_trust()
    if not trusted:
        _warn_signature_not_checked(source)
    if source.startswith(("https://", "http://")):
        return _url_metadata(source, trusted)
    return _file_metadata(source, trusted)


def registered_trust() -> list[reader.Certificate]:
    """The certificates in the PEM files of SAML_IDP_METADATA_TRUST. A file that is configured
    but cannot be read stops the login: silently trusting less (or nothing) would be worse."""
    paths = settings.SAML_IDP_METADATA_TRUST
    if isinstance(paths, str):
        paths = paths.replace(",", " ").split()
    certificates = []
    for path in paths:
        try:
            blocks = PEM_CERTIFICATE.findall(Path(path).read_text(encoding="ascii"))
            certificates += [reader.Certificate.from_pem(block) for block in blocks]
        except (OSError, ValueError) as exc:
            raise ImproperlyConfigured(f"SAML_IDP_METADATA_TRUST: {path}: {exc}") from exc
        if not blocks:
            raise ImproperlyConfigured(f"SAML_IDP_METADATA_TRUST: {path} holds no certificate")
    return certificates


_unchecked_warned: set[str] = set()


def _warn_signature_not_checked(source: str) -> None:
    if source not in _unchecked_warned:
        _unchecked_warned.add(source)
        logger.warning(
            "SAML_IDP_METADATA_TRUST is empty: the signature of the IdP metadata %s is not checked",
            source,
        )


def _url_metadata(source: str, trusted: list[reader.Certificate]) -> reader.Metadata:
    result = reader.read(
        source,
        trusted=trusted,
        require_signature=bool(trusted),
        refresh_seconds=settings.SAML_IDP_METADATA_CACHE_SECONDS,
    )
    if result.metadata is None:
        raise ImproperlyConfigured(f"IdP metadata {source}: {result.error}")
    if result.error is not None:
        logger.warning("IdP metadata %s: %s; using the last good copy", source, result.error)
    return result.metadata


@dataclass(frozen=True)
class _FileCopy:
    """What this process last read from a metadata file: the file's stamp and the trust it was read
    with, the last good metadata (kept when the file is replaced by something unusable) and why
    the current file is unusable."""

    stamp: tuple[int, int, int]
    trust: tuple[str, ...]
    good: reader.Metadata | None
    error: reader.MetadataError | None


_file_copies: dict[str, _FileCopy] = {}


def _file_metadata(source: str, trusted: list[reader.Certificate]) -> reader.Metadata:
    """The file read again only when its mtime, size or inode changes (a rewrite, or a new file
    moved into place): no restart after KOMBIT's metadata changes, and no parse per request.
    While the file is missing or unusable, the last good copy this process read stays in use."""
    seen = _file_copies.get(source)
    try:
        info = os.stat(reader.local_path(source))
    except OSError as exc:
        if seen is None or seen.good is None:
            raise ImproperlyConfigured(f"IdP metadata {source}: {exc.strerror or exc}") from exc
        logger.error("IdP metadata %s: %s; using the last good copy", source, exc)
        return seen.good
    stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
    trust = tuple(cert.sha256 for cert in trusted)
    if seen is None or (seen.stamp, seen.trust) != (stamp, trust):
        seen = _read_metadata_file(source, trusted, stamp=stamp, trust=trust, last=seen)
        _file_copies[source] = seen
    good = seen.good
    if good is None or (good.valid_until is not None and good.valid_until < timezone.now()):
        raise ImproperlyConfigured(f"IdP metadata {source}: {seen.error or 'validUntil passed'}")
    return good


def _read_metadata_file(
    source: str,
    trusted: list[reader.Certificate],
    *,
    stamp: tuple[int, int, int],
    trust: tuple[str, ...],
    last: _FileCopy | None,
) -> _FileCopy:
    """Read the file with the trust rolled over from the last good copy (`trust_for`), as `read`
    does for a URL; an unusable file keeps the last good copy and says why."""
    last_good = last.good if last is not None else None
    try:
        metadata = reader.read_metadata(
            reader.fetch(source),
            trusted=reader.trust_for(trusted, last_good),
            require_signature=bool(trusted),
        )
    except reader.MetadataError as exc:
        if last_good is not None:
            logger.error("IdP metadata %s: %s; using the last good copy", source, exc)
        return _FileCopy(stamp, trust, last_good, exc)
    return _FileCopy(stamp, trust, metadata, None)


def idp_settings(request: HttpRequest) -> dict:
    """python3-saml's IdP settings. With a configured source, x509certMulti lists EVERY signing
    certificate of the metadata: during a roll-over responses signed with the old or the new key
    log in, and once KOMBIT stops listing a key, responses signed with it are refused."""
    if not settings.SAML_IDP_METADATA:
        return _parsed_idp(idp_metadata_xml(request))
    metadata = idp_metadata()
    idp = _parsed_idp(metadata.xml)
    signing = [pem_body(cert.pem) for cert in metadata.signing_certificates]
    if not signing:
        raise ImproperlyConfigured("The IdP metadata lists no signing certificate.")
    encryption = [pem_body(cert.pem) for cert in metadata.certificates if cert.use != "signing"]
    idp["x509cert"] = signing[0]
    idp["x509certMulti"] = {"signing": signing, "encryption": encryption}
    return idp


def _parsed_idp(xml: str | bytes) -> dict:
    parsed = OneLogin_Saml2_IdPMetadataParser.parse(
        xml,
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
