"""The floor of the benchmark: a bare Django application with nothing of the portal — one view,
SecurityMiddleware and CommonMiddleware only, no database, no session. Its requests/s is what
Django itself costs on this machine; every page of the portal is measured against it."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

SECRET_KEY = "bench-only-never-served"  # noqa: S105 (answers "ok", holds nothing)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = __name__
INSTALLED_APPS: list[str] = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
DATABASES: dict = {}
USE_TZ = True


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare)]
