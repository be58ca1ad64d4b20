"""Signed webhooks: how alerts reach other systems over HTTP.

A delivery is a JSON body POSTed with three headers: the delivery id, a Unix timestamp and
``sha256=<hex>``, the HMAC-SHA256 of ``"<timestamp>." + body`` under a secret shared with the
receiver. The receiver calls :func:`verify`, which rejects a changed body, a wrong secret and a
replay (a timestamp outside the tolerance) with a :class:`WebhookRejected` that says which.

:class:`WebhookSender` is the real port (httpx); it reaches only the addresses ``destinations.py``
allows, checked again at each send. :class:`MemoryWebhooks` is the shipped fake with the same ``send``. Both return an :class:`Attempt` instead of raising, so a retry loop can record
each try and wait :func:`backoff` seconds before the next.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

import httpx

from ceasefire.errors import PermissionDenied
from ceasefire.monitor import clock
from ceasefire.monitor.destinations import AllowList, Refused, Resolver, resolve

SIGNATURE_HEADER = "X-Ceasefire-Signature"
TIMESTAMP_HEADER = "X-Ceasefire-Timestamp"
DELIVERY_HEADER = "X-Ceasefire-Delivery"

RejectReason = Literal["missing_header", "bad_timestamp", "replay", "bad_signature"]


class WebhookRejected(PermissionDenied):
    """A delivery that fails verification; ``reason`` says why in one word."""

    def __init__(self, reason: RejectReason, detail: str) -> None:
        super().__init__(f"webhook rejected ({reason}): {detail}")
        self.reason: RejectReason = reason
        self.detail = detail


# -- signing and verification ---------------------------------------------------------------------


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """``sha256=`` + hex HMAC-SHA256 of ``"<timestamp>." + body`` under ``secret``."""
    signed = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def delivery_headers(secret: str, timestamp: int, body: bytes, delivery_id: str) -> dict[str, str]:
    """The headers a delivery carries: content type, id, timestamp and signature."""
    return {
        "Content-Type": "application/json",
        DELIVERY_HEADER: delivery_id,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(secret, timestamp, body),
    }


def verify(
    secret: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    now: float | None = None,
    tolerance: float = 300,
) -> None:
    """Raise :class:`WebhookRejected` unless ``body`` was signed with ``secret`` within ``tolerance`` s.

    Header names are matched without regard to case; the signature is compared in constant time.
    The signature is checked before the age, so ``replay`` is only reported for authentic bodies.
    """
    lowered = {name.lower(): value for name, value in headers.items()}
    given = _required(lowered, SIGNATURE_HEADER)
    timestamp = _timestamp(_required(lowered, TIMESTAMP_HEADER))
    expected = sign(secret, timestamp, body)
    if not hmac.compare_digest(expected.encode(), given.encode()):
        raise WebhookRejected("bad_signature", "signature does not match the body and timestamp")
    _check_age(timestamp, clock.system_now().timestamp() if now is None else now, tolerance)


def _required(lowered: Mapping[str, str], name: str) -> str:
    value = lowered.get(name.lower(), "").strip()
    if not value:
        raise WebhookRejected("missing_header", f"missing header {name}")
    return value


def _timestamp(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise WebhookRejected(
            "bad_timestamp", f"{TIMESTAMP_HEADER} {value[:40]!r} is not an integer"
        ) from None


def _check_age(timestamp: int, now: float, tolerance: float) -> None:
    age = now - timestamp
    if age > tolerance:
        raise WebhookRejected(
            "replay", f"timestamp is {age:.0f} s old (tolerance {tolerance:g} s): possible replay"
        )
    if -age > tolerance:
        raise WebhookRejected(
            "replay", f"timestamp is {-age:.0f} s ahead (tolerance {tolerance:g} s): clock skew or replay"
        )


# -- sending --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    """One try at a delivery. ``status`` is None when no HTTP answer came; ``error`` is empty when ok."""

    ok: bool
    status: int | None
    error: str
    seconds: float


class Webhooks(Protocol):
    """What the alert service needs from a webhook sender."""

    def send(self, url: str, secret: str, body: bytes, delivery_id: str) -> Attempt: ...


def backoff(attempts: int, base: float = 1.0, cap: float = 300.0) -> float:
    """Seconds to wait after ``attempts`` failed tries: 1, 2, 4, 8 ... times ``base``, at most ``cap``.

    No jitter, so the schedule can be checked; 0 before any failure.
    """
    if attempts <= 0:
        return 0.0
    exponent = min(attempts - 1, 64)  # past this the cap has long applied; avoids float overflow
    return float(min(cap, base * 2**exponent))


class WebhookSender:
    """POSTs signed deliveries with httpx; network problems come back as a failed :class:`Attempt`.

    Before each send the URL is checked and its host resolved (``destinations.resolve``): an address
    that is not public, unless ``allow`` names it, is refused without a request, and the request
    goes to the address that was checked. Redirects are not followed."""

    def __init__(
        self,
        client: httpx.Client | None = None,
        timeout: float = 5.0,
        clock: Callable[[], float] = time.time,
        allow: AllowList | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        self._owns_client = client is None
        self._client = client if client is not None else httpx.Client(follow_redirects=False)
        self._timeout = timeout
        self._clock = clock
        self._allow = allow or AllowList()
        self._resolver = resolver

    def send(self, url: str, secret: str, body: bytes, delivery_id: str) -> Attempt:
        """Deliver ``body`` to ``url`` once. Any 2xx is ok; never raises for network problems."""
        headers = delivery_headers(secret, int(self._clock()), body, delivery_id)
        started = time.perf_counter()
        try:
            target = resolve(url, self._allow, self._resolver)
        except Refused as exc:
            return Attempt(False, None, f"refused: {exc.problem}", time.perf_counter() - started)
        extensions = {"sni_hostname": target.host.rsplit(":", 1)[0]} if url.startswith("https") else {}
        try:
            response = self._client.post(target.url, content=body, headers={**headers, "Host": target.host},
                                         timeout=self._timeout, extensions=extensions)  # fmt: skip
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            return Attempt(False, None, describe_failure(exc), time.perf_counter() - started)
        seconds = time.perf_counter() - started
        if response.is_success:
            return Attempt(True, response.status_code, "", seconds)
        return Attempt(False, response.status_code, f"HTTP {response.status_code}", seconds)

    def close(self) -> None:
        """Close the HTTP client if this sender made it."""
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> WebhookSender:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def describe_failure(exc: Exception) -> str:
    """A short reason for a delivery that got no HTTP answer."""
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, httpx.ConnectError):
        if "refused" in str(exc).lower():
            return f"connection refused ({exc})"
        return f"cannot connect: {exc}"
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return f"invalid URL: {exc}"
    return f"{type(exc).__name__}: {exc}"


# -- the shipped fake ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentWebhook:
    """A delivery as :class:`MemoryWebhooks` saw it."""

    url: str
    headers: dict[str, str]
    body: bytes
    attempt: Attempt


class MemoryWebhooks:
    """In-memory :class:`Webhooks`: signs like the real sender, records, and fails on request.

    ``sent`` holds deliveries that succeeded, ``failed`` those that were told to fail.
    """

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.sent: list[SentWebhook] = []
        self.failed: list[SentWebhook] = []
        self._clock = clock
        self._failures: list[Attempt] = []
        self._lock = threading.Lock()

    def fail_next(self, n: int = 1, status: int | None = 500) -> None:
        """Make the next ``n`` sends fail with HTTP ``status``, or as a timeout when it is None."""
        failure = (
            Attempt(False, None, "timed out", 0.0)
            if status is None
            else Attempt(False, status, f"HTTP {status}", 0.0)
        )
        with self._lock:
            self._failures.extend([failure] * n)

    def send(self, url: str, secret: str, body: bytes, delivery_id: str) -> Attempt:
        headers = delivery_headers(secret, int(self._clock()), body, delivery_id)
        with self._lock:
            attempt = self._failures.pop(0) if self._failures else Attempt(True, 204, "", 0.0)
            record = SentWebhook(url, headers, body, attempt)
            (self.sent if attempt.ok else self.failed).append(record)
        return attempt

    def close(self) -> None:
        """Nothing to release; here so the fake can stand in wherever the sender is closed."""
