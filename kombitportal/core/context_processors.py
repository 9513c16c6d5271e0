"""What every page's layout needs: the navigation of the portal's areas, the header's links and the
other languages. All of it is the same for every request of a language, so it is made once per
process (and language and script prefix) instead of by template tags on every page."""

from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info
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


@lru_cache(maxsize=8)
def _layout(script_prefix: str, language: str) -> dict:
    return {
        "css": static("css/portal.css"),
        "htmx": static("vendor/htmx/htmx.min.js"),
        "js": static("js/portal.js"),
        "home": reverse("home"),
        "set_language": reverse("set_language"),
        "profile": reverse("profile"),
        "admin": reverse("admin:index"),
        "logout": reverse("saml:logout"),
        # The other languages, each named in itself ("English" on a Danish page).
        "languages": [
            (code, capfirst(get_language_info(code)["name_local"]))
            for code, _name in settings.LANGUAGES
            if code != language
        ],
    }


def portal(request: HttpRequest) -> dict:
    script_prefix = get_script_prefix()
    context = {"layout": _layout(script_prefix, get_language())}
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        context["navigation"] = []
        context["navigation_current"] = ""
        return context
    path = request.path
    items = []
    for (key, label, _url_name), url in zip(NAVIGATION, _urls(script_prefix), strict=True):
        current = path == url if url == "/" else path.startswith(url)
        items.append({"key": key, "label": label, "url": url, "current": current})
    context["navigation"] = items
    # The navigation's fragment differs only by language and by the area shown.
    context["navigation_current"] = next((i["key"] for i in items if i["current"]), "")
    return context
