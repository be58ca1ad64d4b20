"""Storing what the pipeline produced: one document with its events, or one rejection, per call.

Callers wrap each call in its own transaction (``Store.transaction``), so a run killed in the
middle leaves whole documents or none. Writing the same thing twice changes nothing: documents
are keyed by their stable id and content hash, events by their stable ids.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Literal

from sqlalchemy import Connection, CursorResult, delete, insert, select

from ceasefire.models import Document, Rejected, stable_id
from ceasefire.store.signatures import save_signature
from ceasefire.store.tables import documents, events, rejections

Written = Literal["stored", "unchanged", "replaced"]


def save_document(conn: Connection, doc: Document) -> Written:
    """Store ``doc`` and its events; a stored copy with other content is replaced, events and all."""
    return save_rows(conn, document_row(doc), _unique_records(doc))


def save_rows(conn: Connection, row: dict[str, Any], records: list[dict[str, Any]]) -> Written:
    """``save_document`` for a document row (``document_row``) and its event records, as a batch wrote them."""
    stored = conn.execute(select(documents.c.content_hash).where(documents.c.id == row["id"])).scalar()
    if stored == row["content_hash"]:
        return "unchanged"
    if stored is not None:
        conn.execute(delete(events).where(events.c.doc_id == row["id"]))
        conn.execute(delete(documents).where(documents.c.id == row["id"]))
    conn.execute(insert(documents).values(**row))
    save_signature(conn, row["id"], row["kind"], row["text"])
    countries = frozenset(row["countries"])
    rows = [event_row(row["id"], countries, record) for record in records]
    if rows:
        conn.execute(insert(events), rows)
    return "replaced" if stored is not None else "stored"


def save_rejection(conn: Connection, rejected: Rejected) -> Written:
    row_id = stable_id(rejected.doc_id, rejected.stage, rejected.reason)
    if conn.execute(select(rejections.c.id).where(rejections.c.id == row_id)).first():
        return "unchanged"
    conn.execute(
        insert(rejections).values(
            id=row_id, doc_id=rejected.doc_id, source=rejected.source or "", stage=rejected.stage,
            reason=rejected.reason, detail=rejected.detail, stored_at=datetime.now(UTC),
        )
    )  # fmt: skip
    return "stored"


def is_stored(conn: Connection, doc: Document) -> bool:
    """True when ``doc`` (same id, same content) or its rejection is in the store already."""
    stored = conn.execute(select(documents.c.content_hash).where(documents.c.id == doc.id)).scalar()
    if stored is not None:
        return bool(stored == doc.hash)
    return conn.execute(select(rejections.c.id).where(rejections.c.doc_id == doc.id)).first() is not None


def _unique_records(doc: Document) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for event in doc.events:
        seen.setdefault(event.id, event.to_json())
    return list(seen.values())


def document_row(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id, "content_hash": doc.hash, "kind": doc.kind, "source": doc.source, "url": doc.url,
        "title": doc.title, "author": doc.author, "site": doc.site, "published": doc.published,
        "published_at": doc.published_at, "parent_id": doc.parent_id, "language": doc.language,
        "countries": sorted(doc.countries), "text": doc.text, "stored_at": datetime.now(UTC),
    }  # fmt: skip


def event_row(doc_id: str, doc_countries: frozenset[str], record: dict[str, Any]) -> dict[str, Any]:
    process = record.get("process") or {}
    place = record.get("place") or {}
    assert isinstance(process, dict) and isinstance(place, dict)
    when = record.get("date")
    # where: the event's place, else the document's country when it is about only one
    country = place.get("country") or (next(iter(doc_countries)) if len(doc_countries) == 1 else None)
    return {
        "id": record["id"], "doc_id": doc_id, "event": record["event"], "mode": record.get("mode"),
        "modality": record["modality"], "process_kind": process.get("kind"),
        "process_phase": process.get("phase"), "country": country,
        "date": date.fromisoformat(when) if isinstance(when, str) else None,
        "confidence": record["confidence"], "record": record,
    }  # fmt: skip


def inserted_id(result: CursorResult[Any]) -> int:
    """The integer primary key an ``insert`` just made."""
    key = result.inserted_primary_key
    if key is None:
        raise RuntimeError("the insert made no primary key")
    return int(key[0])
