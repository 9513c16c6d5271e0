"""Uploads refused before their body is read: a request that says it is larger than the form can
take gets a page saying so (413) at once, instead of the server reading megabytes first and the
form refusing them after."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

# Room for the form's other fields and the multipart boundaries around the file.
FORM_ALLOWANCE = 64 * 1024


def refuse_larger_than(max_file_bytes: int) -> Callable:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > max_file_bytes + FORM_ALLOWANCE:
                megabytes = max_file_bytes // (1024 * 1024)
                back = request.headers.get("Referer", "")
                if not url_has_allowed_host_and_scheme(
                    back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
                ):
                    back = "/"
                return render(
                    request, "413.html", {"megabytes": megabytes, "back": back}, status=413
                )
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
