"""Coding reports' free text with the event pipeline, off the service's process.

The store is the queue: a report not yet coded (``coded_at`` empty) waits, in the order it came;
``code_waiting`` takes a batch and codes each in its own transaction (a report that named no event
type takes the coded one and is placed, raising its alerts). A report the coder breaks on is kept,
with why, and tried again later with backoff (``filing.coding_failed``); the rest go on.

A parse takes tens of milliseconds of CPU. In the service's own process it would hold the
interpreter's lock while requests wait and alerts go unsent, so the deployed service parses in a
process of its own, at a lower priority (:class:`CodingProcess`); the worker thread feeds it from
the queue and stores what comes back, so the store keeps one writer. Tests and the shipped fakes
code in the worker thread.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, bindparam, or_, select

from ceasefire.errors import ServiceUnavailable
from ceasefire.monitor import audit, clock
from ceasefire.monitor.filing import Coder, code_text, coding_failed, store_coded
from ceasefire.settings import Settings
from ceasefire.store.database import Store
from ceasefire.store.tables import reports

log = logging.getLogger("ceasefire.coding")
#: how much lower the coder process's priority is than the service's
NICENESS = 10
#: seconds between the coder process's checks that the service is still there
PARENT_CHECK = 1.0
#: reports waiting to be coded: never tried, or due for another try
_WAITING = (
    select(reports)
    .where(reports.c.coded_at.is_(None),
           or_(reports.c.coding_attempts == 0,
               and_(reports.c.coding_next_at.is_not(None), reports.c.coding_next_at <= bindparam("now"))))
    .order_by(reports.c.event_type.is_not(None), reports.c.received_at)
    .limit(bindparam("batch"))
)  # fmt: skip


def code_waiting(store: Store, settings: Settings, coder: Coder, batch: int = 8) -> tuple[int, int]:
    """Code up to ``batch`` waiting reports: (how many were taken, how many alerts they raised)."""
    taken = waiting(store, batch)
    raised = 0
    for report in taken:
        try:
            events = code_text(report, coder)  # the parse, outside any transaction
            with store.transaction() as conn:
                raised += len(store_coded(conn, report, events, settings))
        except ServiceUnavailable:
            raise  # the store, not the report: the whole batch is tried again later
        except Exception as exc:  # the coder or its placement broke on this report: keep it, go on
            _failed(store, report, exc)
    return len(taken), raised


def _failed(store: Store, report: dict[str, Any], exc: Exception) -> None:
    with store.transaction() as conn:
        _record_failure(conn, report, exc)


def _record_failure(conn: Connection, report: dict[str, Any], exc: Exception) -> None:
    error = f"{type(exc).__name__}: {exc}"
    log.warning("coding report %s failed: %s", report["id"], error)
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


class CodingProcess:
    """Parses report texts with the event pipeline in a process of its own (lower priority).

    It only parses: the service's worker thread takes reports from the store's queue, hands their
    texts over (``submit``) and stores what comes back, so the store has one writer and a parse never
    holds its lock. ``done`` is called (in this process) as each batch of parses finishes."""

    def __init__(self, settings: Settings, done: Callable[[], None]) -> None:
        self.settings, self.done = settings, done
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, batch: list[dict[str, Any]]) -> list[Future[list[dict[str, Any]]]]:
        """Hand the texts of ``batch`` over in one message (one round trip, not one a report): a
        future for each report's events, or for what its parse raised."""
        if self._pool is None:
            self._pool = coder_pool(self.settings)
        texts = [(r["text"], r["occurred_at"].date(), r["id"]) for r in batch]
        try:
            together = self._pool.submit(_code_texts, texts)
        except BrokenProcessPool:  # the last parse killed it: a new process for the next
            self._pool = None
            return self.submit(batch)
        each: list[Future[list[dict[str, Any]]]] = [Future() for _ in batch]
        together.add_done_callback(lambda done: self._settle(done, each))
        return each

    def _settle(self, together: Future[list[Any]], each: list[Future[list[dict[str, Any]]]]) -> None:
        try:
            outcomes = together.result()
        except BaseException as exc:  # the process died (or the batch was cancelled): every parse failed
            outcomes = [exc] * len(each)
        for future, outcome in zip(each, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                future.set_exception(outcome)
            else:
                future.set_result(outcome)
        self.done()

    def stop(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


_coder: PipelineCoder | None = None


def coder_pool(settings: Settings) -> ProcessPoolExecutor:
    """One coding process, started afresh (spawned: none of the service's threads or connections)."""
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_coder, initargs=(settings, os.getpid()))  # fmt: skip


def _start_coder(settings: Settings, service: int) -> None:
    """In the coding process: a lower priority, a watch on the service (``service`` is its pid, read
    there: by the time this runs it may be gone already), and the pipeline (loaded on its first text)."""
    global _coder
    with contextlib.suppress(OSError, AttributeError):
        os.nice(NICENESS)
    threading.Thread(target=_exit_with, args=(service,), name="ceasefire-coder-watch", daemon=True).start()
    _coder = PipelineCoder(settings)


def _exit_with(service: int, every: float = PARENT_CHECK) -> None:
    """End this process once the service that started it is gone (killed, say, with no time to stop
    it). The process holds both ends of its task pipe, so it would never see the pipe close, and
    would wait for work forever."""
    while os.getppid() == service:
        time.sleep(every)
    os._exit(0)


def _code_texts(texts: list[tuple[str, date, str]]) -> list[list[dict[str, Any]] | Exception]:
    """In the coding process: each text's events, or what its parse raised (the others go on)."""
    assert _coder is not None, "the coding process was not started with _start_coder"
    outcomes: list[list[dict[str, Any]] | Exception] = []
    for text, published, doc_id in texts:
        try:
            outcomes.append(_coder(text, published, doc_id))
        except Exception as exc:
            outcomes.append(exc)
    return outcomes


def store_parsed(store: Store, settings: Settings, report: dict[str, Any],
                 parsed: Future[list[dict[str, Any]]]) -> int:  # fmt: skip
    """Keep what a finished parse found (or why it failed); the alerts it raised."""
    try:
        events = parsed.result()
    except ServiceUnavailable:
        raise
    except Exception as exc:  # the parse broke on this report (or killed the process): keep it, go on
        _failed(store, report, exc)
        return 0
    try:
        with store.transaction() as conn:
            return len(store_coded(conn, report, events, settings))
    except ServiceUnavailable:
        raise
    except Exception as exc:  # placing the coded report broke: the same
        _failed(store, report, exc)
        return 0


def store_all_parsed(store: Store, settings: Settings,
                     finished: list[tuple[dict[str, Any], Future[list[dict[str, Any]]]]]) -> int:  # fmt: skip
    """``store_parsed`` for many finished parses in one transaction (it holds the store's write lock
    once, not once a report): the alerts they raised. When one of them breaks the transaction, it is
    rolled back and each is stored on its own, so that only the one fails."""
    if not finished:
        return 0
    try:
        with store.transaction() as conn, audit.appended_together(conn):
            raised = 0
            for report, parsed in finished:
                try:
                    events = parsed.result()
                except ServiceUnavailable:
                    raise
                except Exception as exc:  # the parse broke: kept as failed, in this transaction
                    _record_failure(conn, report, exc)
                    continue
                raised += len(store_coded(conn, report, events, settings))
            return raised
    except ServiceUnavailable:
        raise
    except Exception:  # storing one of them broke: each on its own
        log.info("storing %d coded reports together failed: storing each on its own", len(finished))
        return sum(store_parsed(store, settings, report, parsed) for report, parsed in finished)


def waiting(store: Store, limit: int) -> list[dict[str, Any]]:
    """Reports waiting to be coded: those that named no event type first (their alerts wait for
    the coder; a typed report is placed and alerted on already), then oldest first."""
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(_WAITING, {"now": clock.now(), "batch": limit}).mappings()]
