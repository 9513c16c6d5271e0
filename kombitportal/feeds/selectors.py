"""Reads of the calendar feeds: what a user can make a feed of, their feeds, the feed a token
opens, and its entries (from the areas, kombitportal/core/areas.py)."""

import re
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kombitportal.core import areas
from kombitportal.core.areas import MY_DEADLINES, CalendarEvent, FeedSource
from kombitportal.core.tokens import digest_of
from kombitportal.feeds.models import Feed

# What core/tokens.new_token makes: 32 random bytes, URL-safe base64 without padding.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def feed_sources(*, user) -> list[FeedSource]:
    """What the user can make a feed of: their own deadlines, then the areas' lists of theirs."""
    return [FeedSource(MY_DEADLINES, _("My deadlines"), {}), *areas.feed_sources(user=user)]


def feeds_of(*, user) -> QuerySet[Feed]:
    """The user's feeds that are not revoked, newest first."""
    return Feed.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at", "-pk")


def feed_for_token(token: str) -> Feed | None:
    """The feed the token opens: not revoked, of an active user; None for anything else (the
    caller answers every None alike). One query, none for a token of the wrong shape."""
    if not TOKEN_SHAPE.fullmatch(token):
        return None
    return (
        Feed.objects.select_related("user__municipality")
        .filter(digest=digest_of(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def feed_events(*, feed: Feed, today: date) -> list[CalendarEvent] | None:
    """The feed's entries, read as its owner may see them; None when its source is gone."""
    return areas.calendar_events(
        user=feed.user,
        source=feed.source,
        params=feed.params,
        titles_only=feed.titles_only,
        today=today,
    )
