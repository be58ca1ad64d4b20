"""The second pass: near-duplicates across the whole corpus, as ``extract`` finds them in one stream.

The workers keep every clean English document with its MinHash; this pass walks them in input order
(``seq``) through one ``DedupeIndex``, exactly as the Dedupe stage would have, so the documents kept
are the ones ``extract`` keeps. It writes ``duplicates.parquet`` (the document, the earlier one it
copies, and why); ``load`` and the summaries leave those documents and their events out.

It holds every signature in memory (1 KiB a document): fine for millions of documents; a decade of
news is deduplicated against the store instead, as ``ingest`` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
from datasketch import MinHash

from ceasefire.pipeline.dedupe import DedupeIndex
from ceasefire.store.signatures import sketch_from

DUPLICATES = "duplicates.parquet"


@dataclass(frozen=True, slots=True)
class Signed:
    """A batch output row as the index reads it."""

    id: str
    source: str
    kind: str
    hash: str
    text: str = ""


def find_duplicates(out: Path, threshold: float) -> dict[str, str]:
    """Near and exact duplicates among the batch's documents: ``{doc id: why}``; writes ``duplicates.parquet``."""
    path = out / "documents"
    found: dict[str, str] = {}
    if path.is_dir():
        table = ds.dataset(path, format="parquet", partitioning="hive").to_table(
            columns=["seq", "id", "source", "kind", "content_hash", "minhash"]
        )
        index = DedupeIndex(threshold)
        for row in sorted(table.to_pylist(), key=lambda r: r["seq"]):
            doc = Signed(row["id"], row["source"] or "", row["kind"], row["content_hash"])
            sketch = _sketch(row["minhash"])
            match = index.find(doc, sketch)
            if match is not None:
                found[doc.id] = match.describe()
            else:
                index.add(doc, sketch)
    pq.write_table(pa.table({"id": list(found), "why": list(found.values())}), out / DUPLICATES)
    return found


def duplicates(out: Path) -> set[str]:
    """The ids the last second pass found to be duplicates."""
    path = out / DUPLICATES
    return set(pq.read_table(path).column("id").to_pylist()) if path.is_file() else set()


def _sketch(raw: bytes | None) -> MinHash | None:
    return sketch_from(raw) if raw is not None else None
