"""The weekly digest: the outbox's own kind of mail, gathering every area's part
(registry.digest_sections), and the core's part of it — the municipality's empty roles, for its
programme leaders."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from kombitportal.core.models import Person, Role
from kombitportal.notifications import selectors
from kombitportal.notifications.models import Mail
from kombitportal.notifications.registry import (
    DIGEST,
    DigestPart,
    DigestSection,
    MailContent,
    MailKind,
    NotDue,
)


def digest_content(mail: Mail, today: date) -> MailContent | NotDue:
    person = mail.person
    digest = selectors.digest_for(person=person, day=today)
    if digest.is_empty:
        return NotDue("nothing to report this week")
    return MailContent(
        "notifications/mail/digest",
        {"digest": digest, "person": person, "week": mail.due_date.isocalendar()[1]},
    )


def empty_roles_section(*, person: Person, day: date) -> DigestSection | None:
    """For a programme leader: the published roles nobody holds in the municipality. One query."""
    if person.user is None or not person.user.is_programme_leader:
        return None
    if person.municipality_id is None:  # no municipality, no empty roles of its own
        return None
    names = list(
        Role.objects.filter(status=Role.Status.PUBLISHED)
        .exclude(assignments__municipality_id=person.municipality_id)
        .order_by("name")
        .values_list("name", flat=True)
    )
    return DigestSection(
        title=_("Empty roles in your municipality"),
        template="notifications/mail/digest_empty_roles",
        context={"empty_roles": names},
        count=len(names),
    )


DIGEST_KIND = MailKind(DIGEST, _("Weekly digest"), digest_content)
EMPTY_ROLES = DigestPart("core.empty_roles", position=900, build=empty_roles_section)
