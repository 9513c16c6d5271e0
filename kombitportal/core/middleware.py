"""Messages for htmx requests: appended as an out-of-band swap, so that a partial update shows the
same confirmations and errors as a full page load."""

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class HtmxMessagesMiddleware:
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
