"""What an area tells the outbox: the reminders it sends and its part of the weekly digest.

An area registers a `ReminderSource` and a `DigestPart` in its AppConfig.ready() (see
kombitportal/core/areas.py for the rest of what an area declares). The outbox stores a source's
rows under its own kinds and subject keys and asks the source, when a row is sent, whether the mail
is still due and what it says; it never reads an area's tables itself.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from kombitportal.core.models import Person


# The weekly digest's kind and subject key: the outbox's own kind of mail (its parts come from the
# areas' DigestParts).
DIGEST = "digest"


@dataclass(frozen=True)
class Due:
    """Something a person should be told about: one outbox row, before the outbox knows whether
    the person can be mailed and wants it."""

    person_id: int
    kind: str
    subject_key: str
    due_date: date
    municipality_id: int | None = None


@dataclass(frozen=True)
class MailContent:
    """What a mail says: `template` names three templates, `<template>_subject.txt`, `.txt` and
    `.html`; `context` is theirs (the outbox adds base_url, mail and profile_url)."""

    template: str
    context: dict[str, Any]


@dataclass(frozen=True)
class NotDue:
    """The mail is no longer due (the task was solved, the deadline moved): it is not sent."""

    reason: str


@dataclass(frozen=True)
class MailKind:
    """A kind of outbox row (`Mail.kind`) and how it becomes a mail on the day it was found due:
    `content(mail, today)` with the outbox's Mail row."""

    kind: str
    label: str | Promise
    content: Callable[[Any, date], MailContent | NotDue]


@dataclass(frozen=True)
class ReminderSource:
    """An area's reminders: `due(day)` finds what is due on a day, in a fixed number of queries.
    Beat runs each source on its own schedule (`sweep_reminders` with the source's name)."""

    name: str
    kinds: tuple[MailKind, ...]
    due: Callable[[date], Iterable[Due]]
    # Which of the person's choices (MailPreference) decides whether they get these mails.
    preference: str = "reminders"


@dataclass(frozen=True)
class DigestSection:
    """An area's part of one person's weekly digest. `template` names `<template>.html` and
    `<template>.txt`, rendered with `context` (plus the digest's own); `count` 0 is empty."""

    title: str | Promise
    template: str
    context: dict[str, Any]
    count: int

    @property
    def html_template(self) -> str:
        return f"{self.template}.html"

    @property
    def text_template(self) -> str:
        return f"{self.template}.txt"


@dataclass(frozen=True)
class DigestPart:
    """An area's part of the weekly digest: `build(person=, day=)` in a fixed number of queries."""

    name: str
    position: int
    build: Callable[..., DigestSection | None]


@dataclass
class _Registry:
    sources: dict[str, ReminderSource] = field(default_factory=dict)
    kinds: dict[str, MailKind] = field(default_factory=dict)
    digest_parts: dict[str, DigestPart] = field(default_factory=dict)


_registry = _Registry()


def register_reminders(source: ReminderSource) -> None:
    """Register an area's reminders (again with the same name: replaced, so reloading is safe)."""
    _registry.sources[source.name] = source
    for kind in source.kinds:
        _registry.kinds[kind.kind] = kind


def register_mail_kind(kind: MailKind) -> None:
    _registry.kinds[kind.kind] = kind


def register_digest_part(part: DigestPart) -> None:
    _registry.digest_parts[part.name] = part


def reminder_sources() -> list[ReminderSource]:
    return list(_registry.sources.values())


def reminder_source(name: str) -> ReminderSource:
    try:
        return _registry.sources[name]
    except KeyError:
        raise LookupError(
            f"no reminder source {name!r}; registered: {sorted(_registry.sources)}"
        ) from None


def mail_kind(kind: str) -> MailKind | None:
    return _registry.kinds.get(kind)


def mail_kinds() -> list[MailKind]:
    return list(_registry.kinds.values())


def digest_parts() -> list[DigestPart]:
    return sorted(_registry.digest_parts.values(), key=lambda part: part.position)


def digest_sections(*, person: "Person", day: date) -> list[DigestSection]:
    """Every area's part of the person's digest, in order, the empty ones left out."""
    sections = (part.build(person=person, day=day) for part in digest_parts())
    return [section for section in sections if section is not None and section.count]
