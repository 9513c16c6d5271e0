"""The SAML service provider: a valid Context Handler 2-style response logs in; everything else is
refused with no session, no account and a log line saying why. Responses are built and signed here,
with the demo IdP's key (trusted) or a throwaway key (not trusted), RSA-SHA256, RSA-PSS or SHA-1."""

import base64
import copy
import datetime
import logging
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree

from kombitportal.accounts.models import User
from kombitportal.core.models import Person
from kombitportal.demo_idp.identities import demo_identity
from kombitportal.demo_idp.idp import identity_attributes, idp_key_pair
from kombitportal.demo_idp.response import NS, ResponseSpec, build_response, sign_response

ACS = "http://testserver/saml/acs/"
SP_ENTITY = "http://testserver/saml/metadata/"
IDP_ENTITY = "http://testserver/demo-idp/metadata/"
PRIV_ATTR = "https://data.gov.dk/model/core/eid/privilegesIntermediate"


@pytest.fixture(autouse=True)
def _saml(demo_idp, db):
    """The SP trusts the demo IdP (SAML_IDP_METADATA unset); reference data is migrated."""


@pytest.fixture(scope="session")
def other_key():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "evil-idp")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(1).not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30)).sign(key, hashes.SHA256())
    )  # fmt: skip
    return (
        cert.public_bytes(serialization.Encoding.PEM).decode(),
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
    )


def pending_request(client) -> str:
    """Start a login: the portal sets its pending-request cookie; return the AuthnRequest's ID."""
    response = client.get("/saml/login/?next=/roller/")
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    xml = zlib.decompress(base64.b64decode(query["SAMLRequest"][0]), -15)
    return etree.fromstring(xml).get("ID")


def spec_for(request_id, identity_key="aarhus-programleder", **changes) -> ResponseSpec:
    identity = demo_identity(identity_key)
    spec = ResponseSpec(
        issuer=IDP_ENTITY,
        destination=ACS,
        audience=SP_ENTITY,
        in_response_to=request_id,
        name_id=identity.name_id,
        attributes=identity_attributes(identity),
    )
    for field, value in changes.items():
        setattr(spec, field, value)
    return spec


def signed(spec_or_root, *, key_pair=None, **sign_options) -> bytes:
    cert, key = key_pair or idp_key_pair()
    root = build_response(spec_or_root) if isinstance(spec_or_root, ResponseSpec) else spec_or_root
    return sign_response(root, key=key, cert=cert, **sign_options)


def post(client, xml: bytes | str, relay_state="/roller/"):
    encoded = xml if isinstance(xml, str) else base64.b64encode(xml).decode()
    return client.post("/saml/acs/", {"SAMLResponse": encoded, "RelayState": relay_state})


def assert_refused(client, response, caplog, reason_part=""):
    assert response.status_code == 403, response.status_code
    assert "_auth_user_id" not in client.session
    assert not User.objects.exists()
    body = response.content.decode()
    assert "Login afvist" in body and "Traceback" not in body
    refusals = [r.getMessage() for r in caplog.records if "SAML login refused" in r.getMessage()]
    assert refusals, "a refusal must be logged"
    assert reason_part.lower() in refusals[-1].lower(), refusals[-1]


# --- the good path ---------------------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["rsa-sha256", "rsa-pss-sha256"])
def test_valid_response_logs_in(client, algorithm):
    request_id = pending_request(client)
    response = post(client, signed(spec_for(request_id), algorithm=algorithm))
    assert response.status_code == 302
    assert response["Location"] == "/roller/"
    user = User.objects.get()
    assert (user.full_name, user.portal_role, user.municipality.code) == (
        "Mette Kjær Lund",
        "programleder",
        "0751",
    )
    assert user.username == "9d2c5a1e-5b7e-4a55-9a53-0b7a6a1f0751"
    assert int(client.session["_auth_user_id"]) == user.pk
    assert Person.objects.get(user=user).municipality.code == "0751"
    assert client.get("/").status_code == 200


def test_login_updates_the_user_and_links_the_existing_contact(client, aarhus):
    from kombitportal.core import services

    contact = services.person_upsert(
        name="Mette Lund", email="METTE.LUND@aarhus.example.dk", municipality=aarhus
    )
    request_id = pending_request(client)
    assert post(client, signed(spec_for(request_id))).status_code == 302
    contact.refresh_from_db()
    assert contact.user is not None and contact.name == "Mette Kjær Lund"


def test_kombit_consultant_gets_the_admin_site(client):
    request_id = pending_request(client)
    assert post(client, signed(spec_for(request_id, "kombit-konsulent"))).status_code == 302
    user = User.objects.get()
    assert user.is_kombit and user.is_staff and user.municipality is None
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "relay", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]
)
def test_relay_state_never_leaves_the_site(client, relay):
    request_id = pending_request(client)
    response = post(client, signed(spec_for(request_id)), relay_state=relay)
    assert response.status_code == 302 and response["Location"] == "/"


# --- refused responses -----------------------------------------------------------------------------


def test_unsigned(client, caplog):
    request_id = pending_request(client)
    xml = etree.tostring(build_response(spec_for(request_id)))
    assert_refused(client, post(client, xml), caplog, "signed")


def test_signed_by_another_key(client, caplog, other_key):
    request_id = pending_request(client)
    assert_refused(
        client, post(client, signed(spec_for(request_id), key_pair=other_key)), caplog, "signature"
    )


def test_assertion_signature_missing(client, caplog):
    request_id = pending_request(client)
    xml = signed(spec_for(request_id), sign_assertion=False)
    assert_refused(client, post(client, xml), caplog, "assertion")


def test_sha1_signature(client, caplog):
    request_id = pending_request(client)
    xml = signed(spec_for(request_id), algorithm="rsa-sha1", digest="sha1")
    assert_refused(client, post(client, xml), caplog, "deprecated")


def test_wrong_audience(client, caplog):
    request_id = pending_request(client)
    xml = signed(spec_for(request_id, audience="https://other-system.example/"))
    assert_refused(client, post(client, xml), caplog, "audience")


def test_wrong_destination(client, caplog):
    request_id = pending_request(client)
    xml = signed(spec_for(request_id, destination="https://other-system.example/acs"))
    assert_refused(client, post(client, xml), caplog, "instead of https://other-system.example/acs")


def test_wrong_recipient(client, caplog):
    request_id = pending_request(client)
    xml = signed(spec_for(request_id, recipient="https://other-system.example/acs"))
    assert_refused(client, post(client, xml), caplog, "")


def test_expired(client, caplog):
    request_id = pending_request(client)
    old = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=2)
    assert_refused(client, post(client, signed(spec_for(request_id, now=old))), caplog, "")


def test_not_yet_valid(client, caplog):
    request_id = pending_request(client)
    future = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=2)
    assert_refused(client, post(client, signed(spec_for(request_id, now=future))), caplog, "")


def test_in_response_to_another_request(client, caplog):
    pending_request(client)
    assert_refused(client, post(client, signed(spec_for("_someone-elses-request"))), caplog, "")


def test_unsolicited_without_a_pending_request(client, caplog):
    xml = signed(spec_for("_made-up"))
    assert_refused(client, post(client, xml), caplog, "unsolicited")


def test_unsolicited_without_in_response_to(client, caplog):
    pending_request(client)
    assert_refused(client, post(client, signed(spec_for(None))), caplog, "")


def test_replayed(client, caplog):
    request_id = pending_request(client)
    cookie = client.cookies["portal_saml_request"].value
    xml = signed(spec_for(request_id))
    assert post(client, xml).status_code == 302
    client.logout()
    User.objects.all().delete()
    client.cookies["portal_saml_request"] = cookie  # even with the pending cookie kept
    assert_refused(client, post(client, xml), caplog, "replay")


def test_signature_wrapping_extra_unsigned_assertion(client, caplog):
    request_id = pending_request(client)
    root = etree.fromstring(signed(spec_for(request_id)))
    evil = copy.deepcopy(root.find("saml:Assertion", NS))
    evil.set("ID", "_evil")
    evil.remove(evil.find("ds:Signature", NS))
    evil.find("saml:Subject/saml:NameID", NS).text = demo_identity("kombit-konsulent").name_id
    root.find("saml:Assertion", NS).addprevious(evil)
    assert_refused(client, post(client, etree.tostring(root)), caplog, "")


def test_signature_wrapping_signed_assertion_moved_into_extensions(client, caplog):
    request_id = pending_request(client)
    root = etree.fromstring(signed(spec_for(request_id), sign_message=False))
    original = root.find("saml:Assertion", NS)
    evil = copy.deepcopy(original)
    evil.set("ID", "_evil")
    evil.remove(evil.find("ds:Signature", NS))
    extensions = etree.Element("{urn:oasis:names:tc:SAML:2.0:protocol}Extensions")
    root.find("saml:Issuer", NS).addnext(extensions)
    extensions.append(original)
    root.append(evil)
    assert_refused(client, post(client, etree.tostring(root)), caplog, "")


def test_comment_injected_into_name_id(client, caplog):
    request_id = pending_request(client)
    xml = signed(spec_for(request_id)).decode()
    name_id = demo_identity("aarhus-programleder").name_id
    injected = xml.replace(name_id, name_id.replace("CN=Mette", "CN=Met<!---->te"))
    assert injected != xml
    assert_refused(client, post(client, injected.encode()), caplog, "comment")


def test_doctype_and_entity(client, caplog):
    request_id = pending_request(client)
    xml = signed(spec_for(request_id)).decode()
    body = xml.split("?>", 1)[1]
    attack = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "evil">]>' + body.replace(
        "Mette Kjær Lund", "&x;", 1
    )
    assert_refused(client, post(client, attack.encode()), caplog, "doctype")


def test_billion_laughs(client, caplog):
    pending_request(client)
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><samlp:Response xmlns:samlp='
        '"urn:oasis:names:tc:SAML:2.0:protocol">&lol3;</samlp:Response>'
    )
    assert_refused(client, post(client, bomb.encode()), caplog, "doctype")


def test_no_portal_privilege(client, caplog):
    request_id = pending_request(client)
    response = post(client, signed(spec_for(request_id, "aarhus-uden-adgang")))
    assert_refused(client, response, caplog, "no portal privilege")
    assert "ikke fået adgang til programlederportalen" in response.content.decode()


def test_privilege_for_an_unknown_organisation(client, caplog):
    from kombitportal.accounts.privileges import build_privileges

    request_id = pending_request(client)
    spec = spec_for(request_id)
    spec.attributes = dict(spec.attributes)
    spec.attributes[PRIV_ATTR] = [
        build_privileges(
            {
                "12345678": [
                    "http://kombit.dk/roles/usersystemrole/programlederportal-programleder/1"
                ]
            }
        )
    ]
    assert_refused(client, post(client, signed(spec)), caplog, "no municipality")


@pytest.mark.parametrize("garbage", ["not base64 at all!", "PHNhbWxwOlJlc3BvbnNl===", ""])
def test_malformed_base64(client, caplog, garbage):
    pending_request(client)
    response = client.post("/saml/acs/", {"SAMLResponse": garbage})
    assert_refused(client, response, caplog, "")


def test_not_xml(client, caplog):
    pending_request(client)
    assert_refused(client, post(client, b"this is not xml"), caplog, "xml")


# --- what the portal sends ---------------------------------------------------------------------------


def test_authn_request_is_signed_with_sha256(client):
    response = client.get("/saml/login/")
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["SigAlg"] == ["http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"]
    assert base64.b64decode(query["Signature"][0])
    cookie = response.cookies["portal_saml_request"]
    assert cookie["httponly"] and cookie["path"] == "/saml/"


def test_sp_metadata_says_requests_are_signed(client):
    response = client.get("/saml/metadata/")
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    sp = root.find("{urn:oasis:names:tc:SAML:2.0:metadata}SPSSODescriptor")
    assert sp.get("AuthnRequestsSigned") == "true"
    assert sp.get("WantAssertionsSigned") == "true"
    keys = sp.findall("{urn:oasis:names:tc:SAML:2.0:metadata}KeyDescriptor")
    assert any(k.get("use") in (None, "signing") for k in keys)
    acs = sp.find("{urn:oasis:names:tc:SAML:2.0:metadata}AssertionConsumerService")
    assert acs.get("Location") == ACS


def test_refusals_never_show_a_stack_trace_even_on_odd_input(client, caplog, settings):
    settings.DEBUG = True
    pending_request(client)
    caplog.set_level(logging.WARNING)
    for payload in (
        b"<a/>",
        b"<samlp:Response xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol'/>",
    ):
        response = post(client, payload)
        assert response.status_code == 403
        assert "Traceback" not in response.content.decode()
