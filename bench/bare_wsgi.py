"""gunicorn entry point of the benchmark's floor: bench/bare_settings.py, nothing of the portal."""

import os

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.bare_settings"

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
