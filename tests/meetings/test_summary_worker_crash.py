""" "Publicér resumé" with a real Celery worker on Redis and PostgreSQL, killed with SIGKILL in the
middle of the batch: after a restart every programme leader has had the summary exactly once,
and publishing again meanwhile adds nothing (tests/notifications/test_worker_crash.py's pattern,
its helpers and its slow SMTP server). KOMBIT publishes as an operator would, from a process of
its own (`manage.py shell`), so that the send tasks go to this test's Redis database."""

import subprocess
import sys
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection

from kombitportal.notifications.models import Mail
from meetings.models import Meeting
from tests.conftest import require_service
from tests.meetings.test_meetings import leaders
from tests.notifications.smtp import SmtpServer
from tests.notifications.test_worker_crash import (
    CLAIM_TIMEOUT,
    ROOT,
    SlowHandler,
    _kill,
    _services_env,
    _start_worker,
    _wait,
)

pytestmark = pytest.mark.django_db(transaction=True)

LEADERS = 12
PUBLISH = """
from kombitportal.accounts.models import User
from meetings import services
from meetings.models import Meeting
result = services.summary_publish(
    meeting=Meeting.objects.get(title="Nedbrudsmødet"),
    actor=User.objects.get(username="kombit-publisher"),
)
print(f"PUBLISHED {result.added}")
"""


def _publish(env: dict[str, str]) -> int:
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", PUBLISH],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    return int(out.split("PUBLISHED ")[1].split()[0])


def _pump(env: dict[str, str]) -> None:
    """The outbox's sweep, as beat runs it: it re-queues a claim older than the timeout."""
    subprocess.run(
        [sys.executable, "manage.py", "send_due_mail", "--no-digest"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip


def test_a_worker_killed_mid_batch_mails_each_leader_the_summary_once(
    tmp_path, reference_data, kombit_user
):
    if not settings.REDIS_URL:
        require_service("redis", "REDIS_URL is not set")
    if connection.vendor != "postgresql":
        require_service("postgresql", "the worker needs a database it can share: PostgreSQL")
    import redis

    kombit_user.username = "kombit-publisher"
    kombit_user.save(update_fields=["username"])
    Meeting.objects.create(
        title="Nedbrudsmødet",
        starts_at=datetime(2024, 11, 26, 9, 30, tzinfo=ZoneInfo("Europe/Copenhagen")),
        summary="Resumé af mødet",
    )
    people = leaders(LEADERS)
    redis_url = settings.REDIS_URL.rsplit("/", 1)[0] + "/13"  # a database of this test's own
    broker = redis.Redis.from_url(redis_url)
    broker.flushdb()
    log = tmp_path / "worker.log"
    workers = []
    with SmtpServer(SlowHandler()) as smtp:
        env = _services_env(smtp.port, redis_url, tmp_path)
        try:
            workers.append(_start_worker(env, log))
            assert _publish(env) == LEADERS
            _wait(
                lambda: len(smtp.accepted) >= 3 and smtp.handler.mid_send(),
                30,
                f"no deliveries:\n{log.read_text()}",
            )
            _kill(workers[0])
            delivered_at_kill = len(smtp.accepted)
            assert delivered_at_kill < LEADERS
            assert Mail.objects.filter(state="sending").exists()  # the send that died
            assert _publish(env) == 0  # publishing again while the worker is down: nobody new

            workers.append(_start_worker(env, log))
            time.sleep(CLAIM_TIMEOUT + 1)
            _pump(env)
            _wait(
                lambda: Mail.objects.filter(state="sent").count() == LEADERS,
                60,
                f"not everything was sent: {list(Mail.objects.values_list('state', flat=True))}"
                f"\n{log.read_text()[-4000:]}",
            )
            time.sleep(1)  # anything still on its way would show up in the counts below
        finally:
            for worker in workers:
                _kill(worker)
            broker.flushdb()

        assert Mail.objects.count() == LEADERS
        assert sorted(Mail.objects.values_list("person_id", flat=True)) == sorted(
            p.pk for p in people
        )
        assert len(smtp.accepted) == LEADERS
        assert set(smtp.handler.by_message_id.values()) == {1}  # each mail exactly once
        assert sorted(m["To"] for m in smtp.accepted) == sorted(p.email for p in people)
