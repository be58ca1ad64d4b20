"""Keeping processes in the store: idempotent upserts, loading, confirming and merging candidates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Connection, delete, insert, select, update

from ceasefire.errors import InputError, NotFound
from ceasefire.registry.process import Process, ProcessActor, Terms
from ceasefire.store.tables import (
    adjudications,
    event_links,
    events,
    process_actors,
    process_aliases,
    process_ids,
    processes,
)

Saved = Literal["added", "updated", "unchanged"]


def save_process(conn: Connection, process: Process) -> Saved:
    """Add or update ``process``; saving an identical entry again changes nothing."""
    existing = load_process(conn, process.id, missing_ok=True)
    if existing is not None and _comparable(existing) == _comparable(process):
        return "unchanged"
    row = _row(process)
    if existing is None:
        conn.execute(insert(processes).values(**row, status=None, status_since=None))
    else:
        conn.execute(update(processes).where(processes.c.id == process.id).values(**row))
        for table in (process_aliases, process_actors, process_ids):
            conn.execute(delete(table).where(table.c.process_id == process.id))
    aliases = _aliases(process)
    if aliases:
        conn.execute(insert(process_aliases), [{"process_id": process.id, "alias": a} for a in aliases])
    if process.actors:
        conn.execute(
            insert(process_actors), [{"process_id": process.id, **a.to_json()} for a in process.actors]
        )
    ids = _external_ids(process)
    if ids:
        conn.execute(
            insert(process_ids), [{"process_id": process.id, "scheme": s, "value": v} for s, v in ids]
        )
    return "added" if existing is None else "updated"


def save_processes(conn: Connection, batch: Iterable[Process]) -> dict[Saved, int]:
    counts: dict[Saved, int] = {"added": 0, "updated": 0, "unchanged": 0}
    for process in batch:
        counts[save_process(conn, process)] += 1
    return counts


def load_process(conn: Connection, process_id: str, missing_ok: bool = False) -> Process | None:
    found = load_processes(conn, [process_id])
    if not found and not missing_ok:
        raise NotFound(f"no process {process_id!r} in the store")
    return found[0] if found else None


def load_processes(
    conn: Connection, ids: list[str] | None = None, include_merged: bool = False
) -> list[Process]:
    query = select(processes)
    if ids is not None:
        query = query.where(processes.c.id.in_(ids))
    if not include_merged:
        query = query.where(processes.c.merged_into.is_(None))
    rows = list(conn.execute(query.order_by(processes.c.id)))
    if not rows:
        return []
    wanted = [r.id for r in rows]
    aliases: dict[str, list[str]] = {}
    for pid, alias in conn.execute(
        select(process_aliases.c.process_id, process_aliases.c.alias).where(
            process_aliases.c.process_id.in_(wanted)
        )
    ):
        aliases.setdefault(pid, []).append(alias)
    actors: dict[str, list[ProcessActor]] = {}
    for a in conn.execute(
        select(process_actors).where(process_actors.c.process_id.in_(wanted)).order_by(process_actors.c.id)
    ):
        actors.setdefault(a.process_id, []).append(
            ProcessActor(a.name, a.role, a.entity_id, a.country, a.sector)
        )
    external: dict[str, dict[str, list[str]]] = {}
    for pid, scheme, value in conn.execute(
        select(process_ids.c.process_id, process_ids.c.scheme, process_ids.c.value).where(
            process_ids.c.process_id.in_(wanted)
        )
    ):
        external.setdefault(pid, {}).setdefault(scheme, []).append(value)
    return [_process(r, aliases.get(r.id, []), actors.get(r.id, []), external.get(r.id, {})) for r in rows]


def confirm(conn: Connection, process_id: str) -> None:
    """Accept a discovered candidate as a real process."""
    load_process(conn, process_id)
    conn.execute(update(processes).where(processes.c.id == process_id).values(confirmed=True))


def merge(conn: Connection, candidate_id: str, into_id: str) -> None:
    """Fold a candidate into an existing process: its links move over, it stays as a pointer."""
    load_process(conn, candidate_id)
    target = load_process(conn, into_id)
    assert target is not None
    moved = conn.execute(select(event_links).where(event_links.c.process_id == candidate_id)).all()
    conn.execute(delete(event_links).where(event_links.c.process_id == candidate_id))
    have = {
        r.event_id
        for r in conn.execute(select(event_links.c.event_id).where(event_links.c.process_id == into_id))
    }
    rows = [{"event_id": r.event_id, "process_id": into_id, "method": r.method,
             "reason": f"{r.reason} (merged from {candidate_id})"} for r in moved if r.event_id not in have]  # fmt: skip
    if rows:
        conn.execute(insert(event_links), rows)
    conn.execute(update(processes).where(processes.c.id == candidate_id).values(merged_into=into_id))


def _row(process: Process) -> dict[str, Any]:
    return {
        "id": process.id, "name": process.name, "kind": process.kind, "origin": process.origin,
        "confirmed": process.confirmed, "merged_into": None, "countries": sorted(process.countries),
        "areas": process.areas, "declared": process.declared, "effective": process.effective,
        "ended": process.ended, "written": process.written, "terms": process.terms.to_json(),
        "note": process.note, "updated_at": datetime.now(UTC),
    }  # fmt: skip


def _aliases(process: Process) -> list[str]:
    return sorted({a.strip() for a in process.aliases if a.strip()})


def _external_ids(process: Process) -> list[tuple[str, str]]:
    return sorted({(scheme, str(v)) for scheme, values in process.external_ids.items() for v in values})


def _comparable(process: Process) -> tuple[Any, ...]:
    """What a stored process is made of, for telling whether saving it again changes anything."""
    row = _row(process)
    row.pop("updated_at")
    return row, _aliases(process), [a.to_json() for a in process.actors], _external_ids(process)


def _process(
    row: Any, aliases: list[str], actors: list[ProcessActor], external: dict[str, list[str]]
) -> Process:
    terms = row.terms or {}
    return Process(
        id=row.id, name=row.name, kind=row.kind, origin=row.origin, aliases=sorted(aliases),
        countries=list(row.countries), areas=list(row.areas), actors=actors, declared=row.declared,
        effective=row.effective, ended=row.ended, written=row.written,
        terms=Terms(tuple(terms.get("banned", ("ASSAULT",))), tuple(terms.get("permitted", ())), terms.get("note", "")),
        external_ids={k: sorted(v) for k, v in external.items()}, confirmed=row.confirmed, note=row.note,
    )  # fmt: skip


DECISIONS = ("confirmed", "not_confirmed", "undetermined")


def adjudicate(conn: Connection, event_id: str, process_id: str, decision: str, by: str, why: str) -> None:
    """Record a person's decision on an event against a process, beside (never instead of) the rules."""
    if decision not in DECISIONS:
        raise InputError("adjudication", f"decision {decision!r} is not one of {', '.join(DECISIONS)}")
    if not by.strip() or not why.strip():
        raise InputError("adjudication", "who decided and why are both required")
    load_process(conn, process_id)
    if conn.execute(select(events.c.id).where(events.c.id == event_id)).first() is None:
        raise NotFound(f"no event {event_id!r} in the store")
    conn.execute(insert(adjudications).values(event_id=event_id, process_id=process_id, decision=decision,
                                              decided_by=by.strip(), reason=why.strip(), decided_at=datetime.now(UTC)))  # fmt: skip
