"""A real webhook endpoint on loopback, for integration tests, the demo and the delivery benchmark.

:class:`WebhookReceiver` runs an ``http.server`` in a daemon thread and checks every POST with
:func:`~ceasefire.monitor.webhooks.verify`: 204 for a valid delivery (recorded as a
:class:`Received`), 401 for a rejected one (its reason kept in ``rejected``), 400 for a signed
body that is not JSON, and 500 for the next N requests when told to fail (to exercise retries)::

    with WebhookReceiver("s3cret") as receiver:
        WebhookSender().send(receiver.url, "s3cret", b'{"alert": 1}', "d-1")
        [delivery] = receiver.wait_for(1, timeout=5)
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ceasefire.monitor.webhooks import DELIVERY_HEADER, WebhookRejected, verify


@dataclass(frozen=True)
class Received:
    """A delivery that passed verification."""

    delivery_id: str
    body: bytes
    json: Any
    received_at: float


class WebhookReceiver:
    """Verifies and records signed webhook deliveries on ``127.0.0.1`` (a free port by default)."""

    def __init__(
        self,
        secret: str,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        tolerance: float = 300,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.secret = secret
        self.tolerance = tolerance
        self._clock = clock
        self._received: list[Received] = []
        self._rejected: list[str] = []
        self._failures = 0
        self._changed = threading.Condition()
        self._server = _Server((host, port), self)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    @property
    def received(self) -> list[Received]:
        """A copy of the valid deliveries so far, in arrival order."""
        with self._changed:
            return list(self._received)

    @property
    def rejected(self) -> list[str]:
        """Why each refused request was refused (a ``WebhookRejected`` reason, or ``not_json``)."""
        with self._changed:
            return list(self._rejected)

    def fail_next(self, n: int = 1) -> None:
        """Answer 500 to the next ``n`` requests, whatever they carry."""
        with self._changed:
            self._failures += n

    def wait_for(self, n: int, timeout: float) -> list[Received]:
        """Wait up to ``timeout`` s for ``n`` valid deliveries; return all received (maybe fewer)."""
        with self._changed:
            self._changed.wait_for(lambda: len(self._received) >= n, timeout)
            return list(self._received)

    def start(self) -> WebhookReceiver:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.05},  # how long close() waits for the loop to notice
                name=f"webhook-receiver {self.url}",
                daemon=True,
            )
            self._thread.start()
        return self

    def close(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> WebhookReceiver:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def handle(self, headers: Mapping[str, str], body: bytes) -> int:
        """The status to answer a POST with, recording what it carried."""
        with self._changed:
            if self._failures:
                self._failures -= 1
                return 500
        try:
            verify(self.secret, headers, body, now=self._clock(), tolerance=self.tolerance)
            payload = json.loads(body)
        except WebhookRejected as exc:
            return self._reject(exc.reason, 401)
        except ValueError:
            return self._reject("not_json", 400)
        delivery_id = {k.lower(): v for k, v in headers.items()}.get(DELIVERY_HEADER.lower(), "")
        with self._changed:
            self._received.append(Received(delivery_id, body, payload, self._clock()))
            self._changed.notify_all()
        return 204

    def _reject(self, reason: str, status: int) -> int:
        with self._changed:
            self._rejected.append(reason)
        return status


class _Server(ThreadingHTTPServer):
    """Keeps its open connections so ``server_close`` can end the kept-alive ones too."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], receiver: WebhookReceiver) -> None:
        self.receiver = receiver
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def server_close(self) -> None:
        super().server_close()
        with self._open_lock:
            still_open, self._open = self._open, set()
        for connection in still_open:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so a benchmark measures deliveries, not handshakes
    timeout = 30
    server: _Server

    def do_POST(self) -> None:
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self.close_connection = True
            self._answer(411)
            return
        body = self.rfile.read(int(length))
        self._answer(self.server.receiver.handle(dict(self.headers.items()), body))

    def _answer(self, status: int) -> None:
        self.send_response(status)
        if status != 204:
            self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests and benchmarks read ``received`` and ``rejected`` instead."""
