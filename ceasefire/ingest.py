"""Ingest: read sources, code them, store each document with its events in its own transaction.

Re-running the same ingest changes nothing: what the store already holds (same id, same content,
or a recorded rejection) is skipped before coding, and a copy of a document an earlier run stored
(a syndicated article) is rejected as its duplicate. A run killed in the middle leaves only whole
documents behind; the next run stores the rest. After storing, the tracker links the new events
to peace processes and recomputes the statuses of the processes they touched, and nothing else
(``tracker/refresh.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

from sqlalchemy.exc import IntegrityError

from ceasefire.deconflict.news import check_events
from ceasefire.models import Document, Rejected
from ceasefire.pipeline.stage import Outcome
from ceasefire.runner import code_documents
from ceasefire.settings import Settings
from ceasefire.sources import read_sources
from ceasefire.store.database import Store
from ceasefire.store.signatures import StoreDedupeIndex
from ceasefire.store.writes import is_stored, save_document, save_rejection
from ceasefire.tracker.refresh import refresh


@dataclass(slots=True)
class IngestSummary:
    counts: Counter[str] = field(default_factory=Counter)
    events: int = 0
    failed_sources: list[Rejected] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    #: ids of the events this run stored: the tracker resolves these (incremental refresh)
    stored_events: set[str] = field(default_factory=set)

    def render(self) -> str:
        c = self.counts
        lines = [
            f"documents: {c['stored']} stored, {c['replaced']} replaced, {c['unchanged']} already stored",
            f"events stored: {self.events}",
            f"rejected: {c['rejected']} stored with their reasons ({c['rejected_known']} already stored)",
        ]
        lines += [f"  {r.source or r.doc_id}: {r.reason}: {r.detail}" for r in self.rejected[:20]]
        return "\n".join(lines)


def ingest(
    store: Store,
    sources: Iterable[str],
    settings: Settings,
    published: date | None = None,
    fmt: str | None = None,
    stdin: BinaryIO | None = None,
) -> IngestSummary:
    stream = read_sources(list(sources), settings, published=published, fmt=fmt, stdin=stdin)
    return ingest_documents(store, stream, settings)


def ingest_documents(
    store: Store, stream: Iterable[Document | Rejected], settings: Settings
) -> IngestSummary:
    summary = IngestSummary()

    def keep(outcome: Outcome) -> bool:
        if isinstance(outcome, Document):
            with store.engine.connect() as conn:
                if is_stored(conn, outcome):
                    summary.counts["unchanged"] += 1
                    return False
        return True

    index = StoreDedupeIndex(store, settings.dedupe_threshold)
    for outcome in code_documents(
        stream, settings, processes=settings.processes, keep=keep, dedupe_index=index
    ):
        store_outcome(store, outcome, summary)
    if summary.stored_events:
        refresh(store, events=summary.stored_events)
        check_events(store, summary.stored_events)  # deconfliction: strikes near notified sites
    return summary


def store_outcome(store: Store, outcome: Outcome, summary: IngestSummary) -> None:
    """Store one coded document with its events, or one rejection, in its own transaction.

    Another ingest storing the same document at the same moment (several ingesters over one
    PostgreSQL store) makes this insert collide: that document is stored, once, so it counts as
    already stored.
    """
    try:
        _store_outcome(store, outcome, summary)
    except IntegrityError:
        with store.engine.connect() as conn:
            if isinstance(outcome, Document) and not is_stored(conn, outcome):
                raise
        summary.counts["unchanged" if isinstance(outcome, Document) else "rejected_known"] += 1


def _store_outcome(store: Store, outcome: Outcome, summary: IngestSummary) -> None:
    with store.transaction() as conn:
        if isinstance(outcome, Document):
            written = save_document(conn, outcome)
            summary.counts[written] += 1
            if written != "unchanged":
                summary.events += len(outcome.events)
                summary.stored_events.update(e.id for e in outcome.events)
            return
        written = save_rejection(conn, outcome)
    summary.counts["rejected" if written == "stored" else "rejected_known"] += 1
    summary.rejected.append(outcome)
    if outcome.stage == "source":
        summary.failed_sources.append(outcome)
