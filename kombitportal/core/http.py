"""The request of a portal page, typed as the middleware makes it.

Every page requires login (LoginRequiredMiddleware), so its `request.user` is a portal `User`,
never AnonymousUser; HtmxMiddleware adds `request.htmx`. A view that requires login takes a
`PortalRequest` (django-stubs' idiom for a typed request.user); a view marked `login_not_required`
keeps `HttpRequest`.
"""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from kombitportal.accounts.models import User


class PortalRequest(HttpRequest):
    user: User
    htmx: HtmxDetails
