"""A real Celery worker on Redis and PostgreSQL, killed with SIGKILL in the middle of a batch of
reminders: after a restart every due mail is in the outbox once and delivered once.

The sweeps run as operators run them (`manage.py send_due_mail`), the worker as `celery -A
kombitportal worker`, both on the pytest database and an isolated Redis database. A local SMTP
server counts what it accepts by Message-ID; it takes a quarter of a second per mail before it
answers 250, and a mail whose client is gone by then is not counted, as a real server would not
take responsibility for it."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from klik import services as klik_services
from klik.models import Project, TaskAssignment
from kombitportal.core import services as core_services
from kombitportal.core.models import Municipality
from kombitportal.notifications.models import Mail
from tests.conftest import require_service
from tests.klik.conftest import make_task
from tests.notifications.smtp import CountingHandler, SmtpServer

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
DAY = date(2024, 12, 5)
CLAIM_TIMEOUT = 3


class SlowHandler(CountingHandler):
    """Accepts a mail a quarter of a second after its data arrived, if the client is still there."""

    def __init__(self):
        super().__init__()
        self.in_progress = 0
        self.started = 0.0

    def mid_send(self) -> bool:
        """A mail is being received and is still far from being accepted."""
        return self.in_progress == 1 and time.monotonic() - self.started < 0.1

    async def handle_DATA(self, server, session, envelope):
        self.in_progress += 1
        self.started = time.monotonic()
        try:
            await asyncio.sleep(0.25)
            if server.transport is None or server.transport.is_closing():
                return "421 4.4.2 Connection gone"
            return await super().handle_DATA(server, session, envelope)
        finally:
            self.in_progress -= 1


def _services_env(smtp_port: int, redis_url: str, tmp_path: Path) -> dict[str, str]:
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kombitportal.settings",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "REDIS_URL": redis_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "MAIL_SEND_CLAIM_TIMEOUT": str(CLAIM_TIMEOUT),
        "CELERY_VISIBILITY_TIMEOUT": "5",
        "PORTAL_BASE_URL": "https://programleder.example.dk",
        "VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "1",
        "DEMO_IDP": "0",
        "PYTHONUNBUFFERED": "1",
    }


def _start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kombitportal", "worker", "--pool", "prefork",
         "--concurrency", "1", "--loglevel", "INFO", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=log.open("a"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    _wait(lambda: "ready." in log.read_text(), 30, f"worker did not start:\n{log.read_text()}")
    return worker


def _kill(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)


def _sweep(env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "send_due_mail", "--date", DAY.isoformat(), "--no-digest"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return result.stdout


def _wait(condition, seconds: float, message: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(message)
        time.sleep(0.05)


def _due_world() -> int:
    """Five tasks ending 7 days after DAY; in three municipalities each has a responsible person
    and two performers with e-mail: 45 due reminders."""
    project = Project.objects.create(name="Nedbrud")
    tasks = [
        make_task(project, f"Opgave {i}", "01.11.2024", "12.12.2024", code=f"N{i}")
        for i in range(5)
    ]
    for municipality in Municipality.objects.filter(code__in=["0751", "0461", "0101"]):
        people = [
            core_services.person_upsert(
                name=f"{name} {municipality.name}",
                email=f"person{i}@m{municipality.code}.example.dk",
                municipality=municipality,
            )
            for i, name in enumerate(("Ansvarlig", "Udfører", "Hjælper"))
        ]
        for task in tasks:
            klik_services.assignment_set_people(
                assignment=TaskAssignment.objects.get(task=task, municipality=municipality),
                responsible=people[0],
                performers=people[1:],
            )
    return 5 * 3 * 3


def test_a_worker_killed_mid_batch_loses_nothing_and_doubles_nothing(tmp_path, reference_data):
    if not settings.REDIS_URL:
        require_service("redis", "REDIS_URL is not set")
    if connection.vendor != "postgresql":
        require_service("postgresql", "the worker needs a database it can share: PostgreSQL")
    import redis

    redis_url = settings.REDIS_URL.rsplit("/", 1)[0] + "/14"  # a database of this test's own
    broker = redis.Redis.from_url(redis_url)
    broker.flushdb()
    expected = _due_world()
    log = tmp_path / "worker.log"
    workers = []
    with SmtpServer(SlowHandler()) as smtp:
        env = _services_env(smtp.port, redis_url, tmp_path)
        try:
            workers.append(_start_worker(env, log))
            assert f"{expected} due, {expected} new in the outbox, {expected} queued" in _sweep(env)
            assert f"{expected} due, 0 new in the outbox" in _sweep(env)  # twice: nothing more
            assert Mail.objects.count() == expected

            # Kill the worker (main process and pool) while a mail is being received. One pool
            # process, so that no other mail is at that moment between the server's acceptance
            # and the commit of "sent" (the one window the design leaves, see services.py).
            _wait(
                lambda: len(smtp.accepted) >= 5 and smtp.handler.mid_send(),
                30,
                f"no deliveries:\n{log.read_text()}",
            )
            _kill(workers[0])
            delivered_at_kill = len(smtp.accepted)
            assert delivered_at_kill < expected
            # A send died with its claim held, and others had not started.
            assert Mail.objects.filter(state="sending").exists()
            assert Mail.objects.filter(state="queued").exists()

            # Restart; once a claim is older than MAIL_SEND_CLAIM_TIMEOUT a sweep picks it up.
            workers.append(_start_worker(env, log))
            time.sleep(CLAIM_TIMEOUT + 1)
            assert f"{expected} due, 0 new in the outbox" in _sweep(env)
            _wait(
                lambda: Mail.objects.filter(state="sent").count() == expected,
                60,
                f"not everything was sent: {list(Mail.objects.values_list('state', flat=True))}"
                f"\n{log.read_text()[-4000:]}",
            )
            time.sleep(1)  # anything still on its way would show up in the counts below
        finally:
            for worker in workers:
                _kill(worker)
            broker.flushdb()

        rows = list(Mail.objects.values_list("person_id", "subject_key", "due_date", "state"))
        assert len(rows) == expected == len({r[:3] for r in rows})
        assert {r[3] for r in rows} == {"sent"}
        assert len(smtp.accepted) == expected
        assert set(smtp.handler.by_message_id.values()) == {1}  # each mail exactly once
        assert len(smtp.handler.by_message_id) == expected
        assert delivered_at_kill < expected
