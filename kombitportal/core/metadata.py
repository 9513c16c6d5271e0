"""The one reader of SAML metadata: the portal's login (kombitportal/accounts/saml.py) and the
certificate roll-over check both fetch, parse and verify metadata here, so that they can never
disagree about what a source says or whom it trusts.

Three layers, each usable alone:
- `fetch` gets the bytes of a source (an https URL or a local file) within a size and a total time
  limit, following only harmless redirects;
- `read_metadata` parses them without DTDs or entities, checks the enveloped signature against the
  trusted certificates and lists the certificates the metadata announces;
- `read` keeps the last good copy of a source in the database (`MetadataCopy`), so that a source
  that is down, or suddenly serves rubbish, does not stop anyone logging in.

Every refusal is a `MetadataError` with a stable upper-case code the check reports as is.

Trust rolls over with `trust_for`: the registered certificates plus every certificate listed in the
last metadata one of them verified. KOMBIT announces its successor key in the metadata before it
signs with it, so the next metadata, signed with the new key, is trusted without anyone touching
the configuration.
"""

import re
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from http.client import HTTPException, HTTPMessage, HTTPResponse
from pathlib import Path
from ssl import SSLContext, create_default_context
from typing import IO, Literal
from urllib.parse import urlsplit
from urllib.request import url2pathname

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from lxml import etree
from signxml import SignatureConfiguration, XMLVerifier
from signxml.exceptions import InvalidDigest, InvalidSignature, SignXMLException

from kombitportal.core.models import MetadataCopy

ErrorCode = Literal["UNREACHABLE", "INVALID", "UNTRUSTED", "UNSIGNED", "STALE"]
ERROR_CODES: tuple[ErrorCode, ...] = ("UNREACHABLE", "INVALID", "UNTRUSTED", "UNSIGNED", "STALE")

MD = "urn:oasis:names:tc:SAML:2.0:metadata"
DS = "http://www.w3.org/2000/09/xmldsig#"
ROLE_DESCRIPTORS = (f"{{{MD}}}IDPSSODescriptor", f"{{{MD}}}SPSSODescriptor")
MAX_REDIRECTS = 3
CHUNK_BYTES = 64 * 1024
ACCEPT = "application/samlmetadata+xml, application/xml;q=0.9, text/xml;q=0.8"
FIRST_RETRY = timedelta(seconds=60)
# The attributes signxml resolves a Reference URI="#..." against (signxml.processor).
ID_ATTRIBUTES = ("Id", "ID", "id")


class MetadataError(Exception):
    """Why a source could not be used. `code` is what the roll-over check reports and operators
    match in their monitoring; `message` (English) says what exactly, for logs."""

    def __init__(self, code: ErrorCode, message: str):
        super().__init__(f"{code}: {message}")
        self.code: ErrorCode = code
        self.message = message


@dataclass(frozen=True)
class Certificate:
    """An X.509 certificate as metadata and configuration name it, with what the check reports."""

    subject: str
    issuer: str
    serial: str
    sha256: str
    not_before: datetime
    not_after: datetime
    use: str
    pem: str

    @classmethod
    def from_pem(cls, pem: str, use: str = "") -> "Certificate":
        """One certificate from PEM text (a bare base64 body, as metadata carries it, also does).
        Raises ValueError for anything that is not a certificate."""
        text = pem.strip()
        if "-----BEGIN" not in text:
            body = "".join(text.split())
            lines = [body[i : i + 64] for i in range(0, len(body), 64)]
            text = "\n".join(["-----BEGIN CERTIFICATE-----", *lines, "-----END CERTIFICATE-----"])
        return cls._of(x509.load_pem_x509_certificate(text.encode("ascii")), use)

    @classmethod
    def _of(cls, cert: x509.Certificate, use: str) -> "Certificate":
        return cls(
            subject=cert.subject.rfc4514_string(),
            issuer=cert.issuer.rfc4514_string(),
            serial=format(cert.serial_number, "X"),
            sha256=cert.fingerprint(hashes.SHA256()).hex(":").upper(),
            not_before=cert.not_valid_before_utc,
            not_after=cert.not_valid_after_utc,
            use=use,
            pem=cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        )


@dataclass(frozen=True)
class Metadata:
    """What a metadata document says, once it has been read (and verified, if it was signed)."""

    entity_id: str
    xml: bytes
    certificates: list[Certificate]
    signed_by: Certificate | None
    valid_until: datetime | None
    cache_duration: timedelta | None

    @property
    def signing_certificates(self) -> list[Certificate]:
        return [cert for cert in self.certificates if cert.use in ("signing", "")]


@dataclass(frozen=True)
class Read:
    """The outcome of `read`: the metadata to use now, and why a fresh copy could not be had."""

    metadata: Metadata | None
    error: MetadataError | None
    fresh: bool


# --- fetching -------------------------------------------------------------------------------------


def fetch(source: str, *, timeout: float | None = None, max_bytes: int | None = None) -> bytes:
    """The bytes of `source`: an https URL (plain http only with METADATA_ALLOW_HTTP), a local
    file path or a file:// URL. Never more than `max_bytes` (METADATA_MAX_BYTES) and never longer
    than `timeout` seconds in all (METADATA_TIMEOUT_SECONDS), so that a slow or hostile server
    cannot hold a login or a worker."""
    limit = settings.METADATA_MAX_BYTES if max_bytes is None else max_bytes
    seconds = float(settings.METADATA_TIMEOUT_SECONDS if timeout is None else timeout)
    scheme = urlsplit(source).scheme.lower()
    if scheme in ("https", "http"):
        if scheme == "http" and not settings.METADATA_ALLOW_HTTP:
            raise MetadataError(
                "UNREACHABLE", f"{source}: plain http is not allowed (METADATA_ALLOW_HTTP)"
            )
        raw, content_type = _fetch_url(source, seconds=seconds, limit=limit)
    elif scheme in ("", "file"):
        raw, content_type = _read_file(local_path(source), limit=limit), ""
    else:
        raise MetadataError("UNREACHABLE", f"{source}: only https URLs and local files are read")
    _refuse_html(source, raw, content_type)
    return raw


def local_path(source: str) -> Path:
    """The file a local source (a path, or a file:// URL) names."""
    if source.lower().startswith("file:"):
        return Path(url2pathname(urlsplit(source).path))
    return Path(source)


def _read_file(path: Path, *, limit: int) -> bytes:
    try:
        with path.open("rb") as file:
            raw = file.read(limit + 1)
    except OSError as error:
        raise MetadataError("UNREACHABLE", f"{path}: {error.strerror or error}") from error
    if len(raw) > limit:
        raise MetadataError("INVALID", f"{path}: larger than {limit} bytes")
    return raw


def _refuse_html(source: str, raw: bytes, content_type: str) -> None:
    """A login page or an error page of a proxy is not metadata, whatever its status was."""
    start = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].lower()
    if content_type == "text/html" or start.startswith((b"<!doctype html", b"<html")):
        raise MetadataError("INVALID", f"{source}: an HTML page, not metadata")


def _fetch_url(url: str, *, seconds: float, limit: int) -> tuple[bytes, str]:
    """Download in a worker thread and wait at most `seconds` for it.

    Socket timeouts only bound each single operation (and not the DNS lookup at all): a server
    that sends a byte a second would keep a plain urlopen forever. The caller waits for the worker
    no longer than the deadline. The worker checks the deadline before every read and gives up
    (closing the connection) at the first read after it; a server that sends nothing at all
    holds it at most one socket timeout (the time that was left) longer."""
    deadline = time.monotonic() + seconds
    context = create_default_context(cafile=settings.METADATA_CA_FILE or None)
    outcome: list[tuple[bytes, str] | BaseException] = []

    def work() -> None:
        try:
            outcome.append(_download(url, deadline=deadline, limit=limit, context=context))
        except BaseException as error:  # handed to the caller's thread
            outcome.append(error)

    worker = threading.Thread(target=work, name="metadata-fetch", daemon=True)
    worker.start()
    worker.join(seconds)
    if not outcome:
        raise MetadataError("UNREACHABLE", f"{url}: no complete answer within {seconds:g} s")
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """At most MAX_REDIRECTS redirects, only on the same host and never from https to http: a
    redirect elsewhere is where metadata would come from someone else."""

    def __init__(self) -> None:
        self.hops = 0

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        self.hops += 1
        old, new = urlsplit(req.full_url), urlsplit(newurl)
        problem = ""
        if self.hops > MAX_REDIRECTS:
            problem = f"more than {MAX_REDIRECTS} redirects"
        elif (new.hostname or "").lower() != (old.hostname or "").lower():
            problem = f"redirected to another host ({newurl})"
        elif old.scheme == "https" and new.scheme != "https":
            problem = f"redirected from https to {new.scheme} ({newurl})"
        elif new.scheme not in ("https", "http"):
            problem = f"redirected to {newurl}"
        if problem:
            fp.close()
            raise MetadataError("UNREACHABLE", f"{req.full_url}: {problem}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _download(url: str, *, deadline: float, limit: int, context: SSLContext) -> tuple[bytes, str]:
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(context=context),
        urllib.request.HTTPDefaultErrorHandler(),
        _SameHostRedirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    # The scheme is https or (allowed) http, checked by `fetch`; the opener has no other handler.
    request = urllib.request.Request(url, headers={"Accept": ACCEPT})  # noqa: S310
    try:
        with opener.open(request, timeout=_time_left(url, deadline)) as response:
            if response.status != 200:
                raise MetadataError("UNREACHABLE", f"{url}: HTTP {response.status}")
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > limit:
                raise MetadataError("INVALID", f"{url}: larger than {limit} bytes")
            return _read_body(response, url=url, deadline=deadline, limit=limit), (
                response.headers.get_content_type()
            )
    except urllib.error.HTTPError as error:
        error.close()
        raise MetadataError("UNREACHABLE", f"{url}: HTTP {error.code}") from error
    except urllib.error.URLError as error:
        raise MetadataError("UNREACHABLE", f"{url}: {error.reason}") from error
    except (OSError, HTTPException, ValueError) as error:  # reset, TLS, timeout, bad URL
        raise MetadataError("UNREACHABLE", f"{url}: {error!r}") from error


def _read_body(response: HTTPResponse, *, url: str, deadline: float, limit: int) -> bytes:
    """read1 returns what one socket read brings: the deadline is checked at least that often."""
    chunks: list[bytes] = []
    size = 0
    while chunk := _chunk(response, url, deadline):
        size += len(chunk)
        if size > limit:
            raise MetadataError("INVALID", f"{url}: larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _chunk(response: HTTPResponse, url: str, deadline: float) -> bytes:
    _time_left(url, deadline)
    return response.read1(CHUNK_BYTES)


def _time_left(url: str, deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise MetadataError("UNREACHABLE", f"{url}: no complete answer in time")
    return left


# --- reading --------------------------------------------------------------------------------------


def read_metadata(
    raw: bytes,
    *,
    trusted: list[Certificate],
    require_signature: bool = True,
    now: datetime | None = None,
) -> Metadata:
    """`raw` read as an EntityDescriptor, its signature verified by one of `trusted`.

    Unsigned metadata is refused (UNSIGNED) unless `require_signature` is off. Signed metadata is
    verified whenever certificates are trusted, required or not; with no trusted certificates and
    no signature required, a signature is not checked (the portal without configured trust)."""
    now = now or timezone.now()
    root = _document(raw)
    element, signed_by = _checked_signature(raw, root, trusted, require_signature)
    metadata = _metadata(raw, element, signed_by)
    if metadata.valid_until is not None and metadata.valid_until < now:
        raise MetadataError(
            "STALE", f"{metadata.entity_id}: validUntil {metadata.valid_until.isoformat()} passed"
        )
    return metadata


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _document(raw: bytes) -> etree._Element:
    """The EntityDescriptor of `raw`. A DOCTYPE is refused outright: metadata never needs one,
    and it is how entity expansion attacks (billion laughs, external entities) arrive."""
    try:
        root = etree.fromstring(raw, parser=_parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        raise MetadataError("INVALID", f"not well-formed XML: {error}") from error
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise MetadataError("INVALID", "the document has a DOCTYPE")
    if root.tag != f"{{{MD}}}EntityDescriptor":
        raise MetadataError("INVALID", f"the root element is {root.tag}, not md:EntityDescriptor")
    return root


def _checked_signature(
    raw: bytes, root: etree._Element, trusted: list[Certificate], require_signature: bool
) -> tuple[etree._Element, Certificate | None]:
    """(the element to read the metadata from, the certificate that verified it). Once verified,
    that element is what signxml says was signed, never the document around it."""
    if root.find(f"{{{DS}}}Signature") is None:
        if require_signature:
            raise MetadataError("UNSIGNED", f"{root.get('entityID')}: the metadata is not signed")
        return root, None
    if not trusted:
        if require_signature:
            raise MetadataError("UNTRUSTED", "the metadata is signed but no certificate is trusted")
        return root, None
    altered: Certificate | None = None
    for cert in trusted:
        try:
            signed = _verified_by(raw, cert)
        except InvalidDigest:
            altered = cert
            continue
        except InvalidSignature:
            continue
        except (SignXMLException, ValueError, etree.LxmlError) as error:
            raise MetadataError("INVALID", f"malformed signature: {error}") from error
        return _covering_root(signed, root), cert
    if altered is not None:
        raise MetadataError(
            "UNTRUSTED",
            f"signed with the trusted certificate {altered.subject}, but the content was changed "
            "after signing (digest mismatch)",
        )
    raise MetadataError(
        "UNTRUSTED", f"none of the {len(trusted)} trusted certificate(s) verifies the signature"
    )


def _verified_by(raw: bytes, cert: Certificate) -> tuple[etree._Element | None, etree._Element]:
    """(signed element, signature element) of the signature on the root, verified with `cert`.

    signxml refuses a certificate outside its validity period at "now". Metadata signed by an
    expired key must still be read (the roll-over check reports the expiry as its own finding,
    and python3-saml does not check IdP certificate dates either), so the check is made at the
    certificate's own notBefore: the signature value is verified with the certificate's public
    key, nothing else about the certificate matters here."""
    config = SignatureConfiguration(
        location="./", expect_references=1, verification_time=cert.not_before
    )
    result = XMLVerifier().verify(raw, x509_cert=cert.pem, parser=_parser(), expect_config=config)
    if isinstance(result, list):  # not with expect_references=1; for the type checker
        raise MetadataError("INVALID", "the signature has more than one reference")
    return result.signed_xml, result.signature_xml


def _covering_root(
    signed: tuple[etree._Element | None, etree._Element], root: etree._Element
) -> etree._Element:
    """The signed element, if the signature's one reference is the whole EntityDescriptor: a
    signature over some inner element would otherwise vouch for everything around it."""
    element, signature = signed
    uri = signature.find(f"{{{DS}}}SignedInfo/{{{DS}}}Reference").get("URI")
    root_id = root.get("ID")
    by_id = bool(root_id) and uri == f"#{root_id}" and _elements_with_id(root, root_id) == 1
    if element is None or element.tag != root.tag or not (uri == "" or by_id):
        raise MetadataError("INVALID", "the signature does not cover the EntityDescriptor")
    return element


def _elements_with_id(root: etree._Element, value: str | None) -> int:
    test = " or ".join(f"local-name()='{name}'" for name in ID_ATTRIBUTES)
    return len(root.xpath(f"//*[@*[{test}]=$value]", value=value))


def _metadata(raw: bytes, element: etree._Element, signed_by: Certificate | None) -> Metadata:
    entity_id = element.get("entityID")
    if not entity_id:
        raise MetadataError("INVALID", "the EntityDescriptor has no entityID")
    return Metadata(
        entity_id=entity_id,
        xml=raw,
        certificates=_certificates(element),
        signed_by=signed_by,
        valid_until=_date_time(element.get("validUntil")),
        cache_duration=_duration(element.get("cacheDuration")),
    )


def _certificates(element: etree._Element) -> list[Certificate]:
    """Every KeyDescriptor certificate of the IdP/SP roles, once each: a certificate listed for
    signing and for encryption is one certificate for both (use "")."""
    found: dict[str, Certificate] = {}
    for role in element:
        if role.tag not in ROLE_DESCRIPTORS:
            continue
        for descriptor in role.iterfind(f"{{{MD}}}KeyDescriptor"):
            use = descriptor.get("use", "")
            if use not in ("signing", "encryption", ""):
                raise MetadataError("INVALID", f"a KeyDescriptor has use={use!r}")
            for node in descriptor.iterfind(
                f"{{{DS}}}KeyInfo/{{{DS}}}X509Data/{{{DS}}}X509Certificate"
            ):
                cert = _listed_certificate("".join(node.itertext()), use)
                seen = found.get(cert.sha256)
                found[cert.sha256] = (
                    cert if seen is None or seen.use == use else replace(seen, use="")
                )
    return list(found.values())


def _listed_certificate(body: str, use: str) -> Certificate:
    try:
        return Certificate.from_pem(body, use)
    except ValueError as error:
        raise MetadataError(
            "INVALID", f"a KeyDescriptor certificate cannot be read: {error}"
        ) from error


def _date_time(value: str | None) -> datetime | None:
    """xs:dateTime; without a zone it is taken as UTC (SAML requires UTC anyway)."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError as error:
        raise MetadataError("INVALID", f"validUntil {value!r} is not a date and time") from error
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


_DURATION = re.compile(
    r"P(?!$)(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<days>\d+)D)?"
    r"(?:T(?!$)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?"
)


def _duration(value: str | None) -> timedelta | None:
    """xs:duration (PT6H, P1D, ...). A year counts 365 days and a month 30: the value only ever
    shortens the refresh interval, so calendar precision does not matter."""
    if value is None:
        return None
    match = _DURATION.fullmatch(value.strip())
    if match is None:
        raise MetadataError("INVALID", f"cacheDuration {value!r} is not an ISO 8601 duration")
    part = {name: float(number or 0) for name, number in match.groupdict().items()}
    return timedelta(
        days=part["years"] * 365 + part["months"] * 30 + part["days"],
        hours=part["hours"],
        minutes=part["minutes"],
        seconds=part["seconds"],
    )


def trust_for(registered: list[Certificate], last_good: Metadata | None) -> list[Certificate]:
    """The certificates a source's next metadata may be signed by: the registered ones, plus every
    certificate the last good metadata listed, if a trusted certificate signed it. This is how a
    roll-over needs no configuration change: the successor is announced in signed metadata first,
    then used to sign."""
    if last_good is None or last_good.signed_by is None:
        return _unique(registered)
    return _unique([*registered, *last_good.certificates])


def _unique(certificates: list[Certificate]) -> list[Certificate]:
    return list({cert.sha256: cert for cert in reversed(certificates)}.values())[::-1]


# --- the last good copy ---------------------------------------------------------------------------


def read(
    source: str,
    *,
    trusted: list[Certificate],
    require_signature: bool = True,
    now: datetime | None = None,
    force: bool = False,
    refresh_seconds: int | None = None,
) -> Read:
    """The metadata of `source` to use now, fetched again when due (or `force`), else the last
    good copy kept in the database.

    A failed fetch keeps the last good copy (returned with the error, fresh=False) and retries
    sooner: after 60 s, doubling per failure, never later than the normal refresh. The refresh is
    `refresh_seconds` (METADATA_REFRESH_SECONDS by default), shortened by the metadata's
    cacheDuration and never past its validUntil. The stored copy is verified again each time it is
    returned, with `trust_for(trusted, stored)`: a copy that no longer verifies (trust removed, a
    signature now required, validUntil passed) is not used."""
    now = now or timezone.now()
    refresh = timedelta(
        seconds=settings.METADATA_REFRESH_SECONDS if refresh_seconds is None else refresh_seconds
    )
    copy = MetadataCopy.objects.filter(source=source).first()
    stored, stored_error = _stored(copy, trusted, require_signature, now)
    if copy is not None and not force and not _due(copy, stored, now):
        return Read(stored, stored_error, fresh=False)
    try:
        metadata = read_metadata(
            fetch(source),
            trusted=trust_for(trusted, stored),
            require_signature=require_signature,
            now=now,
        )
    except MetadataError as error:
        _record_failure(copy, source, error, now=now, refresh=refresh)
        if stored is None and copy is not None and copy.xml:
            error = MetadataError(
                error.code, f"{error.message} (the last good copy is not usable: {stored_error})"
            )
        return Read(stored, error, fresh=False)
    _record_success(copy, source, metadata, now=now, refresh=refresh)
    return Read(metadata, None, fresh=True)


def _due(copy: MetadataCopy, stored: Metadata | None, now: datetime) -> bool:
    """Time to fetch: the refresh (or back-off) time has come, or the stored copy stopped
    verifying while the source was fine (trust changed): then at once, once; after a failed fetch
    the back-off decides."""
    return copy.next_fetch_at <= now or (stored is None and copy.failures == 0)


def _stored(
    copy: MetadataCopy | None, trusted: list[Certificate], require_signature: bool, now: datetime
) -> tuple[Metadata | None, MetadataError | None]:
    """The stored copy read again, or why it cannot be used. A row without XML only records the
    failures of a source that was never read."""
    if copy is None:
        return None, None
    raw = bytes(copy.xml)
    if not raw:
        return None, _recorded_error(copy)
    try:
        # As it was read: verified by `trust_for(trusted, itself)`, or not checked at all when
        # nothing is trusted nor required.
        listed = _certificates(_document(raw)) if trusted or require_signature else []
        metadata = read_metadata(
            raw, trusted=_unique([*trusted, *listed]), require_signature=require_signature, now=now
        )
    except MetadataError as error:
        return None, error
    return metadata, None


def _recorded_error(copy: MetadataCopy) -> MetadataError:
    code, _, message = copy.last_error.partition(": ")
    for known in ERROR_CODES:
        if code == known:
            return MetadataError(known, message)
    return MetadataError("UNREACHABLE", copy.last_error or "never read")


def _record_failure(
    copy: MetadataCopy | None,
    source: str,
    error: MetadataError,
    *,
    now: datetime,
    refresh: timedelta,
) -> None:
    failures = (copy.failures if copy is not None else 0) + 1
    retry = min(FIRST_RETRY * 2 ** min(failures - 1, 20), refresh)
    fields = {"next_fetch_at": now + retry, "failures": failures, "last_error": str(error)[:1000]}
    _save(copy, source, fields)


def _record_success(
    copy: MetadataCopy | None, source: str, metadata: Metadata, *, now: datetime, refresh: timedelta
) -> None:
    next_fetch_at = now + min(metadata.cache_duration or refresh, refresh)
    if metadata.valid_until is not None:
        next_fetch_at = min(next_fetch_at, metadata.valid_until)
    fields = {
        "xml": metadata.xml,
        "fetched_at": now,
        "next_fetch_at": next_fetch_at,
        "valid_until": metadata.valid_until,
        "failures": 0,
        "last_error": "",
    }
    _save(copy, source, fields)


def _save(copy: MetadataCopy | None, source: str, fields: dict[str, object]) -> None:
    """Update the row read at the start, or create it; when another process created it in
    between, update that one. A failure never touches the good XML."""
    if copy is not None:
        for name, value in fields.items():
            setattr(copy, name, value)
        copy.save(update_fields=list(fields))
        return
    try:
        with transaction.atomic():
            MetadataCopy.objects.create(source=source, **fields)
    except IntegrityError:
        MetadataCopy.objects.filter(source=source).update(**fields)
