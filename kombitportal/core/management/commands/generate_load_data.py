"""`manage.py generate_load_data --municipalities N --tasks M`: synthetic data at scale for
benchmarks. Replaces the load data of an earlier run; the same seed gives the same data."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from kombitportal.core.loadgen import generate
from kombitportal.core.models import Municipality


class Command(BaseCommand):
    help = (
        "Generate synthetic load data: the first N municipalities × M published KLIK tasks, with "
        "people, role holders, responsible and performers, log rows and agreements. Earlier load "
        "data is replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipalities", type=int, default=98, metavar="N")
        parser.add_argument("--tasks", type=int, default=300, metavar="M")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")

    def handle(self, *args, municipalities: int, tasks: int, seed: int, **options):
        available = Municipality.objects.count()
        if not 1 <= municipalities <= available:
            raise CommandError(f"--municipalities must be between 1 and {available}.")
        if tasks < 1:
            raise CommandError("--tasks must be at least 1.")
        summary = generate(municipalities=municipalities, tasks=tasks, seed=seed)
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Fresh statistics for the planner, as autovacuum would give a real database in time;
            # without them a benchmark right after a reload measures bad plans over dead rows.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        counts = ", ".join(f"{count} {name}" for name, count in summary.counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Load data generated in {summary.seconds:.1f} s: {counts}.")
        )
