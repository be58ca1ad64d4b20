"""The worker lease: one holder per store at a time, free again when the holder lets go or dies,
on SQLite (a file lock) and PostgreSQL (an advisory lock). Two stores over one database stand for
two serving processes."""

from __future__ import annotations

import subprocess
import sys
import threading

from ceasefire.monitor.lease import LeaseKeeper, WorkerLease
from ceasefire.store.database import Store


def test_one_holder_at_a_time_and_free_once_released(store_url: str) -> None:
    first, second = Store.open(store_url), Store.open(store_url)
    a, b = WorkerLease(first), WorkerLease(second)
    try:
        assert a.acquire() and a.acquire()  # taking it again is a no-op
        assert not b.acquire()
        a.release()
        assert b.acquire() and not a.acquire()
    finally:
        a.release()
        b.release()
        first.close()
        second.close()


HOLD = """
import sys, time
from ceasefire.monitor.lease import WorkerLease
from ceasefire.store.database import Store

lease = WorkerLease(Store.open(sys.argv[1]))
print(lease.acquire(), flush=True)
time.sleep(120)
"""


def test_a_killed_holder_leaves_the_lease_free(store_url: str) -> None:
    Store.open(store_url).close()  # migrated before the other process opens it
    holder = subprocess.Popen([sys.executable, "-c", HOLD, store_url], stdout=subprocess.PIPE, text=True)
    store = Store.open(store_url)
    lease = WorkerLease(store)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "True"
        assert not lease.acquire()
        holder.kill()  # no chance to let go: the operating system or the server drops the lock
        holder.wait()
        for _ in range(50):
            if lease.acquire():
                break
            threading.Event().wait(0.1)
        assert lease.held
    finally:
        holder.kill()
        lease.release()
        store.close()


def test_the_keeper_starts_the_worker_when_the_holder_lets_go(store_url: str) -> None:
    first, second_store = Store.open(store_url), Store.open(store_url)
    runs: list[str] = []
    started = threading.Event()
    holder = LeaseKeeper(
        WorkerLease(first), lambda: runs.append("first"), lambda: runs.append("first stopped")
    )

    def second() -> None:
        runs.append("second")
        started.set()

    waiter = LeaseKeeper(WorkerLease(second_store), second, lambda: runs.append("second stopped"), retry=0.05)
    try:
        holder.begin()
        waiter.begin()
        assert holder.running and not waiter.running and runs == ["first"]
        holder.end()
        assert started.wait(10)
        assert waiter.running
    finally:
        waiter.end()
        first.close()
        second_store.close()
    assert runs == ["first", "first stopped", "second", "second stopped"]
