"""Single logout from the IdP (/saml/logout/ with SAMLRequest or SAMLResponse): a LogoutRequest
ends the session only when the IdP signed it and it names the session's NameID; anything else —
garbage, unsigned, another NameID, a forged signature — is refused with a page (400) and the
session is kept. Never a 500."""

import base64
import datetime
import zlib
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from onelogin.saml2.constants import OneLogin_Saml2_Constants as C

from kombitportal.demo_idp.idp import idp_key_pair
from tests.accounts.saml_helpers import IDP_ENTITY_ID

pytestmark = pytest.mark.django_db
NAME_ID = "C=DK,O=55133018,CN=Anna Aarhus,Serial=serial-a"
SLO_URL = "http://testserver/saml/logout/"


def logout_request_query(name_id: str = NAME_ID, *, signed: bool = True, key=None) -> str:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    xml = f"""<samlp:LogoutRequest xmlns:samlp="{C.NS_SAMLP}" xmlns:saml="{C.NS_SAML}"
 ID="_lr1" Version="2.0" IssueInstant="{now}" Destination="{SLO_URL}">
 <saml:Issuer>{IDP_ENTITY_ID}</saml:Issuer>
 <saml:NameID Format="{C.NAMEID_X509_SUBJECT_NAME}">{name_id}</saml:NameID>
</samlp:LogoutRequest>"""
    deflated = zlib.compress(xml.encode())[2:-4]
    query = f"SAMLRequest={quote(base64.b64encode(deflated).decode(), safe='')}"
    if not signed:
        return query
    query += f"&SigAlg={quote(C.RSA_SHA256, safe='')}"
    if key is None:
        key = serialization.load_pem_private_key(idp_key_pair()[1].encode(), password=None)
    signature = key.sign(query.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{query}&Signature={quote(base64.b64encode(signature).decode(), safe='')}"


@pytest.fixture
def logged_in(client_for, user_a, demo_idp):
    client = client_for(user_a)
    session = client.session
    session["saml"] = {"name_id": NAME_ID, "session_index": "_s1"}
    session.save()
    return client


def still_logged_in(client) -> bool:
    return client.get("/sapa/").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "SAMLRequest=garbage",
        "SAMLRequest=AAAA",
        "SAMLRequest=",
        f"SAMLRequest={quote(base64.b64encode(zlib.compress(b'not xml')[2:-4]).decode())}",
        "SAMLResponse=garbage",
        "SAMLResponse=%ZZ",
    ],
    ids=["not-base64", "not-deflate", "empty", "not-xml", "response-garbage", "bad-escape"],
)
def test_garbage_is_refused_and_the_session_kept(logged_in, query):
    response = logged_in.get(f"/saml/logout/?{query}")
    assert response.status_code == 400
    assert "Du er stadig logget ind" in response.content.decode()
    assert still_logged_in(logged_in)


def test_an_unsigned_logout_request_is_refused(logged_in):
    assert logged_in.get(f"/saml/logout/?{logout_request_query(signed=False)}").status_code == 400
    assert still_logged_in(logged_in)


def test_a_logout_request_signed_by_another_key_is_refused(logged_in):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    response = logged_in.get(f"/saml/logout/?{logout_request_query(key=other)}")
    assert response.status_code == 400
    assert still_logged_in(logged_in)


def test_a_logout_request_for_another_name_id_is_refused(logged_in):
    other = "C=DK,O=55133018,CN=Nogen Andre,Serial=someone-else"
    assert logged_in.get(f"/saml/logout/?{logout_request_query(other)}").status_code == 400
    assert still_logged_in(logged_in)


def test_the_idp_s_signed_logout_request_for_this_session_logs_out(logged_in):
    response = logged_in.get(f"/saml/logout/?{logout_request_query()}")
    assert response.status_code == 302
    answer = parse_qs(urlsplit(response["Location"]).query)
    assert response["Location"].startswith("http://testserver/demo-idp/slo/")
    assert answer["SAMLResponse"] and answer["Signature"]  # a signed LogoutResponse
    assert not still_logged_in(logged_in)


def test_a_page_number_past_any_end_is_the_last_page(client_for, user_a):
    response = client_for(user_a).get("/klik/?page=999999999999999999")
    assert response.status_code == 200
