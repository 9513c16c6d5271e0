"""`manage.py load_demo`: the seed's data and demo people, then every area's demo data (its
`demo`, kombitportal/core/areas.py). Running it twice changes nothing."""

from django.core.management.base import BaseCommand

from kombitportal.core import areas
from kombitportal.core.demo import load_core_demo
from kombitportal.core.models import Municipality, Organisation, Region
from kombitportal.core.reference_data import load_reference_data


class Command(BaseCommand):
    help = "Load the seed's demo data (idempotent)."

    def handle(self, *args, **options):
        load_reference_data(Region, Municipality, Organisation)
        counts = load_core_demo()
        for area in areas.areas():
            if area.demo:
                counts |= area.demo()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {summary}."))
