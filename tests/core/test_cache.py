"""The Redis cache degrades when Redis does not answer: reads miss, writes are dropped, the error
is logged once; what stands on it (cached_db sessions, the user cache) falls back to the database."""

import logging
import socket

import pytest
from django.core.cache import caches

from kombitportal.core import cache as resilient


@pytest.fixture
def redis_down(settings):
    """A cache pointed at a port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.CACHES = {
        **settings.CACHES,
        "down": {
            "BACKEND": "kombitportal.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    resilient._last_logged = 0.0
    return caches["down"]


def test_reads_miss_and_writes_are_dropped(redis_down, caplog):
    with caplog.at_level(logging.ERROR, logger="kombitportal.core.cache"):
        assert redis_down.get("x") is None
        assert redis_down.get("x", "default") == "default"
        redis_down.set("x", 1)
        assert redis_down.get_many(["x", "y"]) == {}
        assert redis_down.add("x", 1) is False
        redis_down.delete("x")
    logged = [r for r in caplog.records if "Redis cache unavailable" in r.getMessage()]
    assert len(logged) == 1, "logged once, not per call"


def test_healthz_still_reports_the_cache(redis_down, client, settings, monkeypatch):
    from kombitportal.core import health

    monkeypatch.setattr(health, "cache", redis_down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "failed"
