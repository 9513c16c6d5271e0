"""The calendar feeds: the feed itself at its private address (no login, no session: the token
in the address is all it takes), and on the profile page the user's feeds, a new one (its address
shown once) and revoking one."""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kombitportal.core import clock
from kombitportal.core.forms import add_service_errors
from kombitportal.core.http import PortalRequest
from kombitportal.feeds import ical, selectors, services
from kombitportal.feeds.forms import FeedForm
from kombitportal.feeds.models import Feed

# How long a calendar program (or a proxy of the user's own) may keep a fetched feed.
FEED_MAX_AGE = 15 * 60


def _base_url(request: HttpRequest) -> str:
    if settings.PORTAL_BASE_URL:
        return settings.PORTAL_BASE_URL
    return f"{request.scheme}://{request.get_host()}"


def _not_found() -> HttpResponse:
    """One answer for an unknown, revoked or ended feed: plain text, so that no page (with its
    CSRF cookie) is made for a calendar program."""
    return HttpResponseNotFound(
        _("There is no calendar at this address. It may have been revoked."),
        content_type="text/plain; charset=utf-8",
    )


@login_not_required
@require_safe
def calendar(request: HttpRequest, token: str) -> HttpResponse:
    feed = selectors.feed_for_token(token)
    events = selectors.feed_events(feed=feed, today=clock.today()) if feed else None
    if feed is None or events is None:
        return _not_found()
    now = timezone.now()
    services.feed_fetched(feed=feed, now=now)
    base_url = _base_url(request)
    body = ical.calendar_ics(
        name=feed.name,
        events=events,
        base_url=base_url,
        host=urlsplit(base_url).hostname or "localhost",
        now=now,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kalender.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    patch_cache_control(response, private=True, max_age=FEED_MAX_AGE)
    return response


def profile_section(user) -> dict[str, Any]:
    """What the profile page's calendar section shows (templates/feeds/profile_feeds.html)."""
    return {
        "feeds": list(selectors.feeds_of(user=user)),
        "form": FeedForm(sources=selectors.feed_sources(user=user)),
    }


@require_http_methods(["GET", "POST"])
def feed_new(request: PortalRequest) -> HttpResponse:
    """A new feed. Its address is in this answer and nowhere else: the portal keeps its digest."""
    form = FeedForm(
        request.POST if request.method == "POST" else None,
        sources=selectors.feed_sources(user=request.user),
    )
    if form.is_bound and form.is_valid():
        try:
            created = services.feed_create(
                user=request.user,
                source=form.cleaned_data["source"],
                titles_only=form.cleaned_data["titles_only"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            path = reverse("feeds:calendar", kwargs={"token": created.token})
            address = _base_url(request) + path
            return render(
                request,
                "feeds/feed_created.html",
                {
                    "feed": created.feed,
                    "address": address,
                    "webcal": "webcal://" + address.split("://", 1)[1],
                },
            )
    return render(
        request,
        "feeds/feed_new.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def feed_revoke(request: PortalRequest, pk: int) -> HttpResponse:
    feed = get_object_or_404(
        Feed.objects.select_related("user"), pk=pk, user=request.user, revoked_at__isnull=True
    )
    services.feed_revoke(feed=feed, actor=request.user)
    messages.success(
        request,
        _("The calendar “%(name)s” is revoked: its address no longer works.") % {"name": feed.name},
    )
    return redirect(reverse("profile") + "#calendars-heading")
