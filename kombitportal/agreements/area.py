"""How the agreements plug into the portal (kombitportal/core/areas.py): navigation, the start
page's card, the demo, the load data, deadline reminders, their part of the digest, of the
calendar feed of the user's deadlines and of the API."""

from datetime import date

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kombitportal.agreements import api, demo, loadgen, mail, selectors
from kombitportal.agreements.models import Agreement, Signature
from kombitportal.core.areas import (
    MY_DEADLINES,
    Area,
    CalendarEvent,
    Card,
    Measure,
    StatusSection,
    Tile,
)
from kombitportal.core.models import Municipality
from kombitportal.core.scoping import scope_to_user


def card(*, user, municipality: Municipality | None, today: date) -> Card | None:
    if municipality is None:
        return None
    waiting = selectors.waiting_count(user=user, municipality=municipality)
    return Card(
        summary=ngettext(
            "%(n)d agreement waiting for your signature",
            "%(n)d agreements waiting for your signature",
            waiting,
        )
        % {"n": waiting},
        attention=bool(waiting),
    )


def status(*, user, municipality: Municipality, today: date) -> StatusSection:
    """The agreements sent to be signed: waiting for the municipality's signature, and signed
    (when, by whom). Two queries."""
    signed = {
        s.agreement_id: s
        for s in scope_to_user(Signature.objects.filter(municipality=municipality), user)
    }
    sent = list(
        Agreement.objects.filter(dispatched=True, requires_signature=True)
        .select_related("solution")
        .order_by("deadline_date", "title")
    )
    waiting = [a for a in sent if a.pk not in signed]
    return StatusSection(
        title=_("Agreements"),
        template="agreements/status.html",
        context={
            "waiting": waiting,
            "signed": [(a, signed[a.pk]) for a in sent if a.pk in signed],
            "today": today,
        },
        url=reverse("agreements:index") + f"?kommune={municipality.code}",
        attention=bool(waiting),
    )


def news(*, user, today: date) -> list[StatusSection]:
    """ "Overblik over tilslutnings- og databehandleraftaler" (sent and on their way, with their
    recipients and deadline) and the visits held, planned and of interest. Three queries."""
    agreements = list(
        Agreement.objects.exclude(dispatch_text="", dispatched=False)
        .select_related("solution")
        .prefetch_related("recipient_roles", "copy_roles")
        .order_by("solution__name", "title")
    )
    return [
        StatusSection(
            title=_("Agreements sent and on their way"),
            template="agreements/news.html",
            context={"agreements": agreements},
            url=reverse("agreements:index"),
        ),
        StatusSection(
            title=_("Visits to the municipal executive boards"),
            template="agreements/news_visits.html",
            context={"visits": selectors.visit_list()},
            url=reverse("visits"),
        ),
    ]


def measure(*, today: date) -> Measure:
    """Missing signatures: how many of the sent agreements each municipality has not signed. Two
    queries."""
    sent = Agreement.objects.filter(dispatched=True, requires_signature=True).count()
    signed = dict(
        Signature.objects.filter(agreement__dispatched=True, agreement__requires_signature=True)
        .order_by()
        .values("municipality")
        .annotate(n=Count("pk"))
        .values_list("municipality", "n")
    )
    tiles = {}
    for pk in Municipality.objects.values_list("pk", flat=True):
        missing = sent - signed.get(pk, 0)
        level = 0 if missing == 0 else 1 if missing <= 1 else 2 if missing <= 3 else 3
        tiles[pk] = Tile(
            level, ngettext("%(n)d missing", "%(n)d missing", missing) % {"n": missing}
        )
    return Measure(
        key="aftaler",
        label=_("Missing signatures"),
        legend=(_("all signed"), _("1 missing"), _("2–3 missing"), _("4 or more missing")),
        tiles=tiles,
    )


def calendar_events(
    *, user, source: str, params: dict, titles_only: bool, today: date
) -> list[CalendarEvent] | None:
    """ "Mine frister": the deadlines of the agreements the user's roles are to sign for their
    municipality (none of them names a person). One query."""
    if source != MY_DEADLINES:
        return None
    solution, deadline = _("Solution"), _("Deadline")
    return [
        CalendarEvent(
            uid=f"agreement-{row.pk}-municipality-{user.municipality_id}",
            day=row.deadline_date,
            title=_("Sign: %(title)s") % {"title": row.title},
            when=row.deadline,
            exact=row.deadline_exact,
            url=reverse("agreements:detail", args=[row.pk]),
            category=str(_("Agreement")),
            details=tuple(
                line
                for line in (
                    f"{solution}: {row.solution}" if row.solution else "",
                    f"{deadline}: {row.deadline}",
                )
                if line
            ),
        )
        for row in selectors.deadlines_to_sign(user=user)
    ]


AREA = Area(
    key="aftaler",
    label=_("Agreements"),
    url_name="agreements:index",
    description=_("Agreements to sign and who is missing"),
    position=20,
    card=card,
    demo=demo.load_agreements_demo,
    load_data=loadgen.generate,
    clear_load_data=loadgen.clear,
    needed_roles=selectors.roles_needed,
    needs=selectors.needs_of,
    status=status,
    news=news,
    measure=measure,
    calendar_events=calendar_events,
    api=api.router,
)
REMINDERS = mail.REMINDERS
DIGEST = mail.DIGEST
