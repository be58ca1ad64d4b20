"""E-mail alerts: the ``Mailer`` port, its SMTP implementation and the in-memory fake.

:class:`SmtpMailer` sends one plain-text message per call through an SMTP server (optionally
STARTTLS and login); every SMTP or socket failure becomes a ``ServiceUnavailable`` that names the
server, so the alert service can record the failure and retry. :class:`MemoryMailer` keeps the
messages it would have sent, for the demo and for tests of code that sends mail.
"""

from __future__ import annotations

import smtplib
import ssl
import threading
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Protocol

from ceasefire.errors import InputError, ServiceUnavailable


class Mailer(Protocol):
    """What the alert service needs to send an e-mail."""

    def send(self, to: str, subject: str, body: str) -> None: ...


def compose(sender: str, to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text message with From, To, Subject, Date and Message-ID.

    A header value with a line break (header injection) raises ``InputError``.
    """
    message = EmailMessage()
    try:
        message["From"] = sender
        message["To"] = to
        message["Subject"] = subject
    except ValueError as exc:
        raise InputError(f"e-mail to {to!r}", str(exc)) from exc
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=_domain(sender))
    message.set_content(body)
    return message


def _domain(address: str) -> str:
    """The domain of ``address``; ``make_msgid`` would otherwise look up this host's FQDN (slow)."""
    domain = address.rpartition("@")[2].strip(" >")
    return domain or "ceasefire.invalid"


class SmtpMailer:
    """Sends through an SMTP server; a failure raises ``ServiceUnavailable`` naming ``host:port``."""

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        timeout: float = 10.0,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = False,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self.timeout = timeout
        self.username = username
        self.password = password
        self.starttls = starttls
        self.ssl_context = ssl_context

    def send(self, to: str, subject: str, body: str) -> None:
        """Send one message; one connection per call (alerts are rare)."""
        message = compose(self.sender, to, subject, body)
        try:
            self._deliver(message)
        except (smtplib.SMTPException, OSError) as exc:
            raise ServiceUnavailable(
                f"cannot send mail through SMTP server {self.host}:{self.port}: {_problem(exc)}"
            ) from exc

    def _deliver(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls(context=self.ssl_context or ssl.create_default_context())
            if self.username is not None:
                smtp.login(self.username, self.password or "")
            smtp.send_message(message)


def _problem(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


class MemoryMailer:
    """In-memory :class:`Mailer`: keeps each message in ``sent``, and fails on request."""

    def __init__(self, sender: str = "alerts@ceasefire.invalid") -> None:
        self.sender = sender
        self.sent: list[EmailMessage] = []
        self._failures = 0
        self._lock = threading.Lock()

    def fail_next(self, n: int = 1) -> None:
        """Make the next ``n`` sends raise ``ServiceUnavailable`` as an unreachable server would."""
        with self._lock:
            self._failures += n

    def send(self, to: str, subject: str, body: str) -> None:
        message = compose(self.sender, to, subject, body)
        with self._lock:
            if self._failures:
                self._failures -= 1
                raise ServiceUnavailable("cannot send mail through memory mailer: told to fail")
            self.sent.append(message)
