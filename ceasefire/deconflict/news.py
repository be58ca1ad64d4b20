"""Hits from the news: the events ``ceasefire ingest`` stored, checked against notified sites.

``ingest`` calls ``check_events`` once a run, after the tracker's refresh, with the ids of the
events it stored; asserted strikes with a place near a notification valid that day become findings,
and the ``notified_site_hit`` rules raise their alerts in the same transaction (a running service's
worker sends them).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import exists, select

from ceasefire.deconflict import hits
from ceasefire.monitor import alerts
from ceasefire.store.database import Store
from ceasefire.store.tables import events, notifications

CHUNK = 500


def check_events(store: Store, event_ids: Iterable[str]) -> list[dict[str, Any]]:
    """Findings for newly stored events (none, at once, when nothing is notified)."""
    ids = sorted(set(event_ids))
    if not ids:
        return []
    with store.engine.connect() as conn:
        if not conn.execute(select(exists().select_from(notifications))).scalar():
            return []
    found: list[dict[str, Any]] = []
    with store.transaction() as conn:
        for start in range(0, len(ids), CHUNK):
            rows = conn.execute(
                select(events.c.id, events.c.doc_id, events.c.record)
                .where(events.c.id.in_(ids[start : start + CHUNK]), events.c.event.in_(sorted(hits.STRIKES)))
            ).mappings()  # fmt: skip
            for row in rows:
                found += hits.on_event(conn, row["id"], row["record"], row["doc_id"])
        alerts.on_findings(conn, found)
    return found
