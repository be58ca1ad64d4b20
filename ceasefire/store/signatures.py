"""Near-duplicates against the store: a syndicated copy ingested in a later run is caught.

Each stored document keeps its MinHash (``pipeline/dedupe.minhash``) and its LSH band keys: the
band-and-row split datasketch's ``MinHashLSH`` uses at the candidate threshold ``Dedupe`` uses, so
a copy is found here exactly when the in-memory index would find it. ``StoreDedupeIndex`` looks in
this run first (the in-memory index), then in the store: the same content hash (in the same pool,
comments with comments), or a stored signature sharing a band and passing the Jaccard threshold.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH
from sqlalchemy import Connection, insert, select

from ceasefire.pipeline.dedupe import LSH_SLACK, NUM_PERM, DedupeIndex, Match, Seen, minhash
from ceasefire.store.database import Store
from ceasefire.store.tables import document_signatures, documents, signature_bands

_REFERENCE = MinHash(num_perm=NUM_PERM, seed=1)


@cache
def _bands(threshold: float) -> tuple[int, int]:
    lsh = MinHashLSH(threshold=min(0.9, max(0.05, threshold - LSH_SLACK)), num_perm=NUM_PERM)
    return int(lsh.b), int(lsh.r)


def band_keys(pool: str, sketch: MinHash, threshold: float) -> list[str]:
    """The LSH band keys of a signature: ``pool``, band number and a hash of the band's values."""
    bands, rows = _bands(threshold)
    values = sketch.hashvalues
    return [f"{pool}{b}:" + hashlib.sha1(values[b * rows : (b + 1) * rows].tobytes()).hexdigest()[:24]
            for b in range(bands)]  # fmt: skip


def pool_of(kind: str) -> str:
    return "comment" if kind == "comment" else "text"


def save_signature(conn: Connection, doc_id: str, kind: str, text: str, threshold: float = 0.8,
                   sketch: MinHash | None = None) -> None:  # fmt: skip
    """Keep a stored document's signature and band keys (texts too short for one keep none)."""
    sketch = sketch if sketch is not None else minhash(text)
    if sketch is None:
        return
    pool = pool_of(kind)
    conn.execute(
        insert(document_signatures).values(doc_id=doc_id, pool=pool, minhash=sketch.hashvalues.tobytes())
    )
    keys = sorted(set(band_keys(pool, sketch, threshold)))
    conn.execute(insert(signature_bands), [{"band_key": k, "doc_id": doc_id} for k in keys])


def sketch_from(raw: bytes) -> MinHash:
    values = np.frombuffer(raw, dtype=_REFERENCE.hashvalues.dtype)
    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=values, scheme=_REFERENCE.scheme)


class StoreDedupeIndex(DedupeIndex):
    """This run's documents in memory, then the store's (see the module docstring)."""

    def __init__(self, store: Store, threshold: float = 0.8) -> None:
        super().__init__(threshold)
        self.store = store

    def find(self, doc: Seen, sketch: MinHash | None = None) -> Match | None:
        found = super().find(doc, sketch)
        if found is not None:
            return found
        with self.store.engine.connect() as conn:
            return stored_match(conn, doc, sketch, self.threshold)


def stored_match(conn: Connection, doc: Seen, sketch: MinHash | None, threshold: float) -> Match | None:
    """The stored document ``doc`` copies (another id), exactly or nearly, or None."""
    pool = pool_of(doc.kind)
    kinds = (documents.c.kind == "comment") if pool == "comment" else (documents.c.kind != "comment")
    exact = conn.execute(
        select(documents.c.id, documents.c.source)
        .where(documents.c.content_hash == doc.hash, documents.c.id != doc.id, kinds).limit(1)
    ).first()  # fmt: skip
    if exact is not None:
        return Match(exact.id, exact.source)
    sketch = sketch if sketch is not None else minhash(doc.text)
    if sketch is None:
        return None
    keys = band_keys(pool, sketch, threshold)
    candidates = select(signature_bands.c.doc_id).where(signature_bands.c.band_key.in_(keys)).distinct()
    rows: Any = conn.execute(
        select(document_signatures.c.doc_id, document_signatures.c.minhash, documents.c.source)
        .join(documents, documents.c.id == document_signatures.c.doc_id)
        .where(document_signatures.c.doc_id.in_(candidates), document_signatures.c.doc_id != doc.id)
    )  # fmt: skip
    best: Match | None = None
    for row in rows:
        score = float(sketch.jaccard(sketch_from(row.minhash)))
        if score >= threshold and (best is None or score > (best.jaccard or 0.0)):
            best = Match(row.doc_id, row.source, score)
    return best
