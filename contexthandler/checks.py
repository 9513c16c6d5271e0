"""The certificate roll-over check: read a metadata source with the core's reader
(kombitportal/core/metadata.py), compare its signing certificates with what earlier checks saw,
and report findings, each by a stable upper-case word operators can match in their monitoring.

Trust rolls over: a source is trusted by the certificates KOMBIT registers (the current one and
the announced successor) plus those listed in the last metadata they verified (the core's
`trust_for`). Metadata signed by anything else is not used, and is an UNTRUSTED finding."""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction

from contexthandler.models import Finding, MetadataSource, Sighting, needs_action
from kombitportal.core import audit
from kombitportal.core import metadata as reader

EXPIRY_WARNING = timedelta(days=30)
PEM = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.DOTALL)


def certificates_in(pem_text: str) -> list[reader.Certificate]:
    """Every PEM certificate in a text (a source's trusted certificates, a --trust file)."""
    return [reader.Certificate.from_pem(block) for block in PEM.findall(pem_text)]


@dataclass(frozen=True)
class Line:
    code: str
    message: str
    sha256: str = ""

    def __str__(self) -> str:
        return f"{self.code} {self.message}"


@dataclass
class Report:
    source: str
    certificates: list[reader.Certificate] = field(default_factory=list)
    findings: list[Line] = field(default_factory=list)
    fresh: bool = False

    @property
    def needs_action(self) -> bool:
        return any(needs_action(line.code) for line in self.findings)


def _expiry(source: str, cert: reader.Certificate, now: datetime) -> Line | None:
    if cert.not_after <= now:
        return Line(
            Finding.Code.EXPIRED,
            f"{source}: {cert.subject} expired {cert.not_after:%Y-%m-%d %H:%M} UTC",
            cert.sha256,
        )
    if cert.not_after <= now + EXPIRY_WARNING:
        days = (cert.not_after - now).days
        return Line(
            Finding.Code.EXPIRING,
            f"{source}: {cert.subject} expires {cert.not_after:%Y-%m-%d %H:%M} UTC (in {days} days)",
            cert.sha256,
        )
    return None


def inspect(
    name: str, location: str, trusted: list[reader.Certificate], *, now: datetime
) -> tuple[Report, reader.Read]:
    """Read one source and judge what it says; stores nothing of its own (the core keeps the
    last good copy)."""
    read = reader.read(location, trusted=trusted, now=now, force=True)
    report = Report(name, fresh=read.fresh)
    if read.error is not None:
        report.findings.append(Line(read.error.code, f"{name}: {read.error.message}"))
    if read.metadata is not None:
        report.certificates = read.metadata.signing_certificates
        for cert in report.certificates:
            if (line := _expiry(name, cert, now)) is not None:
                report.findings.append(line)
    return report, read


@transaction.atomic
def check_source(source: MetadataSource, *, now: datetime) -> Report:
    """Check a registered source: its findings, and the certificates seen (new, gone) against what
    earlier checks recorded. Writes the sightings and findings, and one audit event."""
    report, read = inspect(
        source.name, source.location, certificates_in(source.trusted_pem), now=now
    )
    seen = {s.sha256: s for s in Sighting.objects.select_for_update().filter(source=source)}
    if read.fresh and read.metadata is not None:
        current = {cert.sha256: cert for cert in report.certificates}
        for sha256, cert in current.items():
            sighting = seen.get(sha256)
            if sighting is None:
                Sighting.objects.create(
                    source=source, sha256=sha256, subject=cert.subject, issuer=cert.issuer,
                    serial=cert.serial, not_before=cert.not_before, not_after=cert.not_after,
                    use=cert.use, first_seen=now, last_seen=now,
                )  # fmt: skip
                report.findings.insert(
                    0, Line(Finding.Code.NEW, f"{source.name}: {cert.subject}", sha256)
                )
            else:
                sighting.last_seen, sighting.gone_at, sighting.use = now, None, cert.use
                sighting.save(update_fields=["last_seen", "gone_at", "use"])
        for sha256, sighting in seen.items():
            if sha256 not in current and sighting.gone_at is None:
                sighting.gone_at = now
                sighting.save(update_fields=["gone_at"])
                report.findings.insert(
                    0, Line(Finding.Code.GONE, f"{source.name}: {sighting.subject}", sha256)
                )
    if not report.needs_action:
        report.findings.append(
            Line(
                Finding.Code.OK, f"{source.name}: {len(report.certificates)} signing certificate(s)"
            )
        )
    Finding.objects.bulk_create(
        Finding(source=source, checked_at=now, code=line.code, message=line.message[:500],
                sha256=line.sha256)
        for line in report.findings
    )  # fmt: skip
    source.last_checked_at = now
    source.save(update_fields=["last_checked_at"])
    audit.record(
        actor=None,
        action="contexthandler.metadata.check",
        obj=source,
        note=", ".join(sorted({line.code for line in report.findings})),
    )
    return report


def check_adhoc(location: str, trusted_pem: str, *, now: datetime) -> Report:
    """A URL or file that is no registered source (`check_metadata URL --trust FILE.pem`): its
    certificates and findings, nothing recorded as sightings."""
    report, _read = inspect(location, location, certificates_in(trusted_pem), now=now)
    if not report.needs_action:
        report.findings.append(
            Line(Finding.Code.OK, f"{location}: {len(report.certificates)} signing certificate(s)")
        )
    return report
