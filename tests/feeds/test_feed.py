"""The feed at its private address: RFC 5545 through icalendar, stable UIDs, approximate dates as
all-day entries, titles only, the 404 of a revoked or unknown address, and no session."""

from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar

from klik.models import SavedFilter
from kombitportal.accounts.models import User
from kombitportal.core.areas import FeedSource
from kombitportal.feeds import services
from kombitportal.feeds.models import Feed
from tests.feeds.conftest import HOST, events_of, fetch, make_feed, uid, unfolded

pytestmark = pytest.mark.django_db


def test_my_deadlines_is_valid_icalendar_with_the_same_uids_on_every_fetch(world, user_a):
    path = make_feed(user_a)
    first, second = fetch(path), fetch(path)
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(first.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//KOMBIT//Programlederportalen//DA"
    assert str(calendar["X-WR-CALNAME"]) == "Mine frister · Programlederportalen"
    assert calendar["REFRESH-INTERVAL"].to_ical() == b"PT1H"
    assert calendar["X-PUBLISHED-TTL"].to_ical() == b"PT1H"
    # Content lines end in CRLF and are folded at 75 octets (RFC 5545, 3.1).
    lines = first.content.split(b"\r\n")
    assert lines[-1] == b"" and all(len(line) <= 75 for line in lines)
    assert b"\n" not in first.content.replace(b"\r\n", b"")
    events = events_of(first)
    # Anna's open tasks with an end date, as responsible or performer; not Ole's own, not the
    # solved one, not the pending one (a calendar has no day for it), not Odense's.
    assert set(events) == {uid(world.a(k).pk) for k in ("exact", "week", "ultimo", "overdue")}
    assert set(events_of(second)) == set(events)
    for event in events.values():
        for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "URL"):
            assert name in event, name
        assert event["TRANSP"] == "TRANSPARENT"
    exact = events[uid(world.a("exact").pk)]
    assert exact.decoded("DTSTART") == date(2024, 12, 12)
    assert exact.decoded("DTEND") == date(2024, 12, 13)
    assert str(exact["SUMMARY"]) == "EXA Opgave exact"
    assert str(exact["URL"]) == f"https://{HOST}/klik/{world.a('exact').pk}/"
    description = str(exact["DESCRIPTION"])
    assert "Projekt: SAPA" in description and "Status: Ikke startet" in description
    assert "Ansvarlig: Anna Aarhus" in description and "Udførere: Ole Dam" in description


@pytest.mark.parametrize(
    ("key", "text", "day"),
    [("week", "Uge 49", date(2024, 12, 6)), ("ultimo", "Ultimo 2025", date(2025, 12, 31))],
)
def test_an_approximate_date_is_an_all_day_entry_on_its_sortable_date(
    world, user_a, key, text, day
):
    assignment = world.a(key)
    assert assignment.task.end_date == day  # the sortable date: its last working day
    event = events_of(fetch(make_feed(user_a)))[uid(assignment.pk)]
    start = event.decoded("DTSTART")
    assert start == day and not isinstance(start, datetime)  # a day, not a time
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert event.decoded("DTEND") == day + timedelta(days=1)
    assert text in str(event["SUMMARY"])
    assert f"Slut: {text}" in str(event["DESCRIPTION"])
    assert "Datoen som KOMBIT skrev den" in str(event["DESCRIPTION"])


def test_titles_only_leaves_out_every_name(world, user_a):
    shown = unfolded(fetch(make_feed(user_a)))
    hidden = unfolded(fetch(make_feed(user_a, titles_only=True)))
    for name in ("Ole Dam", "Anna Aarhus"):
        assert name in shown
        assert name not in hidden
    assert "Ansvarlig" not in hidden and "Udførere" not in hidden
    assert set(events_of(fetch(make_feed(user_a, titles_only=True)))) == set(
        events_of(fetch(make_feed(user_a)))
    )


def test_the_feed_needs_no_session_and_sets_no_cookie(world, user_a, client_for):
    path = make_feed(user_a)
    response = fetch(path)
    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response
    cache = response["Cache-Control"]
    assert "private" in cache and "max-age=900" in cache
    # A logged-in browser gets the same calendar, the owner's, whoever is logged in.
    other = client_for(User.objects.get(username="serial-a")).get(path)
    assert set(events_of(other)) == set(events_of(response))


def test_a_revoked_and_an_unknown_address_give_the_same_404(world, user_a):
    path = make_feed(user_a)
    feed = Feed.objects.get()
    services.feed_revoke(feed=feed, actor=user_a)
    revoked = fetch(path)
    unknown = fetch("/kalender/" + "A" * 43 + ".ics")
    malformed = fetch("/kalender/not-a-token.ics")
    for response in (revoked, unknown, malformed):
        assert response.status_code == 404
        assert response.content == revoked.content
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert not response.cookies
    assert "Der er ingen kalender på denne adresse" in revoked.content.decode()


def test_a_deactivated_user_s_feed_is_gone(world, user_a):
    path = make_feed(user_a)
    User.objects.filter(pk=user_a.pk).update(is_active=False)
    assert fetch(path).status_code == 404


def test_a_fetch_notes_when_the_feed_was_last_read(world, user_a):
    path = make_feed(user_a)
    assert Feed.objects.get().last_fetched_at is None
    fetch(path)
    fetched = Feed.objects.get().last_fetched_at
    assert fetched is not None
    fetch(path)  # within FETCH_RESOLUTION: no write
    assert Feed.objects.get().last_fetched_at == fetched


def test_a_post_or_a_head(world, user_a):
    path = make_feed(user_a)
    assert fetch(path).status_code == 200
    from django.test import Client

    assert Client().head(path).status_code == 200
    assert Client().post(path).status_code == 405


def test_agreements_the_user_s_roles_must_sign_are_in_my_deadlines(world, agreement, user_a):
    from kombitportal.agreements.models import Signature

    path = make_feed(user_a)
    key = f"agreement-{agreement.pk}-municipality-{user_a.municipality_id}@{HOST}"
    event = events_of(fetch(path))[key]
    assert str(event["SUMMARY"]) == "Underskriv: SAPA tilslutningsaftale (Midt dec 2024)"
    assert event.decoded("DTSTART") == agreement.deadline_date == date(2024, 12, 20)
    assert str(event["URL"]) == f"https://{HOST}/aftaler/{agreement.pk}/"
    Signature.objects.create(
        agreement=agreement,
        municipality=user_a.municipality,
        signed_on=date(2024, 11, 25),
        signer_name="Anna",
        recorded_by_name="Anna",
    )
    assert key not in events_of(fetch(path))


def test_a_colleague_without_the_role_has_no_agreement(world, agreement, staff_a):
    assert not any(key.startswith("agreement-") for key in events_of(fetch(make_feed(staff_a))))


def test_kombit_s_my_deadlines_is_an_empty_calendar(world, agreement, kombit_user):
    response = fetch(make_feed(kombit_user))
    assert response.status_code == 200 and events_of(response) == {}


def test_a_feed_of_a_deleted_saved_filter_ends(world, user_a):
    saved = SavedFilter.objects.create(user=user_a, name="Åbne", filters={"status": "open"})
    path = make_feed(user_a, FeedSource("klik.filter", "KLIK-filter “Åbne”", {"filter": saved.pk}))
    assert fetch(path).status_code == 200
    saved.delete()
    assert fetch(path).status_code == 404


def test_a_feed_cannot_read_another_user_s_saved_filter(world, user_a, user_b):
    """Even a feed row naming another user's filter (the form never offers one) shows nothing."""
    saved = SavedFilter.objects.create(user=user_a, name="Åbne", filters={"status": "open"})
    path = make_feed(user_b, FeedSource("klik.filter", "Stjålet", {"filter": saved.pk}))
    assert fetch(path).status_code == 404
