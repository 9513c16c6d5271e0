"""PDFs of the portal's pages (weasyprint): A4, Danish, the portal's typography. The HTML they are
made from loads nothing from the network: the fetcher serves the portal's own static files and
refuses every other URL."""

from functools import cache
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class RefusedURL(ValueError):
    pass


def static_file(url: str) -> tuple[bytes, str | None]:
    """The content and type of the portal's static file at url (css, images, fonts); any other
    URL is refused."""
    parts = urlsplit(url)
    path = parts.path
    if (
        parts.scheme not in ("http", "https")
        or not path.startswith(settings.STATIC_URL)
        or ".." in path.split("/")
    ):
        raise RefusedURL(f"the PDF may load only the portal's static files, not {url!r}")
    found = finders.find(path.removeprefix(settings.STATIC_URL))
    if not found or isinstance(found, list):
        raise RefusedURL(f"no static file {path!r}")
    with open(found, "rb") as handle:
        content = handle.read()
    return content, "text/css" if path.endswith(".css") else None


@cache
def _fetcher() -> Any:
    # weasyprint loads Pango and its fonts when imported: only in a process that makes a PDF.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            content, mime = static_file(url)
            return URLFetcherResponse(
                url, content, {"Content-Type": mime} if mime else None, status=200
            )

    return StaticFilesFetcher()


def render_pdf(template: str, context: dict[str, Any], request: HttpRequest) -> bytes:
    import weasyprint

    html = render_to_string(template, context, request)
    return weasyprint.HTML(
        string=html, base_url=request.build_absolute_uri("/"), url_fetcher=_fetcher()
    ).write_pdf()


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def offline_request(user: Any) -> HttpRequest:
    """A request for rendering a PDF outside a web request (a Celery task, the benchmark): the
    portal's base URL as host, the user as the one who made it."""
    from django.test import RequestFactory

    base = urlsplit(settings.PORTAL_BASE_URL)
    # Without PORTAL_BASE_URL, a host the portal answers to (the URL is checked against it).
    named = [h for h in settings.ALLOWED_HOSTS if h and h != "*" and not h.startswith(".")]
    host = base.netloc or (named[0] if named else "localhost")
    request = RequestFactory().get("/", HTTP_HOST=host, secure=base.scheme == "https")
    request.user = user
    request.LANGUAGE_CODE = "da"
    return request
