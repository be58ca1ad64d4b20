"""Coding reports' free text with the event pipeline, off the service's process.

The store is the queue: a report not yet coded (``coded_at`` empty) waits, in the order it came;
``code_waiting`` takes a batch and codes each in its own transaction (a report that named no event
type takes the coded one and is placed, raising its alerts). A report the coder breaks on is kept,
with why, and tried again later with backoff (``filing.coding_failed``); the rest go on.

A parse takes tens of milliseconds of CPU. In the service's own process it would hold the
interpreter's lock while requests wait and alerts go unsent, so the deployed service codes in a
process of its own (:class:`CoderProcess`), fed by the same queue; it tells the service when what it
coded raised alerts, so they are sent at once. Tests and the shipped fakes code in the worker thread.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from datetime import date
from multiprocessing.connection import Connection as Pipe
from typing import Any

from sqlalchemy import and_, bindparam, or_, select

from ceasefire.errors import ServiceUnavailable
from ceasefire.monitor import audit, clock
from ceasefire.monitor.filing import Coder, code_report, coding_failed
from ceasefire.settings import Settings
from ceasefire.store.database import Store
from ceasefire.store.tables import reports

log = logging.getLogger("ceasefire.coding")
#: reports waiting to be coded: never tried, or due for another try
_WAITING = (
    select(reports)
    .where(reports.c.coded_at.is_(None),
           or_(reports.c.coding_attempts == 0,
               and_(reports.c.coding_next_at.is_not(None), reports.c.coding_next_at <= bindparam("now"))))
    .order_by(reports.c.received_at)
    .limit(bindparam("batch"))
)  # fmt: skip


def code_waiting(store: Store, settings: Settings, coder: Coder, batch: int = 8) -> tuple[int, int]:
    """Code up to ``batch`` waiting reports: (how many were taken, how many alerts they raised)."""
    with store.engine.connect() as conn:
        waiting = [dict(r) for r in conn.execute(_WAITING, {"now": clock.now(), "batch": batch}).mappings()]
    raised = 0
    for report in waiting:
        try:
            with store.transaction() as conn:
                raised += len(code_report(conn, report, coder, settings))
        except ServiceUnavailable:
            raise  # the store, not the report: the whole batch is tried again later
        except Exception as exc:  # the coder or its placement broke on this report: keep it, go on
            _failed(store, report, exc)
    return len(waiting), raised


def _failed(store: Store, report: dict[str, Any], exc: Exception) -> None:
    error = f"{type(exc).__name__}: {exc}"
    log.warning("coding report %s failed: %s", report["id"], error)
    with store.transaction() as conn:
        values = coding_failed(conn, report, error)
        audit.record(conn, "system", "report.coding_failed", "report", report["id"],
                     {"error": values["coding_error"], "attempts": values["coding_attempts"]})  # fmt: skip


class PipelineCoder:
    """Codes a report's text with the event pipeline (loaded on first use, then kept)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pipeline: Any = None
        self._lock = threading.Lock()

    def __call__(self, text: str, published: date, doc_id: str) -> list[dict[str, Any]]:
        from ceasefire.models import Document
        from ceasefire.pipeline.build import coding_stages
        from ceasefire.pipeline.stage import Pipeline

        with self._lock:
            if self._pipeline is None:
                self._pipeline = Pipeline(coding_stages(self.settings))
            doc = Document(id=doc_id, text=text, kind="report", published=published)
            outs = self._pipeline.run(doc)  # one Document, or a Rejected with no events
        return [e.to_json() for out in outs for e in getattr(out, "events", [])]


class CoderProcess:
    """Runs ``code_waiting`` with a :class:`PipelineCoder` in a process of its own; calls ``raised``
    in this process whenever what it coded raised alerts."""

    def __init__(self, settings: Settings, raised: Any, poll: float = 0.5) -> None:
        self.settings, self.raised, self.poll = settings, raised, poll
        self._context = multiprocessing.get_context("spawn")  # no threads or connections inherited
        self._stop = self._context.Event()
        self._process: Any = None
        self._listener: threading.Thread | None = None

    def start(self) -> None:
        receiving, sending = self._context.Pipe(duplex=False)
        self._process = self._context.Process(
            target=_code_forever, args=(self.settings, audit.current_key(), self._stop, sending, self.poll),
            name="ceasefire-coder", daemon=True,
        )  # fmt: skip
        self._process.start()
        sending.close()
        self._listener = threading.Thread(target=self._listen, args=(receiving,), name="ceasefire-coded",
                                          daemon=True)  # fmt: skip
        self._listener.start()

    def _listen(self, receiving: Pipe) -> None:
        while True:
            try:
                receiving.recv_bytes()
            except (EOFError, OSError):  # the coder has stopped
                return
            self.raised()

    def stop(self, timeout: float = 10.0) -> None:
        if self._process is None:
            return
        self._stop.set()
        self._process.join(timeout)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout)
        self._process = None


def _code_forever(settings: Settings, key: bytes, stop: Any, wake: Pipe, poll: float) -> None:
    """The coder process: code what waits, tell the service when alerts were raised, sleep when idle."""
    audit.use_key(key)
    store = Store.open(settings.database_url, migrate=False)
    coder = PipelineCoder(settings)
    while not stop.is_set():
        try:
            taken, raised = code_waiting(store, settings, coder)
        except ServiceUnavailable as exc:
            log.warning("coder: %s", exc)
            taken = raised = 0
        except Exception:  # keep coding whatever one batch hit; the error is logged
            log.exception("coder batch failed")
            taken = raised = 0
        if raised:
            try:
                wake.send_bytes(b"1")
            except OSError:  # the service has gone
                return
        if not taken:
            stop.wait(poll)
    store.close()
