"""What every page's layout needs: the navigation of the portal's areas."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

NAVIGATION = (
    ("home", _("Overview"), "home"),
    ("klik", _("KLIK"), "klik:index"),
    ("aftaler", _("Agreements"), "agreements:index"),
    ("sapa", _("SAPA"), "sapa:index"),
    ("valg", _("Valg"), "valg:index"),
    ("contexthandler", _("Context Handler"), "contexthandler:index"),
    ("roller", _("Role gallery"), "roles"),
)


def portal(request: HttpRequest) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"navigation": []}
    path = request.path
    items = []
    for key, label, url_name in NAVIGATION:
        url = reverse(url_name)
        current = path == url if url == "/" else path.startswith(url)
        items.append({"key": key, "label": label, "url": url, "current": current})
    return {"navigation": items}
