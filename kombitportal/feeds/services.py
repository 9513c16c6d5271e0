"""Writes of the calendar feeds: a user makes a feed (its token shown to them once, only its
digest kept) and revokes it, both recorded in the audit trail; a fetch notes when the feed was
last read."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kombitportal.core import audit
from kombitportal.core.areas import FeedSource
from kombitportal.core.tokens import new_token
from kombitportal.feeds.models import Feed

# How many feeds a user may have at once: enough for every saved filter anyone keeps, and a bound
# on what a leaked session can make.
MAX_FEEDS = 20
# A fetch writes its time at most this often (Outlook fetches every few hours, a browser on reload).
FETCH_RESOLUTION = timedelta(minutes=5)


@dataclass(frozen=True)
class NewFeed:
    feed: Feed
    token: str  # the plain token: for the owner's address, once; never stored


@transaction.atomic
def feed_create(*, user, source: FeedSource, titles_only: bool) -> NewFeed:
    """A new feed of `source` (one of the user's own, kombitportal/feeds/selectors.feed_sources)."""
    if Feed.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_FEEDS:
        raise ValidationError(
            _("You have %(n)d calendars, the most anyone can have. Revoke one you no longer use.")
            % {"n": MAX_FEEDS},
            code="too_many",
        )
    token = new_token()
    feed = Feed(
        user=user,
        name=str(source.label)[: Feed._meta.get_field("name").max_length],
        source=source.key,
        params=source.params,
        titles_only=titles_only,
        digest=token.digest,
        prefix=token.prefix,
    )
    feed.full_clean()
    feed.save()
    audit.record(
        actor=user,
        action="feeds.feed.create",
        obj=feed,
        municipality=user.municipality_id,
        changes={
            "name": (None, feed.name),
            "source": (None, source.value),
            "titles_only": (None, titles_only),
        },
        created=True,
    )
    return NewFeed(feed, token.plain)


@transaction.atomic
def feed_revoke(*, feed: Feed, actor) -> None:
    """The feed's address stops working for good (a new feed gets a new address)."""
    if feed.revoked_at is not None:
        return
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        action="feeds.feed.revoke",
        obj=feed,
        municipality=feed.user.municipality_id,
        changes={"revoked_at": (None, feed.revoked_at)},
    )


def feed_fetched(*, feed: Feed, now: datetime) -> None:
    """Note the fetch, so the owner sees which feeds are in use. Not in the audit trail: a fetch
    reads and changes nothing of the user's (as the session's last-seen time does not)."""
    if feed.last_fetched_at is None or now - feed.last_fetched_at >= FETCH_RESOLUTION:
        Feed.objects.filter(pk=feed.pk).update(last_fetched_at=now)
        feed.last_fetched_at = now
