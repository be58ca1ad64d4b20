"""One partition in a worker: read, clean, code, write Parquet, mark done.

The same stages as ``extract`` run here, but Dedupe: near-duplicates are found across the whole
corpus by the second pass (``dedupe_pass``), so each kept document carries its MinHash for it. The
model, gazetteer and catalogue are built once per worker process and kept (``_pipelines``). A
document whose coding raises is a ``Rejected`` row (stage ``batch``, reason ``failed``) and the
partition goes on.

Outputs are written under ``out/`` with the partition's name in every file name, then
``_done/<name>.json`` last: a partition with its marker is never redone; one without is cleaned
and redone (a killed run resumes). Documents and events are partitioned by month
(``month=YYYY-MM``, from the document's or event's date).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds

from ceasefire.batch.partitions import Partition, read
from ceasefire.models import Document, Rejected
from ceasefire.pipeline.build import coding_stages
from ceasefire.pipeline.dedupe import minhash
from ceasefire.pipeline.early import early_stages
from ceasefire.pipeline.stage import Outcome, Pipeline
from ceasefire.settings import Settings
from ceasefire.store.writes import document_row

DONE = "_done"
TABLES = ("documents", "events", "rejections")
_pipelines: dict[Settings, tuple[Pipeline, Pipeline]] = {}

DOCUMENTS = pa.schema([
    ("seq", pa.int64()), ("id", pa.string()), ("content_hash", pa.string()), ("kind", pa.string()),
    ("source", pa.string()), ("url", pa.string()), ("title", pa.string()), ("author", pa.string()),
    ("site", pa.string()), ("published", pa.date32()), ("published_at", pa.timestamp("us", tz="UTC")),
    ("parent_id", pa.string()), ("language", pa.string()), ("countries", pa.list_(pa.string())),
    ("text", pa.string()), ("minhash", pa.binary()), ("month", pa.string()),
])  # fmt: skip
EVENTS = pa.schema([
    ("id", pa.string()), ("doc_id", pa.string()), ("event", pa.string()), ("date", pa.date32()),
    ("record", pa.string()), ("month", pa.string()),
])  # fmt: skip
REJECTIONS = pa.schema([
    ("seq", pa.int64()), ("doc_id", pa.string()), ("source", pa.string()), ("stage", pa.string()),
    ("reason", pa.string()), ("detail", pa.string()),
])  # fmt: skip


@dataclass(frozen=True, slots=True)
class Done:
    """What one partition produced."""

    name: str
    documents: int
    events: int
    rejected: int
    skipped: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "documents": self.documents,
            "events": self.events,
            "rejected": self.rejected,
        }


def is_done(out: Path, partition: Partition) -> Done | None:
    marker = out / DONE / f"{partition.name}.json"
    if not marker.is_file():
        return None
    data = json.loads(marker.read_text(encoding="utf-8"))
    return Done(data["name"], data["documents"], data["events"], data["rejected"], skipped=True)


def run_partition(partition: Partition, out: str, settings: Settings) -> Done:
    """Code one partition into ``out`` (the task a worker runs); a partition done already is skipped."""
    target = Path(out)
    done = is_done(target, partition)
    if done is not None:
        return done
    _clean(target, partition)
    early, coding = _pipeline(settings)
    docs, event_rows, rejected = [], [], []
    seq = partition.index * 1_000_000
    for outcome in early.pipe(read(partition, settings)):
        seq += 1
        if isinstance(outcome, Rejected):
            rejected.append(_rejection_row(outcome, seq))
            continue
        coded = _code(coding, outcome)
        if isinstance(coded, Rejected):
            rejected.append(_rejection_row(coded, seq))
            continue
        docs.append(_document(coded, seq))
        event_rows += _events(coded)
    _write(target, "documents", DOCUMENTS, docs, partition, by_month=True)
    _write(target, "events", EVENTS, event_rows, partition, by_month=True)
    _write(target, "rejections", REJECTIONS, rejected, partition, by_month=False)
    result = Done(partition.name, len(docs), len(event_rows), len(rejected))
    marker = target / DONE / f"{partition.name}.json"
    marker.parent.mkdir(parents=True, exist_ok=True)
    temporary = marker.with_suffix(".tmp")
    temporary.write_text(json.dumps(result.to_json()), encoding="utf-8")
    os.replace(temporary, marker)
    return result


def _pipeline(settings: Settings) -> tuple[Pipeline, Pipeline]:
    """The early stages but Dedupe, and the coding stages: built once per worker process."""
    if settings not in _pipelines:
        early = [stage for stage in early_stages(settings) if stage.spec.name != "dedupe"]
        _pipelines[settings] = (Pipeline(early), Pipeline(coding_stages(settings)))
    return _pipelines[settings]


def _code(coding: Pipeline, doc: Document) -> Outcome:
    try:
        out = list(coding.pipe([doc]))
    except Exception as exc:  # a bug in one document must not lose the partition: it becomes a row
        return Rejected(doc.id, "batch", "failed", f"{type(exc).__name__}: {exc}", doc.source, doc)
    return out[0] if out else Rejected(doc.id, "batch", "failed", "no outcome", doc.source, doc)


def _document(doc: Document, seq: int) -> dict[str, Any]:
    row = document_row(doc)
    row.pop("stored_at")
    sketch = minhash(doc.text)
    row.update(seq=seq, minhash=sketch.hashvalues.tobytes() if sketch is not None else None,
               month=doc.published.strftime("%Y-%m") if doc.published else "unknown")  # fmt: skip
    return row


def _events(doc: Document) -> list[dict[str, Any]]:
    rows = {}
    for event in doc.events:
        record = event.to_json()
        when = event.date or doc.published
        rows[event.id] = {"id": event.id, "doc_id": doc.id, "event": record["event"], "date": when,
                          "record": json.dumps(record, ensure_ascii=False),
                          "month": when.strftime("%Y-%m") if when else "unknown"}  # fmt: skip
    return list(rows.values())


def _rejection_row(rejected: Rejected, seq: int) -> dict[str, Any]:
    return {"seq": seq, "doc_id": rejected.doc_id, "source": rejected.source or "", "stage": rejected.stage,
            "reason": rejected.reason, "detail": rejected.detail}  # fmt: skip


def _write(out: Path, table: str, schema: pa.Schema, rows: Iterable[dict[str, Any]], partition: Partition,
           by_month: bool) -> None:  # fmt: skip
    data = pa.Table.from_pylist(list(rows), schema=schema)
    if data.num_rows == 0:
        return
    ds.write_dataset(
        data, out / table, format="parquet", basename_template=f"{partition.name}-{{i}}.parquet",
        partitioning=ds.partitioning(pa.schema([("month", pa.string())]), flavor="hive") if by_month else None,
        existing_data_behavior="overwrite_or_ignore",
    )  # fmt: skip


def _clean(out: Path, partition: Partition) -> None:
    """Remove what a killed run of this partition left behind."""
    for table in TABLES:
        for stale in (out / table).glob(f"**/{partition.name}-*.parquet"):
            stale.unlink()
