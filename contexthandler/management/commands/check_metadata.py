"""`manage.py check_metadata [SOURCE ...] [--trust FILE.pem]`: the certificate roll-over check, as
beat runs it, for operators' monitoring. A SOURCE is a registered source's name, a URL or a file;
none means every active registered source. One line per certificate and one per finding, each
finding starting with its word (NEW, GONE, EXPIRING, EXPIRED, UNREACHABLE, INVALID, UNTRUSTED,
UNSIGNED, STALE, OK). Exit status 0 when nothing needs action, 1 when something does."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from contexthandler import checks
from contexthandler.models import MetadataSource


class Command(BaseCommand):
    help = "Check metadata sources' signing certificates; exit 1 when something needs action."

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="*", help="registered names, URLs or files")
        parser.add_argument(
            "--trust", action="append", default=[], type=Path,
            help="a PEM file of trusted certificates for a URL or file given here (repeatable)",
        )  # fmt: skip

    def handle(self, *args, sources: list[str], trust: list[Path], **options):
        now = timezone.now()
        try:
            trusted = "".join(path.read_text() for path in trust)
        except OSError as exc:
            raise CommandError(f"Cannot read a --trust file: {exc}") from exc
        if trust and not checks.certificates_in(trusted):
            raise CommandError("The --trust files hold no PEM certificate.")
        registered: dict[str, MetadataSource | str] = {
            s.name: s for s in MetadataSource.objects.all()
        }
        todo: list[MetadataSource | str]
        if not sources:
            todo = [s for s in registered.values() if isinstance(s, MetadataSource) and s.active]
            if not todo:
                raise CommandError("No metadata source is registered; give a URL or a file.")
        else:
            todo = [registered.get(name, name) for name in sources]
        needs_action = False
        for source in todo:
            if isinstance(source, MetadataSource):
                report = checks.check_source(source, now=now)
            else:
                report = checks.check_adhoc(source, trusted, now=now)
            for cert in report.certificates:
                self.stdout.write(
                    f"certificate {report.source}: subject={cert.subject!r} "
                    f"issuer={cert.issuer!r} serial={cert.serial} sha256={cert.sha256} "
                    f"not_before={cert.not_before:%Y-%m-%dT%H:%M:%SZ} "
                    f"not_after={cert.not_after:%Y-%m-%dT%H:%M:%SZ} use={cert.use or 'both'}"
                )
            for line in report.findings:
                self.stdout.write(str(line))
            needs_action |= report.needs_action
        if needs_action:
            sys.exit(1)
