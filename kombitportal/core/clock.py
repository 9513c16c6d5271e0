"""The portal's "today": the day every date rule takes as today (overdue, due soon, reminders and
their sweeps, a signature's date). PORTAL_TODAY fixes it (the demo shows the portal as on a day
of the seed's meeting week); unset, it is the real date in Europe/Copenhagen."""

from datetime import date

from django.conf import settings
from django.utils import timezone


def today() -> date:
    return settings.PORTAL_TODAY or timezone.localdate()


def is_fixed() -> bool:
    """Whether today is PORTAL_TODAY rather than the real date (every page then says so)."""
    return settings.PORTAL_TODAY is not None
