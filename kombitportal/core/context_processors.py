"""What every page's layout needs: the navigation of the portal's areas."""

from functools import lru_cache

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
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


@lru_cache(maxsize=4)
def _urls(script_prefix: str) -> tuple[str, ...]:
    """The areas' URLs, reversed once per process (and script prefix): every page shows them."""
    return tuple(reverse(url_name) for _key, _label, url_name in NAVIGATION)


def portal(request: HttpRequest) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"navigation": []}
    path = request.path
    items = []
    for (key, label, _url_name), url in zip(NAVIGATION, _urls(get_script_prefix()), strict=True):
        current = path == url if url == "/" else path.startswith(url)
        items.append({"key": key, "label": label, "url": url, "current": current})
    return {"navigation": items}
