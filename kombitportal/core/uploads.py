"""Uploads refused before their body is read: a request that says it is larger than the form can
take gets a page saying so (413) at once, instead of the server reading megabytes first and the
form refusing them after."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

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


# What an uploaded file may be: its extension → (its content type, how its content begins).
KINDS: dict[str, tuple[str, bytes]] = {
    "pdf": ("application/pdf", b"%PDF-"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        b"PK\x03\x04",
    ),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
}


def check_file(
    document: UploadedFile,
    *,
    kinds: tuple[str, ...],
    max_bytes: int,
    field: str,
    wrong_name: str,
    wrong_content: str,
) -> str:
    """A file of at most `max_bytes` whose name and content both say it is one of `kinds`;
    returns its content type. Each refusal is a ValidationError on `field`, in Danish."""
    assert document.size is not None and document.name is not None  # an upload has both
    if document.size > max_bytes:
        raise ValidationError(
            {field: _("The file is larger than %(n)d MB.") % {"n": max_bytes // (1024 * 1024)}}
        )
    extension = document.name.rsplit(".", 1)[-1].lower() if "." in document.name else ""
    if extension not in kinds:
        raise ValidationError({field: wrong_name})
    content_type, magic = KINDS[extension]
    document.seek(0)
    head = document.read(len(magic))
    document.seek(0)
    if head != magic:
        raise ValidationError({field: wrong_content})
    return content_type
