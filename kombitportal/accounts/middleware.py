"""Session lifetime limits: idle and absolute (settings SESSION_IDLE_TIMEOUT, SESSION_ABSOLUTE_TIMEOUT)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext as _

LOGIN_AT = "_login_at"
SEEN_AT = "_seen_at"
# Refresh the idle clock at most this often, so that a busy user does not write the session on
# every request.
SEEN_RESOLUTION = 60
# Where the read-only JSON API lives (kombitportal/api, a fixed path of the portal).
API_PATH = "/api/"


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            login_at = session.setdefault(LOGIN_AT, now)
            seen_at = session.get(SEEN_AT, now)
            if (
                now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT
                or now - seen_at > settings.SESSION_IDLE_TIMEOUT
            ):
                logout(request)
                if request.path_info.startswith(API_PATH):
                    # The JSON API answers an ended session itself: a 401, not the login page.
                    return self.get_response(request)
                messages.info(request, _("Your session has expired. Please log in again."))
                target = "/saml/login/?" + urlencode({"next": request.get_full_path()})
                if getattr(request, "htmx", False):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = target
                    return response
                return redirect(target)
            if now - seen_at >= SEEN_RESOLUTION or SEEN_AT not in session:
                session[SEEN_AT] = now
        return self.get_response(request)
