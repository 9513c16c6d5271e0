"""IdP metadata: the real Context Handler 2 external-test metadata, read from a file or a URL
(served by a local HTTP server inside the test; nothing is fetched from the network)."""

import http.server
import threading
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from kombitportal.accounts.saml import idp_settings, saml_settings

CH2 = Path(__file__).resolve().parents[1] / "data" / "ch2"
CH2_ENTITY_ID = "https://saml.n2adgangsstyring.eksterntest-stoettesystemerne.dk/runtime"
CH2_SSO = "https://n2adgangsstyring.eksterntest-stoettesystemerne.dk/runtime/saml2/issue.idp"


@pytest.fixture
def ch2_metadata() -> Path:
    path = CH2 / "ch2-exttest-idp-metadata.xml"
    if not path.exists():
        pytest.fail(f"test data missing: {path}")
    return path


@pytest.fixture
def metadata_server(ch2_metadata):
    body = ch2_metadata.read_bytes()
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/samlmetadata+xml")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/runtime/saml2/metadata.idp", hits
    server.shutdown()


def _request():
    return RequestFactory().get("/saml/login/", HTTP_HOST="testserver")


def test_ch2_metadata_from_file(settings, ch2_metadata):
    settings.SAML_IDP_METADATA = str(ch2_metadata)
    idp = idp_settings(_request())
    assert idp["entityId"] == CH2_ENTITY_ID
    assert idp["singleSignOnService"]["url"] == CH2_SSO
    assert idp["singleLogoutService"]["url"] == CH2_SSO
    assert idp["x509cert"].startswith("MIIGZDCCBJigAwIBAgIUTu+8f8TGgmEvXrUSmJjReRKPIokw")


@pytest.mark.django_db  # the last good copy of a URL's metadata is kept in the database
def test_ch2_metadata_from_url_is_cached(settings, metadata_server):
    url, hits = metadata_server
    settings.SAML_IDP_METADATA = url
    settings.METADATA_ALLOW_HTTP = True  # the local test server is plain http
    cache.clear()
    assert idp_settings(_request())["entityId"] == CH2_ENTITY_ID
    assert idp_settings(_request())["entityId"] == CH2_ENTITY_ID
    assert hits == ["/runtime/saml2/metadata.idp"]


def test_sp_settings_against_ch2_sign_requests(settings, ch2_metadata):
    settings.SAML_IDP_METADATA = str(ch2_metadata)
    security = saml_settings(_request()).get_security_data()
    assert security["authnRequestsSigned"] is True
    assert security["logoutRequestSigned"] is True
    assert security["wantAssertionsSigned"] is True
    assert security["rejectDeprecatedAlgorithm"] is True


@pytest.mark.django_db
def test_login_redirects_to_ch2_with_a_signed_request(client, settings, ch2_metadata):
    settings.SAML_IDP_METADATA = str(ch2_metadata)
    response = client.get("/saml/login/")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(CH2_SSO + "?SAMLRequest=")
    assert "SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256" in location
    assert "&Signature=" in location


@pytest.mark.django_db
def test_unreachable_metadata_gives_a_danish_page(client, settings):
    settings.SAML_IDP_METADATA = "/nonexistent/metadata.xml"
    response = client.get("/saml/login/")
    assert response.status_code == 503
    assert "Login er ikke tilgængeligt lige nu" in response.content.decode()
