"""SAPA's part of the weekly digest: what is left of "Kommende opgaver" for the municipality, with
the deadlines as KOMBIT wrote them, overdue first. Plugged into the outbox in SapaConfig.ready().

It goes to the people the steps are for: the municipality's programme leaders and whoever holds a
role the steps' agreements are sent to (SAPA-systemansvarlig, selvstændig projektleder). SAPA sends
no reminders of its own: its agreements' deadlines and its KLIK tasks are reminded by their areas.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kombitportal.core.models import Person, RoleAssignment
from kombitportal.notifications.registry import DigestPart, DigestSection
from sapa import selectors
from sapa.models import Step


@dataclass(frozen=True)
class DigestStep:
    what: str
    when: str
    state: str
    overdue: bool
    url_path: str


def is_for(person: Person, municipality_id: int) -> bool:
    """Whether the municipality's steps are the person's to do. One query at most."""
    if person.user is not None and person.user.is_programme_leader:
        return True
    steps = Step.objects.filter(agreement__isnull=False)
    return RoleAssignment.objects.filter(
        Q(role__agreements_received__in=steps.values("agreement"))
        | Q(role__agreements_copied__in=steps.values("agreement")),
        person=person,
        municipality_id=municipality_id,
    ).exists()


def digest_section(*, person: Person, day: date) -> DigestSection | None:
    """The steps the person's municipality has not done yet. Five queries at most."""
    if person.municipality_id is None or person.user is None:
        return None  # no municipality, no steps of its own; no user, no digest
    if not is_for(person, person.municipality_id):
        return None
    index = reverse("sapa:index") + "#steps-heading"
    rows = [
        DigestStep(row.step.what, row.step.when_text, row.state, row.overdue, row.url or index)
        for row in selectors.steps(user=person.user, municipality=person.municipality, today=day)
        if not row.done
    ]
    rows.sort(key=lambda row: not row.overdue)  # stable: the slide's order within each group
    return DigestSection(
        title=_("SAPA: what your municipality still has to do"),
        template="sapa/mail/digest_steps",
        context={"steps": rows, "index_path": index},
        count=len(rows),
    )


DIGEST = DigestPart("sapa.steps", position=300, build=digest_section)
