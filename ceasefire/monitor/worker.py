"""The background worker: places reports the service stored without placing them, sends queued
deliveries, escalates overdue alerts, codes free-text reports (in a process of its own when it is
the event pipeline: ``coding.py``) and watches the tracker for status changes. It never runs inside
a request; ``ceasefire serve`` runs it in a process of its own (``background.py``).

A request that leaves it work calls ``notify()`` after committing, so a worker in the same process
wakes at once; otherwise it looks at the store every ``poll`` seconds. Sends run on a small thread
pool, so one slow webhook does not hold up the rest, and the tries they finish are recorded by the
next cycle, many to a transaction.

Every item is its own unit of failure: a report whose coding raises is recorded as failed
(``coding_error``, the number of tries, and when to try again, with backoff) and the others go on;
a report that cannot be placed is logged and tried again later, with backoff; an alert that cannot
be escalated is logged and skipped; and a phase that fails (placing, sending, coding, escalation,
status) never keeps the next from running.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from ceasefire.errors import CeasefireError, ServiceUnavailable
from ceasefire.monitor import alerts, audit, clock, filing, outbox
from ceasefire.monitor.coding import CodingProcess, PipelineCoder, code_waiting, store_all_parsed, waiting
from ceasefire.monitor.filing import Coder
from ceasefire.monitor.mail import Mailer
from ceasefire.monitor.secrets import Sealer
from ceasefire.monitor.webhooks import Webhooks, backoff
from ceasefire.settings import Settings
from ceasefire.store.database import Store

log = logging.getLogger("ceasefire.worker")
STATUS_EVERY = 2.0
#: seconds between escalation passes at most (each is a write), however often the worker looks
ESCALATE_EVERY = 0.5
#: the most reports placed in one transaction (it holds the store's write lock meanwhile)
PLACE_BATCH = 16


class Worker:
    def __init__(self, store: Store, settings: Settings, sealer: Sealer, webhooks: Webhooks, mailer: Mailer,
                 coder: Coder | None = None, poll: float = 0.5, senders: int = 4) -> None:  # fmt: skip
        self.store, self.settings, self.sealer = store, settings, sealer
        self.webhooks, self.mailer, self.coder = webhooks, mailer, coder
        self.poll = poll
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=senders, thread_name_prefix="ceasefire-send")
        self._sending: dict[str, Future[outbox.Tried]] = {}
        self._thread: threading.Thread | None = None
        self._last_status = 0.0
        self._last_escalation = 0.0
        self._coding: CodingProcess | None = None
        self._parsing: dict[str, tuple[dict[str, Any], Future[list[dict[str, Any]]]]] = {}
        #: reports whose placing failed: (tries, when to try again, on the monotonic clock)
        self._unplaceable: dict[str, tuple[int, float]] = {}

    def start(self) -> None:
        """Run in the background; the event pipeline parses in a process of its own."""
        if isinstance(self.coder, PipelineCoder):
            self._coding = CodingProcess(self.settings, self.notify)
        self._thread = threading.Thread(target=self._loop, name="ceasefire-worker", daemon=True)
        self._thread.start()

    def notify(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        if self._coding is not None:
            self._coding.stop()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._phase("send", self._reap)  # the tries made meanwhile are recorded

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                # woken by every report: escalation (a write) runs at most every ESCALATE_EVERY
                since = time.monotonic() - self._last_escalation
                self.run_once(escalate=since >= max(self.poll, ESCALATE_EVERY))
            except CeasefireError as exc:  # the store is down for a moment: try again on the next tick
                log.warning("worker: %s", exc)
            except Exception:  # keep the worker alive whatever one cycle hit; the error is logged
                log.exception("worker cycle failed")
            self._wake.wait(self.poll)
            self._wake.clear()

    def run_once(self, escalate: bool = True) -> dict[str, int]:
        """One cycle; returns what it did (used by tests). Placing and sending come first: coding a
        backlog of free-text reports (a parse each) must never hold back an alert. A phase that fails
        is logged and the next runs all the same."""
        placed = self._phase("place", self._place)
        done = {"placed": placed, "sent": self._phase("send", self._send)}
        done["coded"] = self._phase("code", self._code)
        if done["coded"]:
            done["sent"] += self._phase("send", self._send)  # what the coded reports raised
        done["escalated"] = self._phase("escalate", self._escalate) if escalate else 0
        done["status_alerts"] = self._phase("status", self._status)
        if done["escalated"] or done["status_alerts"]:
            self._wake.set()  # new deliveries are queued: send them without waiting for the poll
        return {k: done[k] for k in ("placed", "coded", "sent", "escalated", "status_alerts")}

    def _phase(self, name: str, step: Callable[[], int]) -> int:
        try:
            return step()
        except ServiceUnavailable as exc:  # the store is down for a moment: the next tick tries again
            log.warning("worker %s: %s", name, exc)
        except Exception:  # one phase's failure must not stop the others; the error is logged
            log.exception("worker %s failed", name)
        return 0

    def _place(self) -> int:
        """Place the reports stored but not yet placed (a service whose requests only store them):
        up to ``PLACE_BATCH`` a transaction. When one of them fails, the transaction is rolled back
        and the batch placed again, each report in a savepoint of its own: the one that cannot be
        placed is logged and tried again later, with backoff, while the others go on."""
        try:
            return self._place_batch(isolated=False)
        except ServiceUnavailable:
            raise
        except Exception:  # one report broke the batch: again, each report on its own
            return self._place_batch(isolated=True)

    def _place_batch(self, isolated: bool) -> int:
        now = time.monotonic()
        skip = {key for key, (_, after) in self._unplaceable.items() if after > now}
        batch: list[dict[str, Any]] = []
        with self.store.transaction() as conn:
            for report in filing.unplaced(conn, PLACE_BATCH + len(skip)):
                if report["id"] in skip:
                    continue
                if len(batch) >= PLACE_BATCH:
                    self._wake.set()  # more are waiting: the next cycle takes them at once
                    break
                batch.append(report)
            if not isolated:  # no savepoints (two statements more a report), one append to the audit log
                with audit.appended_together(conn):
                    for report in batch:
                        filing.place_one(conn, report, self.settings)
                        self._unplaceable.pop(report["id"], None)
                return len(batch)
            placed = 0
            for report in batch:
                try:
                    with conn.begin_nested():
                        filing.place_one(conn, report, self.settings)
                except Exception:  # this report only: its savepoint is rolled back
                    tries = self._unplaceable.get(report["id"], (0, 0.0))[0] + 1
                    self._unplaceable[report["id"]] = (tries, now + backoff(tries, base=5.0, cap=3600.0))
                    log.exception("placing report %s failed (try %d)", report["id"], tries)
                    continue
                self._unplaceable.pop(report["id"], None)
                placed += 1
            return placed

    def _escalate(self) -> int:
        self._last_escalation = time.monotonic()
        with self.store.transaction() as conn:
            return alerts.escalate(conn)

    def _status(self) -> int:
        if time.monotonic() - self._last_status < STATUS_EVERY:
            return 0
        with self.store.transaction() as conn:
            raised = len(alerts.on_status(conn))
        self._last_status = time.monotonic()
        return raised

    def drain(self, timeout: float = 10.0) -> None:
        """Wait until no send is in flight and every try is recorded (tests, shutdown)."""
        deadline = time.monotonic() + timeout
        while self._sending and time.monotonic() < deadline:
            self._reap()
            time.sleep(0.01)

    def _send(self) -> int:
        self._reap()
        fresh = [d for d in outbox.due(self.store, clock.now()) if d["id"] not in self._sending]
        rows = outbox.rows_of(self.store, fresh)  # read here, at once: the sending threads need no store
        for delivery in fresh:
            # recorded by a later cycle's _reap, together with the others finished by then
            self._sending[delivery["id"]] = self._pool.submit(
                outbox.try_one, self.store, delivery, self.webhooks, self.mailer, self.sealer,
                rows.get(delivery["id"]),
            )  # fmt: skip
        return len(fresh)

    def _reap(self) -> int:
        """Record the finished tries, all in one transaction; a send that raised (the store was away
        while it read the delivery) is left due, and tried again."""
        finished: list[outbox.Tried] = []
        for key, future in list(self._sending.items()):
            if future.done():
                if (exc := future.exception()) is not None:
                    del self._sending[key]
                    log.error("delivery %s failed: %s", key, exc)
                else:
                    finished.append(future.result())
        outbox.record(self.store, finished, self.settings.delivery_attempts)
        for tried in finished:  # recorded: no longer in flight (a failed record leaves them to retry)
            del self._sending[tried.delivery["id"]]
        return len(finished)

    def _code(self, batch: int = 8) -> int:
        """Code waiting reports: here (tests, the shipped fakes), or by handing their texts to the
        coding process and storing what it finished (the deployed service)."""
        if self.coder is None:
            return 0
        if self._coding is None:
            return code_waiting(self.store, self.settings, self.coder, batch)[0]
        finished = [pair for pair in self._parsing.values() if pair[1].done()]
        for report, _ in finished:
            del self._parsing[report["id"]]
        if store_all_parsed(self.store, self.settings, finished):
            self._wake.set()  # they raised alerts: send them now
        if len(self._parsing) < batch:
            fresh = [
                r for r in waiting(self.store, batch + len(self._parsing)) if r["id"] not in self._parsing
            ]
            fresh = fresh[: batch - len(self._parsing)]
            for report, parsed in zip(fresh, self._coding.submit(fresh) if fresh else [], strict=True):
                self._parsing[report["id"]] = (report, parsed)
        return len(finished)


__all__ = ["PipelineCoder", "Worker"]
