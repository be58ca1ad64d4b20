"""Filing reports many to a transaction (group commit), through one writer thread.

Every report the API takes is one write transaction: on SQLite one writer at a time, so under a
flood the requests' threads queue for the store and, holding it, wait for the interpreter as well.
``Filer.file`` does in the caller's thread all that needs no store (the source-type check, the
keyed hash, locating, sealing the reporter) and hands the rest to one writer thread, which files
whatever has queued meanwhile in one transaction, each report in a savepoint of its own: one that
fails (a client_id reused, say) is rolled back alone and its caller gets the error, the others go
in. The caller's answer comes only after the commit, so an accepted report is a stored one. When
nothing comes for a second the thread ends; the next report starts it again.

A filer that leaves placing to the worker (``place=False``, as ``ceasefire serve`` runs) stores a
batch with one read, one insert and one append to the audit log (``reports.accept_many``), so the
store's write lock, which other processes wait for, is held for as short a time as can be.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from ceasefire.errors import Conflict
from ceasefire.monitor.access import require_source_type
from ceasefire.monitor.accounts import Account
from ceasefire.monitor.filing import Filed, file_report
from ceasefire.monitor.locate import Locator
from ceasefire.monitor.reports import Offered, Prepared, accept_many, prepare
from ceasefire.monitor.schemas import ReportIn
from ceasefire.monitor.secrets import Sealer
from ceasefire.settings import Settings
from ceasefire.store.database import Store

log = logging.getLogger("ceasefire.filing")
#: the most reports filed in one transaction
MAX_BATCH = 64
#: seconds the writer thread waits for work before it ends
IDLE = 1.0


@dataclass
class _Item:
    report: ReportIn
    account: Account
    channel: str
    note: dict[str, Any] | None
    prepared: Prepared
    done: Future[Filed] = field(default_factory=Future)


class Filer:
    """Files reports through one writer thread, as many to a transaction as have queued."""

    def __init__(self, store: Store, locator: Locator, sealer: Sealer, settings: Settings,
                 place: bool = True) -> None:  # fmt: skip
        self.store, self.locator, self.sealer, self.settings = store, locator, sealer, settings
        self.place = place
        self._queue: queue.SimpleQueue[_Item] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._running = False

    def file(self, report: ReportIn, account: Account, channel: str,
             note: dict[str, Any] | None = None) -> Filed:  # fmt: skip
        """File ``report`` as ``account``; returns once it is committed (or raises its error)."""
        return self.submit(report, account, channel, note).result()

    def submit(self, report: ReportIn, account: Account, channel: str,
               note: dict[str, Any] | None = None) -> Future[Filed]:  # fmt: skip
        """Queue ``report`` for the writer: the future is done once it is committed (or failed).
        The checks and preparation that need no store raise here, in the caller."""
        require_source_type(account, report.source_type)
        ready = prepare(report, account, channel, self.locator, self.sealer)
        item = _Item(report, account, channel, note, ready)
        self._queue.put(item)
        with self._lock:
            if not self._running:
                self._running = True
                threading.Thread(target=self._write, name="ceasefire-filer", daemon=True).start()
        return item.done

    def _write(self) -> None:
        while True:
            try:
                first = self._queue.get(timeout=IDLE)
            except queue.Empty:
                with self._lock:
                    if self._queue.empty():
                        self._running = False
                        return
                continue
            batch = [first]
            while len(batch) < MAX_BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            self._commit(batch)

    def _commit(self, batch: list[_Item]) -> None:
        if not self.place:  # only storing: the whole batch with a few statements
            try:
                self._answer(batch, self._store_all, concurrent=IntegrityError)
                return
            except IntegrityError:  # another process stored one of them meanwhile: one at a time
                log.info("a concurrent writer stored a report of this batch: filing it report by report")
        self._answer(batch, self._file_each)

    def _answer(self, batch: list[_Item], run: Callable[[Connection, list[_Item]], list[Filed | Exception]],
                concurrent: type[Exception] | None = None) -> None:  # fmt: skip
        """File ``batch`` with ``run`` in one transaction, then answer each report's caller with its
        outcome. When the transaction itself fails (the store, the commit), every caller gets that
        error, except ``concurrent``, which is raised for the caller to try another way."""
        try:
            with self.store.transaction() as conn:
                outcomes = run(conn, batch)
        except BaseException as exc:
            if concurrent is not None and isinstance(exc, concurrent):
                raise
            for item in batch:
                item.done.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
            return
        for item, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, Exception):
                item.done.set_exception(outcome)
            else:
                item.done.set_result(outcome)

    def _store_all(self, conn: Connection, batch: list[_Item]) -> list[Filed | Exception]:
        """The batch with one read, one insert and one audit append (``accept_many``)."""
        offered = [Offered(i.report, i.account, i.channel, i.note, i.prepared) for i in batch]
        return [o if isinstance(o, Conflict) else Filed(o, []) for o in accept_many(conn, offered)]

    def _file_each(self, conn: Connection, batch: list[_Item]) -> list[Filed | Exception]:
        """The batch report by report, each in a savepoint: one that fails is rolled back alone."""
        outcomes: list[Filed | Exception] = []
        for item in batch:
            try:
                with conn.begin_nested():
                    outcomes.append(file_report(conn, item.report, item.account, item.channel, self.locator,
                                                self.sealer, self.settings, item.note, item.prepared,
                                                place=self.place))  # fmt: skip
            except Exception as exc:  # this report only: its savepoint is rolled back
                outcomes.append(exc)
        return outcomes
