"""Time: the one injectable clock, and reading stored times (SQLite drops the zone: every stored
time is read as UTC).

``now()`` is the service's current time. It is the system clock unless a test (or a replay) puts
another in with ``use()``; a :class:`ManualClock` is moved by hand, so tests move the clock, not
the rows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta


def system_now() -> datetime:
    return datetime.now(UTC)


_source: Callable[[], datetime] = system_now


def now() -> datetime:
    """The current time (aware, UTC) from the clock in use."""
    return _source()


def use(source: Callable[[], datetime] | None) -> None:
    """Read time from ``source`` from now on (``None``: the system clock again)."""
    global _source
    _source = source or system_now


class ManualClock:
    """A clock that stands still until moved: ``clock.advance(hours=50)``."""

    def __init__(self, start: datetime | None = None) -> None:
        self._at = aware(start) if start else system_now()
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._at

    def advance(self, delta: timedelta | None = None, **parts: float) -> datetime:
        with self._lock:
            self._at += (delta or timedelta()) + timedelta(**parts)
            return self._at


def aware(at: datetime) -> datetime:
    """``at`` with its zone; a naive time from the store is UTC."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def iso(at: datetime) -> str:
    return aware(at).isoformat()


def iso_or_none(at: datetime | None) -> str | None:
    return None if at is None else iso(at)
