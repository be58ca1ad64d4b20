"""Reading events back: filtered, in date order, streamed (constant memory however large the store)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, select

from ceasefire.store.database import Store
from ceasefire.store.tables import documents, event_links, events


@dataclass(frozen=True, slots=True)
class EventFilter:
    country: str | None = None  # ISO alpha-2
    process: str | None = None
    event: str | None = None  # PLOVER type
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True, slots=True)
class StoredEvent:
    record: dict[str, Any]
    document: dict[str, Any]
    processes: tuple[str, ...]


def _query(flt: EventFilter) -> Select[Any]:
    query = select(events.c.record, *_DOC_COLUMNS).join(documents, documents.c.id == events.c.doc_id)
    if flt.country:
        query = query.where(events.c.country == flt.country.upper())
    if flt.event:
        query = query.where(events.c.event == flt.event.upper())
    if flt.since:
        query = query.where(events.c.date >= flt.since)
    if flt.until:
        query = query.where(events.c.date <= flt.until)
    if flt.process:
        linked = select(event_links.c.event_id).where(event_links.c.process_id == flt.process)
        query = query.where(events.c.id.in_(linked))
    return query.order_by(events.c.date.is_(None), events.c.date, events.c.doc_id, events.c.id)


_DOC_COLUMNS = (
    documents.c.id.label("doc_id"), documents.c.kind, documents.c.title, documents.c.url, documents.c.site,
    documents.c.author, documents.c.published, documents.c.source,
)  # fmt: skip


def iter_events(store: Store, flt: EventFilter = EventFilter(), batch: int = 500) -> Iterator[StoredEvent]:
    """Stored events matching ``flt``, with their document header and linked process ids.

    Rows stream from the database and links are looked up a batch at a time, so memory stays flat.
    """
    with store.reading() as conn, store.engine.connect() as side:
        for rows in conn.execute(_query(flt)).partitions(batch):
            ids = [row.record["id"] for row in rows]
            links: dict[str, list[str]] = {}
            found = select(event_links.c.event_id, event_links.c.process_id).where(
                event_links.c.event_id.in_(ids)
            )
            for event_id, process_id in side.execute(found.order_by(event_links.c.process_id)):
                links.setdefault(event_id, []).append(process_id)
            for row in rows:
                record = dict(row.record)
                yield StoredEvent(record, _header(row), tuple(links.get(record["id"], ())))


def _header(row: Any) -> dict[str, Any]:
    return {
        "id": row.doc_id, "kind": row.kind, "title": row.title, "url": row.url, "site": row.site,
        "author": row.author, "published": row.published.isoformat() if row.published else None,
        "source": row.source,
    }  # fmt: skip
