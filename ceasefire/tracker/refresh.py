"""Keeping what the tracker derives in the store: links with their features, verdicts, claims, statuses.

``refresh(store)`` rebuilds everything (after a registry change): deterministic, so running it
twice gives the same rows. ``refresh(store, events=ids)`` is incremental (after an ingest): it
resolves only the given events, then recomputes the lifetimes, verdicts, claims and statuses of the
processes they touched (and of any process a new candidate replaced). Human adjudications are
never touched.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, update

from ceasefire.knowledge.catalogue import Catalogue
from ceasefire.registry.process import Process
from ceasefire.registry.store import load_processes, save_process
from ceasefire.store.database import Store
from ceasefire.store.tables import (
    adjudications,
    claims,
    documents,
    event_links,
    events,
    processes,
    status_changes,
    verdicts,
)
from ceasefire.tracker.claims import claims_of
from ceasefire.tracker.discover import alpha2, conflict_countries
from ceasefire.tracker.force import Lifetime
from ceasefire.tracker.resolution import Resolution, Stored, Tracker
from ceasefire.tracker.sides import Sides
from ceasefire.tracker.status import BASELINE, timeline
from ceasefire.tracker.tracked import TrackedEvent
from ceasefire.tracker.verdicts import verdict_for

#: event types whose count in a process's countries before it began is its baseline of violence
VIOLENT = ("ASSAULT",)


@dataclass(frozen=True, slots=True)
class RefreshSummary:
    links: int
    discovered: int
    statuses: int
    ambiguous: int = 0
    events: int = 0


def refresh(store: Store, today: date | None = None, events: Collection[str] | None = None) -> RefreshSummary:
    """Rebuild (``events`` None) or update (the ids of new events) links, verdicts, claims and statuses."""
    sides = Sides(Catalogue.load())
    with store.transaction() as conn:
        if store.dialect == "postgresql":  # one refresh at a time (SQLite's BEGIN IMMEDIATE already is)
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7201)")
        if events is None:
            return _full(conn, sides, today)
        return _incremental(conn, sides, today, set(events))


def _full(conn: Connection, sides: Sides, today: date | None) -> RefreshSummary:
    loaded = [p for p in load_processes(conn) if p.kind == "ceasefire"]
    # unconfirmed candidates are found afresh each time: those no event reveals any more go
    stale = {p.id for p in loaded if p.origin == "discovered" and not p.confirmed}
    tracker = Tracker([p for p in loaded if p.id not in stale], sides, _merged(conn))
    batch = list(tracked_events(conn, sides))
    result = tracker.run(batch)
    for table in (event_links, verdicts, claims, status_changes):
        conn.execute(delete(table))
    keep = {c.id for c in result.discovered} | _adjudicated(conn, stale)
    if stale - keep:
        conn.execute(delete(processes).where(processes.c.id.in_(stale - keep)))
    violence = _violence_index(batch)
    everything = set(tracker.processes)
    return _write(conn, tracker, result, everything, today, lambda p: _baseline_from(violence, p), len(batch))


def _incremental(conn: Connection, sides: Sides, today: date | None, ids: set[str]) -> RefreshSummary:
    loaded = [p for p in load_processes(conn) if p.kind == "ceasefire"]
    stored = {
        r.id: Stored(r.last_seen)
        for r in conn.execute(
            select(processes.c.id, processes.c.last_seen).where(processes.c.kind == "ceasefire")
        )
    }
    tracker = Tracker(loaded, sides, _merged(conn), stored)
    fresh = list(tracked_events(conn, sides, ids))
    if not fresh:
        return RefreshSummary(0, 0, 0)
    conn.execute(delete(event_links).where(event_links.c.event_id.in_(ids)))
    for table in (verdicts, claims):
        conn.execute(delete(table).where(table.c.event_id.in_(ids)))
    # what the processes these events touch already hold, so lengths and extensions told before count
    result = tracker.run(fresh, lambda wanted: _linked_events(conn, sides, wanted, exclude=ids))
    return _write(
        conn, tracker, result, result.touched, today, lambda p: _baseline_from_store(conn, p), len(fresh)
    )


def _write(conn: Connection, tracker: Tracker, result: Resolution, touched: Iterable[str], today: date | None,
           baseline: Any, resolved: int) -> RefreshSummary:  # fmt: skip
    for candidate in result.discovered:
        save_process(conn, candidate)
    link_rows, verdict_rows, claim_rows = [], [], []
    fresh = {link.event_id for link in result.links}
    events_by_id = {e.id: e for evs in result.linked.values() for e in evs}
    for link in result.links:
        link_rows.append({"event_id": link.event_id, "process_id": link.process_id, "method": link.method,
                          "reason": link.reason, "standing": link.standing, "score": float(link.score),
                          "features": [f.to_json() for f in link.features]})  # fmt: skip
        event = events_by_id.get(link.event_id)
        if link.standing != "linked" or event is None:
            continue
        owner = tracker.resolver.profiles[link.process_id]
        verdict = verdict_for(event, owner.process, owner.lifetime)
        if verdict is not None:
            verdict_rows.append({"event_id": event.id, "process_id": link.process_id, "verdict": verdict[0],
                                 "reason": verdict[1]})  # fmt: skip
        claim_rows += [{"event_id": c.event_id, "process_id": link.process_id, "claimant": c.claimant[:200],
                        "stance": c.stance, "about": c.about, "doc_id": c.doc_id} for c in claims_of(event)]  # fmt: skip
    for table, rows in ((event_links, _unique(link_rows, "event_id", "process_id")),
                        (verdicts, _unique(verdict_rows, "event_id", "process_id")),
                        (claims, _unique(claim_rows, "event_id", "process_id", "claimant"))):  # fmt: skip
        if rows:
            conn.execute(insert(table), rows)
    statuses = 0
    for pid in sorted(set(touched)):
        profile = tracker.resolver.profiles.get(pid)
        if profile is None:
            continue
        linked = result.linked.get(pid, [])
        statuses += _write_status(
            conn, profile.process, profile.lifetime, linked, result, baseline(profile.process), today
        )
    ambiguous = sum(1 for link in result.links if link.standing == "ambiguous")
    return RefreshSummary(len(link_rows), len(result.discovered), statuses, ambiguous, len(fresh))


def _write_status(conn: Connection, process: Process, lifetime: Lifetime, linked: list[TrackedEvent],
                  result: Resolution, baseline: int, today: date | None) -> int:  # fmt: skip
    end = result.terms.get(process.id)
    newer = result.superseded.get(process.id)
    superseded = (newer.id, newer.begun) if newer is not None and newer.begun is not None else None
    history = timeline(process, linked, baseline, today, lifetime, end.day if end else None, superseded)  # type: ignore[arg-type]
    rows = list({(c.at, c.status): {
        "process_id": process.id, "status": c.status, "at": c.at, "rule": c.rule,
        "evidence": {"changed_by": list(c.evidence), "supports": history.evidence if c is history.current else []},
    } for c in history.changes}.values())  # fmt: skip
    conn.execute(delete(status_changes).where(status_changes.c.process_id == process.id))
    if rows:
        conn.execute(insert(status_changes), rows)
    current = history.current
    status, since = (current.status, current.at) if current else (None, None)
    last = lifetime.last_day  # by its terms, its successor or dormancy: what the monitor reads
    derived = {
        "superseded_by": lifetime.superseded_by,
        "in_force_until": last if last is not None and last < date.max else None,
        "last_seen": lifetime.last_seen,
    }
    if process.origin == "discovered" and end is not None:
        derived["ended"] = end.day
    conn.execute(update(processes).where(processes.c.id == process.id).values(**derived))
    conn.execute(  # updated_at moves only when the status does: status alerts read it
        update(processes)
        .where(processes.c.id == process.id)
        .where(or_(processes.c.status.is_distinct_from(status), processes.c.status_since.is_distinct_from(since)))
        .values(status=status, status_since=since, updated_at=datetime.now(UTC))
    )  # fmt: skip
    return len(rows)


def tracked_events(
    conn: Connection, sides: Sides, ids: Collection[str] | None = None
) -> Iterator[TrackedEvent]:
    """The stored events (all, or the given ids) as the tracker sees them, with their document's conflict."""
    query = (
        select(events.c.id, events.c.doc_id, events.c.record, events.c.date, documents.c.published,
               documents.c.countries)
        .join(documents, documents.c.id == events.c.doc_id)
        .order_by(events.c.date.is_(None), events.c.date, events.c.id)
    )  # fmt: skip
    if ids is not None:
        query = query.where(events.c.doc_id.in_(select(events.c.doc_id).where(events.c.id.in_(ids))))
    rows = list(conn.execute(query))
    by_doc: dict[str, list[dict[str, Any]]] = {}
    mentioned: dict[str, list[str]] = {}
    for row in rows:
        by_doc.setdefault(row.doc_id, []).append(row.record)
        mentioned[row.doc_id] = list(row.countries or [])
    conflicts = {doc: conflict_countries(records, mentioned[doc]) for doc, records in by_doc.items()}
    for row in rows:
        if ids is not None and row.id not in ids:
            continue
        yield tracked(row, sides, conflicts.get(row.doc_id, frozenset()))


def tracked(row: Any, sides: Sides, conflict: frozenset[str] = frozenset()) -> TrackedEvent:
    record = row.record
    place = record.get("place") or {}
    docs = frozenset(row.countries or ())
    countries = frozenset([place["country"]]) if place.get("country") else docs
    parties = frozenset(
        code for role in ("actor", "recipient") for ref in record.get(role, [])
        if (code := alpha2(ref.get("country"))) is not None
    )  # fmt: skip
    home = _alpha3(next(iter(sorted(conflict or docs)), None))
    return TrackedEvent(
        row.id,
        row.doc_id,
        dict(record),
        row.date or row.published,
        countries,
        parties,
        docs,
        conflict or docs,
        sides.sides(record.get("actor", []), home),
        sides.sides(record.get("recipient", []), home),
    )


def _linked_events(conn: Connection, sides: Sides, process_ids: set[str],
                   exclude: Collection[str] = ()) -> dict[str, list[TrackedEvent]]:  # fmt: skip
    if not process_ids:
        return {}
    query = (
        select(event_links.c.process_id, events.c.id, events.c.doc_id, events.c.record, events.c.date,
               documents.c.published, documents.c.countries)
        .join(events, events.c.id == event_links.c.event_id)
        .join(documents, documents.c.id == events.c.doc_id)
        .where(event_links.c.process_id.in_(process_ids), event_links.c.standing == "linked")
    )  # fmt: skip
    found: dict[str, list[TrackedEvent]] = {}
    for row in conn.execute(query):
        if row.id not in exclude:
            found.setdefault(row.process_id, []).append(tracked(row, sides))
    return found


def _merged(conn: Connection) -> dict[str, str]:
    rows = conn.execute(
        select(processes.c.id, processes.c.merged_into).where(processes.c.merged_into.is_not(None))
    )
    return {r.id: r.merged_into for r in rows}


def _adjudicated(conn: Connection, ids: set[str]) -> set[str]:
    """Candidates a person has adjudicated against: kept even when no event reveals them any more."""
    if not ids:
        return set()
    return set(
        conn.execute(select(adjudications.c.process_id).where(adjudications.c.process_id.in_(ids))).scalars()
    )


def _violence_index(batch: list[TrackedEvent]) -> dict[str, list[date]]:
    """Dates of the violent events placed in each country (as ``_baseline_from_store`` counts them)."""
    index: dict[str, list[date]] = {}
    for event in batch:
        country, day = event.place.get("country"), event.record.get("date")
        if event.event in VIOLENT and country and day:
            index.setdefault(country, []).append(date.fromisoformat(day))
    for dates in index.values():
        dates.sort()
    return index


def _baseline_from(index: dict[str, list[date]], process: Process) -> int:
    start = process.begun
    if start is None:
        return 0
    return sum(
        bisect.bisect_left(dates, start) - bisect.bisect_left(dates, start - BASELINE)
        for dates in (index.get(c, []) for c in process.countries)
    )


def _baseline_from_store(conn: Connection, process: Process) -> int:
    start = process.begun
    if start is None or not process.countries:
        return 0
    count = conn.execute(
        select(func.count()).select_from(events).where(
            and_(events.c.event.in_(VIOLENT), events.c.country.in_(process.countries),
                 events.c.date >= start - BASELINE, events.c.date < start)
        )
    ).scalar()  # fmt: skip
    return int(count or 0)


def _unique(rows: list[dict[str, Any]], *key: str) -> list[dict[str, Any]]:
    return list({tuple(r[k] for k in key): r for r in rows}.values())


def _alpha3(alpha2_code: str | None) -> str | None:
    import pycountry

    country = pycountry.countries.get(alpha_2=alpha2_code) if alpha2_code else None
    return str(country.alpha_3) if country else None
