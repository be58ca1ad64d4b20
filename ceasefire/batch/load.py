"""``ceasefire load DIR``: a batch's Parquet into the store, a partition at a time, idempotent.

Each document is stored with its events in its own transaction (``store.writes.save_rows``), so a
load killed midway leaves whole documents; a document the store holds already with the same
content is skipped, so loading twice changes nothing. Near-duplicates the second pass found are
left out, and so are documents the store holds a near-duplicate of (syndicated copies from
earlier runs, through the store's signatures). The tracker resolves what was loaded at the end.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from sqlalchemy import Connection, select

from ceasefire.batch.dedupe_pass import Signed, duplicates
from ceasefire.batch.work import DONE
from ceasefire.errors import SourceNotFound
from ceasefire.store.database import Store
from ceasefire.store.signatures import sketch_from, stored_match
from ceasefire.store.tables import documents
from ceasefire.store.writes import save_rows
from ceasefire.tracker.refresh import refresh


@dataclass(slots=True)
class LoadSummary:
    stored: int = 0
    unchanged: int = 0
    replaced: int = 0
    duplicates: int = 0
    events: int = 0

    def render(self) -> str:
        return (f"documents: {self.stored} stored, {self.replaced} replaced, {self.unchanged} already stored, "
                f"{self.duplicates} near-duplicates left out; events stored: {self.events}")  # fmt: skip


def load_batch(store: Store, out: Path, threshold: float = 0.8,
               progress: Callable[[int], None] | None = None) -> LoadSummary:  # fmt: skip
    """Load the batch in ``out`` into ``store``, one partition at a time (see the module docstring)."""
    if not (out / "manifest.json").is_file():
        raise SourceNotFound(
            str(out), "not a finished batch folder (no manifest.json): run `ceasefire batch` first"
        )
    skip = duplicates(out)
    summary = LoadSummary(duplicates=len(skip))
    stored_events: set[str] = set()
    for name in sorted(p.stem for p in (out / DONE).glob("*.json")):
        events_of: dict[str, list[dict[str, Any]]] = {}
        for row in _rows(out, "events", name):
            events_of.setdefault(row["doc_id"], []).append(json.loads(row["record"]))
        for row in sorted(_rows(out, "documents", name), key=lambda r: r["seq"]):
            if row["id"] in skip:
                continue
            records = events_of.get(row["id"], [])
            with store.transaction() as conn:
                if _copies_stored(conn, row, threshold):
                    summary.duplicates += 1
                    continue
                written = save_rows(conn, _document_row(row), records)
            setattr(summary, written, getattr(summary, written) + 1)
            if written != "unchanged":
                summary.events += len(records)
                stored_events.update(r["id"] for r in records)
        if progress is not None:
            progress(summary.stored + summary.unchanged + summary.replaced)
    if stored_events:
        refresh(store, events=stored_events)
    return summary


def _copies_stored(conn: Connection, row: dict[str, Any], threshold: float) -> bool:
    """Whether the store holds a copy of this document under another id (an earlier run's original)."""
    stored = conn.execute(select(documents.c.id).where(documents.c.id == row["id"])).first()
    if stored is not None:
        return False
    doc = Signed(row["id"], row["source"] or "", row["kind"], row["content_hash"], row["text"])
    sketch = sketch_from(row["minhash"]) if row.get("minhash") else None
    return stored_match(conn, doc, sketch, threshold) is not None


def _rows(out: Path, table: str, partition: str) -> list[dict[str, Any]]:
    files = sorted((out / table).glob(f"**/{partition}-*.parquet"))
    return [row for f in files for row in pq.read_table(f).to_pylist()]


def _document_row(row: dict[str, Any]) -> dict[str, Any]:
    keep = ("id", "content_hash", "kind", "source", "url", "title", "author", "site", "published", "published_at",
            "parent_id", "language", "countries", "text")  # fmt: skip
    return {**{k: row.get(k) for k in keep}, "countries": list(row.get("countries") or []),
            "stored_at": datetime.now(UTC)}  # fmt: skip
