"""Celery tasks queued when the write that needs them commits, and never at the write's expense: if
the broker does not answer, the write stands and the task is left to the next sweep or pump (the
outbox pump queues every row that waits). The failure is logged once a minute, not per call."""

import logging
import time
from typing import Any

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)
LOG_EVERY_SECONDS = 60
_last_logged = 0.0


def _send(task: Any, args: list[tuple]) -> None:
    global _last_logged
    for each in args:
        try:
            task.delay(*each)
        except OperationalError as error:
            now = time.monotonic()
            if now - _last_logged >= LOG_EVERY_SECONDS:
                _last_logged = now
                logger.error(
                    "Celery broker unavailable, %s left for the next sweep: %s", task.name, error
                )
            return


def enqueue_on_commit(task: Any, *args: Any) -> None:
    """`task.delay(*args)` once the current transaction commits."""
    enqueue_many_on_commit(task, [args])


def enqueue_many_on_commit(task: Any, args: list[tuple]) -> None:
    """`task.delay(*each)` for each of `args` once the current transaction commits."""
    if args:
        transaction.on_commit(lambda: _send(task, args))
