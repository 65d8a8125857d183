"""E-mail: one ``Mailer`` interface, two transports.

* ``PARTAGE_SMTP_URL`` set: SMTP (``smtp://[user:password@]host[:port][?starttls=1]``, or ``smtps://``
  for TLS from the first byte).
* unset: each message is written as an ``.eml`` file under ``<var>/mail`` (the embedded default:
  the demo and a laptop need no mail server, and the files open in any mail client).
"""
from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from partage.core.ids import uuid7

TIMEOUT = 15   # seconds: a request never waits forever on a mail server


@dataclass(frozen=True, slots=True)
class Mail:
    """What to send: one recipient, a subject, a plain-text body (and an optional HTML one)."""

    to: str
    subject: str
    text: str
    html: str | None = None
    language: str | None = None


class Mailer(Protocol):
    def send(self, mail: Mail) -> str:
        """Send ``mail``; returns its Message-ID. Raises ``MailError`` when it cannot."""


class MailError(Exception):
    """The mail could not be handed over (server refused or unreachable)."""


def compose(mail: Mail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, mail.to, mail.subject
    message["Date"], message["Message-ID"] = formatdate(localtime=False), make_msgid(domain="partage")
    if mail.language:
        message["Content-Language"] = mail.language
    message.set_content(mail.text)
    if mail.html:
        message.add_alternative(mail.html, subtype="html")
    return message


class FileMailer:
    """Writes each message as ``<dir>/<time-ordered id>.eml``."""

    def __init__(self, directory: Path, sender: str) -> None:
        self.directory, self.sender = Path(directory), sender

    def send(self, mail: Mail) -> str:
        message = compose(mail, self.sender)
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{uuid7()}.eml"
        path.write_bytes(bytes(message))
        return message["Message-ID"]


class SmtpMailer:
    """Hands messages to an SMTP server (TLS with ``smtps://`` or ``?starttls=1``)."""

    def __init__(self, url: str, sender: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("PARTAGE_SMTP_URL must look like smtp://user:password@host:port")
        self.tls = parts.scheme == "smtps"
        self.starttls = parse_qs(parts.query).get("starttls", ["0"])[0] in ("1", "true", "yes")
        self.host, self.port = parts.hostname, parts.port or (465 if self.tls else 25)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.sender = sender

    def _connect(self) -> smtplib.SMTP:
        if self.tls:
            return smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT,
                                    context=ssl.create_default_context())
        client = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT)
        if self.starttls:
            client.starttls(context=ssl.create_default_context())
        return client

    def send(self, mail: Mail) -> str:
        message = compose(mail, self.sender)
        try:
            with self._connect() as client:
                if self.user:
                    client.login(self.user, self.password or "")
                client.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(f"the mail server did not take the message: {type(exc).__name__}") from exc
        return message["Message-ID"]


def mailer_for(settings) -> Mailer:
    """The configured transport: SMTP when ``PARTAGE_SMTP_URL`` is set, else ``.eml`` files."""
    if settings.smtp_url:
        return SmtpMailer(settings.smtp_url, settings.mail_from)
    return FileMailer(Path(settings.var_dir) / "mail", settings.mail_from)


__all__ = ["FileMailer", "Mail", "MailError", "Mailer", "SmtpMailer", "compose", "mailer_for"]
