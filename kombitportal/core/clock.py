"""The portal's "today": the day every date rule takes as today (overdue, due soon, reminders)."""

from datetime import date

from django.utils import timezone


def today() -> date:
    """Today in Europe/Copenhagen."""
    return timezone.localdate()
