"""`manage.py import_population FILE [--date YYYY-MM-DD]`: the municipalities' population from
Danmarks Statistik's FOLK1A CSV. All or nothing: one bad row and nothing is saved."""

import argparse
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kombitportal.core import services
from kombitportal.core.population import read_population_file


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}” is not a date like 2025-01-01.") from None


class Command(BaseCommand):
    help = (
        "Set each municipality's population from Danmarks Statistik's FOLK1A CSV "
        "(statistikbanken.dk export or Statbank API; UTF-8 or Windows-1252; ';' or ',')."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the FOLK1A CSV file")
        parser.add_argument(
            "--date",
            type=iso_date,
            help="population date YYYY-MM-DD (default: from TID, 2025K1 → 2025-01-01)",
        )

    def handle(self, *args, file: Path, date: date | None, **options):
        try:
            raw = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        parsed = read_population_file(raw, population_date=date)
        if parsed.errors:
            raise CommandError(
                f"{len(parsed.errors)} error(s) in {file.name}; nothing was saved:\n"
                + "\n".join(f"  {error}" for error in parsed.errors)
            )
        assert parsed.population_date is not None  # no errors means a date was found or given
        changed = services.municipality_population_set(
            populations=parsed.populations,
            population_date=parsed.population_date,
            actor="import_population",
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Updated {changed} municipalities (date {parsed.population_date.isoformat()}); "
                f"{len(parsed.populations) - changed} unchanged."
            )
        )
        if parsed.missing:
            self.stderr.write(
                self.style.WARNING(
                    f"Warning: {len(parsed.missing)} municipalities are not in the file "
                    f"and keep their population: {', '.join(parsed.missing)}"
                )
            )
