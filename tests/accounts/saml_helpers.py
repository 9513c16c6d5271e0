"""Building, signing, tampering with and posting SAML Responses for the service-provider tests.

Responses are built the way Context Handler 2 builds them (kombitportal.demo_idp.response) and
signed with the demo IdP's key, which the SP trusts while the `demo_idp` fixture is on (the key is
generated once per test session), or with a throwaway key the SP does not trust."""

import base64
import functools
import zlib
from urllib.parse import parse_qs, urlsplit

from lxml import etree

from kombitportal.accounts.keys import self_signed_pair
from kombitportal.accounts.models import User
from kombitportal.accounts.views import PENDING_COOKIE
from kombitportal.demo_idp.identities import demo_identity
from kombitportal.demo_idp.idp import identity_attributes, idp_key_pair
from kombitportal.demo_idp.response import ResponseSpec, build_response, sign_response

ACS_URL = "http://testserver/saml/acs/"
SP_ENTITY_ID = "http://testserver/saml/metadata/"
IDP_ENTITY_ID = "http://testserver/demo-idp/metadata/"
PRIVILEGES_ATTRIBUTE = "https://data.gov.dk/model/core/eid/privilegesIntermediate"
BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
REFUSAL_LOG = "SAML login refused"


def authn_request_id(location: str) -> str:
    """The ID of the AuthnRequest carried (deflated, base64) in a redirect-binding URL."""
    query = parse_qs(urlsplit(location).query)
    xml = zlib.decompress(base64.b64decode(query["SAMLRequest"][0]), -15)
    return etree.fromstring(xml).get("ID")


def landing(response) -> str:
    """Where a login leads: its RelayState — through the introduction for new users on a first
    login (/velkommen/?next=…)."""
    location = response["Location"]
    if location.startswith("/velkommen/?"):
        return parse_qs(urlsplit(location).query)["next"][0]
    return location


def start_login(client, next_path: str = "/roller/") -> str:
    """GET /saml/login/: the client keeps the pending-request cookie; returns the request's ID."""
    response = client.get("/saml/login/", {"next": next_path})
    assert response.status_code == 302, response.status_code
    assert PENDING_COOKIE in client.cookies
    return authn_request_id(response["Location"])


def response_spec(
    in_response_to: str | None, identity_key: str = "aarhus-programleder", **changes
) -> ResponseSpec:
    """A spec for a response the SP accepts, with `changes` applied to it."""
    identity = demo_identity(identity_key)
    assert identity is not None, identity_key
    spec = ResponseSpec(
        issuer=IDP_ENTITY_ID,
        destination=ACS_URL,
        audience=SP_ENTITY_ID,
        in_response_to=in_response_to,
        name_id=identity.name_id,
        attributes=identity_attributes(identity),
        authn_context=identity.loa,
    )
    for name, value in changes.items():
        assert hasattr(spec, name), name
        setattr(spec, name, value)
    return spec


def signed(
    spec_or_root: ResponseSpec | etree._Element,
    *,
    key_pair: tuple[str, str] | None = None,
    **sign_options,
) -> bytes:
    """The response signed (assertion, then response) with the demo IdP's key or `key_pair`."""
    cert, key = key_pair or idp_key_pair()
    root = build_response(spec_or_root) if isinstance(spec_or_root, ResponseSpec) else spec_or_root
    return sign_response(root, key=key, cert=cert, **sign_options)


def encoded(xml: bytes | str) -> str:
    return base64.b64encode(xml.encode() if isinstance(xml, str) else xml).decode()


def post_response(client, xml: bytes | str, relay_state: str | None = "/roller/"):
    data = {"SAMLResponse": encoded(xml)}
    if relay_state is not None:
        data["RelayState"] = relay_state
    return client.post("/saml/acs/", data)


@functools.cache
def throwaway_key_pair(common_name: str = "evil-idp") -> tuple[str, str]:
    """(cert_pem, key_pem): a self-signed RSA certificate the SP has never heard of."""
    cert_pem, key_pem = self_signed_pair(common_name, days=30, key_size=2048)
    return cert_pem.decode(), key_pem.decode()


def refusal_log_lines(caplog) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelname == "WARNING" and REFUSAL_LOG in r.getMessage()
    ]


def assert_refused(client, response, caplog, reason: str = "", *, users: int = 0) -> str:
    """403 with the refusal page, nobody logged in, no account made, and a WARNING saying why
    (containing `reason`, case-insensitive). Returns the page text."""
    assert response.status_code == 403, (response.status_code, response.get("Location"))
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == users
    page = response.content.decode()
    assert "Login afvist" in page, page
    assert "Traceback" not in page
    lines = refusal_log_lines(caplog)
    assert lines, "a refusal must be logged at WARNING with the reason"
    assert reason.lower() in lines[-1].lower(), lines[-1]
    return page
