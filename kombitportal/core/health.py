"""/healthz: 200 when the database, the cache and the Celery broker answer, else 503 naming what
failed. No login, no session, no details beyond the names."""

import logging
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return what was written")
    cache.delete(key)


def check_broker() -> None:
    url = settings.CELERY_BROKER_URL
    if url.startswith("filesystem://"):
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        for folder in {options["data_folder_in"], options["data_folder_out"]}:
            path = Path(folder)
            path.mkdir(parents=True, exist_ok=True)
            if not os.access(path, os.W_OK):
                raise RuntimeError(f"broker folder {path} is not writable")
        return
    from kombu import Connection

    with Connection(url, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    status = {}
    for name, check in CHECKS.items():
        try:
            check()
        except (DatabaseError, OSError, RuntimeError, ConnectionError) as exc:
            logger.error("healthz: %s failed: %s: %s", name, exc.__class__.__name__, exc)
            status[name] = "failed"
        except Exception as exc:
            logger.error("healthz: %s failed: %s: %s", name, exc.__class__.__name__, exc)
            status[name] = "failed"
        else:
            status[name] = "ok"
    failed = [name for name, value in status.items() if value != "ok"]
    return JsonResponse(
        {"status": "failed" if failed else "ok", "checks": status, "failed": failed},
        status=503 if failed else 200,
    )
