"""`manage.py import_checkins FILE.csv`: KOMBIT's survey export of the check-ins
(`municipality_code,wave,phase,week,area,score,comment`). All or nothing: one bad row and nothing is
saved; importing the same file twice changes nothing."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from valg.imports import read_checkins
from valg.services import checkins_import


class Command(BaseCommand):
    help = (
        "Import the check-in scores of KOMBIT's survey export (columns municipality_code, wave, "
        "phase, week, area, score, comment; UTF-8 or Windows-1252; ';' or ',')."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the survey export (CSV)")

    def handle(self, *args, file: Path, **options):
        try:
            raw = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        with translation.override("en"):  # commands speak English, the row errors too
            parsed = read_checkins(raw)
            if parsed.errors:
                raise CommandError(
                    f"{len(parsed.errors)} error(s) in {file.name}; nothing was saved:\n"
                    + "\n".join(f"  {error}" for error in parsed.errors)
                )
            try:
                saved = checkins_import(rows=parsed.rows, actor=None)
            except ValidationError as exc:
                raise CommandError(
                    f"{file.name} could not be saved; nothing was saved:\n"
                    + "\n".join(f"  {message}" for message in exc.messages)
                ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(parsed.rows)} check-ins: {saved.created} new, "
                f"{saved.changed} changed, {saved.unchanged} unchanged."
            )
        )
