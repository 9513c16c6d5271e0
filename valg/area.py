"""How Valg plugs into the portal (kombitportal/core/areas.py): for now its navigation and
its place on the start page; its pages, card, demo data and mail come with the area itself."""

from django.utils.translation import gettext_lazy as _

from kombitportal.core.areas import Area

AREA = Area(
    key="valg",
    label=_("Valg"),
    url_name="valg:index",
    description=_("The roll-out of the new election solution"),
    position=40,
)
