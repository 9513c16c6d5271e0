"""A feed as iCalendar (RFC 5545) through `icalendar`: one all-day VEVENT per entry, with a UID
that stays the same from fetch to fetch, free time (a deadline does not make the user busy), and
the portal page's address."""

from datetime import datetime, timedelta

from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from kombitportal.core.areas import CalendarEvent

PRODID = "-//KOMBIT//Programlederportalen//DA"
# How often a calendar program is asked to fetch the feed again (Outlook reads X-PUBLISHED-TTL).
REFRESH = timedelta(hours=1)


def summary(event: CalendarEvent) -> str:
    """The title; for a date KOMBIT wrote approximately, with the date as written: the entry sits
    on one day of the ones the text can mean."""
    return event.title if event.exact else f"{event.title} ({event.when})"


def calendar_ics(
    *, name: str, events: list[CalendarEvent], base_url: str, host: str, now: datetime
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{name} · {_('Programme-leader portal')}")
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    # An X- property has no type of its own: a duration is written as one ("PT1H").
    calendar.add("x-published-ttl", vDuration(REFRESH))
    approximate = _("The date as KOMBIT wrote it: %(when)s. The calendar shows it on %(day)s.")
    for entry in events:
        url = base_url + entry.url
        details = list(entry.details)
        if not entry.exact:
            details.append(approximate % {"when": entry.when, "day": f"{entry.day:%d.%m.%Y}"})
        event = Event()
        event.add("uid", f"{entry.uid}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + timedelta(days=1))
        event.add("summary", summary(entry))
        event.add("description", "\n".join([*details, "", url]))
        event.add("url", url)
        event.add("categories", [entry.category])
        event.add("transp", "TRANSPARENT")
        event.add("x-microsoft-cdo-busystatus", "FREE")
        event.add("x-microsoft-cdo-alldayevent", "TRUE")
        calendar.add_component(event)
    return calendar.to_ical()
