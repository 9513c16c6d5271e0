"""How the agreements plug into the portal (kombitportal/core/areas.py): navigation, the start
page's card, the demo, the load data, deadline reminders and their part of the digest."""

from datetime import date

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kombitportal.agreements import demo, loadgen, mail, selectors
from kombitportal.core.areas import Area, Card
from kombitportal.core.models import Municipality


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
)
REMINDERS = mail.REMINDERS
DIGEST = mail.DIGEST
