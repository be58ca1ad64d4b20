"""SQLite's write lock between processes: a writer waiting behind another connection's transaction
takes the lock soon after it comes free (not after SQLite's own sleeps of up to 100 ms), and one
that waits past the busy timeout is a clear 503-class error, not a hang."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from ceasefire.errors import ServiceUnavailable
from ceasefire.store import database
from ceasefire.store.database import Store


def _holder(path: Path) -> sqlite3.Connection:
    """Another connection (as another process would have) holding the write lock."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_waiting_writer_takes_the_lock_as_soon_as_it_is_free(tmp_path: Path) -> None:
    path = tmp_path / "lock.db"
    store = Store.open(f"sqlite:///{path}")
    other = _holder(path)
    freed: list[float] = []

    def release() -> None:
        time.sleep(0.24)
        freed.append(time.monotonic())
        other.execute("COMMIT")

    threading.Thread(target=release).start()
    with store.transaction():
        taken = time.monotonic()
    assert freed, "the transaction began while the other connection held the write lock"
    assert taken - freed[0] < 0.04  # SQLite's own busy handler would wake 90 ms late here
    store.close()
    other.close()


def test_a_lock_held_past_the_busy_timeout_is_a_service_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "lock.db"
    store = Store.open(f"sqlite:///{path}")
    monkeypatch.setattr(database, "BUSY_TIMEOUT", 0.3)
    other = _holder(path)
    try:
        with pytest.raises(ServiceUnavailable, match="locked"), store.transaction():
            pass
    finally:
        other.execute("ROLLBACK")
        other.close()
    with store.transaction():  # the lock is free again: the store works as before
        pass
    store.close()
