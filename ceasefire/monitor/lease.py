"""Which of the service's processes runs the background worker: the one holding the store's lease.

``ceasefire serve --workers N`` answers requests from N processes over one store, but alerts must be
sent, escalated and coded once. Each process tries for the lease when it starts, and those that
miss try again every few seconds, so when the holder dies another takes over. The lease is a lock
the operating system or the database drops with its holder, never a row that a killed process
would leave behind:

- SQLite: an exclusive ``flock`` on a file beside the database (``NAME.db.worker-lock``);
- PostgreSQL: a session advisory lock, held on a connection of its own.

An in-memory SQLite store has one process: its lease is always granted.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text

from ceasefire.store.database import Store

log = logging.getLogger("ceasefire.lease")
#: the advisory lock key of the worker lease on PostgreSQL
LEASE_KEY = 7301


class WorkerLease:
    """Held by at most one process of a store at a time (see the module docstring)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._held: Any = None  # the open lock file, or the PostgreSQL connection holding the lock

    @property
    def held(self) -> bool:
        return self._held is not None

    def acquire(self) -> bool:
        """Take the lease if no other process holds it; True when this process holds it now."""
        if self._held is not None:
            return True
        if self.store.dialect == "postgresql":
            conn = self.store.engine.connect()
            if conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": LEASE_KEY}).scalar():
                conn.commit()
                self._held = conn
            else:
                conn.close()
            return self.held
        path = lock_path(self.store)
        if path is None:
            self._held = True
            return True
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            return False
        self._held = handle
        return True

    def release(self) -> None:
        held, self._held = self._held, None
        if held is None or held is True:
            return
        if isinstance(held, int):
            os.close(held)  # closing the file drops the flock
            return
        with contextlib.suppress(Exception):  # a connection already gone has dropped the lock with it
            held.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LEASE_KEY})
        held.close()


def lock_path(store: Store) -> Path | None:
    """The lock file of a SQLite store on disk (None for an in-memory one)."""
    database = store.engine.url.database
    if not database or database == ":memory:":
        return None
    return Path(database).expanduser().with_name(Path(database).name + ".worker-lock")


#: seconds between a process's tries for a lease another holds
RETRY = 2.0


class LeaseKeeper:
    """Runs ``start`` once this process holds the lease (at once, or when the holder goes), and
    ``stop`` at the end if it ran."""

    def __init__(self, lease: WorkerLease, start: Callable[[], None], stop: Callable[[], None],
                 retry: float = RETRY) -> None:  # fmt: skip
        self.lease, self._start, self._stop, self.retry = lease, start, stop, retry
        self._ending = threading.Event()
        self._thread: threading.Thread | None = None
        self._running = False
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._running

    def begin(self) -> None:
        """Start now if the lease is free; otherwise keep trying in the background."""
        if not self._take():
            self._thread = threading.Thread(target=self._wait, name="ceasefire-lease", daemon=True)
            self._thread.start()

    def end(self) -> None:
        self._ending.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            if self._running:
                self._stop()
                self._running = False
            self.lease.release()

    def _wait(self) -> None:
        while not self._ending.wait(self.retry):
            try:
                if self._take():
                    return
            except Exception:  # the store is away for now: try again at the next turn
                log.warning("could not try for the worker lease", exc_info=True)

    def _take(self) -> bool:
        with self._lock:
            if self._ending.is_set() or not self.lease.acquire():
                return False
            self._start()
            self._running = True
            log.info("this process runs the background worker (pid %d)", os.getpid())
            return True
