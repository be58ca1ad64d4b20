"""Dedupe: drop exact and near duplicates (syndicated copies), keeping the first seen.

Exact duplicates share a content hash. Near duplicates are found with datasketch: a MinHash
(``NUM_PERM`` permutations) of the lowercased text's word 5-shingles, looked up in a MinHashLSH set a
little below the configured threshold and confirmed with the estimated Jaccard against it. Comments
are compared with comments only, and texts under ``MIN_WORDS`` words only by hash (a few shared
words prove nothing). ``DedupeIndex`` holds what was seen, so a store can seed it from earlier runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from datasketch import MinHash, MinHashLSH

from ceasefire.models import Document, Rejected
from ceasefire.pipeline.stage import Outcome, StageSpec

NUM_PERM = 128
SHINGLE = 5
MIN_WORDS = 30
#: the LSH looks for candidates below the threshold (recall), the estimated Jaccard confirms (precision)
LSH_SLACK = 0.15
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Match:
    """The earlier document a new one duplicates; ``jaccard`` is None for an exact copy."""

    doc_id: str
    source: str
    jaccard: float | None = None

    def describe(self) -> str:
        if self.jaccard is None:
            return f"exact duplicate of {self.doc_id} ({self.source})"
        return f"near duplicate of {self.doc_id} ({self.source}), estimated Jaccard {self.jaccard:.2f}"


def minhash(text: str, *, num_perm: int = NUM_PERM) -> MinHash | None:
    """MinHash of the word 5-shingles of ``text``; None when it has fewer than ``MIN_WORDS`` words."""
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return None
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    sketch = MinHash(num_perm=num_perm, seed=1)
    sketch.update_batch([s.encode("utf-8") for s in shingles])
    return sketch


class Seen(Protocol):
    """What the index reads of a document (a ``Document``, or a row of a batch's output)."""

    @property
    def id(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def hash(self) -> str: ...
    @property
    def text(self) -> str: ...


def _pool(doc: Seen) -> str:
    return "comment" if doc.kind == "comment" else "text"


class DedupeIndex:
    """Documents seen so far, by content hash and by MinHash; ``find`` before ``add``."""

    def __init__(self, threshold: float = 0.8, *, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self._hashes: dict[tuple[str, str], Match] = {}
        self._lsh: dict[str, MinHashLSH] = {}
        self._sketches: dict[str, tuple[MinHash, Match]] = {}

    def __len__(self) -> int:
        return len(self._hashes)

    def find(self, doc: Seen, sketch: MinHash | None = None) -> Match | None:
        """The earlier document ``doc`` duplicates, exactly or nearly, or None (``sketch``: its MinHash,
        when computed already)."""
        pool = _pool(doc)
        exact = self._hashes.get((pool, doc.hash))
        if exact is not None:
            return exact
        sketch = sketch if sketch is not None else minhash(doc.text, num_perm=self.num_perm)
        if sketch is None or pool not in self._lsh:
            return None
        best: Match | None = None
        for key in self._lsh[pool].query(sketch):
            other, seen = self._sketches[key]
            score = float(sketch.jaccard(other))
            if score >= self.threshold and (best is None or score > (best.jaccard or 0.0)):
                best = Match(seen.doc_id, seen.source, score)
        return best

    def add(self, doc: Seen, sketch: MinHash | None = None) -> None:
        """Remember ``doc`` (adding the same text twice keeps the first)."""
        pool = _pool(doc)
        key = (pool, doc.hash)
        if key in self._hashes:
            return
        seen = Match(doc.id, doc.source)
        self._hashes[key] = seen
        sketch = sketch if sketch is not None else minhash(doc.text, num_perm=self.num_perm)
        if sketch is None:
            return
        if pool not in self._lsh:
            candidates = min(0.9, max(0.05, self.threshold - LSH_SLACK))
            self._lsh[pool] = MinHashLSH(threshold=candidates, num_perm=self.num_perm)
        lsh = self._lsh[pool]
        lsh_key = f"{len(self._sketches)}:{doc.id}"
        lsh.insert(lsh_key, sketch)
        self._sketches[lsh_key] = (sketch, seen)


class Dedupe:
    """Reject a document that duplicates one seen before (this run, or seeded into ``index``)."""

    spec = StageSpec.of("dedupe", 1, requires={"clean_text"}, produces={"dedupe"})

    def __init__(self, threshold: float = 0.8, index: DedupeIndex | None = None) -> None:
        self.index = index if index is not None else DedupeIndex(threshold)

    def __call__(self, doc: Document) -> Outcome:
        match = self.index.find(doc)
        if match is not None:
            return Rejected(doc.id, "dedupe", "duplicate", match.describe(), doc.source, doc)
        self.index.add(doc)
        return doc
