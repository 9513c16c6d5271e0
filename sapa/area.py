"""How SAPA plugs into the portal (kombitportal/core/areas.py): for now its navigation and
its place on the start page; its pages, card, demo data and mail come with the area itself."""

from django.utils.translation import gettext_lazy as _

from kombitportal.core.areas import Area

AREA = Area(
    key="sapa",
    label=_("SAPA"),
    url_name="sapa:index",
    description=_("Access to income data: purposes and agreements"),
    position=30,
)
