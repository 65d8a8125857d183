"""A real SMTP server for the tests (aiosmtpd on 127.0.0.1): the product's mails, as received."""
from __future__ import annotations

import email
import os
import re
import socket
import time
from email.policy import default

import pytest


def _port() -> int:
    if os.environ.get("PARTAGE_TEST_SMTP_PORT"):
        return int(os.environ["PARTAGE_TEST_SMTP_PORT"])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """Collects every message the server accepts (``handle_DATA`` is aiosmtpd's hook)."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):   # noqa: N802 - aiosmtpd's name
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 OK"

    def to(self, address: str, wait: float = 5.0):
        """The messages received for ``address`` (waits a little for the server's thread)."""
        deadline = time.monotonic() + wait
        while True:
            found = [m for m in self.messages if address in str(m["To"])]
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    @staticmethod
    def link(message) -> str:
        return re.search(r"https?://\S+/password\?token=\S+", message.get_content()).group(0)


@pytest.fixture(scope="session")
def smtp():
    """(inbox, PARTAGE_SMTP_URL) of a local SMTP server; skips when aiosmtpd is not installed."""
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        if os.environ.get("PARTAGE_REQUIRE_SERVICES") == "1":
            pytest.fail("aiosmtpd is required (pip install -e '.[test]')")
        pytest.skip("aiosmtpd not installed")
    inbox, port = Inbox(), _port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, f"smtp://127.0.0.1:{port}"
    finally:
        controller.stop()
