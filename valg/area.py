"""How Valg plugs into the portal (kombitportal/core/areas.py): its navigation, the start page's
card (the municipality's wave, or how the waves went, and which solution would run an election
called today), the seed's Valg content for `load_demo` and its part of the API."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kombitportal.core.areas import Area, Card, StatusSection
from kombitportal.core.models import Municipality
from valg import api, demo, rules, selectors
from valg.models import RatedArea, Wave


def card(*, user, municipality: Municipality | None, today: date) -> Card | None:
    answer = rules.which_solution(rules.Kind.FOLKETINGSVALG, today)
    election = _("A general election today: %(solution)s.") % {"solution": answer}
    if municipality is not None:
        wave = selectors.wave_of(municipality)
        if wave is None:
            return Card(summary=election)
        status = wave.get_status_display()
        return Card(summary=f"{wave} ({status.lower()}). {election}")
    statuses = list(Wave.objects.values_list("status", flat=True))
    if not statuses:
        return Card(summary=election)
    done = statuses.count(Wave.Status.DONE)
    cancelled = statuses.count(Wave.Status.CANCELLED)
    summary = _("%(done)d of %(total)d waves completed") % {"done": done, "total": len(statuses)}
    if cancelled:
        summary += ", " + _("%(n)d cancelled") % {"n": cancelled}
    return Card(summary=f"{summary}. {election}")


def status(*, user, municipality: Municipality, today: date) -> StatusSection | None:
    """The municipality's wave and its check-ins week by week. Two queries."""
    wave = selectors.wave_of(municipality)
    if wave is None:
        return None
    return StatusSection(
        title=_("Valg"),
        template="valg/status.html",
        context={
            "wave": wave,
            "weeks": selectors.week_grid(user=user, municipality=municipality, wave=wave),
            "areas": list(RatedArea),
        },
        url=reverse("valg:checkins") + f"?kommune={municipality.code}",
    )


def news(*, user, today: date) -> list[StatusSection]:
    """ "Status på udrulning af Valg": the status points and the satisfaction table. Five
    queries."""
    wave_list = selectors.waves()
    return [
        StatusSection(
            title=_("Valg"),
            template="valg/news.html",
            context={
                "points": selectors.status_points(),
                "table": selectors.satisfaction_table(wave_list),
                "answer": rules.which_solution(rules.Kind.FOLKETINGSVALG, today),
            },
            url=reverse("valg:index"),
        )
    ]


AREA = Area(
    key="valg",
    label=gettext_lazy("Valg"),
    url_name="valg:index",
    description=gettext_lazy("The roll-out of the new election solution"),
    position=40,
    card=card,
    demo=demo.load_valg_demo,
    status=status,
    news=news,
    api=api.router,
)
