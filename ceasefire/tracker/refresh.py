"""Recompute everything the tracker derives from the store: links, verdicts, claims, statuses.

Runs after every ingest and registry change. It is deterministic: running it twice gives the same
rows. Human adjudications are never touched.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

import pycountry
from sqlalchemy import Connection, delete, insert, or_, select, update

from ceasefire.registry.process import Process
from ceasefire.registry.store import load_processes, save_process
from ceasefire.store.database import Store
from ceasefire.store.tables import claims, documents, event_links, events, processes, status_changes, verdicts
from ceasefire.tracker.claims import claims_of
from ceasefire.tracker.linking import Linker
from ceasefire.tracker.status import BASELINE, timeline
from ceasefire.tracker.tracked import TrackedEvent
from ceasefire.tracker.verdicts import verdict_for


@dataclass(frozen=True, slots=True)
class RefreshSummary:
    links: int
    discovered: int
    statuses: int


def refresh(store: Store, today: date | None = None) -> RefreshSummary:
    with store.transaction() as conn:
        loaded = [p for p in load_processes(conn) if p.kind == "ceasefire"]
        # unconfirmed candidates are found afresh each time: those no event reveals any more go
        stale = {p.id for p in loaded if p.origin == "discovered" and not p.confirmed}
        registry = [p for p in loaded if p.id not in stale]
        merged = dict(
            conn.execute(
                select(processes.c.id, processes.c.merged_into).where(processes.c.merged_into.is_not(None))
            ).all()
        )
        linker = Linker(registry, merged=merged)
        linked: dict[str, list[TrackedEvent]] = {}
        violence: dict[str, list[date]] = {}
        link_rows: list[dict[str, Any]] = []
        verdict_rows: list[dict[str, Any]] = []
        claim_rows: list[dict[str, Any]] = []
        for event in tracked_events(conn):
            if event.event == "ASSAULT" and event.when is not None:
                for country in event.countries:
                    violence.setdefault(country, []).append(event.when)
            for link in linker.links(event):
                process = linker.process(link.process_id)
                linked.setdefault(process.id, []).append(event)
                link_rows.append({"event_id": link.event_id, "process_id": link.process_id,
                                  "method": link.method, "reason": link.reason})  # fmt: skip
                verdict = verdict_for(event, process)
                if verdict is not None:
                    verdict_rows.append({"event_id": event.id, "process_id": process.id,
                                         "verdict": verdict[0], "reason": verdict[1]})  # fmt: skip
                claim_rows += [{"event_id": c.event_id, "process_id": process.id, "claimant": c.claimant[:200],
                                "stance": c.stance, "about": c.about, "doc_id": c.doc_id} for c in claims_of(event)]  # fmt: skip
        for table in (event_links, verdicts, claims):
            conn.execute(delete(table))
        found = {c.id for c in linker.discovered}
        if stale - found:
            conn.execute(delete(processes).where(processes.c.id.in_(stale - found)))
        for candidate in linker.discovered:
            save_process(conn, candidate)
        for table, rows in (
            (event_links, link_rows),
            (verdicts, verdict_rows),
            (claims, _unique(claim_rows)),
        ):
            if rows:
                conn.execute(insert(table), rows)
        for dates in violence.values():
            dates.sort()
        changes = _write_statuses(conn, [*registry, *linker.discovered], linked, violence, today)
        return RefreshSummary(len(link_rows), len(linker.discovered), changes)


def main_countries(conn: Connection) -> dict[str, str]:
    """Each document's main country: where most of its placed events happened."""
    counts: dict[str, Counter[str]] = {}
    for doc_id, country in conn.execute(
        select(events.c.doc_id, events.c.country).where(events.c.country.is_not(None))
    ):
        counts.setdefault(doc_id, Counter())[country] += 1
    return {doc_id: c.most_common(1)[0][0] for doc_id, c in counts.items()}


def tracked_events(conn: Connection) -> Iterator[TrackedEvent]:
    main = main_countries(conn)
    query = (
        select(
            events.c.id,
            events.c.doc_id,
            events.c.record,
            events.c.date,
            documents.c.published,
            documents.c.countries,
        )
        .join(documents, documents.c.id == events.c.doc_id)
        .order_by(events.c.date.is_(None), events.c.date, events.c.id)
    )
    for row in conn.execute(query):
        place = row.record.get("place") or {}
        countries = frozenset([place["country"]]) if place.get("country") else frozenset(row.countries or ())
        parties = frozenset(
            code for role in ("actor", "recipient") for ref in row.record.get(role, [])
            if (code := alpha2(ref.get("country"))) is not None
        )  # fmt: skip
        yield TrackedEvent(row.id, row.doc_id, dict(row.record), row.date or row.published, countries, parties,
                           frozenset(row.countries or ()), main.get(row.doc_id))  # fmt: skip


@cache
def alpha2(alpha3: str | None) -> str | None:
    """ISO alpha-2 for an actor's alpha-3 country; None for IGO and other PLOVER codes."""
    country = pycountry.countries.get(alpha_3=alpha3) if alpha3 and len(alpha3) == 3 else None
    return str(country.alpha_2) if country else None


def _write_statuses(conn: Connection, registry: list[Process], linked: dict[str, list[TrackedEvent]],
                    violence: dict[str, list[date]], today: date | None) -> int:  # fmt: skip
    conn.execute(delete(status_changes))
    rows = []
    for process in registry:
        start = process.begun
        baseline = 0
        if start is not None:
            for country in process.countries:
                dates = violence.get(country, [])
                baseline += bisect.bisect_left(dates, start) - bisect.bisect_left(dates, start - BASELINE)
        history = timeline(process, linked.get(process.id, []), baseline, today)
        rows += [{"process_id": process.id, "status": c.status, "at": c.at, "rule": c.rule,
                  "evidence": {"changed_by": list(c.evidence), "supports": history.evidence if c is history.current else []}}
                 for c in history.changes]  # fmt: skip
        current = history.current
        status, since = (current.status, current.at) if current else (None, None)
        conn.execute(  # updated_at moves only when the status does: status alerts read it
            update(processes)
            .where(processes.c.id == process.id)
            .where(or_(processes.c.status.is_distinct_from(status), processes.c.status_since.is_distinct_from(since)))
            .values(status=status, status_since=since, updated_at=datetime.now(UTC))
        )  # fmt: skip
    rows = list({(r["process_id"], r["at"], r["status"]): r for r in rows}.values())
    if rows:
        conn.execute(insert(status_changes), rows)
    return len(rows)


def _unique(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return list({(r["event_id"], r["process_id"], r["claimant"]): r for r in rows}.values())
