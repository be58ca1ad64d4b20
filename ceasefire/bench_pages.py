"""`make bench` (pages): p50/p95 time of the dashboard's pages on a generated store of 100,000 events.

The store is made by ``generate`` (processes in a dozen countries, documents of five sentences,
events linked to their processes with verdicts, claims, adjudications and status changes, incidents)
and kept in ``.bench/pages-N.db`` for the next run. The app runs under uvicorn on loopback; each
page is asked for ``--rounds`` times after a warm-up, signed in with an API token:

    python -m ceasefire.bench_pages --events 100000 --rounds 40
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update

from ceasefire.models import stable_id
from ceasefire.registry.process import Origin, Process, ProcessActor, ProcessKind
from ceasefire.registry.store import save_process
from ceasefire.store.database import Store
from ceasefire.store.tables import (
    adjudications,
    claims,
    documents,
    event_links,
    events,
    incidents,
    processes,
    status_changes,
    verdicts,
)

#: (alpha-2, alpha-3, name, lat, lon, parties)
Country = tuple[str, str, str, float, float, tuple[str, ...]]
COUNTRIES: list[Country] = [
    ("SY", "SYR", "Syria", 35.0, 38.5, ("Syrian Arab Army", "Free Syrian Army", "Jaysh al-Islam")),
    ("LY", "LBY", "Libya", 27.0, 17.0, ("Libyan National Army", "Government of National Accord")),
    ("YE", "YEM", "Yemen", 15.5, 47.5, ("Ansar Allah", "Government of Yemen")),
    ("UA", "UKR", "Ukraine", 48.5, 35.0, ("Armed Forces of Ukraine", "Donetsk separatists")),
    ("SD", "SDN", "Sudan", 15.0, 30.0, ("Sudanese Armed Forces", "Rapid Support Forces")),
    ("SS", "SSD", "South Sudan", 7.5, 30.5, ("SPLA", "SPLA-IO")),
    ("AF", "AFG", "Afghanistan", 34.0, 66.0, ("Afghan National Army", "Taliban")),
    ("IQ", "IRQ", "Iraq", 33.0, 44.0, ("Iraqi Security Forces", "Islamic State")),
    ("ML", "MLI", "Mali", 17.0, -4.0, ("Malian Armed Forces", "CMA")),
    ("CO", "COL", "Colombia", 4.5, -74.0, ("Government of Colombia", "ELN")),
    ("MM", "MMR", "Myanmar", 21.0, 96.0, ("Tatmadaw", "Arakan Army")),
    ("SO", "SOM", "Somalia", 5.0, 46.0, ("Somali National Army", "al-Shabaab")),
]
TYPES = [("ASSAULT", 40), ("ACCUSE", 15), ("CONSULT", 10), ("REQUEST", 8), ("AGREE", 6), ("REJECT", 5),
         ("MOBILIZE", 5), ("COERCE", 4), ("THREATEN", 3), ("RETREAT", 2), ("SUPPORT", 2)]  # fmt: skip
PHASES = {"ACCUSE": "violation_alleged", "REQUEST": "called", "AGREE": "accepted", "RETREAT": "in_force",
          "REJECT": "rejected", "SUPPORT": "signed"}  # fmt: skip
PRECISIONS = ["exact", "city", "city", "city", "region", "country"]
SENTENCE = {
    "ASSAULT": "{a} shelled positions near {place} on {day}, killing several people.",
    "ACCUSE": "{a} accused {b} of breaking the ceasefire near {place}.",
    "CONSULT": "Delegations of {a} and {b} met in {place} to discuss the truce.",
    "REQUEST": "The UN envoy called on {a} and {b} to respect the ceasefire around {place}.",
    "AGREE": "{a} said it agreed in principle to a truce covering {place}.",
    "REJECT": "{a} rejected the proposal for a ceasefire in {place}.",
    "MOBILIZE": "{a} moved troops towards {place} despite the truce.",
    "COERCE": "{a} detained dozens of people in {place}.",
    "THREATEN": "{a} threatened to walk out of the talks over {place}.",
    "RETREAT": "The ceasefire between {a} and {b} took effect in {place} at midnight.",
    "SUPPORT": "{a} and {b} signed the ceasefire agreement in {place}.",
}
PER_DOCUMENT = 5
PROCESSES_PER_COUNTRY = 4


def generate(
    store: Store, n_events: int = 100_000, seed: int = 1, today: date | None = None
) -> dict[str, Any]:
    """Fill ``store`` (a fresh one) with a synthetic but well-formed corpus; returns what it made."""
    rng = random.Random(seed)
    today = today or date.today()
    now = datetime.now(UTC)
    made: list[tuple[Process, date, date]] = []
    with store.transaction() as conn:
        for code, alpha3, name, _lat, _lon, parties in COUNTRIES:
            for k in range(PROCESSES_PER_COUNTRY):
                begun = today - timedelta(days=rng.randint(60, 3000))
                end = min(today, begun + timedelta(days=rng.randint(30, 600)))
                process_kind: ProcessKind = ("ceasefire", "ceasefire", "talks", "agreement")[k]  # type: ignore[assignment]
                origin: Origin = "discovered" if k == 3 else ("eth-prio", "pax", "manual")[k % 3]  # type: ignore[assignment]
                process = Process(
                    id=f"bench-{code.lower()}-{k}", name=f"{name} {process_kind} {begun.year} #{k + 1}", kind=process_kind,
                    origin=origin, countries=[code], declared=begun, effective=begun + timedelta(days=2),
                    ended=end if k % 2 else None, confirmed=k != 3, aliases=[f"{name} truce {k + 1}"],
                    actors=[*(ProcessActor(p, "party", country=alpha3) for p in parties[:2]),
                            ProcessActor("United Nations", "mediator", country="UNO"),
                            ProcessActor(parties[-1] + " splinter", "excluded")],
                    external_ids={"eth_prio_uniq_id": [str(1000 + len(made))]} if origin == "eth-prio" else {},
                )  # fmt: skip
                save_process(conn, process)
                made.append((process, begun, end))
    weights = [w for _, w in TYPES]
    kinds = [t for t, _ in TYPES]
    n_docs = max(1, n_events // PER_DOCUMENT)
    statuses = ("holding", "fragile", "collapsed", "proposed", "ended")
    evidence: dict[str, list[str]] = {p.id: [] for p, _, _ in made}
    counts: dict[str, int] = {p.id: 0 for p, _, _ in made}
    for start in range(0, n_docs, 2000):
        doc_rows: list[dict[str, Any]] = []
        event_rows: list[dict[str, Any]] = []
        link_rows: list[dict[str, Any]] = []
        verdict_rows: list[dict[str, Any]] = []
        claim_rows: list[dict[str, Any]] = []
        for d in range(start, min(n_docs, start + 2000)):
            # every process gets a document first, then they fall at random
            process, begun, end = made[d] if d < len(made) else made[rng.randrange(len(made))]
            country = next(c for c in COUNTRIES if c[0] == process.countries[0])
            doc_id = f"bench-doc-{d}"
            published = begun + timedelta(days=rng.randint(-20, max(1, (end - begun).days)))
            sentences, records = [], []
            offset = 0
            for e in range(PER_DOCUMENT):
                kind = rng.choices(kinds, weights)[0]
                day = published - timedelta(days=rng.randint(0, 3))
                place = f"{country[2]} town {rng.randint(1, 60)}"
                a, b = rng.sample(country[5], 2) if len(country[5]) > 1 else (country[5][0], country[5][0])
                text = SENTENCE[kind].format(a=a, b=b, place=place, day=day.strftime("%A"))
                precision = rng.choice(PRECISIONS)
                spread = {"exact": 2.0, "city": 2.0, "region": 1.0, "country": 0.0}[precision]
                lat = round(country[3] + rng.uniform(-spread, spread), 4)
                lon = round(country[4] + rng.uniform(-spread, spread), 4)
                event_id = stable_id(doc_id, e)
                record = {
                    "id": event_id, "event": kind, "mode": None, "context": ["military"],
                    "process": {"kind": "ceasefire", "phase": PHASES[kind]} if kind in PHASES else None,
                    "modality": "asserted" if rng.random() > 0.08 else "question",
                    "actor": [{"text": a, "name": a, "country": country[1], "sector": "MIL"}],
                    "recipient": [{"text": b, "name": b, "country": country[1], "sector": "MIL"}],
                    "place": {"text": place, "name": place, "country": country[0], "lat": lat, "lon": lon,
                              "geonameid": None, "precision": precision},
                    "date": day.isoformat(), "date_precision": "day", "date_basis": "text", "acled": None,
                    "evidence": {"doc_id": doc_id, "text": text, "start": offset, "end": offset + len(text)},
                    "confidence": round(rng.uniform(0.5, 0.95), 2),
                }  # fmt: skip
                sentences.append(text)
                offset += len(text) + 1
                records.append(record)
                event_rows.append({"id": event_id, "doc_id": doc_id, "event": kind, "mode": None,
                                   "modality": record["modality"], "process_kind": "ceasefire" if kind in PHASES else None,
                                   "process_phase": PHASES.get(kind), "country": country[0], "date": day,
                                   "confidence": record["confidence"], "record": record})  # fmt: skip
                link_rows.append({"event_id": event_id, "process_id": process.id, "method": "country",
                                  "reason": f"{kind} in {country[0]} while {process.name} was in force",
                                  "standing": "linked", "score": 0.8, "features": []})  # fmt: skip
                if kind == "ASSAULT" and day >= begun:
                    verdict_rows.append({"event_id": event_id, "process_id": process.id,
                                         "verdict": "potential_violation", "reason": "an attack while it was in force"})  # fmt: skip
                if kind == "ACCUSE":
                    claim_rows.append({"event_id": event_id, "process_id": process.id, "claimant": a,
                                       "stance": "alleged", "about": b, "doc_id": doc_id})  # fmt: skip
                if len(evidence[process.id]) < 12 and kind in ("ACCUSE", "ASSAULT", "RETREAT", "REJECT"):
                    evidence[process.id].append(event_id)
                counts[process.id] += 1
            doc_rows.append({"id": doc_id, "content_hash": stable_id("hash", doc_id), "kind": "article",
                             "source": f"bench/{doc_id}.txt", "url": f"https://news.example/{doc_id}",
                             "title": f"{country[2]}: news of {published.isoformat()}", "author": None,
                             "site": "news.example", "published": published, "published_at": None, "parent_id": None,
                             "language": "en", "countries": [country[0]], "text": " ".join(sentences),
                             "stored_at": now})  # fmt: skip
        with store.transaction() as conn:
            conn.execute(insert(documents), doc_rows)
            conn.execute(insert(events), event_rows)
            conn.execute(insert(event_links), link_rows)
            if verdict_rows:
                conn.execute(insert(verdicts), verdict_rows)
            if claim_rows:
                conn.execute(insert(claims), claim_rows)
    with store.transaction() as conn:
        for i, (process, begun, end) in enumerate(made):
            chosen = evidence[process.id]
            steps = [("proposed", begun, "a call for it before it was in force"),
                     ("holding", begun + timedelta(days=2), "registry effective date")]  # fmt: skip
            final = statuses[i % len(statuses)]
            if final in ("fragile", "collapsed"):
                steps.append(("fragile", begun + timedelta(days=9), "a breach was alleged"))
            if final != "holding" and final != "proposed":
                steps.append((final, begun + timedelta(days=20), f"rule for {final}"))
            for status, at, rule in steps:
                conn.execute(insert(status_changes).values(process_id=process.id, status=status, at=at, rule=rule,
                                                           evidence={"changed_by": chosen[:3], "supports": chosen[3:]}))  # fmt: skip
            conn.execute(update(processes).where(processes.c.id == process.id).values(
                status=steps[-1][0], status_since=steps[-1][1], last_seen=end))  # fmt: skip
            if chosen:
                conn.execute(insert(adjudications).values(event_id=chosen[0], process_id=process.id,
                                                          decision="confirmed", decided_by="bench analyst",
                                                          reason="seen by the mission", decided_at=now))  # fmt: skip
        incident_rows = []
        for i in range(min(2000, n_events // 50)):
            where = COUNTRIES[i % len(COUNTRIES)]
            at = now - timedelta(hours=rng.randint(1, 24 * 365))
            incident_rows.append({
                "id": f"inc-bench-{i}", "event_type": "ASSAULT", "first_at": at, "last_at": at,
                "lat": where[3] + rng.uniform(-2, 2), "lon": where[4] + rng.uniform(-2, 2), "place": None,
                "country": where[0], "geo_precision": rng.randint(1, 3), "time_precision": 1,
                "grade": "single_source", "grade_reason": "1 report(s) from one source (public)", "grade_set_by": None,
                "responsible": None, "process_id": None, "verification": None, "reasons": [], "merged_into": None,
                "created_at": now, "updated_at": now,
            })  # fmt: skip
        if incident_rows:
            conn.execute(insert(incidents), incident_rows)
    busiest = max(counts, key=lambda k: counts[k])
    return {"events": n_docs * PER_DOCUMENT, "documents": n_docs, "processes": len(made), "busiest": busiest}


def _store_for(n_events: int, folder: Path) -> tuple[Store, str]:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"pages-{n_events}.db"
    store = Store.open(f"sqlite:///{path}")
    with store.engine.connect() as conn:
        have = int(conn.execute(select(func.count()).select_from(events)).scalar() or 0)
        busiest = conn.execute(
            select(event_links.c.process_id).group_by(event_links.c.process_id)
            .order_by(func.count().desc()).limit(1)
        ).scalar()  # fmt: skip
    if have == 0:
        sys.stdout.write(f"generating a store of {n_events} events in {path} (once)...\n")
        sys.stdout.flush()
        made = generate(store, n_events)
        busiest = made["busiest"]
    return store, str(busiest)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--folder", type=Path, default=Path(".bench"))
    args = parser.parse_args(argv)

    import httpx
    from cryptography.fernet import Fernet

    from ceasefire.knowledge.gazetteer import MemoryGazetteer
    from ceasefire.monitor.accounts import add_account, create_token
    from ceasefire.monitor.mail import MemoryMailer
    from ceasefire.monitor.webhooks import MemoryWebhooks
    from ceasefire.settings import Settings
    from ceasefire.web import create_app
    from ceasefire.web.app import served

    store, busiest = _store_for(args.events, args.folder)
    with store.transaction() as conn:
        name = f"bench-{int(time.time())}"
        add_account(conn, name, "analyst")
        token = create_token(conn, name, "bench")
    settings = Settings(
        secret_key=Fernet.generate_key().decode(), database_url=store.url, cache_dir=args.folder
    )
    app = create_app(settings, store=store, gazetteer=MemoryGazetteer(), webhooks=MemoryWebhooks(),
                     mailer=MemoryMailer(), coder=lambda *a: [], worker=False)  # fmt: skip
    pages = [
        ("board", "/"),
        ("process", f"/processes/{busiest}"),
        ("map", "/map"),
        ("map data", "/api/v1/map?zoom=3"),
        ("map data, 1 year", f"/api/v1/map?zoom=5&since={date.today() - timedelta(days=365)}"),
        ("document", "/documents/bench-doc-7?event=" + stable_id("bench-doc-7", 2)),
        ("timeline", f"/timeline?process={busiest}"),
    ]
    headers = {"Authorization": f"Bearer {token}"}
    rows = []
    with served(app) as base, httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        for label, path in pages:
            for _ in range(3):
                answer = client.get(path)
                answer.raise_for_status()
            times = []
            for _ in range(args.rounds):
                started = time.perf_counter()
                answer = client.get(path)
                times.append(time.perf_counter() - started)
                answer.raise_for_status()
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            rows.append(
                (
                    label,
                    statistics.median(times) * 1000,
                    p95 * 1000,
                    max(times) * 1000,
                    len(answer.content),
                )
            )
    sys.stdout.write(f"{args.events} events, SQLite, {args.rounds} requests a page after 3 to warm up\n")
    sys.stdout.write(f"{'page':<18}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'bytes':>10}\n")
    for label, p50, p95, worst, size in rows:
        sys.stdout.write(f"{label:<18}{p50:>9.1f}{p95:>9.1f}{worst:>9.1f}{size:>10}\n")


if __name__ == "__main__":
    main()
