"""What every response of the portal says about itself, and messages for htmx requests."""

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers


def wants_partial(request: HttpRequest) -> bool:
    """Whether to answer with a page's partial: an htmx request that swaps part of the page, not a
    boosted link and not htmx restoring the browser's history (that needs the whole page)."""
    htmx = getattr(request, "htmx", None)
    if not htmx:
        return False
    return not htmx.boosted and not htmx.history_restore_request


class PrivateResponsesMiddleware:
    """A page and its htmx partial share one URL: every response varies by HX-Request, so that no
    cache (the browser's, on Back) gives one for the other. Whatever a logged-in user gets —
    pages, partials, downloads — is theirs alone: `Cache-Control: private, no-store`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class HtmxMessagesMiddleware:
    """Messages on an htmx request are appended as an out-of-band swap, so that a partial update
    shows the same confirmations and errors as a full page load."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not getattr(request, "htmx", False)
            or "HX-Redirect" in response
            or "HX-Location" in response
            or response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or 300 <= response.status_code < 400
        ):
            return response
        storage = get_messages(request)
        if not list(storage):
            return response
        response.content += render_to_string(
            "partials/messages.html", {"messages": storage, "oob": True}, request=request
        ).encode()
        return response


class PortalLocaleMiddleware(LocaleMiddleware):
    """Danish first, whatever the browser says: the language is the one the user picked (the
    language cookie set by the switch in the header), else the portal's (LANGUAGE_CODE). The
    browser's Accept-Language is not consulted."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
