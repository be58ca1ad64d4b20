"""Keeping processes in the store: idempotent upserts, loading, confirming and merging candidates.

Registry imports go through ``import_records``: every source record is kept in ``process_records``,
and all records are grouped again (``registry/identity.py``) so that a PA-X agreement imported
after its ETH/PRIO ceasefire joins it. A process whose record now belongs to another group stays
as a pointer (``merged_into``), so its id still resolves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

from sqlalchemy import Connection, delete, func, insert, select, update

from ceasefire.errors import InputError, NotFound
from ceasefire.registry.identity import group_records
from ceasefire.registry.process import Declaration, NamedPlace, Process, ProcessActor, SourceRecord, Terms
from ceasefire.store.process_countries import country_rows
from ceasefire.store.tables import (
    adjudications,
    event_links,
    events,
    process_actors,
    process_aliases,
    process_countries,
    process_ids,
    process_records,
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
        for table in (process_aliases, process_actors, process_ids, process_countries):
            conn.execute(delete(table).where(table.c.process_id == process.id))
    conn.execute(insert(process_countries), country_rows(process.id, process.countries))
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


@dataclass(slots=True)
class ImportSummary:
    """What a registry import did: records read and new, processes after grouping, pointers made."""

    records: int = 0
    new_records: int = 0
    processes: dict[Saved, int] = field(default_factory=lambda: {"added": 0, "updated": 0, "unchanged": 0})
    grouped: int = 0
    merged: int = 0

    def render(self, name: str) -> str:
        p = self.processes
        return (f"{name}: {self.records} records read ({self.new_records} new); {self.grouped} grouped with "
                f"another record; processes {p['added']} added, {p['updated']} updated, {p['unchanged']} "
                f"unchanged, {self.merged} now part of another")  # fmt: skip


def import_records(conn: Connection, records: Iterable[Process]) -> ImportSummary:
    """Keep ``records`` (registry rows as processes) and regroup every stored record into processes."""
    summary = ImportSummary()
    now = datetime.now(UTC)
    stored = {r.id: r.data for r in conn.execute(select(process_records.c.id, process_records.c.data))}
    for record in records:
        summary.records += 1
        data = process_json(record)
        if stored.get(record.id) == data:
            continue
        summary.new_records += 1
        if record.id in stored:
            conn.execute(update(process_records).where(process_records.c.id == record.id).values(data=data))
        else:
            conn.execute(insert(process_records).values(id=record.id, origin=record.origin, process_id=record.id,
                                                        data=data, stored_at=now))  # fmt: skip
        stored[record.id] = data
    if not summary.new_records:
        count = conn.execute(select(func.count(func.distinct(process_records.c.process_id)))).scalar()
        summary.processes["unchanged"] = int(count or 0)
        return summary
    grouped = group_records(process_from_json(data) for data in stored.values())
    owner: dict[str, str] = {}
    for process in grouped:
        for source in process.records:
            owner[source.id] = process.id
        if len(process.records) > 1:
            summary.grouped += len(process.records) - 1
    current = dict(conn.execute(select(process_records.c.id, process_records.c.process_id)).all())
    for record_id, process_id in owner.items():
        if current.get(record_id) != process_id:
            conn.execute(update(process_records).where(process_records.c.id == record_id)
                         .values(process_id=process_id))  # fmt: skip
    for process in grouped:
        summary.processes[save_process(conn, process)] += 1
    heads = {p.id for p in grouped}
    absorbed = [rid for rid, pid in owner.items() if rid != pid and rid not in heads]
    for record_id in absorbed:
        moved = conn.execute(
            update(processes)
            .where(processes.c.id == record_id, processes.c.merged_into.is_distinct_from(owner[record_id]))
            .values(merged_into=owner[record_id])
        )
        summary.merged += moved.rowcount or 0
    conn.execute(update(processes).where(processes.c.id.in_(heads), processes.c.merged_into.is_not(None))
                 .values(merged_into=None))  # fmt: skip
    return summary


def process_json(process: Process) -> dict[str, Any]:
    """A whole process as JSON (for ``process_records``); ``process_from_json`` reads it back."""
    return {**_row(process), "updated_at": None, "aliases": _aliases(process),
            "actors": [a.to_json() for a in process.actors],
            "external_ids": {k: list(v) for k, v in sorted(process.external_ids.items())},
            "declared": _iso(process.declared), "effective": _iso(process.effective), "ended": _iso(process.ended)}  # fmt: skip


def process_from_json(data: dict[str, Any]) -> Process:
    terms = data.get("terms") or {}
    return Process(
        id=data["id"], name=data["name"], kind=data["kind"], origin=data["origin"],
        aliases=list(data.get("aliases") or []), countries=list(data.get("countries") or []),
        areas=list(data.get("areas") or []),
        actors=[ProcessActor(a["name"], a["role"], a.get("entity_id"), a.get("country"), a.get("sector"))
                for a in data.get("actors") or []],
        declared=_day(data.get("declared")), effective=_day(data.get("effective")), ended=_day(data.get("ended")),
        written=data.get("written"),
        terms=Terms(tuple(terms.get("banned", ("ASSAULT",))), tuple(terms.get("permitted", ())), terms.get("note", "")),
        external_ids={k: list(v) for k, v in (data.get("external_ids") or {}).items()},
        confirmed=bool(data.get("confirmed", True)), note=data.get("note") or "", local=bool(data.get("local")),
        partial=bool(data.get("partial")),
        places=[NamedPlace.from_json(p) for p in data.get("places") or []], venues=list(data.get("venues") or []),
    )  # fmt: skip


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
    sources: dict[str, list[SourceRecord]] = {}
    for pid, data in conn.execute(
        select(process_records.c.process_id, process_records.c.data)
        .where(process_records.c.process_id.in_(wanted))
        .order_by(process_records.c.id)
    ):
        sources.setdefault(pid, []).append(process_from_json(data).record())
    return [
        _process(
            r, aliases.get(r.id, []), actors.get(r.id, []), external.get(r.id, {}), sources.get(r.id, [])
        )
        for r in rows
    ]


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
        "note": process.note, "updated_at": datetime.now(UTC), "local": process.local, "partial": process.partial,
        "places": [p.to_json() for p in process.places], "venues": list(process.venues),
        "declarations": [d.to_json() for d in process.declarations],
    }  # fmt: skip


def _aliases(process: Process) -> list[str]:
    """Its aliases, each cut to the 200 characters the store keeps (long agreement titles)."""
    return sorted({a.strip()[:200] for a in process.aliases if a.strip()})


def _external_ids(process: Process) -> list[tuple[str, str]]:
    return sorted({(scheme, str(v)) for scheme, values in process.external_ids.items() for v in values})


def _comparable(process: Process) -> tuple[Any, ...]:
    """What a stored process is made of, for telling whether saving it again changes anything."""
    row = _row(process)
    row.pop("updated_at")
    return row, _aliases(process), [a.to_json() for a in process.actors], _external_ids(process)


def _process(row: Any, aliases: list[str], actors: list[ProcessActor], external: dict[str, list[str]],
             sources: list[SourceRecord]) -> Process:  # fmt: skip
    terms = row.terms or {}
    return Process(
        id=row.id, name=row.name, kind=row.kind, origin=row.origin, aliases=sorted(aliases),
        countries=list(row.countries), areas=list(row.areas), actors=actors, declared=row.declared,
        effective=row.effective, ended=row.ended, written=row.written,
        terms=Terms(tuple(terms.get("banned", ("ASSAULT",))), tuple(terms.get("permitted", ())), terms.get("note", "")),
        external_ids={k: sorted(v) for k, v in external.items()}, confirmed=row.confirmed, note=row.note,
        local=bool(row.local), partial=bool(row.partial), places=[NamedPlace.from_json(p) for p in row.places or []],
        venues=list(row.venues or []), declarations=[Declaration.from_json(d) for d in row.declarations or []],
        records=sources,
    )  # fmt: skip


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


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
