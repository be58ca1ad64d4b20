"""The background worker, built from the settings, and run as a process of its own.

``ceasefire serve`` answers requests in one or more serving processes that only store what they are
sent, and runs the worker (placing reports in incidents, raising and sending alerts, escalating,
coding free text, watching statuses) in a separate process, ``ceasefire worker``. Requests then never
wait for placing or sending, and the two share no interpreter lock. The worker process looks at the
store every ``PROCESS_POLL`` seconds (no request can wake it); it takes the store's lease first
(``lease.py``), so a second service on the same store never sends an alert twice.

:class:`Supervisor` is the serving side: it starts the worker process, starts it again when it dies
(after ``RESTART_AFTER`` seconds), and stops it when the service stops. The worker process ends
itself when the service that started it is gone.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Mapping

from ceasefire.monitor import audit
from ceasefire.monitor.coding import PipelineCoder
from ceasefire.monitor.destinations import AllowList
from ceasefire.monitor.filing import Coder
from ceasefire.monitor.lease import LeaseKeeper, WorkerLease
from ceasefire.monitor.mail import Mailer, SmtpMailer
from ceasefire.monitor.secrets import Sealer, audit_key, sealer_from
from ceasefire.monitor.webhooks import Webhooks, WebhookSender
from ceasefire.monitor.worker import Worker
from ceasefire.settings import Settings
from ceasefire.store.database import Store

log = logging.getLogger("ceasefire.background")
#: seconds between the worker process's looks at the store
PROCESS_POLL = 0.05
#: seconds between the worker process's checks that the service that started it is there
PARENT_CHECK = 0.5
#: seconds before a worker process that died is started again
RESTART_AFTER = 1.0
#: seconds a thread of a service process holds the interpreter before another may take it. Requests
#: hop between the event loop and threads, and a thread holding the store's write lock waits for the
#: interpreter at every statement: at the default 5 ms, behind a busy thread, it would hold the lock
#: (and every other process of the store waits) many times longer than its work takes
SWITCH_INTERVAL = 0.0005


def build_worker(settings: Settings, store: Store, sealer: Sealer, *, webhooks: Webhooks | None = None,
                 mailer: Mailer | None = None, coder: Coder | None = None, poll: float = 0.5) -> Worker:  # fmt: skip
    """The worker over ``store``, with the real webhook sender, mailer and coder unless given."""
    mailer = mailer or SmtpMailer(settings.smtp_host, settings.smtp_port, settings.smtp_sender,
                                  username=settings.smtp_username, password=settings.smtp_password,
                                  starttls=settings.smtp_starttls)  # fmt: skip
    sender = webhooks or WebhookSender(
        timeout=settings.webhook_timeout, allow=AllowList.parse(settings.webhook_allow)
    )
    return Worker(store, settings, sealer, sender, mailer, coder if coder is not None else PipelineCoder(settings),
                  poll=poll)  # fmt: skip


def run(settings: Settings, parent: int | None = None) -> None:
    """Run the worker until SIGTERM or SIGINT, or until process ``parent`` is gone."""
    sys.setswitchinterval(SWITCH_INTERVAL)
    store = Store.open(settings.database_url, pooled=True)
    sealer = sealer_from(settings)
    audit.use_key(audit_key(settings))
    worker = build_worker(settings, store, sealer, poll=PROCESS_POLL)
    keeper = LeaseKeeper(WorkerLease(store), worker.start, worker.stop)
    ending = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: ending.set())
    keeper.begin()
    try:
        while not ending.wait(PARENT_CHECK):
            if parent is not None and os.getppid() != parent:
                log.warning("the service that started this worker (pid %d) is gone: stopping", parent)
                break
    finally:
        keeper.end()
        store.close()


class Supervisor:
    """Keeps one worker process (``ceasefire worker``) running beside the serving processes."""

    def __init__(self, env: Mapping[str, str], restart_after: float = RESTART_AFTER) -> None:
        self.env, self.restart_after = dict(env), restart_after
        self._process: subprocess.Popen[bytes] | None = None
        self._ending = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.starts = 0

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        self._spawn()
        self._thread = threading.Thread(target=self._watch, name="ceasefire-supervisor", daemon=True)
        self._thread.start()

    def _spawn(self) -> None:
        with self._lock:  # never a new process once stopping has begun
            if self._ending.is_set():
                return
            command = [sys.executable, "-m", "ceasefire", "worker", "--parent", str(os.getpid())]
            self._process = subprocess.Popen(command, env=self.env)
            self.starts += 1

    def _watch(self) -> None:
        while not self._ending.is_set():
            process = self._process
            assert process is not None
            code = process.wait()
            if self._ending.is_set():
                return
            log.error("the worker process (pid %d) ended with %s: starting another", process.pid, code)
            if self._ending.wait(self.restart_after):
                return
            self._spawn()

    def stop(self, timeout: float = 15.0) -> None:
        with self._lock:
            self._ending.set()
            process = self._process
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout)
        if self._thread is not None:
            self._thread.join(timeout)
