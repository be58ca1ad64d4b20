"""A real SMTP server on loopback (aiosmtpd) that keeps what it is sent, for mail integration tests.

Import it as ``from tests.monitor.smtp_listener import SmtpListener`` (pytest's importlib mode
registers the ``tests`` packages)::

    with SmtpListener() as smtp:
        SmtpMailer(smtp.host, smtp.port, "alerts@example.org").send("a@example.org", "Hi", "Body")
        [message] = smtp.wait_for(1, timeout=5)

Pass ``tls_context`` to offer (and require) STARTTLS, and ``credentials`` to require a login.
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Delivered:
    """One message as the server got it: the envelope and the parsed message."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage


def free_port() -> int:
    """A port nothing listens on right now (aiosmtpd cannot start on port 0)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


class SmtpListener:
    """aiosmtpd's ``Controller`` on ``127.0.0.1`` and a free port, recording what it receives."""

    def __init__(
        self,
        *,
        tls_context: ssl.SSLContext | None = None,
        credentials: Mapping[str, str] | None = None,
    ) -> None:
        self.host = HOST
        self.port = free_port()
        self._credentials = dict(credentials or {})
        self._delivered: list[Delivered] = []
        self._changed = threading.Condition()
        self._controller = Controller(
            self,
            hostname=self.host,
            port=self.port,
            server_hostname="localhost",  # else aiosmtpd looks up this host's FQDN
            tls_context=tls_context,
            require_starttls=tls_context is not None,
            authenticator=self._authenticate if credentials is not None else None,
            auth_required=credentials is not None,
            auth_require_tls=tls_context is not None,
        )

    @property
    def delivered(self) -> list[Delivered]:
        with self._changed:
            return list(self._delivered)

    @property
    def messages(self) -> list[EmailMessage]:
        return [delivery.message for delivery in self.delivered]

    def wait_for(self, n: int, timeout: float) -> list[EmailMessage]:
        """Wait up to ``timeout`` s for ``n`` messages; return all received (maybe fewer)."""
        with self._changed:
            self._changed.wait_for(lambda: len(self._delivered) >= n, timeout)
            return [delivery.message for delivery in self._delivered]

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        """aiosmtpd's hook for an accepted message."""
        raw = (envelope.original_content or b"").replace(b"\r\n", b"\n")  # wire CRLF -> Python's \n
        message = BytesParser(policy=policy.default).parsebytes(raw)
        assert isinstance(message, EmailMessage)
        delivery = Delivered(envelope.mail_from or "", tuple(envelope.rcpt_tos), message)
        with self._changed:
            self._delivered.append(delivery)
            self._changed.notify_all()
        return "250 Message accepted for delivery"

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login, password = auth_data.login.decode(), auth_data.password.decode()
        return AuthResult(success=self._credentials.get(login) == password, handled=False)

    def __enter__(self) -> SmtpListener:
        self._controller.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._controller.stop()
