"""How Context Handler 2 plugs into the portal (kombitportal/core/areas.py): its navigation, the
start page's card (the municipality's IdPs, systems still on Context Handler 1 and the open
certificate-change checklist; for KOMBIT the same across the 98), its demo data and its part of
the API."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from contexthandler import api, demo, selectors
from contexthandler.models import Handler, IdentityProvider, RolloverCheck, SystemUse
from kombitportal.core.areas import Area, Card, Measure, StatusSection, Tile
from kombitportal.core.models import Municipality

OPEN = selectors.OPEN


def card(*, user, municipality: Municipality | None, today: date) -> Card | None:
    checks = RolloverCheck.objects.filter(rollover__starts_at__date__gte=today)
    uses = SystemUse.objects.filter(handler=Handler.CH1)
    if municipality is not None:
        idps = IdentityProvider.objects.filter(municipality=municipality).count()
        on_ch1 = uses.filter(municipality=municipality).count()
        open_checks = checks.filter(OPEN, municipality=municipality).count()
        parts = [ngettext("%(n)d IdP", "%(n)d IdPs", idps) % {"n": idps}]
        if on_ch1:
            parts.append(
                ngettext(
                    "%(n)d system on Context Handler 1",
                    "%(n)d systems on Context Handler 1",
                    on_ch1,
                )
                % {"n": on_ch1}
            )
        if open_checks:
            parts.append(
                ngettext(
                    "%(n)d certificate-change step to tick",
                    "%(n)d certificate-change steps to tick",
                    open_checks,
                )
                % {"n": open_checks}
            )
        return Card(summary=", ".join(parts), attention=bool(on_ch1 or open_checks or not idps))
    on_ch1 = uses.values("municipality").distinct().count()
    open_municipalities = checks.filter(OPEN).values("municipality").distinct().count()
    summary = ngettext(
        "%(n)d municipality on Context Handler 1",
        "%(n)d municipalities on Context Handler 1",
        on_ch1,
    ) % {"n": on_ch1}
    if open_municipalities:
        summary += ", " + _("%(n)d with the certificate change not ticked") % {
            "n": open_municipalities
        }
    return Card(summary=summary, attention=bool(open_municipalities))


def status(*, user, municipality: Municipality, today: date) -> StatusSection:
    """The municipality's IdPs and profiles, its systems still on Context Handler 1, and its
    certificate-change checklists. Five queries."""
    idp_list = selectors.idps(user=user, municipality=municipality)
    rows = selectors.systems(user=user, municipality=municipality, idp_list=idp_list)
    changes = selectors.rollovers(user=user, municipality=municipality)
    open_checks = [c for state in changes for c in state.checks if not c.done]
    return StatusSection(
        title=_("Context Handler 2"),
        template="contexthandler/status.html",
        context={
            "idps": idp_list,
            "on_ch1": [row for row in rows if row.handler == Handler.CH1],
            "warnings": [row for row in rows if row.warning],
            "changes": changes,
        },
        url=reverse("contexthandler:index") + f"?kommune={municipality.code}",
        attention=bool(open_checks or not idp_list),
    )


def news(*, user, today: date) -> list[StatusSection]:
    """ "Status på Context Handler 2": who still uses Context Handler 1, and how far the
    municipalities are with the certificate change. Four queries."""
    return [
        StatusSection(
            title=_("Context Handler 2"),
            template="contexthandler/news.html",
            context={
                "ch1": selectors.ch1_overview(),
                "changes": selectors.rollovers(user=user, municipality=None),
            },
            url=reverse("contexthandler:index"),
        )
    ]


def measure(*, today: date) -> Measure:
    """CH2 readiness: an IdP registered, no system left on Context Handler 1, and the coming
    certificate change ticked. Three queries."""
    with_idp = set(IdentityProvider.objects.values_list("municipality_id", flat=True))
    on_ch1 = set(
        SystemUse.objects.filter(handler=Handler.CH1).values_list("municipality_id", flat=True)
    )
    open_checks = set(
        RolloverCheck.objects.filter(OPEN, rollover__starts_at__date__gte=today).values_list(
            "municipality_id", flat=True
        )
    )
    tiles = {}
    for pk in Municipality.objects.values_list("pk", flat=True):
        if pk not in with_idp:
            tiles[pk] = Tile(3, _("no IdP"))
        elif pk in on_ch1:
            tiles[pk] = Tile(2, _("CH1 in use"))
        elif pk in open_checks:
            tiles[pk] = Tile(1, _("not ticked"))
        else:
            tiles[pk] = Tile(0, _("ready"))
    return Measure(
        key="ch2",
        label=_("CH2 readiness"),
        legend=(
            _("ready"), _("certificate change not ticked"), _("a system on Context Handler 1"),
            _("no IdP registered"),
        ),
        tiles=tiles,
    )  # fmt: skip


AREA = Area(
    key="contexthandler",
    label=gettext_lazy("Context Handler"),
    url_name="contexthandler:index",
    description=gettext_lazy("Login set-up and certificate roll-overs"),
    position=50,
    card=card,
    demo=demo.load_contexthandler_demo,
    needs=selectors.needs_of,
    status=status,
    news=news,
    measure=measure,
    api=api.router,
)
