"""The profile's calendars: make one (its address shown once, only its digest kept), the choices
are the user's own, revoke one; and the query counts of the feed and of the profile page."""

import re

import pytest
from django.db import connection

from klik.models import SavedFilter
from kombitportal.core.areas import FeedSource
from kombitportal.core.models import AuditEvent
from kombitportal.core.tokens import digest_of
from kombitportal.feeds import services
from kombitportal.feeds.models import Feed
from tests.feeds.conftest import events_of, fetch, make_feed

pytestmark = pytest.mark.django_db
ADDRESS = re.compile(r'value="(https://[^"]+/kalender/([A-Za-z0-9_-]{43})\.ics)"')


def _create(client, **body):
    return client.post("/profil/kalendere/ny/", body)


def test_the_profile_offers_my_deadlines_and_the_user_s_own_saved_filters(
    world, user_a, user_b, client_for
):
    mine = SavedFilter.objects.create(user=user_a, name="Mine SAPA", filters={"q": "SAPA"})
    SavedFilter.objects.create(user=user_b, name="Bos filter", filters={})
    body = client_for(user_a).get("/profil/").content.decode()
    assert "Kalendere til Outlook" in body
    assert '<option value="mine">Mine frister</option>' in body
    assert f'<option value="klik.filter?filter={mine.pk}">KLIK-filter “Mine SAPA”</option>' in body
    assert "Bos filter" not in body
    assert "Du har ingen kalendere endnu." in body


def test_a_new_calendar_shows_its_address_once_and_keeps_only_its_digest(world, user_a, client_for):
    client = client_for(user_a)
    response = _create(client, source="mine", titles_only="on")
    assert response.status_code == 200
    body = response.content.decode()
    address, token = ADDRESS.search(body).groups()
    assert "Kopiér denne adresse ind i Outlook" in body
    assert f'href="webcal://{address.split("://")[1]}"' in body
    feed = Feed.objects.get()
    assert (feed.user, feed.source, feed.titles_only, feed.name) == (
        user_a, "mine", True, "Mine frister",
    )  # fmt: skip
    assert feed.digest == digest_of(token) and feed.prefix == token[:8]
    # Nowhere in the database: no table holds the plain token (the session and the audit too).
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (names from the database)
            assert token not in repr(cursor.fetchall()), table
    event = AuditEvent.objects.get(action="feeds.feed.create")
    assert event.actor == user_a and token not in repr(event.changes)
    # The profile lists it by its prefix, never the address.
    profile = client.get("/profil/").content.decode()
    assert token[:8] in profile and token not in profile
    # The address works without the session.
    assert fetch(address.removeprefix("https://programleder.example.dk")).status_code == 200


def test_another_user_s_saved_filter_is_no_choice(world, user_a, user_b, client_for):
    theirs = SavedFilter.objects.create(user=user_a, name="Annas", filters={"status": "open"})
    response = _create(client_for(user_b), source=f"klik.filter?filter={theirs.pk}")
    assert response.status_code == 400
    assert "Marker en gyldig valgmulighed" in response.content.decode()
    assert not Feed.objects.exists()


def test_a_calendar_without_a_choice_or_one_too_many_gets_a_danish_message(
    world, user_a, client_for, settings
):
    client = client_for(user_a)
    response = _create(client)
    assert response.status_code == 400
    assert "Dette felt er påkrævet." in response.content.decode()
    for _ in range(services.MAX_FEEDS):
        make_feed(user_a)
    response = _create(client, source="mine")
    assert response.status_code == 400
    assert "det højeste antal" in response.content.decode()
    assert Feed.objects.count() == services.MAX_FEEDS


def test_the_new_calendar_page_alone_shows_the_form(world, user_a, client_for):
    body = client_for(user_a).get("/profil/kalendere/ny/").content.decode()
    assert "Ny kalender til Outlook" in body and 'name="source"' in body


def test_revoking_a_calendar_ends_its_address_and_is_in_the_audit_trail(world, user_a, client_for):
    path = make_feed(user_a)
    feed = Feed.objects.get()
    client = client_for(user_a)
    response = client.post(f"/profil/kalendere/{feed.pk}/tilbagekald/")
    assert response.status_code == 302
    assert response["Location"] == "/profil/#calendars-heading"
    assert fetch(path).status_code == 404
    assert Feed.objects.get().revoked_at is not None
    assert AuditEvent.objects.filter(action="feeds.feed.revoke", actor=user_a).count() == 1
    body = client.get("/profil/").content.decode()
    assert "er tilbagekaldt" in body and "Du har ingen kalendere endnu." in body
    # Revoked once: the button is gone, a second post finds nothing.
    assert client.post(f"/profil/kalendere/{feed.pk}/tilbagekald/").status_code == 404


def _many_open_tasks(world, count: int) -> None:
    from klik.models import Project, TaskAssignment, TaskPerformer
    from tests.klik.conftest import make_task

    project = Project.objects.create(name=f"Mange {count}")
    for i in range(count):
        make_task(project, f"Mange {i:03}", "01.11.2024", f"{(i % 28) + 1:02}.12.2024")
    mine = TaskAssignment.objects.filter(task__project=project, municipality__code="0751")
    mine.update(responsible=world.anna)
    TaskPerformer.objects.bulk_create(
        [TaskPerformer(assignment=a, person=world.ole) for a in mine], ignore_conflicts=True
    )


@pytest.mark.parametrize(
    ("source", "titles_only", "expected"),
    [
        # the feed (with its user and municipality), the fetch's time, the KLIK tasks, the
        # agreements
        ("mine", False, 4),
        ("mine", True, 4),
        # the feed, the fetch's time, the saved filter, the filter's options (people), the tasks
        ("filter", False, 5),
    ],
)
def test_the_feed_s_query_count_is_the_same_at_5_and_60_tasks(
    world, agreement, user_a, django_assert_num_queries, source, titles_only, expected
):
    if source == "filter":
        saved = SavedFilter.objects.create(
            user=user_a, name="Annas", filters={"status": "open", "responsible": world.anna.pk}
        )
        source = FeedSource("klik.filter", "Annas", {"filter": saved.pk})
        path = make_feed(user_a, source, titles_only=titles_only)
    else:
        path = make_feed(user_a, titles_only=titles_only)
    counts = []
    for more in (5, 55):
        _many_open_tasks(world, more)
        Feed.objects.update(last_fetched_at=None)
        with django_assert_num_queries(expected):
            response = fetch(path)
        counts.append(len(events_of(response)))
    assert counts[1] == counts[0] + 55 and counts[0] >= 5


def test_the_profile_s_query_count_is_the_same_with_1_and_8_calendars(
    world, user_a, client_for, django_assert_num_queries, db_sessions
):
    client = client_for(user_a)
    client.get("/profil/")
    counts = []
    for n in (1, 8):
        while Feed.objects.count() < n:
            make_feed(user_a)
            SavedFilter.objects.create(user=user_a, name=f"F{Feed.objects.count()}", filters={})
        # session, user, person, mail preference, recent mail, the municipality's subscribers,
        # the calendars, the saved filters (the choices of a new calendar), the API keys
        with django_assert_num_queries(9) as captured:
            assert client.get("/profil/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
