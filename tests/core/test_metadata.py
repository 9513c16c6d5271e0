"""The core's metadata reader (kombitportal/core/metadata.py): fetching within limits, parsing
without DTDs, signatures against trusted certificates, the last good copy, and trust rolling over.

Keys, certificates and metadata are made here; URLs are served by a local HTTPS (or plain HTTP)
server started inside the test, trusted through METADATA_CA_FILE. Nothing touches the network."""

import datetime
import functools
import http.server
import ipaddress
import socket
import ssl
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from signxml import DigestAlgorithm, SignatureMethod, XMLSigner, methods

from kombitportal.core import metadata as reader
from kombitportal.core.models import MetadataCopy

DATA = Path(__file__).resolve().parents[1] / "data"
CH2_PRETTY = DATA / "ch2" / "ch2-exttest-idp-metadata.xml"
CH2_COMPACT = DATA / "metadata" / "ch2-exttest-idp-metadata.compact.xml"
CH2_SUCCESSOR = DATA / "ch2" / "ch2-exttest-adgangsstyring-2-cert.pem"
CH2_ENTITY_ID = "https://saml.n2adgangsstyring.eksterntest-stoettesystemerne.dk/runtime"

ENTITY_ID = "https://idp.example.test/runtime"
SSO = "https://idp.example.test/runtime/saml2/issue.idp"
REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
UTC = datetime.UTC
NOW = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


# --- keys and metadata -----------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyPair:
    cert_pem: str
    key_pem: str

    @property
    def certificate(self) -> reader.Certificate:
        return reader.Certificate.from_pem(self.cert_pem)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


@functools.cache
def key_pair(common_name: str, *, expired: bool = False) -> KeyPair:
    """A self-signed RSA certificate; `expired`: valid 2020–2021 only."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    start = (
        datetime.datetime(2020, 1, 1, tzinfo=UTC) if expired else NOW - datetime.timedelta(days=400)
    )
    end = (
        datetime.datetime(2021, 1, 1, tzinfo=UTC)
        if expired
        else NOW + datetime.timedelta(days=4000)
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(_name(common_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return KeyPair(cert.public_bytes(serialization.Encoding.PEM).decode(), key_pem.decode())


def pem_body(pem: str) -> str:
    return "".join(line for line in pem.strip().splitlines() if not line.startswith("-----"))


def metadata_xml(
    listed: list[tuple[KeyPair, str]],
    *,
    signer: KeyPair | None,
    entity_id: str = ENTITY_ID,
    sso: str = SSO,
    valid_until: datetime.datetime | None = None,
    cache_duration: str | None = None,
) -> bytes:
    """An EntityDescriptor with an IDPSSODescriptor whose KeyDescriptors list `listed`
    ((key pair, use) pairs; use "" for both), signed enveloped by `signer` (None: unsigned)."""
    attributes = f' validUntil="{valid_until.isoformat()}"' if valid_until else ""
    attributes += f' cacheDuration="{cache_duration}"' if cache_duration else ""
    keys = "".join(
        f"<md:KeyDescriptor{f' use={chr(34)}{use}{chr(34)}' if use else ''}><ds:KeyInfo><ds:X509Data>"
        f"<ds:X509Certificate>{pem_body(pair.cert_pem)}</ds:X509Certificate>"
        "</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
        for pair, use in listed
    )
    xml = (
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
        f'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ID="_{uuid.uuid4()}" '
        f'entityID="{entity_id}"{attributes}>'
        '<md:IDPSSODescriptor WantAuthnRequestsSigned="true" '
        'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        f"{keys}"
        f'<md:SingleLogoutService Binding="{REDIRECT}" Location="{sso}"/>'
        f'<md:SingleSignOnService Binding="{REDIRECT}" Location="{sso}"/>'
        "</md:IDPSSODescriptor></md:EntityDescriptor>"
    )
    root = etree.fromstring(xml.encode())
    if signer is None:
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return sign(root, signer)


def sign(root: etree._Element, signer: KeyPair, *, reference_uri: str | None = None) -> bytes:
    signed = XMLSigner(
        method=methods.enveloped,
        signature_algorithm=SignatureMethod.RSA_SHA256,
        digest_algorithm=DigestAlgorithm.SHA256,
        c14n_algorithm=EXC_C14N,
    ).sign(
        root,
        key=signer.key_pem,
        cert=signer.cert_pem,
        reference_uri=reference_uri or root.get("ID"),
    )
    return etree.tostring(signed, xml_declaration=True, encoding="UTF-8")


def refused(code: str, call: Callable[[], object]) -> reader.MetadataError:
    with pytest.raises(reader.MetadataError) as caught:
        call()
    assert caught.value.code == code, caught.value
    return caught.value


# --- a local server ------------------------------------------------------------------------------


@dataclass
class Route:
    """What the server answers on a path: `body` at once, or `trickle` bytes one by one."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(
        default_factory=lambda: {"Content-Type": "application/samlmetadata+xml"}
    )
    trickle: int = 0
    length: bool = True  # False: no Content-Length, the body ends when the connection closes


@dataclass
class Server:
    base: str
    routes: dict[str, Route]
    hits: list[str]

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory) -> tuple[Path, Path, Path]:
    """(CA certificate, server certificate, server key) for 127.0.0.1 and localhost."""
    folder = tmp_path_factory.mktemp("tls")
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("test CA"))
        .issuer_name(_name("test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime.datetime.now(UTC) - datetime.timedelta(days=1))
        .not_valid_after(datetime.datetime.now(UTC) + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    server = (
        x509.CertificateBuilder()
        .subject_name(_name("127.0.0.1"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime.datetime.now(UTC) - datetime.timedelta(days=1))
        .not_valid_after(datetime.datetime.now(UTC) + datetime.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .add_extension(x509.ExtendedKeyUsage([x509.OID_SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_file, cert_file, key_file = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(server.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_file, cert_file, key_file


def _handler(routes: dict[str, Route], hits: list[str]) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            route = routes.get(self.path, Route(b"not found", 404, {}))
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            size = route.trickle or len(route.body)
            if route.length and "Location" not in route.headers:
                self.send_header("Content-Length", str(size))
            self.end_headers()
            try:
                if route.trickle:
                    for _ in range(route.trickle):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        time.sleep(0.05)
                else:
                    self.wfile.write(route.body)
            except OSError:  # the reader gave up and closed the connection
                pass

        def log_message(self, *args: object) -> None:
            pass

    return Handler


def _start(routes: dict[str, Route], context: ssl.SSLContext | None) -> Iterator[Server]:
    hits: list[str] = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(routes, hits))
    server.daemon_threads = True
    server.block_on_close = False
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    scheme = "https" if context else "http"
    yield Server(f"{scheme}://127.0.0.1:{server.server_port}", routes, hits)
    server.shutdown()
    server.server_close()


@pytest.fixture
def https_server(settings, tls_files) -> Iterator[Server]:
    ca_file, cert_file, key_file = tls_files
    settings.METADATA_CA_FILE = str(ca_file)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    yield from _start({}, context)


@pytest.fixture
def http_server(settings) -> Iterator[Server]:
    settings.METADATA_ALLOW_HTTP = True
    yield from _start({}, None)


A = key_pair("kombit-signing-a")
B = key_pair("kombit-signing-b")
C = key_pair("someone-else-c")


# --- good metadata -------------------------------------------------------------------------------


def test_a_signed_file_is_read(tmp_path):
    valid_until = NOW + datetime.timedelta(days=7)
    raw = metadata_xml(
        [(A, "signing"), (B, "encryption")],
        signer=A,
        valid_until=valid_until,
        cache_duration="PT6H",
    )
    path = tmp_path / "idp.xml"
    path.write_bytes(raw)

    metadata = reader.read_metadata(reader.fetch(str(path)), trusted=[A.certificate], now=NOW)

    assert metadata.entity_id == ENTITY_ID
    assert metadata.xml == raw
    assert metadata.signed_by == A.certificate
    assert [(c.sha256, c.use) for c in metadata.certificates] == [
        (A.certificate.sha256, "signing"),
        (B.certificate.sha256, "encryption"),
    ]
    assert metadata.signing_certificates == [reader.Certificate.from_pem(A.cert_pem, "signing")]
    assert metadata.valid_until == valid_until
    assert metadata.cache_duration == datetime.timedelta(hours=6)
    assert reader.fetch(path.as_uri()) == raw


def test_a_certificate_as_the_check_reports_it():
    cert = A.certificate
    parsed = x509.load_pem_x509_certificate(A.cert_pem.encode())
    assert cert.subject == cert.issuer == "CN=kombit-signing-a"
    assert cert.serial == format(parsed.serial_number, "X")
    assert cert.sha256 == ":".join(f"{b:02X}" for b in parsed.fingerprint(hashes.SHA256()))
    assert cert.not_before.tzinfo is not None and cert.not_after > cert.not_before
    assert reader.Certificate.from_pem(pem_body(A.cert_pem)) == cert  # a bare body, as metadata has


def test_a_certificate_listed_for_signing_and_encryption_is_one_for_both():
    raw = metadata_xml([(A, "signing"), (A, "encryption"), (B, "")], signer=A)
    metadata = reader.read_metadata(raw, trusted=[A.certificate], now=NOW)
    assert [(c.subject, c.use) for c in metadata.certificates] == [
        ("CN=kombit-signing-a", ""),
        ("CN=kombit-signing-b", ""),
    ]
    assert len(metadata.signing_certificates) == 2


def test_a_signed_url_is_read(https_server):
    raw = metadata_xml([(A, "signing")], signer=A)
    https_server.routes["/metadata.xml"] = Route(raw)

    fetched = reader.fetch(https_server.url("/metadata.xml"))

    assert fetched == raw
    assert (
        reader.read_metadata(fetched, trusted=[A.certificate], now=NOW).signed_by == A.certificate
    )


def test_the_signature_of_a_certificate_that_has_expired_still_verifies():
    """The roll-over check reports EXPIRED itself; the reader must still read the metadata."""
    old = key_pair("kombit-expired", expired=True)
    raw = metadata_xml([(old, "signing")], signer=old)
    metadata = reader.read_metadata(raw, trusted=[old.certificate], now=NOW)
    assert metadata.signed_by == old.certificate
    assert metadata.signed_by.not_after < NOW


# --- KOMBIT's external-test metadata -------------------------------------------------------------


def compact(raw: bytes) -> bytes:
    """The step that made tests/data/metadata/ch2-exttest-idp-metadata.compact.xml (README.md)."""
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
    return etree.tostring(etree.fromstring(raw, parser), xml_declaration=True, encoding="UTF-8")


def _c14n(raw: bytes) -> bytes:
    return etree.tostring(etree.fromstring(raw), method="c14n")


def _ch2_certificate() -> reader.Certificate:
    body = etree.fromstring(CH2_PRETTY.read_bytes()).findtext(
        ".//{http://www.w3.org/2000/09/xmldsig#}X509Certificate"
    )
    return reader.Certificate.from_pem(body)


def test_ch2_compact_copy_is_the_stored_one_without_blank_text():
    assert _c14n(CH2_COMPACT.read_bytes()) == _c14n(compact(CH2_PRETTY.read_bytes()))


def test_ch2_pretty_printed_copy_does_not_verify():
    """Re-indented after KOMBIT signed it: the signature no longer matches."""
    error = refused(
        "UNTRUSTED",
        lambda: reader.read_metadata(
            CH2_PRETTY.read_bytes(), trusted=[_ch2_certificate()], now=NOW
        ),
    )
    assert "verifies the signature" in error.message


def test_ch2_compact_copy_verifies_although_its_certificate_expired():
    cert = _ch2_certificate()
    assert cert.not_after == datetime.datetime(2026, 3, 28, 10, 38, 26, tzinfo=UTC)
    assert cert.not_after < NOW

    metadata = reader.read_metadata(CH2_COMPACT.read_bytes(), trusted=[cert], now=NOW)

    assert metadata.entity_id == CH2_ENTITY_ID
    assert metadata.signed_by == cert
    assert "CN=ADG_EXTTEST_Adgangsstyring_1" in cert.subject
    assert [c.sha256 for c in metadata.signing_certificates] == [cert.sha256]
    assert metadata.certificates[0].use == ""  # listed for signing and for encryption
    assert metadata.valid_until is None and metadata.cache_duration is None


def test_ch2_successor_certificate_does_not_verify_what_its_predecessor_signed():
    successor = reader.Certificate.from_pem(CH2_SUCCESSOR.read_text())
    assert "CN=ADG_EXTTEST_Adgangsstyring_2" in successor.subject
    assert successor.not_after == datetime.datetime(2028, 12, 11, 10, 31, 13, tzinfo=UTC)
    refused(
        "UNTRUSTED",
        lambda: reader.read_metadata(CH2_COMPACT.read_bytes(), trusted=[successor], now=NOW),
    )
    # Both trusted (an overlap): the one that signed it verifies.
    both = [successor, _ch2_certificate()]
    assert (
        reader.read_metadata(CH2_COMPACT.read_bytes(), trusted=both, now=NOW).signed_by == both[1]
    )


# --- refused documents ---------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&lol4;"/>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE md [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&xxe;"/>"""
PLAIN_DOCTYPE = b"""<?xml version="1.0"?>
<!DOCTYPE EntityDescriptor>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>"""


@pytest.mark.parametrize(
    "raw",
    [BILLION_LAUGHS, EXTERNAL_ENTITY, PLAIN_DOCTYPE],
    ids=["billion-laughs", "external-entity", "doctype"],
)
def test_a_doctype_is_refused(raw):
    error = refused(
        "INVALID", lambda: reader.read_metadata(raw, trusted=[], require_signature=False)
    )
    assert "DOCTYPE" in error.message or "XML" in error.message


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"<md:EntityDescriptor xmlns:md='urn:oasis:names:tc:SAML:2.0:metadata'",
        b"<EntitiesDescriptor xmlns='urn:oasis:names:tc:SAML:2.0:metadata'/>",
        b"<EntityDescriptor entityID='x'/>",  # no namespace
        b"<md:EntityDescriptor xmlns:md='urn:oasis:names:tc:SAML:2.0:metadata'/>",  # no entityID
    ],
    ids=["empty", "not-well-formed", "entities-descriptor", "no-namespace", "no-entity-id"],
)
def test_what_is_not_an_entity_descriptor_is_invalid(raw):
    refused("INVALID", lambda: reader.read_metadata(raw, trusted=[], require_signature=False))


def test_a_huge_file_is_invalid(settings, tmp_path):
    settings.METADATA_MAX_BYTES = 1000
    path = tmp_path / "huge.xml"
    path.write_bytes(metadata_xml([(A, "signing")], signer=None) + b" " * 1000)
    error = refused("INVALID", lambda: reader.fetch(str(path)))
    assert "larger than 1000 bytes" in error.message


def test_a_huge_answer_is_invalid_with_or_without_its_length(settings, https_server):
    settings.METADATA_MAX_BYTES = 1000
    https_server.routes["/big"] = Route(b"<x>" + b" " * 2000 + b"</x>")
    error = refused("INVALID", lambda: reader.fetch(https_server.url("/big")))
    assert "larger than 1000 bytes" in error.message
    # A server that does not say how long its answer is, is cut off while reading.
    https_server.routes["/unsaid"] = Route(b"<x>" + b" " * 2000 + b"</x>", length=False)
    error = refused("INVALID", lambda: reader.fetch(https_server.url("/unsaid")))
    assert "larger than 1000 bytes" in error.message


def test_an_html_page_is_invalid(https_server, tmp_path):
    https_server.routes["/login"] = Route(
        b"<html><body>Log in</body></html>", headers={"Content-Type": "text/html; charset=utf-8"}
    )
    https_server.routes["/mislabelled"] = Route(b"\n<!DOCTYPE html><html></html>")
    for url in (https_server.url("/login"), https_server.url("/mislabelled")):
        assert "HTML" in refused("INVALID", functools.partial(reader.fetch, url)).message
    page = tmp_path / "page.xml"
    page.write_bytes(b"<!doctype html><html></html>")
    refused("INVALID", lambda: reader.fetch(str(page)))


def test_a_server_error_is_unreachable(https_server):
    https_server.routes["/metadata.xml"] = Route(b"oops", status=500)
    assert (
        "HTTP 500"
        in refused("UNREACHABLE", lambda: reader.fetch(https_server.url("/metadata.xml"))).message
    )


def test_a_missing_file_or_an_unknown_scheme_is_unreachable(tmp_path):
    refused("UNREACHABLE", lambda: reader.fetch(str(tmp_path / "nothing.xml")))
    refused("UNREACHABLE", lambda: reader.fetch("ftp://idp.example.test/metadata.xml"))


def test_a_refused_connection_is_unreachable(settings):
    settings.METADATA_ALLOW_HTTP = True
    with socket.socket() as sock:  # a free port, closed again: nobody listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    refused("UNREACHABLE", lambda: reader.fetch(f"http://127.0.0.1:{port}/metadata.xml"))


def test_an_untrusted_tls_certificate_is_unreachable(settings, https_server):
    https_server.routes["/metadata.xml"] = Route(metadata_xml([(A, "signing")], signer=A))
    settings.METADATA_CA_FILE = None  # the system's CAs do not know the test CA
    refused("UNREACHABLE", lambda: reader.fetch(https_server.url("/metadata.xml")))


def test_plain_http_only_when_allowed(settings, http_server):
    raw = metadata_xml([(A, "signing")], signer=A)
    http_server.routes["/metadata.xml"] = Route(raw)
    assert reader.fetch(http_server.url("/metadata.xml")) == raw
    settings.METADATA_ALLOW_HTTP = False
    error = refused("UNREACHABLE", lambda: reader.fetch(http_server.url("/metadata.xml")))
    assert "METADATA_ALLOW_HTTP" in error.message
    assert http_server.hits == ["/metadata.xml"]


def test_redirects_on_the_same_host_are_followed_up_to_three(https_server):
    raw = metadata_xml([(A, "signing")], signer=A)
    https_server.routes["/metadata.xml"] = Route(raw)
    for hop in range(1, 5):
        target = f"/hop{hop - 1}" if hop > 1 else "/metadata.xml"
        https_server.routes[f"/hop{hop}"] = Route(status=302, headers={"Location": target})
    assert reader.fetch(https_server.url("/hop3")) == raw
    error = refused("UNREACHABLE", lambda: reader.fetch(https_server.url("/hop4")))
    assert "more than 3 redirects" in error.message


def test_a_redirect_to_another_host_is_unreachable(https_server):
    port = https_server.base.rsplit(":", 1)[1]
    https_server.routes["/metadata.xml"] = Route(metadata_xml([(A, "signing")], signer=A))
    # Same server, same port, but another host name: still someone else as far as the URL says.
    https_server.routes["/moved"] = Route(
        status=301, headers={"Location": f"https://localhost:{port}/metadata.xml"}
    )
    error = refused("UNREACHABLE", lambda: reader.fetch(https_server.url("/moved")))
    assert "another host" in error.message
    assert https_server.hits == ["/moved"]


def test_a_redirect_from_https_to_http_is_unreachable(settings, https_server, http_server):
    http_server.routes["/metadata.xml"] = Route(metadata_xml([(A, "signing")], signer=A))
    https_server.routes["/moved"] = Route(
        status=302, headers={"Location": http_server.url("/metadata.xml")}
    )
    assert settings.METADATA_ALLOW_HTTP  # even so
    error = refused("UNREACHABLE", lambda: reader.fetch(https_server.url("/moved")))
    assert "from https to http" in error.message
    assert http_server.hits == []


def test_a_trickling_server_is_given_up_after_the_total_timeout(settings, https_server):
    settings.METADATA_TIMEOUT_SECONDS = 0.5
    https_server.routes["/slow"] = Route(trickle=400)  # a byte every 50 ms: 20 s in all
    started = time.monotonic()
    error = refused("UNREACHABLE", lambda: reader.fetch(https_server.url("/slow")))
    assert time.monotonic() - started < 1.5
    assert "0.5 s" in error.message or "in time" in error.message


# --- signatures ----------------------------------------------------------------------------------


def test_unsigned_metadata_is_refused_when_a_signature_is_required():
    raw = metadata_xml([(A, "signing")], signer=None)
    refused("UNSIGNED", lambda: reader.read_metadata(raw, trusted=[A.certificate], now=NOW))
    metadata = reader.read_metadata(raw, trusted=[], require_signature=False, now=NOW)
    assert metadata.signed_by is None and metadata.entity_id == ENTITY_ID


def test_tampered_metadata_is_untrusted():
    raw = metadata_xml([(A, "signing")], signer=A)
    tampered = raw.replace(SSO.encode(), b"https://evil.example.test/sso", 1)
    assert tampered != raw
    error = refused("UNTRUSTED", lambda: reader.read_metadata(tampered, trusted=[A.certificate]))
    assert "changed after signing" in error.message


def test_a_signature_by_a_key_not_trusted_is_untrusted():
    raw = metadata_xml([(C, "signing")], signer=C)
    refused("UNTRUSTED", lambda: reader.read_metadata(raw, trusted=[A.certificate, B.certificate]))
    # Signed, but trusted by nobody, while signatures are not even required: still refused.
    refused(
        "UNTRUSTED",
        lambda: reader.read_metadata(raw, trusted=[A.certificate], require_signature=False),
    )


def test_signed_metadata_is_not_checked_when_nothing_is_trusted_nor_required():
    raw = metadata_xml([(C, "signing")], signer=C)
    assert reader.read_metadata(raw, trusted=[], require_signature=False).signed_by is None
    refused("UNTRUSTED", lambda: reader.read_metadata(raw, trusted=[]))


def test_a_signature_over_an_inner_element_only_is_invalid():
    root = etree.fromstring(metadata_xml([(A, "signing")], signer=None))
    descriptor = root[0]
    descriptor.set("ID", "_inner")
    signed = etree.fromstring(sign(root, A, reference_uri="_inner"))
    assert signed.find("{http://www.w3.org/2000/09/xmldsig#}Signature") is not None
    error = refused(
        "INVALID",
        lambda: reader.read_metadata(etree.tostring(signed), trusted=[A.certificate], now=NOW),
    )
    assert "does not cover" in error.message


def test_a_malformed_signature_is_invalid():
    raw = metadata_xml([(A, "signing")], signer=A)
    broken = raw.replace(b"rsa-sha256", b"rsa-sha999", 1)
    refused("INVALID", lambda: reader.read_metadata(broken, trusted=[A.certificate]))


def test_metadata_past_its_valid_until_is_stale():
    raw = metadata_xml([(A, "signing")], signer=A, valid_until=NOW - datetime.timedelta(minutes=1))
    error = refused("STALE", lambda: reader.read_metadata(raw, trusted=[A.certificate], now=NOW))
    assert "validUntil" in error.message
    later = NOW - datetime.timedelta(hours=1)
    assert reader.read_metadata(raw, trusted=[A.certificate], now=later).valid_until is not None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("PT6H", datetime.timedelta(hours=6)),
        ("P1D", datetime.timedelta(days=1)),
        ("PT1H30M", datetime.timedelta(hours=1, minutes=30)),
        ("PT0.5S", datetime.timedelta(seconds=0.5)),
        ("P1Y2M", datetime.timedelta(days=365 + 60)),
    ],
)
def test_cache_duration_is_an_iso_8601_duration(value, expected):
    raw = metadata_xml([(A, "signing")], signer=A, cache_duration=value)
    assert reader.read_metadata(raw, trusted=[A.certificate]).cache_duration == expected


@pytest.mark.parametrize("value", ["6 hours", "P", "PT", "-PT1H", "P1H"])
def test_a_cache_duration_that_is_not_one_is_invalid(value):
    raw = metadata_xml([(A, "signing")], signer=A, cache_duration=value)
    refused("INVALID", lambda: reader.read_metadata(raw, trusted=[A.certificate]))


# --- trust rolls over ----------------------------------------------------------------------------


def test_trust_rolls_over_to_the_announced_successor():
    """KOMBIT registers A; metadata signed by A announces B; the next metadata, signed by B, is
    trusted through the last good copy. Metadata signed by an unrelated C is not."""
    announced = reader.read_metadata(
        metadata_xml([(A, "signing"), (B, "signing")], signer=A), trusted=[A.certificate]
    )
    trust = reader.trust_for([A.certificate], announced)
    assert [c.sha256 for c in trust] == [A.certificate.sha256, B.certificate.sha256]

    rolled = reader.read_metadata(metadata_xml([(B, "signing")], signer=B), trusted=trust)
    assert rolled.signed_by is not None and rolled.signed_by.sha256 == B.certificate.sha256
    refused(
        "UNTRUSTED",
        lambda: reader.read_metadata(
            metadata_xml([(B, "signing")], signer=B), trusted=[A.certificate]
        ),
    )
    refused(
        "UNTRUSTED",
        lambda: reader.read_metadata(metadata_xml([(C, "signing")], signer=C), trusted=trust),
    )


def test_unsigned_metadata_never_extends_trust():
    unsigned = reader.read_metadata(
        metadata_xml([(C, "signing")], signer=None), trusted=[], require_signature=False
    )
    assert reader.trust_for([A.certificate], unsigned) == [A.certificate]
    assert reader.trust_for([A.certificate, A.certificate], None) == [A.certificate]


# --- read: the last good copy --------------------------------------------------------------------


@pytest.fixture
def source(https_server) -> tuple[Server, str]:
    https_server.routes["/metadata.xml"] = Route(metadata_xml([(A, "signing")], signer=A))
    return https_server, https_server.url("/metadata.xml")


def _copy(url: str) -> MetadataCopy:
    return MetadataCopy.objects.get(source=url)


@pytest.mark.django_db
def test_read_keeps_the_last_good_copy_and_backs_off(source):
    server, url = source
    first = reader.read(url, trusted=[A.certificate], now=NOW)
    assert first.fresh and first.error is None and first.metadata is not None
    copy = _copy(url)
    assert (copy.fetched_at, copy.failures, copy.last_error) == (NOW, 0, "")
    assert copy.next_fetch_at == NOW + datetime.timedelta(hours=1)
    assert bytes(copy.xml) == first.metadata.xml

    server.routes["/metadata.xml"] = Route(b"down for maintenance", status=503)
    retries = []
    at = NOW + datetime.timedelta(hours=1)
    for _ in range(4):
        result = reader.read(url, trusted=[A.certificate], now=at)
        assert not result.fresh
        assert result.metadata == first.metadata  # the last good copy, still usable
        assert result.error is not None and result.error.code == "UNREACHABLE"
        copy = _copy(url)
        retries.append(copy.next_fetch_at - at)
        at = copy.next_fetch_at
    assert [r.total_seconds() for r in retries] == [60, 120, 240, 480]
    assert copy.failures == 4 and copy.last_error.startswith("UNREACHABLE: ")
    assert bytes(copy.xml) == first.metadata.xml and copy.fetched_at == NOW

    # Not due: the stored copy, no fetch, no error.
    hits = len(server.hits)
    quiet = reader.read(url, trusted=[A.certificate], now=at - datetime.timedelta(seconds=1))
    assert (quiet.metadata, quiet.error, quiet.fresh) == (first.metadata, None, False)
    assert len(server.hits) == hits

    server.routes["/metadata.xml"] = Route(metadata_xml([(A, "signing")], signer=A))
    back = reader.read(url, trusted=[A.certificate], now=at)
    assert back.fresh and back.error is None
    assert _copy(url).failures == 0


@pytest.mark.django_db
def test_back_off_never_waits_longer_than_the_refresh(source, settings):
    settings.METADATA_REFRESH_SECONDS = 200
    server, url = source
    reader.read(url, trusted=[A.certificate], now=NOW)
    server.routes["/metadata.xml"] = Route(status=500)
    at = NOW
    for _ in range(3):
        reader.read(url, trusted=[A.certificate], now=at, force=True)
        at = _copy(url).next_fetch_at
    assert _copy(url).next_fetch_at - at == datetime.timedelta(0)
    assert at - NOW == datetime.timedelta(seconds=60 + 120 + 200)


@pytest.mark.django_db
def test_a_source_never_read_fails_without_a_copy(https_server):
    url = https_server.url("/nothing-here")
    result = reader.read(url, trusted=[A.certificate], now=NOW)
    assert result.metadata is None and result.error is not None and not result.fresh
    assert result.error.code == "UNREACHABLE"
    copy = _copy(url)
    assert (bytes(copy.xml), copy.failures) == (b"", 1)
    # Until the retry, the recorded error is returned without asking the source again.
    again = reader.read(url, trusted=[A.certificate], now=NOW + datetime.timedelta(seconds=30))
    assert again.metadata is None and again.error is not None
    assert again.error.code == "UNREACHABLE" and "HTTP 404" in again.error.message
    assert https_server.hits == ["/nothing-here"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cache_duration", "valid_for", "next_fetch"),
    [
        ("PT10M", None, datetime.timedelta(minutes=10)),
        ("P1D", None, datetime.timedelta(hours=1)),  # never later than the refresh
        (None, None, datetime.timedelta(hours=1)),
        (None, datetime.timedelta(minutes=20), datetime.timedelta(minutes=20)),
    ],
)
def test_cache_duration_and_valid_until_bring_the_next_fetch_forward(
    source, cache_duration, valid_for, next_fetch
):
    server, url = source
    server.routes["/metadata.xml"] = Route(
        metadata_xml(
            [(A, "signing")],
            signer=A,
            cache_duration=cache_duration,
            valid_until=NOW + valid_for if valid_for else None,
        )
    )
    reader.read(url, trusted=[A.certificate], now=NOW)
    assert _copy(url).next_fetch_at == NOW + next_fetch


@pytest.mark.django_db
def test_refresh_seconds_is_the_callers_to_choose(source):
    _server, url = source
    reader.read(url, trusted=[A.certificate], now=NOW, refresh_seconds=300)
    assert _copy(url).next_fetch_at == NOW + datetime.timedelta(minutes=5)


@pytest.mark.django_db
def test_read_rolls_trust_over_through_the_stored_copy(source):
    server, url = source
    server.routes["/metadata.xml"] = Route(metadata_xml([(A, "signing"), (B, "signing")], signer=A))
    assert reader.read(url, trusted=[A.certificate], now=NOW).fresh

    server.routes["/metadata.xml"] = Route(metadata_xml([(B, "signing")], signer=B))
    rolled = reader.read(url, trusted=[A.certificate], now=NOW, force=True)
    assert rolled.fresh and rolled.error is None and rolled.metadata is not None
    assert rolled.metadata.signed_by is not None
    assert rolled.metadata.signed_by.sha256 == B.certificate.sha256

    server.routes["/metadata.xml"] = Route(metadata_xml([(C, "signing")], signer=C))
    attacked = reader.read(url, trusted=[A.certificate], now=NOW, force=True)
    assert attacked.error is not None and attacked.error.code == "UNTRUSTED"
    assert attacked.metadata == rolled.metadata and not attacked.fresh


@pytest.mark.django_db
def test_a_stored_copy_that_no_longer_verifies_is_not_used(source):
    """Signed by A, announcing only B: once A is no longer trusted, the copy is worthless."""
    server, url = source
    server.routes["/metadata.xml"] = Route(metadata_xml([(B, "signing")], signer=A))
    assert reader.read(url, trusted=[A.certificate], now=NOW).fresh
    server.routes["/metadata.xml"] = Route(status=500)

    result = reader.read(url, trusted=[C.certificate], now=NOW + datetime.timedelta(minutes=1))

    assert result.metadata is None and result.error is not None
    assert result.error.code == "UNREACHABLE"  # fetched again at once, and that failed
    assert "the last good copy is not usable: UNTRUSTED" in result.error.message
    # After that failure the back-off decides; the copy's own problem is what is returned.
    later = reader.read(url, trusted=[C.certificate], now=NOW + datetime.timedelta(minutes=1))
    assert later.metadata is None and later.error is not None and later.error.code == "UNTRUSTED"


@pytest.mark.django_db
def test_a_stored_copy_is_refused_when_a_signature_becomes_required(tmp_path):
    path = tmp_path / "idp.xml"
    path.write_bytes(metadata_xml([(A, "signing")], signer=None))
    assert reader.read(str(path), trusted=[], require_signature=False, now=NOW).fresh
    result = reader.read(
        str(path), trusted=[A.certificate], now=NOW + datetime.timedelta(minutes=1)
    )
    assert result.metadata is None and result.error is not None and result.error.code == "UNSIGNED"


@pytest.mark.django_db
def test_a_copy_read_without_trust_is_returned_unchecked_until_due():
    """The portal without SAML_IDP_METADATA_TRUST: KOMBIT's pretty-printed metadata (its
    signature broken) is read unchecked, and so is the stored copy: no fetch before it is due."""
    first = reader.read(str(CH2_PRETTY), trusted=[], require_signature=False, now=NOW)
    assert first.fresh and first.metadata is not None and first.metadata.signed_by is None
    again = reader.read(str(CH2_PRETTY), trusted=[], require_signature=False, now=NOW)
    assert (again.metadata, again.error, again.fresh) == (first.metadata, None, False)


@pytest.mark.django_db
def test_read_makes_a_fixed_number_of_queries(source, django_assert_num_queries):
    _server, url = source
    trusted = [A.certificate]
    with django_assert_num_queries(4):  # look up; savepoint, insert, release
        assert reader.read(url, trusted=trusted, now=NOW).fresh
    with django_assert_num_queries(1):  # not due: look up only
        assert not reader.read(url, trusted=trusted, now=NOW).fresh
    with django_assert_num_queries(2):  # due: look up, update
        assert reader.read(url, trusted=trusted, now=NOW, force=True).fresh
