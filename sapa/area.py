"""How SAPA plugs into the portal (kombitportal/core/areas.py): its navigation, the start page's
card (what is left of "Kommende opgaver"), the seed's SAPA catalogue for `load_demo` and its part
of the API."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kombitportal.core.areas import Area, Card, StatusSection
from kombitportal.core.models import Municipality
from sapa import api, demo, selectors


def card(*, user, municipality: Municipality | None, today: date) -> Card | None:
    rows = selectors.steps(user=user, municipality=municipality, today=today)
    if not rows:
        return None
    left = [row for row in rows if not row.done]
    overdue = sum(row.overdue for row in rows)
    if municipality is None:
        summary = ngettext(
            "%(n)d step the municipalities have not all done",
            "%(n)d steps the municipalities have not all done",
            len(left),
        ) % {"n": len(left)}
    elif not left:
        summary = str(_("Every step is done"))
    else:
        summary = ngettext(
            "%(n)d of %(total)d steps left", "%(n)d of %(total)d steps left", len(left)
        ) % {"n": len(left), "total": len(rows)}
    if overdue:
        summary += ", " + ngettext("%(n)d overdue", "%(n)d overdue", overdue) % {"n": overdue}
    return Card(summary=summary, attention=bool(overdue))


def status(*, user, municipality: Municipality, today: date) -> StatusSection | None:
    """The municipality's "Kommende opgaver" with each step's state, and its data-exchange
    agreements. Nine queries at most."""
    rows = selectors.steps(user=user, municipality=municipality, today=today)
    exchange = selectors.data_exchange_agreements(user=user, municipality=municipality)
    if not rows and not exchange:
        return None
    return StatusSection(
        title=_("SAPA"),
        template="sapa/status.html",
        context={"steps": rows, "exchange": exchange},
        url=reverse("sapa:index") + f"?kommune={municipality.code}",
        attention=any(row.overdue for row in rows),
    )


def news(*, user, today: date) -> list[StatusSection]:
    """ "Status på SKAT-indkomstoplysninger i SAPA": how far the municipalities are with each step,
    and who has not signed the SVR agreement. Nine queries at most."""
    return [
        StatusSection(
            title=_("SAPA"),
            template="sapa/news.html",
            context={
                "steps": selectors.steps(user=user, municipality=None, today=today),
                "exchange": selectors.data_exchange_agreements(user=user, municipality=None),
            },
            url=reverse("sapa:index"),
        )
    ]


AREA = Area(
    key="sapa",
    label=_("SAPA"),
    url_name="sapa:index",
    description=_("Access to income data: purposes and agreements"),
    position=30,
    card=card,
    demo=demo.load_sapa_demo,
    status=status,
    news=news,
    api=api.router,
)
