"""/healthz: 200 with everything up; 503 naming the database or the broker when they are down."""

import os
import socket

import pytest
from django.db import connection

from tests.conftest import require_service


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db
def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
        "failed": [],
    }


@pytest.mark.django_db
def test_healthz_with_redis_broker(client, settings):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        require_service("redis", "REDIS_URL is not set")
    settings.CELERY_BROKER_URL = redis_url
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_healthz_broker_down(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["broker"]
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_healthz_database_down(client):
    """A real unreachable database: the connection is pointed at nothing, then restored."""
    if connection.vendor == "sqlite":
        # Django keeps an in-memory test database open whatever we do; PostgreSQL (CI) can go down.
        require_service("postgresql", "the test database is in-memory SQLite")
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["HOST"] = "127.0.0.1"
    connection.settings_dict["PORT"] = str(_closed_port())
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)
    assert response.status_code == 503
    assert "database" in response.json()["failed"]
