"""How SAPA plugs into the portal (kombitportal/core/areas.py): its navigation, its place on the
start page and the seed's SAPA catalogue for `load_demo`."""

from django.utils.translation import gettext_lazy as _

from kombitportal.core.areas import Area
from sapa import demo

AREA = Area(
    key="sapa",
    label=_("SAPA"),
    url_name="sapa:index",
    description=_("Access to income data: purposes and agreements"),
    position=30,
    demo=demo.load_sapa_demo,
)
