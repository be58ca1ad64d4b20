"""The status board and a process's timeline, read from the store for people and for JSON."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from ceasefire.errors import NotFound
from ceasefire.registry.store import load_processes
from ceasefire.store.database import Store
from ceasefire.store.tables import (
    adjudications,
    claims,
    documents,
    event_links,
    events,
    process_records,
    processes,
    status_changes,
    verdicts,
)

EVIDENCE_SHOWN = 12


def status_board(store: Store, country: str | None = None, everything: bool = False) -> list[dict[str, Any]]:
    """One object per process: its status, since when, and the evidence behind it.

    Without ``everything``, only processes the read sources bear on (linked events) are listed.
    """
    with store.engine.connect() as conn:
        linked = select(event_links.c.process_id).where(event_links.c.standing == "linked").distinct()
        query = select(processes.c.id).where(processes.c.merged_into.is_(None))
        if not everything:
            query = query.where(processes.c.id.in_(linked))
        ids = list(conn.execute(query.order_by(processes.c.id)).scalars())
        found = load_processes(conn, ids)
        rows = {r.id: r for r in conn.execute(select(processes).where(processes.c.id.in_(ids)))}
        shown = [p for p in found if not country or country.upper() in p.countries]
        evidence = _evidence_of(conn, [p.id for p in shown])
        board = []
        for process in shown:
            row = rows[process.id]
            board.append({
                "id": process.id, "name": process.name, "kind": process.kind, "origin": process.origin,
                "confirmed": process.confirmed, "countries": process.countries, "status": row.status,
                "since": _iso(row.status_since), "declared": _iso(process.declared),
                "effective": _iso(process.effective), "ended": _iso(process.ended),
                "in_force_until": _iso(row.in_force_until), "superseded_by": row.superseded_by,
                "local": process.local, "external_ids": process.external_ids,
                "records": [r.id for r in process.records], "evidence": evidence.get(process.id, []),
            })  # fmt: skip
    order = {"collapsed": 0, "fragile": 1, "proposed": 2, "holding": 3, "ended": 4, None: 5}
    return sorted(board, key=lambda b: (order.get(b["status"], 5), b["since"] or "", b["id"]))


def process_history(store: Store, process_id: str) -> dict[str, Any]:
    """Everything about one process: registry entry, status timeline, links, verdicts, claims."""
    with store.engine.connect() as conn:
        found = load_processes(conn, [process_id], include_merged=True)
        if not found:  # a registry record grouped into a process: show that process
            owner = conn.execute(
                select(process_records.c.process_id).where(process_records.c.id == process_id)
            ).scalar()
            found = load_processes(conn, [owner], include_merged=True) if owner else []
        if not found:
            raise NotFound(f"no process {process_id!r} in the store (see `ceasefire status --all`)")
        process = found[0]
        row = conn.execute(select(processes).where(processes.c.id == process.id)).one()
        timeline = [
            {"status": c.status, "at": _iso(c.at), "rule": c.rule,
             "evidence": [_event(conn, e) for e in c.evidence.get("changed_by", [])]}
            for c in conn.execute(select(status_changes).where(status_changes.c.process_id == process.id)
                                  .order_by(status_changes.c.at, status_changes.c.id))
        ]  # fmt: skip
        links = conn.execute(
            select(event_links.c.event_id, event_links.c.method, event_links.c.reason, events.c.date,
                   event_links.c.standing, event_links.c.score, event_links.c.features)
            .join(events, events.c.id == event_links.c.event_id)
            .where(event_links.c.process_id == process.id)
            .order_by(events.c.date, events.c.id)
        ).all()  # fmt: skip
        return {
            "id": process.id, "name": process.name, "kind": process.kind, "origin": process.origin,
            "confirmed": process.confirmed, "merged_into": row.merged_into, "aliases": process.aliases,
            "countries": process.countries, "status": row.status, "since": _iso(row.status_since),
            "declared": _iso(process.declared), "effective": _iso(process.effective), "ended": _iso(process.ended),
            "written": process.written, "terms": process.terms.to_json(),
            "actors": [a.to_json() for a in process.actors], "external_ids": process.external_ids,
            "note": process.note, "timeline": timeline, "local": process.local, "partial": process.partial,
            "places": [p.to_json() for p in process.places], "venues": process.venues,
            "declarations": [d.to_json() for d in process.declarations],
            "records": [r.to_json() for r in process.records], "superseded_by": row.superseded_by,
            "in_force_until": _iso(row.in_force_until), "last_seen": _iso(row.last_seen),
            "links": [{"event_id": e, "method": m, "reason": r, "date": _iso(d), "score": sc, "features": f or []}
                      for e, m, r, d, standing, sc, f in links if standing == "linked"],
            "ambiguous": [{"event_id": e, "reason": r, "date": _iso(d), "score": sc, "features": f or []}
                          for e, m, r, d, standing, sc, f in links if standing == "ambiguous"],
            "verdicts": [dict(r._mapping) for r in conn.execute(select(verdicts.c.event_id, verdicts.c.verdict, verdicts.c.reason).where(verdicts.c.process_id == process.id))],
            "claims": [dict(r._mapping) for r in conn.execute(select(claims.c.event_id, claims.c.claimant, claims.c.stance, claims.c.about, claims.c.doc_id).where(claims.c.process_id == process.id))],
            "adjudications": [{**dict(r._mapping), "decided_at": r.decided_at.isoformat()} for r in conn.execute(select(adjudications.c.event_id, adjudications.c.decision, adjudications.c.decided_by, adjudications.c.reason, adjudications.c.decided_at).where(adjudications.c.process_id == process.id))],
        }  # fmt: skip


def _evidence(conn: Connection, process_id: str) -> list[dict[str, Any]]:
    return _evidence_of(conn, [process_id]).get(process_id, [])


def _evidence_of(conn: Connection, process_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The evidence of each process's current status, in two set queries (not one per process)."""
    latest: dict[str, list[str]] = {}
    for chunk in _chunks(process_ids):
        rows = conn.execute(
            select(status_changes.c.process_id, status_changes.c.evidence)
            .where(status_changes.c.process_id.in_(chunk))
            .order_by(status_changes.c.process_id, status_changes.c.at.desc(), status_changes.c.id.desc())
        )  # fmt: skip
        for pid, data in rows:
            if pid not in latest:
                found = [*(data or {}).get("changed_by", []), *(data or {}).get("supports", [])]
                latest[pid] = list(dict.fromkeys(found))[:EVIDENCE_SHOWN]
    wanted = sorted({e for ids in latest.values() for e in ids})
    shown = {}
    for chunk in _chunks(wanted):
        query = (
            select(events.c.id, events.c.record, events.c.doc_id, events.c.date, documents.c.url, documents.c.title,
                   documents.c.source)
            .join(documents, documents.c.id == events.c.doc_id).where(events.c.id.in_(chunk))
        )  # fmt: skip
        shown.update({row.id: _shown(row) for row in conn.execute(query)})
    return {pid: [shown[e] for e in ids if e in shown] for pid, ids in latest.items()}


def _chunks(items: list[str], size: int = 500) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _event(conn: Connection, event_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        select(events.c.record, events.c.doc_id, events.c.date, documents.c.url, documents.c.title, documents.c.source)
        .join(documents, documents.c.id == events.c.doc_id).where(events.c.id == event_id)
    ).first()  # fmt: skip
    if row is None:
        return None
    return _shown(row, event_id)


def _shown(row: Any, event_id: str | None = None) -> dict[str, Any]:
    record = row.record
    return {
        "event_id": event_id or row.id, "doc_id": row.doc_id, "event": record["event"], "process": record.get("process"),
        "modality": record["modality"], "date": _iso(row.date), "text": record["evidence"]["text"],
        "source": row.url or row.title or row.source,
    }  # fmt: skip


def count_processes(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(processes)).scalar() or 0)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
