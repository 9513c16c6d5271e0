"""What every page's layout needs: the navigation of the portal's areas, the header's links and the
other languages. All of it is the same for every request of a language, so it is made once per
process (and language and script prefix) instead of by template tags on every page. The areas come
from their registry (kombitportal/core/areas.py), between the core's start page and role gallery."""

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from kombitportal.core import areas, clock


def navigation() -> list[tuple[str, str | Promise, str]]:
    """(key, label, url name) of the start page, every area, and the role gallery."""
    return [
        ("home", _("Overview"), "home"),
        *((area.key, area.label, area.url_name) for area in areas.areas()),
        ("roller", _("Role gallery"), "roles"),
    ]


@lru_cache(maxsize=4)
def _navigation(script_prefix: str) -> tuple[tuple[str, str | Promise, str], ...]:
    """The navigation with its URLs, reversed once per process (and script prefix): every page
    shows them."""
    return tuple((key, label, reverse(url_name)) for key, label, url_name in navigation())


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
        "accessibility": reverse("accessibility"),
        # The other languages, each named in itself ("English" on a Danish page).
        "languages": [
            (code, capfirst(get_language_info(code)["name_local"]))
            for code, _name in settings.LANGUAGES
            if code != language
        ],
    }


def portal(request: HttpRequest) -> dict:
    script_prefix = get_script_prefix()
    context: dict[str, Any] = {"layout": _layout(script_prefix, get_language())}
    # A fixed "today" (PORTAL_TODAY, the demo) is said on every page.
    context["portal_today"] = clock.today() if clock.is_fixed() else None
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        context["navigation"] = []
        context["navigation_current"] = ""
        return context
    path = request.path
    items = []
    for key, label, url in _navigation(script_prefix):
        current = path == url if url == "/" else path.startswith(url)
        items.append({"key": key, "label": label, "url": url, "current": current})
    context["navigation"] = items
    # The navigation's fragment differs only by language and by the area shown.
    context["navigation_current"] = next((i["key"] for i in items if i["current"]), "")
    return context
