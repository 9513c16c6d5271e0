"""Valg's part of the weekly digest: while the municipality's wave runs, the weeks whose check-in
its programme leader has not entered yet. Plugged into the outbox in ValgConfig.ready()."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kombitportal.core.models import Person
from kombitportal.notifications.registry import DigestPart, DigestSection
from valg.models import CheckIn, RatedArea, Wave, phase_of

# A wave's last check-in (week 5) is still asked for in the digest of the week after.
GRACE = timedelta(days=7)


@dataclass(frozen=True)
class MissingWeek:
    week: int
    phase: str
    url_path: str


def week_of(wave: Wave, day: date) -> int | None:
    """The week of the wave `day` falls in (1–5), or None outside the wave."""
    if wave.starts_on is None or day < wave.starts_on:
        return None
    week = (day - wave.starts_on).days // 7 + 1
    return week if week <= 5 else None


def digest_section(*, person: Person, day: date) -> DigestSection | None:
    """For a programme leader whose municipality's wave is under way: the weeks so far without a
    check-in. Three queries at most."""
    user = person.user
    if user is None or not user.is_programme_leader or person.municipality_id is None:
        return None
    wave = (
        Wave.objects.filter(
            municipalities=person.municipality_id,
            status__in=[Wave.Status.RUNNING, Wave.Status.DONE],
            starts_on__lte=day,
            starts_on__gte=day - timedelta(weeks=5) - GRACE,
        )
        .order_by("-starts_on")
        .first()
    )
    if wave is None:
        return None
    current = week_of(wave, day)
    if current is None:  # after week 5: its check-in is asked for one week more
        if wave.ends_on is None or day > wave.ends_on + GRACE:
            return None
        current = 5
    entered = set(
        CheckIn.objects.filter(
            wave=wave, municipality_id=person.municipality_id, area=RatedArea.GENERAL
        ).values_list("week", flat=True)
    )
    missing = [
        MissingWeek(week, str(phase_of(week).label), reverse("valg:checkin_week", args=[week]))
        for week in range(1, current + 1)
        if week not in entered
    ]
    return DigestSection(
        title=_("Valg: your check-ins in %(wave)s") % {"wave": wave},
        template="valg/mail/digest_checkins",
        context={"weeks": missing, "wave": str(wave), "current": current},
        count=len(missing),
    )


DIGEST = DigestPart("valg.checkins", position=400, build=digest_section)
