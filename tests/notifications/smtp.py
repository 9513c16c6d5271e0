"""A local SMTP server for tests (aiosmtpd, in a thread): counts what it accepts, by Message-ID, and
can answer with a temporary or permanent refusal."""

import email
import socket
import threading
from collections import Counter

from aiosmtpd.controller import Controller


class CountingHandler:
    def __init__(self):
        self.accepted: list[email.message.Message] = []
        self.by_message_id: Counter[str] = Counter()
        self.reply = "250 OK"
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if not self.reply.startswith("250"):
            return self.reply
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.accepted.append(message)
            self.by_message_id[message["Message-ID"]] += 1
        return self.reply


class SmtpServer:
    def __init__(self, handler: CountingHandler | None = None):
        self.handler = handler or CountingHandler()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> "SmtpServer":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    @property
    def accepted(self) -> list[email.message.Message]:
        return self.handler.accepted
