"""`manage.py import_population FILE [--date YYYY-MM-DD]`: the municipalities' population from
Danmarks Statistik's FOLK1A export. All or nothing: any bad row and nothing is saved."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kombitportal.core import services
from kombitportal.core.population import read_population_file


class Command(BaseCommand):
    help = "Import population per municipality from a FOLK1A CSV export (statistikbanken.dk)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--date", type=date.fromisoformat, help="population date (default: from TID)"
        )

    def handle(self, *args, file: Path, date: date | None, **options):
        try:
            raw = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Kan ikke læse {file}: {exc.strerror}") from exc
        parsed = read_population_file(raw, population_date=date)
        if parsed.errors:
            raise CommandError(
                f"{len(parsed.errors)} fejl; intet er gemt:\n"
                + "\n".join(f"  {e}" for e in parsed.errors)
            )
        changed = services.municipality_population_set(
            populations=parsed.populations,
            population_date=parsed.population_date,
            actor="import_population",
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Opdaterede {changed} kommuner (indbyggertal pr. {parsed.population_date:%d.%m.%Y}); "
                f"{len(parsed.populations) - changed} uændrede."
            )
        )
        if parsed.missing:
            self.stderr.write(
                self.style.WARNING(
                    f"Ikke i filen ({len(parsed.missing)}): {', '.join(parsed.missing)}"
                )
            )
