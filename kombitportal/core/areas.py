"""How an area plugs into the portal. Each area app (klik, sapa, valg, contexthandler, and the
core's agreements) declares one `Area` in its `area.py` and registers it in its AppConfig.ready();
its reminders and digest part go to the outbox's registry (kombitportal/notifications/registry.py)
the same way. What gathers from every area — the navigation, the start page's cards, `load_demo`,
`generate_load_data`, the calendar feeds, the JSON API — reads `areas()`, so the core never
imports an area: adding one touches the area itself and the Config level only (INSTALLED_APPS,
its URLs in kombitportal/urls.py, and its beat entry if it sends reminders)."""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.functional import Promise

from kombitportal.core.models import Municipality, Person, Role


@dataclass(frozen=True)
class Card:
    """What the start page says of an area for the user's municipality (or all, for KOMBIT):
    a line of plain text; `attention` marks it as needing action."""

    summary: str
    attention: bool = False


@dataclass
class LoadContext:
    """What an area's load_data builds on (kombitportal/core/loadgen.py): the chosen municipalities
    with their people (the first is the programme leader, with a user), role holders, the run's
    random generator and what marks its rows as load data."""

    rng: random.Random
    tasks: int
    municipalities: list[Municipality]
    roles: list[Role]
    users: dict[int, Any]  # municipality pk → its programme leader's user
    people: dict[int, list[Person]]  # municipality pk → its people
    holders: dict[tuple[int, int], list[Person]]  # (role pk, municipality pk) → holders
    now: datetime
    anchor: date  # dates are read relative to it, so that a seed gives the same data any day
    prefix: str  # the name every generated project and agreement starts with
    batch_size: int


@dataclass(frozen=True)
class Need:
    """Something that waits for the user ("Hvad venter på mig?"): a line of plain text, where it
    is worked on, and its date as KOMBIT wrote it. Overdue ones come first, then by `due`."""

    text: str
    url: str
    when: str = ""
    due: date | None = None
    overdue: bool = False
    kind: str = ""  # what it is, shown before it: "KLIK task", "Agreement", "Role"

    @property
    def order(self) -> tuple:
        return (not self.overdue, self.due or date.max, self.text)


@dataclass(frozen=True)
class WorkState:
    """How far a piece of an area's work is, for another area's page to show and link to: a
    municipality's KLIK task "I gang", or across all municipalities "Løst i 12 af 98 kommuner"."""

    text: str
    done: bool
    url: str


@dataclass(frozen=True)
class StatusSection:
    """An area's part of a municipality's status report (/status/ and /status.pdf): `template`
    renders it with `section`, the same on the page and in the PDF; `url` is where it is worked on
    and `attention` marks a section that needs action."""

    title: str | Promise
    template: str
    context: dict[str, Any]
    url: str
    attention: bool = False


@dataclass(frozen=True)
class Tile:
    """One municipality in "the 98 at a glance": `level` 0 (nothing to do) to 3 (most to do)
    colours the tile, and `text` says the same in words ("62 %", "3 missing")."""

    level: int
    text: str


@dataclass(frozen=True)
class Measure:
    """An area's way to colour the 98 ("KLIK progress"): a key for the URL, its name, what each
    level means (the legend, from 0 to 3), and a tile per municipality pk."""

    key: str
    label: str | Promise
    legend: tuple[str | Promise, ...]
    tiles: dict[int, Tile]


# The source of a calendar feed of the user's own deadlines ("Mine frister"), which every area
# with a `calendar_events` adds to; an area's own sources have keys that start with its key.
MY_DEADLINES = "mine"


@dataclass(frozen=True)
class FeedSource:
    """A list of an area's a user can subscribe to as a calendar feed (one of their saved KLIK
    filters): `key` ("klik.filter") and `params` ({"filter": 12}) are what the feed stores, `label`
    what the user chooses by."""

    key: str
    label: str | Promise
    params: dict[str, Any]

    @property
    def value(self) -> str:
        """One string for the key and its parameters, as a form's choice: "klik.filter?filter=12"."""
        if not self.params:
            return self.key
        return self.key + "?" + "&".join(f"{k}={v}" for k, v in sorted(self.params.items()))


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day entry of a calendar feed, on `day`: the sortable date of a date KOMBIT may have
    written approximately, with `when` the text as written ("Uge 49") and `exact` whether it is a
    day. `uid` is stable and unique in the portal ("klik-assignment-12"; the feed adds its host),
    `details` are lines of plain text (never a person's name in a titles-only feed), `url` the
    path of the page where it is worked on."""

    uid: str
    day: date
    title: str
    when: str
    exact: bool
    url: str
    category: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Prompt:
    """A small box an area offers on the start page (a question the user may answer or close,
    never one that blocks work): `template` renders it with `prompt` (the context)."""

    template: str
    context: dict[str, Any]


@dataclass(frozen=True)
class Area:
    key: str  # the URL segment and the navigation's key: "klik"
    label: str | Promise  # in the navigation and on the start page: "KLIK"
    url_name: str  # the area's start page: "klik:index"
    description: str | Promise  # one line on the start page
    position: int  # order in the navigation and on the start page
    # card(user=, municipality=, today=) → Card | None, in a fixed number of queries.
    card: Callable[..., Card | None] | None = None
    # load_demo: the seed's data of the area (idempotent) → {"what": how many}.
    demo: Callable[[], dict[str, int]] | None = None
    # generate_load_data: the area's synthetic rows for a LoadContext → {"what": how many}, and
    # the removal of what an earlier run made.
    load_data: Callable[[LoadContext], dict[str, int]] | None = None
    clear_load_data: Callable[[], dict[str, int]] | None = None
    # needed_roles(municipality=) → {municipality pk: role pks} the area's open work needs filled
    # (a KLIK task's responsible role, an unsigned agreement's recipients), for one municipality
    # or, with None, for all. A fixed number of queries.
    needed_roles: Callable[..., dict[int, set[int]]] | None = None
    # needs(user=, municipality=, today=) → what waits for the user in the area: their own work in
    # their municipality, or for KOMBIT (municipality None) the same across all. Fixed queries.
    needs: Callable[..., list[Need]] | None = None
    # work_states(user=, municipality=, codes=) → {code: WorkState} of the area's work known by
    # the codes KOMBIT gives it ("K53"), for one municipality or, with None, across all. One query.
    work_states: Callable[..., dict[str, WorkState]] | None = None
    # status(user=, municipality=, today=) → StatusSection | None: the area's part of the
    # municipality's status report. A fixed number of queries.
    status: Callable[..., StatusSection | None] | None = None
    # news(user=, today=) → [StatusSection]: the area's part of "Kort nyt fra KOMBIT", KOMBIT's
    # status for the programme-leader meeting, across the municipalities. Fixed queries.
    news: Callable[..., list[StatusSection]] | None = None
    # measure(today=) → Measure: how the area colours "the 98 at a glance" (KOMBIT). One query.
    measure: Callable[..., Measure] | None = None
    # feed_sources(user=) → [FeedSource]: the area's lists of the user's own that can become a
    # calendar feed (their saved KLIK filters), keys starting with the area's key. One query.
    feed_sources: Callable[..., list[FeedSource]] | None = None
    # calendar_events(user=, source=, params=, titles_only=, today=) → [CalendarEvent] | None: the
    # entries of a feed of `source` for its owner `user`, scoped to what the user may see — for
    # MY_DEADLINES their own deadlines in the area, for one of the area's own sources what that
    # list holds, or None when the source is gone (the saved filter was deleted). `titles_only`:
    # no person's name nor anything else personal. A fixed number of queries.
    calendar_events: Callable[..., list[CalendarEvent] | None] | None = None
    # prompt(user=, today=) → Prompt | None: a box on the start page. A fixed number of queries.
    prompt: Callable[..., Prompt | None] | None = None
    # api: a django-ninja Router of the area's read-only JSON API, mounted at /api/v1/<key>/
    # (kombitportal/api): its lists and details, read through the area's selectors and scoped
    # as its pages are.
    api: Any = None


_areas: dict[str, Area] = {}


def register(area: Area) -> None:
    """Called from the area's AppConfig.ready(); registering a key again replaces it."""
    _areas[area.key] = area


def areas() -> list[Area]:
    """Every registered area, in navigation order."""
    return sorted(_areas.values(), key=lambda area: (area.position, area.key))


@dataclass(frozen=True)
class AreaCard:
    area: Area
    card: Card | None


def cards(*, user: Any, municipality: Municipality | None, today: date) -> list[AreaCard]:
    """The start page's card of every area, for the user and the municipality shown."""
    return [
        AreaCard(
            area,
            area.card(user=user, municipality=municipality, today=today) if area.card else None,
        )
        for area in areas()
    ]


def needed_roles(*, municipality: Municipality | None) -> dict[int, set[int]]:
    """Every area's needed roles, together."""
    needed: dict[int, set[int]] = {}
    for area in areas():
        if area.needed_roles:
            for municipality_id, roles in area.needed_roles(municipality=municipality).items():
                needed.setdefault(municipality_id, set()).update(roles)
    return needed


def needs(*, user: Any, municipality: Municipality | None, today: date) -> list[Need]:
    """What waits for the user in every area, overdue first, then by date."""
    found = [
        need
        for area in areas()
        if area.needs
        for need in area.needs(user=user, municipality=municipality, today=today)
    ]
    return sorted(found, key=lambda need: need.order)


def work_states(
    key: str, *, user: Any, municipality: Municipality | None, codes: list[str]
) -> dict[str, WorkState]:
    """The states of an area's work by code; {} when the area is not installed or has none."""
    area = _areas.get(key)
    if area is None or area.work_states is None or not codes:
        return {}
    return area.work_states(user=user, municipality=municipality, codes=codes)


def status_sections(*, user: Any, municipality: Municipality, today: date) -> list[StatusSection]:
    """Every area's part of the municipality's status report, in navigation order."""
    found = []
    for area in areas():
        if area.status is not None:
            section = area.status(user=user, municipality=municipality, today=today)
            if section is not None:
                found.append(section)
    return found


def news_sections(*, user: Any, today: date) -> list[StatusSection]:
    """Every area's part of "Kort nyt fra KOMBIT", in navigation order."""
    return [
        section
        for area in areas()
        if area.news is not None
        for section in area.news(user=user, today=today)
    ]


def measures() -> list[tuple[str, Callable[..., Measure]]]:
    """(area key, its measure) of every area that colours the 98, in navigation order."""
    return [(area.key, area.measure) for area in areas() if area.measure is not None]


def feed_sources(*, user: Any) -> list[FeedSource]:
    """The areas' own lists the user can make a calendar feed of, in navigation order."""
    return [
        source
        for area in areas()
        if area.feed_sources is not None
        for source in area.feed_sources(user=user)
    ]


def calendar_events(
    *, user: Any, source: str, params: dict[str, Any], titles_only: bool, today: date
) -> list[CalendarEvent] | None:
    """The entries of a calendar feed by date: for MY_DEADLINES every area's, otherwise those of
    the area whose key starts `source`; None when that area or the source is gone."""
    if source == MY_DEADLINES:
        owners = [area for area in areas() if area.calendar_events is not None]
    else:
        owner = _areas.get(source.split(".", 1)[0])
        if owner is None or owner.calendar_events is None:
            return None
        owners = [owner]
    found: list[CalendarEvent] = []
    for area in owners:
        assert area.calendar_events is not None  # chosen above for having them
        events = area.calendar_events(
            user=user, source=source, params=params, titles_only=titles_only, today=today
        )
        if events is None:
            return None
        found += events
    return sorted(found, key=lambda event: (event.day, event.title, event.uid))


def prompts(*, user: Any, today: date) -> list[Prompt]:
    """The boxes the areas offer the user on the start page now, in navigation order."""
    found = (area.prompt(user=user, today=today) for area in areas() if area.prompt is not None)
    return [prompt for prompt in found if prompt is not None]
