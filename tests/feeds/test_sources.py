"""What a feed holds is what the portal shows elsewhere: "Mine frister" the KLIK part of the
user's weekly digest, a saved filter's feed the task list with that filter (every page of it),
each read with the user's scope."""

import re
from datetime import date

import pytest

from klik.mail import digest_section
from klik.models import Project, SavedFilter, TaskAssignment
from kombitportal.core.areas import FeedSource
from tests.feeds.conftest import HOST, TODAY, events_of, fetch, make_feed, unfolded
from tests.klik.conftest import make_task

pytestmark = pytest.mark.django_db
ROW_LINK = re.compile(r'href="/klik/(\d+)/"')


def _feed_pks(response) -> set[int]:
    return {int(u.removeprefix("klik-assignment-").split("@")[0]) for u in events_of(response)
            if u.startswith("klik-assignment-")}  # fmt: skip


def _list_pks(client, query: str) -> set[int]:
    """The tasks /klik/ shows with the query, every page of it."""
    pks: set[int] = set()
    page = 1
    while True:
        body = client.get(f"/klik/?{query}&page={page}").content.decode()
        found = {int(pk) for pk in ROW_LINK.findall(body.split('id="results"', 1)[1])}
        if not found or found <= pks:
            return pks
        pks |= found
        page += 1


def _saved_filter_feed(user, filters: dict) -> str:
    name = f"Filter {SavedFilter.objects.count() + 1}"
    saved = SavedFilter.objects.create(user=user, name=name, filters=filters)
    return make_feed(user, FeedSource("klik.filter", name, {"filter": saved.pk}))


def _many(count: int) -> None:
    project = Project.objects.create(name="Mange")
    for i in range(count):
        make_task(project, f"Mange {i:03}", "01.11.2024", f"{(i % 28) + 1:02}.12.2024")


@pytest.mark.parametrize(
    "filters",
    [
        {"status": "open"},
        {"q": "Mange", "sort": "-end"},
        {"mine": "on"},
        {"overdue": "on"},
        {"due_within": "14", "mandatory": "no"},
        {"unassigned": "on"},
    ],
    ids=lambda f: "&".join(f"{k}={v}" for k, v in f.items()),
)
def test_a_saved_filter_s_feed_lists_what_the_task_list_shows(world, user_a, client_for, filters):
    _many(60)  # more than one page of the list
    client = client_for(user_a)
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    shown = _list_pks(client, query)
    dated = set(
        TaskAssignment.objects.filter(pk__in=shown, task__end_date__isnull=False).values_list(
            "pk", flat=True
        )
    )
    assert _feed_pks(fetch(_saved_filter_feed(user_a, filters))) == dated
    assert shown - dated <= {world.a("pending").pk}  # only a task without a date is left out
    if "q" in filters:
        assert len(dated) == 60


def test_a_municipal_user_s_filter_naming_another_municipality_still_shows_their_own(world, user_a):
    pks = _feed_pks(fetch(_saved_filter_feed(user_a, {"kommune": "0461", "status": "open"})))
    assert pks and set(
        TaskAssignment.objects.filter(pk__in=pks).values_list("municipality__code", flat=True)
    ) == {"0751"}


def test_kombit_s_filter_shows_the_municipality_it_names_or_nothing(world, kombit_user, client_for):
    query = {"kommune": "0461", "q": "Opgave"}
    shown = _list_pks(client_for(kombit_user), "kommune=0461&q=Opgave")
    feed = fetch(_saved_filter_feed(kombit_user, query))
    assert _feed_pks(feed) == shown - {
        TaskAssignment.objects.get(task=world.tasks["pending"], municipality__code="0461").pk
    }
    assert "Kommune: Odense" in unfolded(feed)
    assert _feed_pks(fetch(_saved_filter_feed(kombit_user, {"q": "Opgave"}))) == set()
    assert fetch(_saved_filter_feed(kombit_user, {"kommune": "9999"})).status_code == 404


def test_my_deadlines_are_the_tasks_of_the_weekly_digest(world, user_a, staff_a):
    """The digest's KLIK section and "Mine frister" read the same selector: the same tasks, but
    for one the calendar has no day for (its end date is pending)."""
    for user in (user_a, staff_a):
        from kombitportal.accounts.services import person_for_user

        person = person_for_user(user)
        section = digest_section(person=person, day=TODAY)
        digest = {
            row.url_path for rows in section.context.values() for row in rows
        } if section else set()  # fmt: skip
        feed = {
            str(event["URL"]).removeprefix(f"https://{HOST}")
            for key, event in events_of(fetch(make_feed(user))).items()
            if key.startswith("klik-")
        }
        pending = {f"/klik/{world.a('pending').pk}/"} if user == user_a else set()
        assert feed == digest - pending
        assert (len(feed) == 4) == (user == user_a)


def test_an_overdue_task_is_on_its_day_in_the_past(world, user_a):
    event = events_of(fetch(make_feed(user_a)))[f"klik-assignment-{world.a('overdue').pk}@{HOST}"]
    assert event.decoded("DTSTART") == date(2024, 11, 20)
