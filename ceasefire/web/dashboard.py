"""What the dashboard's reading pages show, read from the store in set queries (one query per kind of
row, never one per process or event), for the HTML pages and their JSON twins alike.

The board lists every process the sources bear on (at least one linked event); its trend counts
violent events per week in the process's countries, the same measure the status rules take as the
pre-ceasefire baseline (``tracker/refresh.py``: ``VIOLENT`` in the 30 days before it began).
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, and_, exists, func, or_, select

from ceasefire.errors import NotFound
from ceasefire.registry.process import Process
from ceasefire.registry.store import load_processes
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
from ceasefire.tracker.refresh import VIOLENT
from ceasefire.tracker.status import BASELINE

#: board order: the ones that need attention first
STATUS_ORDER = {"collapsed": 0, "fragile": 1, "proposed": 2, "holding": 3, "ended": 4}
STATUSES = tuple(STATUS_ORDER)
KINDS = ("ceasefire", "talks", "agreement")
ORIGINS = ("registry", "discovered")
TREND_WEEKS = 12
EVIDENCE_ON_BOARD = 3
EVENTS_PER_PAGE = 100


@dataclass(frozen=True, slots=True)
class BoardFilter:
    country: str | None = None  # ISO alpha-2
    kind: str | None = None
    status: str | None = None
    origin: str | None = None  # ``registry`` (ETH/PRIO, PA-X, manual) or ``discovered``
    q: str | None = None  # words in the name or an alias

    def to_json(self) -> dict[str, str | None]:
        return {"country": self.country, "kind": self.kind, "status": self.status, "origin": self.origin,
                "q": self.q}  # fmt: skip


def iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


# -- the status board --------------------------------------------------------------------------------


def board(conn: Connection, flt: BoardFilter, today: date) -> dict[str, Any]:
    """Every process the sources bear on, with status, since when, trend and top evidence."""
    linked = exists().where(event_links.c.process_id == processes.c.id, event_links.c.standing == "linked")
    query = select(processes).where(processes.c.merged_into.is_(None), linked)
    if flt.kind:
        query = query.where(processes.c.kind == flt.kind)
    if flt.status:
        query = query.where(processes.c.status == flt.status)
    if flt.origin == "discovered":
        query = query.where(processes.c.origin == "discovered")
    elif flt.origin == "registry":
        query = query.where(processes.c.origin != "discovered")
    rows = {r.id: r for r in conn.execute(query)}
    found = [p for p in load_processes(conn, list(rows)) if _matches(p, flt)]
    ids = [p.id for p in found]
    evidence = _board_evidence(conn, ids)
    trends = _trends(conn, [(p, rows[p.id]) for p in found], today)
    countries: set[str] = set()
    for p in found:
        countries.update(p.countries)
    items = []
    for p in found:
        row = rows[p.id]
        items.append({
            "id": p.id, "name": p.name, "kind": p.kind, "origin": p.origin,
            "candidate": p.origin == "discovered" and not p.confirmed, "countries": p.countries,
            "status": row.status, "since": iso(row.status_since), "declared": iso(p.declared),
            "effective": iso(p.effective), "ended": iso(p.ended), "trend": trends.get(p.id),
            "evidence": evidence.get(p.id, []),
        })  # fmt: skip
    items.sort(key=lambda b: (STATUS_ORDER.get(b["status"], 5), -_days(b["since"]), b["id"]))
    return {"filter": flt.to_json(), "count": len(items), "processes": items,
            "countries": sorted(countries)}  # fmt: skip


def board_countries(conn: Connection) -> list[str]:
    """Countries of the processes on the board, for the filter's choices."""
    linked = exists().where(event_links.c.process_id == processes.c.id, event_links.c.standing == "linked")
    found: set[str] = set()
    for (names,) in conn.execute(
        select(processes.c.countries).where(processes.c.merged_into.is_(None), linked)
    ):
        found.update(names or [])
    return sorted(found)


def _days(value: str | None) -> int:
    return date.fromisoformat(value).toordinal() if value else 0


def _matches(process: Process, flt: BoardFilter) -> bool:
    if flt.country and flt.country.upper() not in process.countries:
        return False
    if flt.q:
        words = flt.q.casefold().split()
        haystack = " ".join([process.name, process.id, *process.aliases]).casefold()
        return all(w in haystack for w in words)
    return True


def _board_evidence(conn: Connection, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The three strongest pieces of evidence of each process's latest status change."""
    latest: dict[str, Any] = {}
    for row in conn.execute(
        select(status_changes.c.process_id, status_changes.c.evidence)
        .where(status_changes.c.process_id.in_(ids))
        .order_by(status_changes.c.process_id, status_changes.c.at, status_changes.c.id)
    ):  # fmt: skip
        latest[row.process_id] = row.evidence or {}
    wanted: dict[str, list[str]] = {}
    for pid, found in latest.items():
        chosen = list(dict.fromkeys([*found.get("changed_by", []), *found.get("supports", [])]))
        wanted[pid] = chosen[:EVIDENCE_ON_BOARD]
    records = event_rows(conn, [e for chosen in wanted.values() for e in chosen])
    return {pid: [records[e] for e in chosen if e in records] for pid, chosen in wanted.items()}


def event_rows(conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Events by id, each with its sentence, source and date (one query)."""
    if not ids:
        return {}
    rows = conn.execute(
        select(events.c.id, events.c.record, events.c.date, documents.c.id.label("doc_id"), documents.c.url,
               documents.c.title, documents.c.site, documents.c.source, documents.c.kind.label("doc_kind"))
        .join(documents, documents.c.id == events.c.doc_id)
        .where(events.c.id.in_(list(dict.fromkeys(ids))))
    )  # fmt: skip
    return {r.id: _event_view(r) for r in rows}


def _event_view(row: Any) -> dict[str, Any]:
    record = row.record
    evidence = record.get("evidence") or {}
    place = record.get("place") or {}
    return {
        "event_id": row.id, "doc_id": row.doc_id, "event": record.get("event"), "mode": record.get("mode"),
        "process": record.get("process"), "modality": record.get("modality"), "date": iso(row.date),
        "text": evidence.get("text", ""), "start": evidence.get("start"), "end": evidence.get("end"),
        "source": row.title or row.site or row.url or row.source, "url": row.url, "doc_kind": row.doc_kind,
        "actors": [a.get("name") or a.get("text") for a in record.get("actor") or []],
        "recipients": [a.get("name") or a.get("text") for a in record.get("recipient") or []],
        "place": place.get("name") or place.get("text"), "lat": place.get("lat"), "lon": place.get("lon"),
        "precision": place.get("precision"), "country": place.get("country"),
        "confidence": record.get("confidence"),
    }  # fmt: skip


def _trends(conn: Connection, found: list[tuple[Process, Any]], today: date) -> dict[str, dict[str, Any]]:
    """Violent events per week in each process's countries over the last weeks it was spoken of,
    with its baseline (the weekly rate of the 30 days before it began)."""
    windows: dict[str, tuple[date, date, date | None]] = {}
    for process, row in found:
        end = min(today, row.last_seen or today)
        start = end - timedelta(weeks=TREND_WEEKS) + timedelta(days=1)
        windows[process.id] = (start, end, process.begun)
    if not windows:
        return {}
    # one query over the windows only (each an indexed range of ``ix_events_country_date``)
    spans: set[tuple[str, date, date]] = set()
    for process, _ in found:
        start, end, begun = windows[process.id]
        for country in process.countries:
            spans.add((country, start, end))
            if begun:
                spans.add((country, begun - BASELINE, begun - timedelta(days=1)))
    if not spans:
        return {}
    per_day: dict[str, list[tuple[date, int]]] = defaultdict(list)
    ranges = or_(*(and_(events.c.country == c, events.c.date.between(a, b)) for c, a, b in sorted(spans)))
    # each range is read from the covering index (country, date, event): no event row is touched.
    # The type is compared as an expression (event || ''), so no planner walks the type index instead.
    for country, day, count in conn.execute(
        select(events.c.country, events.c.date, func.count())
        .where(ranges, (events.c.event + "").in_(VIOLENT))
        .group_by(events.c.country, events.c.date)
    ):  # fmt: skip
        per_day[country].append((day, int(count)))
    trends = {}
    for process, _ in found:
        start, end, begun = windows[process.id]
        weeks = [0] * TREND_WEEKS
        baseline = 0
        for country in process.countries:
            for day, count in per_day.get(country, []):
                if start <= day <= end:
                    weeks[min(TREND_WEEKS - 1, (day - start).days // 7)] += count
                if begun and begun - BASELINE <= day < begun:
                    baseline += count
        weekly = round(baseline * 7 / BASELINE.days, 1) if begun else None
        trends[process.id] = {"weeks": weeks, "from": start.isoformat(), "to": end.isoformat(),
                              "baseline_per_week": weekly, "measure": "violent events in its countries"}  # fmt: skip
    return trends


# -- one process --------------------------------------------------------------------------------------


def resolve_process(conn: Connection, process_id: str) -> Process:
    """The process with this id, or the process a registry record with this id was grouped into."""
    found = load_processes(conn, [process_id], include_merged=True)
    if not found:
        owner = conn.execute(
            select(process_records.c.process_id).where(process_records.c.id == process_id)
        ).scalar()
        found = load_processes(conn, [owner], include_merged=True) if owner else []
    if not found:
        raise NotFound(f"no process {process_id!r}")
    return found[0]


def process_page(conn: Connection, process_id: str, page: int = 1) -> dict[str, Any]:
    """A process: registry entry, status timeline with its evidence, and a page of its events with each
    source's claim, the rule verdict and any human adjudication side by side."""
    process = resolve_process(conn, process_id)
    row = conn.execute(select(processes).where(processes.c.id == process.id)).one()
    changes = list(conn.execute(
        select(status_changes).where(status_changes.c.process_id == process.id)
        .order_by(status_changes.c.at, status_changes.c.id)
    ))  # fmt: skip
    caused = [e for c in changes for e in (c.evidence or {}).get("changed_by", [])]
    shown = event_rows(conn, caused)
    timeline = [{"status": c.status, "at": iso(c.at), "rule": c.rule,
                 "evidence": [shown[e] for e in (c.evidence or {}).get("changed_by", []) if e in shown]}
                for c in changes]  # fmt: skip
    mine = and_(event_links.c.process_id == process.id)
    total = int(conn.execute(select(func.count()).select_from(event_links).where(mine)).scalar() or 0)
    pages = max(1, math.ceil(total / EVENTS_PER_PAGE))
    page = min(max(1, page), pages)
    link_rows = list(conn.execute(
        select(event_links.c.event_id, event_links.c.standing, event_links.c.reason, event_links.c.method)
        .join(events, events.c.id == event_links.c.event_id).where(mine)
        .order_by(events.c.date, events.c.id).limit(EVENTS_PER_PAGE).offset((page - 1) * EVENTS_PER_PAGE)
    ))  # fmt: skip
    ids = [r.event_id for r in link_rows]
    records = event_rows(conn, ids)
    verdict_of = {r.event_id: {"verdict": r.verdict, "reason": r.reason} for r in conn.execute(
        select(verdicts).where(verdicts.c.process_id == process.id, verdicts.c.event_id.in_(ids)))}  # fmt: skip
    claims_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in conn.execute(
        select(claims).where(claims.c.process_id == process.id, claims.c.event_id.in_(ids))
    ):
        claims_of[r.event_id].append(
            {"claimant": r.claimant, "stance": r.stance, "about": r.about, "doc_id": r.doc_id}
        )
    decided: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in conn.execute(
        select(adjudications).where(adjudications.c.process_id == process.id, adjudications.c.event_id.in_(ids))
        .order_by(adjudications.c.decided_at)
    ):  # fmt: skip
        decided[r.event_id].append({"decision": r.decision, "by": r.decided_by, "reason": r.reason,
                                    "at": iso(r.decided_at)})  # fmt: skip
    listed = []
    for link in link_rows:
        if link.event_id not in records:
            continue
        listed.append({**records[link.event_id], "standing": link.standing, "link_reason": link.reason,
                       "verdict": verdict_of.get(link.event_id), "claims": claims_of.get(link.event_id, []),
                       "adjudications": decided.get(link.event_id, [])})  # fmt: skip
    points = [{"lat": e["lat"], "lon": e["lon"], "label": f"{e['event']} {e['date'] or ''} {e['place'] or ''}",
               "precision": e["precision"]} for e in listed if e["lat"] is not None and e["lon"] is not None]  # fmt: skip
    points += [{"lat": p.lat, "lon": p.lon, "label": p.name, "precision": "scope"} for p in process.places
               if p.lat is not None and p.lon is not None]  # fmt: skip
    return {
        "id": process.id, "name": process.name, "kind": process.kind, "origin": process.origin,
        "candidate": process.origin == "discovered" and not process.confirmed, "aliases": process.aliases,
        "countries": process.countries, "status": row.status, "since": iso(row.status_since),
        "declared": iso(process.declared), "effective": iso(process.effective), "ended": iso(process.ended),
        "in_force_until": iso(row.in_force_until), "superseded_by": row.superseded_by,
        "merged_into": row.merged_into, "local": process.local, "partial": process.partial,
        "parties": [a.to_json() for a in process.actors_in("party")],
        "mediators": [a.to_json() for a in process.actors_in("mediator") + process.actors_in("guarantor")],
        "excluded": [a.to_json() for a in process.actors_in("excluded")],
        "terms": process.terms.to_json(), "external_ids": process.external_ids, "note": process.note,
        "records": [r.to_json() for r in process.records], "timeline": timeline,
        "events": listed, "page": page, "pages": pages, "event_count": total, "points": points,
    }  # fmt: skip


# -- a document, with its events' sentences at their offsets ------------------------------------------


def document_page(conn: Connection, doc_id: str) -> dict[str, Any]:
    row = conn.execute(select(documents).where(documents.c.id == doc_id)).first()
    if row is None:
        raise NotFound(f"no document {doc_id!r}")
    found = [
        _event_view(r) for r in conn.execute(
            select(events.c.id, events.c.record, events.c.date, documents.c.id.label("doc_id"), documents.c.url,
                   documents.c.title, documents.c.site, documents.c.source, documents.c.kind.label("doc_kind"))
            .join(documents, documents.c.id == events.c.doc_id).where(events.c.doc_id == doc_id)
        )
    ]  # fmt: skip
    found.sort(key=lambda e: (e["start"] if e["start"] is not None else -1, e["event_id"]))
    return {
        "id": row.id, "kind": row.kind, "title": row.title, "url": row.url, "site": row.site, "author": row.author,
        "published": iso(row.published), "language": row.language, "parent_id": row.parent_id,
        "source": row.source, "text": row.text, "events": found,
    }  # fmt: skip


def segments(text: str, spans: list[tuple[int, int, str]], selected: str | None) -> list[dict[str, Any]]:
    """The text cut at every evidence boundary: each piece with the events whose sentence covers it."""
    cuts = {0, len(text)}
    for start, end, _ in spans:
        if 0 <= start < end <= len(text):
            cuts.update((start, end))
    bounds = sorted(cuts)
    pieces = []
    for a, b in itertools.pairwise(bounds):
        covering = [eid for start, end, eid in spans if start <= a and b <= end]
        pieces.append({"text": text[a:b], "events": covering, "selected": selected in covering})
    first = next((p for p in pieces if p["selected"]), None)
    if first is not None:
        first["anchor"] = True
    return pieces


# -- the timeline --------------------------------------------------------------------------------------


def timeline_data(
    conn: Connection, process_id: str | None, country: str | None, today: date
) -> dict[str, Any]:
    """Events per day (or week, over long spans) by type, for a process (its linked events) or a country,
    with the process's dates and status changes to draw them against."""
    query = select(events.c.date, events.c.event, func.count()).where(events.c.date.is_not(None))
    marks: list[dict[str, Any]] = []
    subject: dict[str, Any]
    if process_id:
        process = resolve_process(conn, process_id)
        query = query.where(events.c.id.in_(
            select(event_links.c.event_id).where(event_links.c.process_id == process.id,
                                                  event_links.c.standing == "linked")))  # fmt: skip
        for label, day in (
            ("declared", process.declared),
            ("effective", process.effective),
            ("ended", process.ended),
        ):
            if day:
                marks.append({"at": day.isoformat(), "label": label, "kind": "date"})
        for c in conn.execute(select(status_changes.c.at, status_changes.c.status, status_changes.c.rule)
                              .where(status_changes.c.process_id == process.id).order_by(status_changes.c.at)):  # fmt: skip
            marks.append({"at": c.at.isoformat(), "label": c.status, "kind": "status", "rule": c.rule})
        subject = {"process": process.id, "name": process.name, "countries": process.countries}
    elif country:
        query = query.where(events.c.country == country.upper())
        subject = {"country": country.upper(), "name": country.upper()}
    else:
        raise NotFound("name a process (?process=ID) or a country (?country=SY)")
    counts = list(conn.execute(query.group_by(events.c.date, events.c.event).order_by(events.c.date)))
    days = [d for d, _, _ in counts] + [date.fromisoformat(m["at"]) for m in marks]
    if not days:
        return {"subject": subject, "bucket": "day", "from": None, "to": None, "bins": [], "types": [], "totals": {},
                "marks": marks}  # fmt: skip
    first, last = min(days), min(max(days), max(today, max(days)))
    span = (last - first).days + 1
    bucket = "day" if span <= 120 else "week" if span <= 3 * 365 else "month"
    bins: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    types: dict[str, int] = defaultdict(int)
    for day, kind, count in counts:
        bins[_bucket(day, bucket)][kind] += int(count)
        types[kind] += int(count)
    return {
        "subject": subject, "bucket": bucket, "from": first.isoformat(), "to": last.isoformat(),
        "bins": [{"at": d.isoformat(), "counts": dict(v)} for d, v in sorted(bins.items())],
        "types": sorted(types, key=lambda t: -types[t]), "totals": dict(types), "marks": marks,
    }  # fmt: skip


def _bucket(day: date, bucket: str) -> date:
    if bucket == "week":
        return day - timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return day
