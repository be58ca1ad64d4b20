"""The batch on real dask.distributed clusters: the same documents and events as `extract`, resumable,
near-duplicates across partitions and across runs, loaded into the store once."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pytest
from sqlalchemy import func, select

from ceasefire.batch.load import load_batch
from ceasefire.batch.run import run_batch
from ceasefire.batch.work import _code
from ceasefire.ingest import ingest
from ceasefire.models import Document, Rejected
from ceasefire.pipeline.stage import Pipeline, StageSpec
from ceasefire.runner import code_documents
from ceasefire.settings import Settings
from ceasefire.sources import read_sources
from ceasefire.store.database import Store
from ceasefire.store.tables import documents, events
from tests.batch.corpus import article, write_csv

pytestmark = pytest.mark.slow
CLI = [sys.executable, "-m", "ceasefire"]


def output_ids(out: Path, table: str) -> list[str]:
    path = out / table
    return (
        ds.dataset(path, format="parquet", partitioning="hive")
        .to_table(columns=["id"])
        .column("id")
        .to_pylist()
    )


def kept(out: Path) -> tuple[set[str], set[str]]:
    """Documents and events of a batch, less the near-duplicates its second pass found."""
    dupes = _dupes(out)
    docs = set(output_ids(out, "documents")) - dupes
    table = ds.dataset(out / "events", format="parquet", partitioning="hive").to_table(
        columns=["id", "doc_id"]
    )
    evs = {i for i, d in zip(table.column("id").to_pylist(), table.column("doc_id").to_pylist(), strict=True)
           if d not in dupes}  # fmt: skip
    return docs, evs


def _dupes(out: Path) -> set[str]:
    from ceasefire.batch.dedupe_pass import duplicates

    return duplicates(out)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_csv(tmp_path_factory.mktemp("corpus") / "wire.csv")


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("batch") / "out"
    summary = run_batch([str(corpus)], out, Settings(), workers=2, partition_size=2)
    assert summary.failed == [] and summary.partitions == 5
    return out


def test_a_batch_gives_the_documents_and_events_extract_gives(corpus: Path, reference: Path) -> None:
    settings = Settings()
    coded = [
        o for o in code_documents(read_sources([str(corpus)], settings), settings) if isinstance(o, Document)
    ]
    docs, evs = kept(reference)
    assert docs == {d.id for d in coded}
    assert evs == {e.id for d in coded for e in d.events}
    assert len(evs) > 20 and len(output_ids(reference, "events")) == len(set(output_ids(reference, "events")))


def test_a_syndicated_copy_in_another_partition_is_a_near_duplicate(reference: Path) -> None:
    assert _dupes(reference) == {"copy-of-wire-001"}
    assert json.loads((reference / "manifest.json").read_text())["duplicates"] == 1


def test_outputs_are_partitioned_by_month(reference: Path) -> None:
    assert sorted(p.name for p in (reference / "documents").iterdir()) == ["month=2020-03"]
    assert all(p.name.startswith("month=") for p in (reference / "events").iterdir())


def test_a_document_whose_coding_raises_becomes_a_rejected_row() -> None:
    class Broken:
        spec = StageSpec.of("broken", 1, requires={"text"}, produces={"sentences", "parses"})

        def __call__(self, doc: Document) -> Document:
            raise ValueError("a bug")

    got = _code(Pipeline([Broken()]), Document(id="d1", text="text"))
    assert (
        isinstance(got, Rejected) and (got.stage, got.reason) == ("batch", "failed") and "a bug" in got.detail
    )


def test_a_killed_batch_resumes_without_redoing_or_duplicating(
    corpus: Path, reference: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    command = [
        *CLI,
        "batch",
        str(corpus),
        "--out",
        str(out),
        "--workers",
        "1",
        "--partition-size",
        "1",
        "--json",
    ]
    first = subprocess.Popen(
        command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and len(list((out / "_done").glob("*.json"))) < 2:
        assert first.poll() is None, "the first run ended by itself"
        time.sleep(0.2)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    finished_before = len(list((out / "_done").glob("*.json")))
    assert 2 <= finished_before < 9, "the run was killed midway"
    again = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-2000:]
    summary = json.loads(again.stdout.strip().splitlines()[-1])
    assert summary["skipped"] == finished_before
    assert kept(out) == kept(reference)
    for table in ("documents", "events"):
        found = output_ids(out, table)
        assert len(found) == len(set(found)) == len(output_ids(reference, table))


@pytest.fixture
def scheduler() -> Iterator[str]:
    """A Dask scheduler and two workers started as separate processes on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    dask = str(Path(sys.executable).with_name("dask"))
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)]  # fmt: skip
    time.sleep(2)
    procs += [subprocess.Popen([dask, "worker", address, "--nthreads", "1", "--no-dashboard"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
              for _ in range(2)]  # fmt: skip
    try:
        yield address
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=30)


def test_a_batch_runs_on_a_scheduler_started_separately(
    corpus: Path, reference: Path, scheduler: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    done = subprocess.run([*CLI, "batch", str(corpus), "--out", str(out), "--scheduler", scheduler,
                           "--partition-size", "2", "--json"], capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1])["partitions"] == 5
    assert kept(out) == kept(reference)


def test_an_unreachable_scheduler_is_a_clear_error(corpus: Path, tmp_path: Path) -> None:
    done = subprocess.run([*CLI, "batch", str(corpus), "--out", str(tmp_path / "o"), "--scheduler",
                           "tcp://127.0.0.1:9"], capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 2 and "Dask scheduler" in done.stderr


def count(store: Store, table: Any) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


def test_loading_is_idempotent_and_leaves_the_near_duplicates_out(reference: Path, store_url: str) -> None:
    store = Store.open(store_url)
    first = load_batch(store, reference)
    docs, evs = kept(reference)
    assert (first.stored, first.duplicates) == (len(docs), 1)
    assert (count(store, documents), count(store, events)) == (len(docs), len(evs))
    again = load_batch(store, reference)
    assert (again.stored, again.unchanged) == (0, len(docs))
    assert (count(store, documents), count(store, events)) == (len(docs), len(evs))


def test_a_syndicated_copy_ingested_in_a_later_run_is_caught_against_the_stored_original(
    store_url: str, tmp_path: Path
) -> None:
    store = Store.open(store_url)
    original, copy = tmp_path / "original.txt", tmp_path / "copy.txt"
    original.write_text(article(3), encoding="utf-8")
    copy.write_text(article(3).replace("(Wire)", "(Agency)") + " Reporting by the agency.", encoding="utf-8")
    assert ingest(store, [str(original)], Settings()).counts["stored"] == 1
    later = ingest(store, [str(copy)], Settings())
    assert later.counts["stored"] == 0
    (rejected,) = later.rejected
    assert rejected.reason == "duplicate" and "near duplicate" in rejected.detail
    assert count(store, documents) == 1
