"""gunicorn entry point for the benchmark only: the portal, with bench/urls_bench.py as URLconf (the
real URLs plus a bare view). Production serves kombitportal.wsgi, which never sees the bare view."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kombitportal.settings")

from django.conf import settings
from django.core.wsgi import get_wsgi_application

settings.ROOT_URLCONF = "bench.urls_bench"
application = get_wsgi_application()
