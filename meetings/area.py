"""How the meetings app plugs into the portal (kombitportal/core/areas.py): its navigation, the
start page's card (the latest meeting and, for a municipality, how many of its tasks are done),
and the seed's meeting, onboarding links and KommuneCERT advisories for `load_demo`."""

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kombitportal.core.areas import Area, Card, Prompt
from kombitportal.core.models import Municipality
from meetings import demo, selectors
from meetings.forms import SatisfactionForm
from meetings.models import AgendaItem, ChecklistTick, Meeting


def card(*, user, municipality: Municipality | None, today: date) -> Card | None:
    """The latest meeting; a municipality's tasks from it done. Three queries at most."""
    meeting = Meeting.objects.order_by("-starts_at").first()
    if meeting is None:
        return None
    summary = _("Latest: %(meeting)s.") % {"meeting": meeting.title}
    if municipality is None:
        return Card(summary=summary)
    total = AgendaItem.objects.filter(meeting=meeting).exclude(task="").count()
    if not total:
        return Card(summary=summary)
    ticked = (
        ChecklistTick.objects.filter(item__meeting=meeting, municipality=municipality, done=True)
        .exclude(item__task="")
        .count()
    )
    return Card(
        summary=summary
        + " "
        + _("%(done)d of %(total)d tasks for the programme leader done.")
        % {"done": ticked, "total": total},
        attention=ticked < total,
    )


def prompt(*, user, today: date) -> Prompt | None:
    """The portal's satisfaction question, until the user answers or closes it this quarter.
    One query."""
    if not selectors.satisfaction_asked(user=user, today=today):
        return None
    return Prompt(
        template="meetings/satisfaction_prompt.html", context={"form": SatisfactionForm()}
    )


AREA = Area(
    key="moeder",
    label=gettext_lazy("Meetings"),
    url_name="meetings:list",
    description=gettext_lazy("Programme-leader meetings: agenda, material and your tasks"),
    position=60,
    card=card,
    demo=demo.load_meetings_demo,
    prompt=prompt,
)
