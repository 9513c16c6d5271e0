"""How Context Handler 2 plugs into the portal (kombitportal/core/areas.py): for now its navigation and
its place on the start page; its pages, card, demo data and mail come with the area itself."""

from django.utils.translation import gettext_lazy as _

from kombitportal.core.areas import Area

AREA = Area(
    key="contexthandler",
    label=_("Context Handler"),
    url_name="contexthandler:index",
    description=_("Login set-up and certificate roll-overs"),
    position=50,
)
