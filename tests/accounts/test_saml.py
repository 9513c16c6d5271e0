"""The portal as SAML service provider, attacked the ways the issue lists.

A valid Context Handler 2-style response (assertion and response signed with the trusted demo IdP
key, RSA-SHA256 or RSA-PSS) logs in. Every other response is refused: 403, the refusal page, no
session, no account, and a WARNING "SAML login refused (...)" saying why."""

import base64
import copy
import datetime
import logging
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import etree
from onelogin.saml2.constants import OneLogin_Saml2_Constants as C
from onelogin.saml2.utils import OneLogin_Saml2_Utils
from signxml import XMLVerifier

from kombitportal.accounts.models import SamlAssertionId, User
from kombitportal.accounts.saml import sp_key_pair
from kombitportal.core.models import Person
from kombitportal.demo_idp.identities import demo_identity
from kombitportal.demo_idp.idp import identity_attributes, idp_key_pair
from kombitportal.demo_idp.response import NS, SAML, SAMLP, build_response
from tests.accounts.saml_helpers import (
    ACS_URL,
    IDP_ENTITY_ID,
    PENDING_COOKIE,
    PRIVILEGES_ATTRIBUTE,
    SP_ENTITY_ID,
    assert_refused,
    authn_request_id,
    encoded,
    landing,
    post_response,
    response_spec,
    signed,
    start_login,
    throwaway_key_pair,
)

MD = "urn:oasis:names:tc:SAML:2.0:metadata"
MANY_HOURS = datetime.timedelta(hours=2)


@pytest.fixture(autouse=True)
def _sp_trusts_the_demo_idp(demo_idp, db, caplog):
    """SAML_IDP_METADATA unset: the SP trusts the demo IdP's (per-session) key. Reference data
    (municipalities, KOMBIT) comes from the migrations."""
    caplog.set_level(logging.INFO)


def _utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


# --- the good path ---------------------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["rsa-sha256", "rsa-pss-sha256"])
def test_valid_response_logs_in(client, caplog, algorithm):
    request_id = start_login(client, "/roller/")
    response = post_response(client, signed(response_spec(request_id), algorithm=algorithm))

    assert response.status_code == 302
    assert landing(response) == "/roller/"
    user = User.objects.get()
    assert user.username == "9d2c5a1e-5b7e-4a55-9a53-0b7a6a1f0751"  # the NameID's Serial
    assert (user.full_name, user.email) == ("Mette Kjær Lund", "mette.lund@aarhus.example.dk")
    assert user.portal_role == User.PortalRole.PROGRAMLEDER
    assert user.municipality.code == "0751"
    assert not user.is_staff and not user.has_usable_password()
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.session["saml"]["name_id"] == demo_identity("aarhus-programleder").name_id
    person = Person.objects.get(user=user)
    assert (person.name, person.municipality.code) == ("Mette Kjær Lund", "0751")
    assert SamlAssertionId.objects.count() == 1
    # The pending request is used up: its cookie is deleted.
    assert response.cookies[PENDING_COOKIE].value == ""
    assert response.cookies[PENDING_COOKIE]["path"] == "/saml/"
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("identity_key", "role", "municipality_code", "is_staff"),
    [
        ("odense-programleder", User.PortalRole.PROGRAMLEDER, "0461", False),
        ("aarhus-sapa", User.PortalRole.MEDARBEJDER, "0751", False),
        ("kombit-konsulent", User.PortalRole.KOMBIT, None, True),
    ],
    ids=["odense-programme-leader", "aarhus-employee", "kombit-consultant"],
)
def test_each_demo_identity_gets_its_role(client, identity_key, role, municipality_code, is_staff):
    request_id = start_login(client)
    assert post_response(client, signed(response_spec(request_id, identity_key))).status_code == 302
    user = User.objects.get()
    assert user.portal_role == role
    assert (user.municipality.code if user.municipality else None) == municipality_code
    assert user.is_staff is is_staff
    if role == User.PortalRole.KOMBIT:
        assert user.organisation.cvr == "19435075"


def test_login_links_the_existing_contact(client, aarhus):
    """A contact KOMBIT entered before the person's first login (same e-mail, any case) becomes
    that user's Person, and takes the name from the login."""
    from kombitportal.core import services

    contact = services.person_upsert(
        name="Mette Lund", email="METTE.LUND@aarhus.example.dk", municipality=aarhus
    )
    request_id = start_login(client)
    assert post_response(client, signed(response_spec(request_id))).status_code == 302
    contact.refresh_from_db()
    assert contact.user == User.objects.get() and contact.name == "Mette Kjær Lund"
    assert Person.objects.count() == 1


def test_kombit_consultant_reaches_the_admin_site(client):
    request_id = start_login(client)
    xml = signed(response_spec(request_id, "kombit-konsulent"))
    assert post_response(client, xml).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_line_wrapped_base64_is_accepted(client):
    """IdPs commonly wrap base64 at 76 columns; whitespace is not 'malformed'."""
    request_id = start_login(client)
    flat = encoded(signed(response_spec(request_id)))
    wrapped = "\r\n".join(flat[i : i + 76] for i in range(0, len(flat), 76))
    response = client.post("/saml/acs/", {"SAMLResponse": wrapped, "RelayState": "/"})
    assert response.status_code == 302 and User.objects.count() == 1


def test_second_login_updates_the_same_user(client):
    request_id = start_login(client)
    assert post_response(client, signed(response_spec(request_id))).status_code == 302
    client.logout()
    request_id = start_login(client)
    identity = demo_identity("aarhus-programleder")
    attributes = dict(identity_attributes(identity))
    attributes["https://data.gov.dk/model/core/eid/fullName"] = ["Mette Kjær Lund-Holm"]
    xml = signed(response_spec(request_id, attributes=attributes))
    assert post_response(client, xml).status_code == 302
    user = User.objects.get()
    assert user.full_name == "Mette Kjær Lund-Holm"
    assert Person.objects.get(user=user).name == "Mette Kjær Lund-Holm"


@pytest.mark.parametrize(
    "relay_state",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "/\t/evil.example/",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
        "",
        None,
    ],
    ids=[
        "other-host",
        "scheme-relative",
        "backslash",
        "tab",
        "javascript",
        "lookalike",
        "empty",
        "none",
    ],
)
def test_relay_state_never_leaves_the_site(client, relay_state):
    request_id = start_login(client)
    response = post_response(client, signed(response_spec(request_id)), relay_state=relay_state)
    assert response.status_code == 302
    assert landing(response) == "/"
    assert "_auth_user_id" in client.session


def test_login_next_off_site_is_not_sent_as_relay_state(client):
    response = client.get("/saml/login/", {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query)["RelayState"] == ["/"]


# --- what the portal sends -------------------------------------------------------------------------


def test_authn_request_is_signed_with_rsa_sha256(client):
    response = client.get("/saml/login/", {"next": "/roller/"})
    location = response["Location"]
    assert location.startswith("http://testserver/demo-idp/")
    query = parse_qs(urlsplit(location).query)
    assert query["SigAlg"] == [C.RSA_SHA256]
    # The signature covers SAMLRequest, RelayState and SigAlg exactly as sent, with the SP key.
    raw_query = urlsplit(location).query
    parts = dict(p.split("=", 1) for p in raw_query.split("&"))
    signed_part = "&".join(f"{k}={parts[k]}" for k in ("SAMLRequest", "RelayState", "SigAlg"))
    sp_cert, _key = sp_key_pair()
    signature = base64.b64decode(query["Signature"][0], validate=True)
    assert OneLogin_Saml2_Utils.validate_binary_sign(signed_part, signature, sp_cert, C.RSA_SHA256)
    assert not OneLogin_Saml2_Utils.validate_binary_sign(
        signed_part.replace("RelayState=", "RelayState=x"), signature, sp_cert, C.RSA_SHA256
    )

    request_id = authn_request_id(location)
    assert request_id
    cookie = response.cookies[PENDING_COOKIE]
    assert cookie["httponly"] and cookie["path"] == "/saml/"
    assert cookie.value != request_id  # signed, not the bare id


def test_sp_metadata(client):
    response = client.get("/saml/metadata/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/samlmetadata+xml")
    root = etree.fromstring(response.content)
    assert root.get("entityID") == SP_ENTITY_ID
    sp = root.find(f"{{{MD}}}SPSSODescriptor")
    assert sp.get("AuthnRequestsSigned") == "true"
    assert sp.get("WantAssertionsSigned") == "true"
    signing = [
        k.findtext(".//{http://www.w3.org/2000/09/xmldsig#}X509Certificate")
        for k in sp.findall(f"{{{MD}}}KeyDescriptor")
        if k.get("use") in (None, "signing")
    ]
    sp_cert, _key = sp_key_pair()
    assert signing and all(signing)
    assert "".join(signing[0].split()) in "".join(sp_cert.split())
    acs = sp.find(f"{{{MD}}}AssertionConsumerService")
    assert (acs.get("Location"), acs.get("Binding")) == (ACS_URL, C.BINDING_HTTP_POST)


# --- responses refused -----------------------------------------------------------------------------
# Each builder gets the pending request's id and returns the response XML as posted.


def _unsigned(request_id):
    return etree.tostring(build_response(response_spec(request_id)))


def _signed_by_another_key(request_id):
    return signed(response_spec(request_id), key_pair=throwaway_key_pair())


def _assertion_signed_by_another_key(request_id):
    """Trusted key on the Response, an untrusted one on the assertion."""
    cert, key = throwaway_key_pair()
    root = etree.fromstring(
        signed(response_spec(request_id), key_pair=(cert, key), sign_message=False)
    )
    return signed(root, sign_assertion=False)


def _assertion_signature_missing(request_id):
    return signed(response_spec(request_id), sign_assertion=False)


def _sha1(request_id):
    return signed(response_spec(request_id), algorithm="rsa-sha1", digest="sha1")


def _sha1_digest(request_id):
    return signed(response_spec(request_id), algorithm="rsa-sha256", digest="sha1")


def _wrong_audience(request_id):
    return signed(response_spec(request_id, audience="https://other-system.example/saml"))


def _no_audience(request_id):
    root = build_response(response_spec(request_id))
    conditions = root.find("saml:Assertion/saml:Conditions", NS)
    conditions.remove(conditions.find("saml:AudienceRestriction", NS))
    return signed(root)


def _second_audience_restriction(request_id):
    """Two AudienceRestrictions must both be met (SAML core 2.5.1.4); the second names only
    another system."""
    root = build_response(response_spec(request_id))
    conditions = root.find("saml:Assertion/saml:Conditions", NS)
    other = etree.SubElement(conditions, etree.QName(SAML, "AudienceRestriction"))
    etree.SubElement(other, etree.QName(SAML, "Audience")).text = "https://other-system.example/"
    return signed(root)


def _wrong_destination(request_id):
    return signed(
        response_spec(request_id, destination="https://other-system.example/acs", recipient=ACS_URL)
    )


def _destination_below_our_acs(request_id):
    return signed(response_spec(request_id, destination=ACS_URL + "other/", recipient=ACS_URL))


def _wrong_recipient(request_id):
    return signed(response_spec(request_id, recipient="https://other-system.example/acs"))


def _recipient_containing_our_acs(request_id):
    return signed(
        response_spec(request_id, recipient=f"https://other-system.example/acs?back={ACS_URL}")
    )


def _expired(request_id):
    return signed(response_spec(request_id, now=_utc_now() - MANY_HOURS))


def _not_yet_valid(request_id):
    return signed(response_spec(request_id, now=_utc_now() + MANY_HOURS))


def _wrong_issuer(request_id):
    return signed(response_spec(request_id, issuer="https://other-idp.example/"))


def _status_not_success(request_id):
    root = build_response(response_spec(request_id))
    root.find("samlp:Status/samlp:StatusCode", {"samlp": SAMLP}).set(
        "Value", "urn:oasis:names:tc:SAML:2.0:status:Requester"
    )
    return signed(root)


def _in_response_to_another_request(request_id):
    return signed(response_spec("_someone-elses-request"))


def _no_in_response_to(request_id):
    return signed(response_spec(None))


def _stolen_assertion_rewired(request_id):
    """An assertion answering someone else's request, Response re-pointed at ours (the Response is
    not signed, so its InResponseTo can be changed; the assertion's cannot)."""
    root = etree.fromstring(signed(response_spec("_victims-request"), sign_message=False))
    root.set("InResponseTo", request_id)
    return etree.tostring(root)


def _unsolicited_assertion_rewired(request_id):
    """An unsolicited (IdP-initiated) assertion, its unsigned Response given our InResponseTo."""
    root = etree.fromstring(signed(response_spec(None), sign_message=False))
    root.set("InResponseTo", request_id)
    return etree.tostring(root)


def _evil_assertion(signed_assertion):
    """A copy of the signed assertion made out to the KOMBIT consultant, with no signature."""
    evil = copy.deepcopy(signed_assertion)
    evil.set("ID", "_evil")
    evil.remove(evil.find("ds:Signature", NS))
    kombit = demo_identity("kombit-konsulent")
    evil.find("saml:Subject/saml:NameID", NS).text = kombit.name_id
    privileges = evil.find(
        f'.//saml:Attribute[@Name="{PRIVILEGES_ATTRIBUTE}"]/saml:AttributeValue', NS
    )
    privileges.text = identity_attributes(kombit)[PRIVILEGES_ATTRIBUTE][0]
    return evil


def _wrapping_evil_before(request_id):
    root = etree.fromstring(signed(response_spec(request_id)))
    original = root.find("saml:Assertion", NS)
    original.addprevious(_evil_assertion(original))
    return etree.tostring(root)


def _wrapping_evil_after(request_id):
    root = etree.fromstring(signed(response_spec(request_id)))
    original = root.find("saml:Assertion", NS)
    original.addnext(_evil_assertion(original))
    return etree.tostring(root)


def _wrapping_signed_assertion_in_extensions(request_id):
    """XSW: the signed assertion moved into samlp:Extensions, the evil one where it was."""
    root = etree.fromstring(signed(response_spec(request_id), sign_message=False))
    original = root.find("saml:Assertion", NS)
    evil = _evil_assertion(original)
    original.addprevious(evil)
    extensions = etree.Element(etree.QName(SAMLP, "Extensions"))
    root.find("saml:Issuer", NS).addnext(extensions)
    extensions.append(original)
    return etree.tostring(root)


def _wrapping_signed_assertion_inside_evil_signature(request_id):
    """XSW: the evil assertion takes the original's ID and signature, the original hides in a
    ds:Object of that signature."""
    root = etree.fromstring(signed(response_spec(request_id), sign_message=False))
    original = root.find("saml:Assertion", NS)
    evil = _evil_assertion(original)
    evil.set("ID", original.get("ID"))
    signature = copy.deepcopy(original.find("ds:Signature", NS))
    evil.find("saml:Issuer", NS).addnext(signature)
    etree.SubElement(signature, etree.QName(NS["ds"], "Object")).append(copy.deepcopy(original))
    root.replace(original, evil)
    return etree.tostring(root)


def _comment_in_name_id(request_id):
    xml = signed(response_spec(request_id)).decode()
    name_id = demo_identity("aarhus-programleder").name_id
    attacked = xml.replace(name_id, name_id.replace("CN=Mette", "CN=Met<!---->te"))
    assert attacked != xml
    return attacked.encode()


def _processing_instruction_in_name_id(request_id):
    xml = signed(response_spec(request_id)).decode()
    return xml.replace("CN=Mette", "CN=Met<?evil x?>te").encode()


def _comment_after_the_document(request_id):
    return signed(response_spec(request_id)) + b"<!-- trailing -->"


def _doctype_with_entity(request_id):
    body = signed(response_spec(request_id)).decode().split("?>", 1)[1]
    dtd = '<?xml version="1.0"?><!DOCTYPE samlp:Response [<!ENTITY who "Mette Kjær Lund">]>'
    return (dtd + body.replace("Mette Kjær Lund", "&who;", 1)).encode()


def _doctype_only(request_id):
    body = signed(response_spec(request_id)).decode().split("?>", 1)[1]
    return ('<?xml version="1.0"?><!DOCTYPE samlp:Response>' + body).encode()


def _external_entity(request_id):
    body = signed(response_spec(request_id)).decode().split("?>", 1)[1]
    dtd = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return (dtd + body.replace("Mette Kjær Lund", "&xxe;", 1)).encode()


def _billion_laughs(request_id):
    return (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b'<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&lol3;</samlp:Response>'
    )


def _not_xml(request_id):
    return b"this is not XML"


def _not_a_response(request_id):
    return b'<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>'


REFUSED = [
    pytest.param(_unsigned, "not signed", id="01-unsigned"),
    pytest.param(_signed_by_another_key, "signature validation failed", id="02-another-key"),
    pytest.param(
        _assertion_signed_by_another_key,
        "signature validation failed",
        id="02-assertion-another-key",
    ),
    pytest.param(_assertion_signature_missing, "assertion", id="03-assertion-unsigned"),
    pytest.param(_sha1, "deprecated", id="04-sha1"),
    pytest.param(_sha1_digest, "deprecated digest", id="04-sha1-digest-only"),
    pytest.param(_wrong_audience, "audience", id="05-wrong-audience"),
    pytest.param(_no_audience, "audience", id="05-no-audience"),
    pytest.param(_second_audience_restriction, "audience", id="05-second-audience-restriction"),
    pytest.param(
        _wrong_destination, "instead of https://other-system.example/acs", id="06-wrong-destination"
    ),
    pytest.param(_destination_below_our_acs, "destination", id="06-destination-below-our-acs"),
    pytest.param(_wrong_recipient, "subjectconfirmation", id="06-wrong-recipient"),
    pytest.param(_recipient_containing_our_acs, "recipient", id="06-recipient-containing-our-acs"),
    pytest.param(_expired, "", id="07-expired"),
    pytest.param(_not_yet_valid, "", id="07-not-yet-valid"),
    pytest.param(_wrong_issuer, "issuer", id="wrong-issuer"),
    pytest.param(_status_not_success, "requester", id="status-not-success"),
    pytest.param(_in_response_to_another_request, "inresponseto", id="08-another-request"),
    pytest.param(_no_in_response_to, "inresponseto", id="09-no-in-response-to"),
    pytest.param(_stolen_assertion_rewired, "subjectconfirmation", id="08-stolen-assertion"),
    pytest.param(_unsolicited_assertion_rewired, "inresponseto", id="09-unsolicited-rewired"),
    pytest.param(_wrapping_evil_before, "assertion", id="11-xsw-evil-before"),
    pytest.param(_wrapping_evil_after, "assertion", id="11-xsw-evil-after"),
    pytest.param(_wrapping_signed_assertion_in_extensions, "assertion", id="11-xsw-extensions"),
    pytest.param(
        _wrapping_signed_assertion_inside_evil_signature, "assertion", id="11-xsw-ds-object"
    ),
    pytest.param(_comment_in_name_id, "comment", id="12-comment-in-nameid"),
    pytest.param(_processing_instruction_in_name_id, "processing", id="12-pi-in-nameid"),
    pytest.param(_comment_after_the_document, "comment", id="12-comment-after-document"),
    pytest.param(_doctype_with_entity, "doctype", id="13-doctype-entity"),
    pytest.param(_doctype_only, "doctype", id="13-doctype-only"),
    pytest.param(_external_entity, "doctype", id="13-external-entity"),
    pytest.param(_billion_laughs, "doctype", id="13-billion-laughs"),
    pytest.param(_not_xml, "xml", id="not-xml"),
    pytest.param(_not_a_response, "", id="empty-response"),
]


@pytest.mark.parametrize(("build", "reason"), REFUSED)
def test_response_refused(client, caplog, build, reason):
    request_id = start_login(client)
    response = post_response(client, build(request_id))
    assert_refused(client, response, caplog, reason)
    assert not SamlAssertionId.objects.exists()
    assert not Person.objects.filter(user__isnull=False).exists()
    # The pending request is spent either way.
    assert response.cookies[PENDING_COOKIE].value == ""


def test_comment_injection_keeps_the_signature_valid():
    """Why the portal must refuse comments itself: exclusive c14n drops them, so the signature
    over the tampered assertion still verifies."""
    cert, _key = idp_key_pair()
    root = etree.fromstring(_comment_in_name_id("_request"))
    assertion = root.find("saml:Assertion", NS)
    assert assertion.find("saml:Subject/saml:NameID", NS).text == "C=DK,O=55133018,CN=Met"
    XMLVerifier().verify(etree.tostring(assertion), x509_cert=cert)


def test_no_portal_privilege_is_explained_in_danish(client, caplog):
    request_id = start_login(client)
    response = post_response(client, signed(response_spec(request_id, "aarhus-uden-adgang")))
    page = assert_refused(client, response, caplog, "(no_privilege)")
    assert "ikke fået adgang til programlederportalen" in page
    assert "brugeradministrator" in page
    assert not Person.objects.filter(email="peter.adgang@aarhus.example.dk").exists()


def test_privilege_for_an_organisation_the_portal_does_not_know(client, caplog):
    from kombitportal.accounts.privileges import build_privileges
    from kombitportal.accounts.services import ATTR_PRIVILEGES

    request_id = start_login(client)
    attributes = dict(identity_attributes(demo_identity("aarhus-programleder")))
    attributes[ATTR_PRIVILEGES[0]] = [
        build_privileges(
            {
                "12345678": [
                    "http://kombit.dk/roles/usersystemrole/programlederportal-programleder/1"
                ]
            }
        )
    ]
    response = post_response(client, signed(response_spec(request_id, attributes=attributes)))
    page = assert_refused(client, response, caplog, "(unknown_org)")
    assert "din organisation er ikke en kommune" in page


def test_unsolicited_without_any_pending_request(client, caplog):
    """A fresh browser that never asked to log in."""
    response = post_response(client, signed(response_spec("_made-up-request")))
    assert_refused(client, response, caplog, "unsolicited")


def test_unsolicited_without_in_response_to_nor_pending_request(client, caplog):
    response = post_response(client, signed(response_spec(None)))
    assert_refused(client, response, caplog, "unsolicited")


def test_forged_pending_cookie(client, caplog):
    """The cookie is signed: a browser cannot claim a pending request it never got."""
    xml = signed(response_spec("_chosen-by-attacker"))
    client.cookies[PENDING_COOKIE] = "_chosen-by-attacker"
    assert_refused(client, post_response(client, xml), caplog, "unsolicited")


def test_replayed_in_the_same_browser(client, caplog):
    request_id = start_login(client)
    cookie = client.cookies[PENDING_COOKIE].value
    xml = signed(response_spec(request_id))
    assert post_response(client, xml).status_code == 302
    client.logout()
    # Put the pending cookie back, so that only the replay cache stands in the way.
    client.cookies[PENDING_COOKIE] = cookie
    assert_refused(client, post_response(client, xml), caplog, "replay", users=1)
    assert SamlAssertionId.objects.count() == 1


def test_replayed_in_another_browser(client, caplog):
    from django.test import Client

    request_id = start_login(client)
    xml = signed(response_spec(request_id))
    assert post_response(client, xml).status_code == 302
    thief = Client()
    start_login(thief)
    assert_refused(thief, post_response(thief, xml), caplog, "inresponseto", users=1)


@pytest.mark.parametrize(
    "value",
    ["not base64 at all!", "PHNhbWxwOlJlc3BvbnNlPg", "%3Csamlp%3AResponse", "æøå", ""],
    ids=["punctuation", "missing-padding", "url-encoded-xml", "non-ascii", "empty"],
)
def test_malformed_base64(client, caplog, value):
    start_login(client)
    response = client.post("/saml/acs/", {"SAMLResponse": value, "RelayState": "/"})
    assert_refused(client, response, caplog, "" if value == "" else "base64")


def test_acs_only_takes_post(client):
    start_login(client)
    response = client.get("/saml/acs/", {"SAMLResponse": encoded(_unsigned("x"))})
    assert response.status_code == 405
    assert "_auth_user_id" not in client.session


def test_refusal_shows_no_details_even_with_debug(client, caplog, settings):
    settings.DEBUG = True
    request_id = start_login(client)
    response = post_response(client, _signed_by_another_key(request_id))
    page = assert_refused(client, response, caplog, "signature")
    assert "Signature validation failed" not in page and IDP_ENTITY_ID not in page
