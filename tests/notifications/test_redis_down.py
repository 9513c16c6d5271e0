"""The portal keeps serving when Redis is down: sessions (cached_db) and the user cache fall back
to the database, a write whose Celery task cannot be queued still commits (the outbox pump sends
it later), and the failures are logged once, not per request."""

import logging
import socket

import pytest

from klik.models import Project, TaskAssignment
from kombitportal.celery import app as celery_app
from kombitportal.notifications.models import Mail
from tests.accounts.saml_helpers import (
    landing,
    post_response,
    response_spec,
    signed,
    start_login,
)
from tests.klik.conftest import make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"redis://127.0.0.1:{s.getsockname()[1]}/0"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "kombitportal.core.cache.ResilientRedisCache",
            "LOCATION": dead,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.AUTH_USER_CACHE_SECONDS = 60
    from kombitportal.core import cache, queue

    cache._last_logged = queue._last_logged = 0.0
    broker, options = celery_app.conf.broker_url, celery_app.conf.broker_transport_options
    celery_app.conf.broker_url = dead
    celery_app.conf.broker_transport_options = {"socket_connect_timeout": 0.5}
    celery_app.pool.force_close_all()
    yield dead
    celery_app.conf.broker_url, celery_app.conf.broker_transport_options = broker, options
    celery_app.pool.force_close_all()


def test_log_in_open_the_list_and_change_a_status(
    redis_down, client, demo_idp, aarhus, caplog, settings
):
    settings.PORTAL_BASE_URL = ""  # the test client's own host (the mail tests set another)
    task = make_task(
        Project.objects.create(name="SAPA"), "Oplær brugere", "01.12.2024", "31.12.2024", code="U10"
    )
    with caplog.at_level(logging.WARNING):
        request_id = start_login(client, next_path="/klik/")
        response = post_response(client, signed(response_spec(request_id)), relay_state="/klik/")
        assert response.status_code == 302 and landing(response) == "/klik/"
        page = client.get("/klik/")
        assert page.status_code == 200 and "U10" in page.content.decode()
        assignment = TaskAssignment.objects.get(task=task, municipality=aarhus)
        response = client.post(f"/klik/{assignment.pk}/status/", {"status": "in_progress"})
        assert response.status_code == 302
        assert client.get(f"/klik/{assignment.pk}/").status_code == 200
    assignment.refresh_from_db()
    assert assignment.status == "in_progress"
    cache_errors = [r for r in caplog.records if "Redis cache unavailable" in r.getMessage()]
    assert len(cache_errors) == 1, "logged once, not per request"


def test_a_sweep_whose_sends_cannot_be_queued_still_commits(
    redis_down, world, caplog, django_capture_on_commit_callbacks
):
    from kombitportal.notifications import services
    from tests.notifications.conftest import DAY

    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        result = services.reminders_sweep(day=DAY)
    assert result.added > 0 and Mail.objects.count() == result.added  # the outbox rows stand
    assert set(Mail.objects.values_list("state", flat=True)) == {"queued"}  # for the pump
    queue_errors = [r for r in caplog.records if "Celery broker unavailable" in r.getMessage()]
    assert len(queue_errors) == 1
