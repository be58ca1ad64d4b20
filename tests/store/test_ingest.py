"""Ingest through the real pipeline into a real store: idempotent, and whole documents or none."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ceasefire.ingest import ingest
from ceasefire.settings import Settings
from ceasefire.store.database import Store
from ceasefire.store.tables import documents, events, rejections

TOWNS = ["Saraqib", "Maarat al-Numan", "Khan Shaykhun", "Jisr al-Shughur", "Ariha", "Kafr Nabl", "Atarib",
         "Darayya", "Douma", "Harasta", "Zabadani", "Madaya", "Talbiseh", "Rastan", "Latamneh", "Morek",
         "Kafr Zita", "Taftanaz", "Binnish", "Sarmin", "Dana", "Sarmada", "Azaz", "Marea", "Tal Rifaat"]  # fmt: skip
FORCES = ["Government forces", "Rebel fighters", "Russian warplanes", "Turkish artillery", "Kurdish militias"]


def write_reports(folder: Path, count: int) -> Path:
    """``count`` short reports of my own, each about a different town and day."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        town, force = TOWNS[n % len(TOWNS)], FORCES[n % len(FORCES)]
        other = TOWNS[(n * 7 + 3) % len(TOWNS)]
        (folder / f"report-{n:03d}.txt").write_text(
            f"{force} shelled {town} on {n % 28 + 1} March 2016, killing {n + 2} civilians, local monitors said. "
            f"The opposition accused the government of breaking the cessation of hostilities near {other}. "
            f"Residents of {town} said {n + 3} houses were destroyed and {n % 5 + 1} schools closed. "
            f"Aid convoy number {n + 100} was turned back at a checkpoint outside {other}."
        )
    return folder


def counts(store: Store) -> tuple[int, int, int]:
    with store.engine.connect() as conn:
        return tuple(  # type: ignore[return-value]
            int(conn.execute(select(func.count()).select_from(t)).scalar() or 0)
            for t in (documents, events, rejections)
        )


def snapshot(store: Store) -> dict[str, set[str]]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(events.c.doc_id, events.c.id)).all()
        docs = conn.execute(select(documents.c.id)).scalars().all()
    out: dict[str, set[str]] = {d: set() for d in docs}
    for doc_id, event_id in rows:
        out[doc_id].add(event_id)
    return out


def test_ingesting_the_same_sources_twice_changes_nothing(store: Store, tmp_path: Path) -> None:
    folder = write_reports(tmp_path / "reports", 4)
    (folder / "junk.txt").write_bytes(b"\x00\x01\x02binary\xff" * 50)
    settings = Settings()
    first = ingest(store, [str(folder)], settings, published=None)
    assert first.counts["stored"] == 4
    assert first.events > 0
    assert [r.reason for r in first.rejected] == ["binary"]
    before = (counts(store), snapshot(store))
    second = ingest(store, [str(folder)], settings)
    assert second.counts["stored"] == 0
    assert second.counts["unchanged"] == 4
    assert (counts(store), snapshot(store)) == before


def test_a_killed_ingest_leaves_whole_documents_and_the_next_run_completes_it(
    store_url: str, tmp_path: Path
) -> None:
    folder = write_reports(tmp_path / "reports", 40)
    env = {**os.environ, "CEASEFIRE_DATABASE_URL": store_url}
    command = [sys.executable, "-m", "ceasefire", "ingest", str(folder), "--published", "2016-04-01"]
    store = Store.open(store_url)
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    while counts(store)[0] < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.fail(f"ingest ended before it could be killed: {proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = snapshot(store)
    assert 3 <= len(partial) < 40
    subprocess.run(command, env=env, check=True, capture_output=True)
    completed = snapshot(store)
    assert len(completed) == 40
    # every document stored before the kill is whole: the same events as in the completed run
    assert all(completed[doc_id] == ids for doc_id, ids in partial.items())
    reference = tmp_path / "reference.db"
    subprocess.run([*command[:-2], "--published", "2016-04-01", "--db", f"sqlite:///{reference}"],
                   env=os.environ, check=True, capture_output=True)  # fmt: skip
    assert snapshot(Store.open(f"sqlite:///{reference}")) == completed
    store.close()
