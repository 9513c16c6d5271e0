"""The demo IdP's keys, metadata and responses (DEMO_IDP=1 only)."""

import base64
import zlib
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse
from lxml import etree
from onelogin.saml2.constants import OneLogin_Saml2_Constants as C
from onelogin.saml2.utils import OneLogin_Saml2_Utils
from onelogin.saml2.xmlparser import fromstring

from kombitportal.accounts.keys import ensure_key_pair, pem_body
from kombitportal.accounts.privileges import build_privileges
from kombitportal.accounts.saml import ResponseRefused, sp_key_pair
from kombitportal.demo_idp.identities import DemoIdentity
from kombitportal.demo_idp.response import ResponseSpec, build_response, saml_id, saml_instant

OIOSAML3_SPEC_VERSION = "OIO-SAML-3.0"


def demo_idp_enabled() -> bool:
    return settings.DEMO_IDP and (settings.DEBUG or settings.DEMO_IDP_FORCE)


def idp_key_pair() -> tuple[str, str]:
    key_dir = Path(settings.DEMO_IDP_KEY_DIR)
    return ensure_key_pair(key_dir / "idp.crt", key_dir / "idp.key", "demo-idp")


def idp_entity_id(base_url: str) -> str:
    return base_url + reverse("demo_idp:metadata")


def demo_idp_metadata(base_url: str) -> str:
    cert, _key = idp_key_pair()
    sso = base_url + reverse("demo_idp:sso")
    slo = base_url + reverse("demo_idp:slo")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{idp_entity_id(base_url)}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="true"
      protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>{pem_body(cert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:SingleLogoutService Binding="{C.BINDING_HTTP_REDIRECT}" Location="{slo}"/>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName</md:NameIDFormat>
    <md:SingleSignOnService Binding="{C.BINDING_HTTP_REDIRECT}" Location="{sso}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
"""


def identity_attributes(identity: DemoIdentity) -> dict[str, list[str]]:
    """OIOSAML 3 attributes as Context Handler 2 sends them to a user-facing system."""
    attributes = {
        "https://data.gov.dk/model/core/specVersion": [OIOSAML3_SPEC_VERSION],
        "https://data.gov.dk/model/core/eid/professional/cvr": [identity.cvr],
        "https://data.gov.dk/model/core/eid/professional/orgName": [identity.org_name],
        "https://data.gov.dk/model/core/eid/email": [identity.email],
        "https://data.gov.dk/model/core/eid/fullName": [identity.name],
        "https://data.gov.dk/concept/core/nsis/loa": [identity.loa],
    }
    privileges = [settings.SAML_PRIVILEGES[p] for p in identity.privileges]
    # A user without the portal's privilege still carries privileges for other systems.
    attributes["https://data.gov.dk/model/core/eid/privilegesIntermediate"] = [
        build_privileges(
            {identity.cvr: privileges or ["http://kombit.dk/roles/usersystemrole/sapa-laeser/1"]}
        )
    ]
    return attributes


def _inflate(value: str) -> bytes:
    try:
        return zlib.decompress(base64.b64decode(value, validate=True), -15)
    except (ValueError, zlib.error) as exc:
        raise ResponseRefused("SAMLRequest is not deflated base64", code="malformed") from exc


def _signed_query(query_string: str, kind: str) -> str:
    """The part of a redirect-binding query that the signature covers, exactly as sent."""
    parts = dict(p.split("=", 1) for p in query_string.split("&") if "=" in p)
    return "&".join(f"{k}={parts[k]}" for k in (kind, "RelayState", "SigAlg") if k in parts)


def parse_signed_redirect(query_string: str, params, kind: str) -> etree._Element:
    """Verify a redirect-binding message from our SP (signed with the SP key) and parse it."""
    if kind not in params or "Signature" not in params or "SigAlg" not in params:
        raise ResponseRefused(f"unsigned {kind}: Context Handler 2 requires signed requests")
    sig_alg = params["SigAlg"]
    if sig_alg in (C.RSA_SHA1, C.DSA_SHA1):
        raise ResponseRefused(f"{kind} signed with a deprecated algorithm")
    sp_cert, _key = sp_key_pair()
    try:
        signature = base64.b64decode(params["Signature"], validate=True)
    except ValueError as exc:
        raise ResponseRefused("Signature is not base64") from exc
    if not OneLogin_Saml2_Utils.validate_binary_sign(
        _signed_query(query_string, kind), signature, sp_cert, sig_alg
    ):
        raise ResponseRefused(f"{kind} signature does not verify with the SP certificate")
    try:
        return fromstring(_inflate(params[kind]), forbid_dtd=True, forbid_entities=True)
    except (ValueError, etree.XMLSyntaxError) as exc:
        raise ResponseRefused(f"{kind} is not acceptable XML") from exc


def login_response(*, base_url: str, identity: DemoIdentity, authn_request: etree._Element) -> str:
    """The base64 SAMLResponse for `identity`, answering `authn_request`, signed like CH2's."""
    from kombitportal.accounts.saml import NAMEID_FORMAT_X509
    from kombitportal.demo_idp.response import sign_response

    acs = base_url + reverse("saml:acs")
    requested_acs = authn_request.get("AssertionConsumerServiceURL")
    if requested_acs and requested_acs != acs:
        raise ResponseRefused(f"AssertionConsumerServiceURL {requested_acs} is not this portal's")
    issuer = authn_request.find("{urn:oasis:names:tc:SAML:2.0:assertion}Issuer")
    cert, key = idp_key_pair()
    spec = ResponseSpec(
        issuer=idp_entity_id(base_url),
        destination=acs,
        audience=issuer.text.strip() if issuer is not None and issuer.text else "",
        in_response_to=authn_request.get("ID"),
        name_id=identity.name_id,
        name_id_format=NAMEID_FORMAT_X509,
        attributes=identity_attributes(identity),
        authn_context=identity.loa,
    )
    xml = sign_response(build_response(spec), key=key, cert=cert)
    return base64.b64encode(xml).decode()


def logout_response_url(
    *, base_url: str, logout_request: etree._Element, relay_state: str | None
) -> str:
    """A signed redirect-binding LogoutResponse to the SP's single logout service."""
    import datetime

    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    destination = base_url + reverse("saml:logout")
    xml = f"""<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"
 xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{saml_id()}" Version="2.0"
 IssueInstant="{saml_instant(datetime.datetime.now(datetime.UTC))}" Destination="{destination}"
 InResponseTo="{logout_request.get("ID")}"><saml:Issuer>{idp_entity_id(base_url)}</saml:Issuer>
 <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
</samlp:LogoutResponse>"""
    deflated = zlib.compress(xml.encode())[2:-4]
    query = f"SAMLResponse={quote(base64.b64encode(deflated).decode(), safe='')}"
    if relay_state:
        query += f"&RelayState={quote(relay_state, safe='')}"
    query += f"&SigAlg={quote(C.RSA_SHA256, safe='')}"
    _cert, key_pem = idp_key_pair()
    key = serialization.load_pem_private_key(key_pem.encode(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)  # ensure_key_pair makes RSA keys
    signature = key.sign(query.encode(), padding.PKCS1v15(), hashes.SHA256())
    query += f"&Signature={quote(base64.b64encode(signature).decode(), safe='')}"
    return f"{destination}?{query}"
