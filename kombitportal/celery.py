"""The Celery app: `celery -A kombitportal worker` and `celery -A kombitportal beat` (exactly one)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kombitportal.settings")

app = Celery("kombitportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
