"""`make bench`, deconfliction: the checks against a store of 10,000 active notifications.

Fills a fresh store (SQLite by default, ``--db`` for another) with notifications valid now, spread
over north-west Syria: 6,000 sites, 2,000 movements, 1,000 flights and 1,000 zones, the way the
service stores them (envelopes, windows, recipients). Then times, each ``--samples`` times:

``conflict``  the checks of one new notification (a movement, flight or zone by turns) against the
              store: duplicates, then conflicts (``checks.duplicates`` + ``checks.conflicts_of``);
``hit``       the hit check of one new incident at a random point (``hits.on_incident``), a fifth
              of them within the hit radius of a notified site.

Each sample runs in a transaction that is rolled back, so every one meets the same 10,000. Prints
p50, p99 and max in milliseconds; the target is a p99 under 50 ms for both. ``--db`` names a
PostgreSQL server: the bench makes a throwaway database on it and drops it afterwards.

    python -m ceasefire.bench_deconflict --notifications 10000 --samples 500
    python -m ceasefire.bench_deconflict --db postgresql+psycopg://postgres@127.0.0.1:54329/postgres
"""

from __future__ import annotations

import argparse
import json
import math
import random
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import shapely  # type: ignore[import-untyped]
from sqlalchemy import Connection, insert, select

from ceasefire.deconflict import checks, hits
from ceasefire.deconflict.shapes import footprint
from ceasefire.deconflict.terms import DEFAULT
from ceasefire.deconflict.validate import Checked
from ceasefire.models import stable_id
from ceasefire.monitor.accounts import add_account
from ceasefire.store.database import Store, scratch_database
from ceasefire.store.tables import notification_recipients, notifications

TARGET_P99_MS = 50.0
#: north-west Syria, where most notified sites stood (south, west, north, east)
BOX = (34.5, 35.8, 37.0, 38.5)
PARTIES = ("Syrian Arab Army", "Hayat Tahrir al-Sham")
MIX = (("site", 0.6), ("movement", 0.2), ("flight", 0.1), ("zone", 0.1))


def _point(rng: random.Random) -> tuple[float, float]:
    return rng.uniform(BOX[0], BOX[2]), rng.uniform(BOX[1], BOX[3])


def _geometry(kind: str, rng: random.Random) -> dict[str, Any]:
    lat, lon = _point(rng)
    if kind == "site":
        return {"type": "Point", "coordinates": [lon, lat]}
    if kind == "zone":
        d = rng.uniform(0.005, 0.03)
        ring = [
            [lon - d, lat - d],
            [lon + d, lat - d],
            [lon + d, lat + d],
            [lon - d, lat + d],
            [lon - d, lat - d],
        ]
        return {"type": "Polygon", "coordinates": [ring]}
    legs = 3 if kind == "movement" else 2
    step = 0.08 if kind == "movement" else 0.4
    coords = [[lon, lat]]
    for _ in range(legs):
        lon, lat = lon + rng.uniform(-step, step), lat + rng.uniform(-step, step)
        coords.append([lon, lat])
    return {"type": "LineString", "coordinates": coords}


def _row(kind: str, index: int, rng: random.Random, now: datetime, account: int) -> dict[str, Any]:
    geometry = _geometry(kind, rng)
    width = 2000.0 if kind == "flight" else None
    shape = footprint(kind, shapely.geometry.shape(geometry), width)
    box = shape.bounds
    if kind in {"site", "zone"}:
        start, end = now - timedelta(days=rng.uniform(0, 30)), now + timedelta(days=rng.uniform(30, 90))
    else:
        start = now + timedelta(hours=rng.uniform(-24, 72))
        end = start + timedelta(hours=rng.uniform(2, 24 if kind == "flight" else 72))
    low = rng.choice([0.0, 1000.0, 3000.0]) if kind == "flight" else None
    return {
        "id": "ntf-" + stable_id("bench", index), "client_id": f"bench-{index}", "content_hash": stable_id(index),
        "kind": kind, "name": f"bench {kind} {index}", "function": "hospital" if kind == "site" else None,
        "country": "SY", "geometry": geometry, "properties": {"kind": kind}, "notified_by": account,
        "notified_at": start, "valid_from": start, "valid_until": end, "emergency": False,
        "coordinates_source": "bench", "precision_m": None, "verified": True, "verified_by": "bench",
        "altitude_min_m": low, "altitude_max_m": low + 3000 if low is not None else None, "width_m": width,
        "min_lon": box[0], "min_lat": box[1], "max_lon": box[2], "max_lat": box[3],
        "reconfirm_due": end, "flags": [],
    }  # fmt: skip


def fill(store: Store, count: int, rng: random.Random, now: datetime) -> int:
    with store.transaction() as conn:
        account = add_account(conn, "bench-org", "humanitarian").id
    kinds = [k for k, share in MIX for _ in range(round(count * share))][:count]
    for start in range(0, len(kinds), 1000):
        rows = [
            _row(kind, start + i, rng, now, account) for i, kind in enumerate(kinds[start : start + 1000])
        ]
        with store.transaction() as conn:
            conn.execute(insert(notifications), rows)
            conn.execute(insert(notification_recipients), [
                {"notification_id": r["id"], "party": p, "sent_at": now, "due_at": now + timedelta(days=1),
                 "note": ""} for r in rows for p in PARTIES])  # fmt: skip
    return account


def _conflict_sample(conn: Connection, index: int, rng: random.Random, now: datetime, account: int) -> float:
    kind = ("movement", "flight", "zone")[index % 3]
    row = _row(kind, 1_000_000 + index, rng, now + timedelta(hours=50), account)
    trans = conn.begin()
    try:
        conn.execute(insert(notifications).values(**row))
        started = time.perf_counter()
        shape = checks.FOOTPRINTS.of(row)
        checked = Checked(kind, shapely.geometry.shape(row["geometry"]), shape, row["valid_from"], row["valid_until"],
                          list(PARTIES))  # fmt: skip
        checks.duplicates(conn, checked, row["name"], now)
        checks.conflicts_of(conn, row, DEFAULT, now)
        return time.perf_counter() - started
    finally:
        trans.rollback()


def _hit_sample(conn: Connection, index: int, rng: random.Random, now: datetime, sites: list[Any]) -> float:
    if index % 5 == 0:  # beside a notified site
        lat, lon = sites[rng.randrange(len(sites))]
        lat += rng.uniform(-0.005, 0.005)
    else:
        lat, lon = _point(rng)
    incident = {"id": f"inc-bench-{index}", "event_type": "ASSAULT", "first_at": now, "last_at": now,
                "lat": lat, "lon": lon, "place": None, "country": "SY", "grade": "single_source",
                "verification": None, "process_id": None, "responsible": PARTIES[index % 2]}  # fmt: skip
    trans = conn.begin()
    try:
        started = time.perf_counter()
        hits.on_incident(conn, incident, now)
        return time.perf_counter() - started
    finally:
        trans.rollback()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(1, min(len(ordered), math.ceil(q * len(ordered)))) - 1]


def run(url: str, count: int, samples: int, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    store = Store.open(url)
    started = time.perf_counter()
    account = fill(store, count, rng, now)
    filled = time.perf_counter() - started
    with store.engine.connect() as conn:
        sites = [(r.min_lat, r.min_lon) for r in conn.execute(
            select(notifications.c.min_lat, notifications.c.min_lon).where(notifications.c.kind == "site"))]  # fmt: skip
        conn.rollback()
        conflict = [_conflict_sample(conn, i, rng, now, account) for i in range(samples)]
        hit = [_hit_sample(conn, i, rng, now, sites) for i in range(samples)]
    store.close()
    result: dict[str, Any] = {"notifications": count, "samples": samples, "fill_seconds": round(filled, 1)}
    for name, times in (("conflict", conflict), ("hit", hit)):
        ms = [t * 1000 for t in times]
        result[name] = {"p50_ms": round(percentile(ms, 0.5), 2), "p99_ms": round(percentile(ms, 0.99), 2),
                        "max_ms": round(max(ms), 2)}  # fmt: skip
    return result


@contextmanager
def database(server: str | None) -> Iterator[str]:
    """A fresh SQLite file, or a throwaway database on the PostgreSQL server ``server``."""
    if server is None:
        with tempfile.TemporaryDirectory(prefix="ceasefire-bench-") as tmp:
            yield f"sqlite:///{Path(tmp) / 'bench.db'}"
        return
    with scratch_database(server, "cf_bench") as url:
        yield url


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--notifications", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--db", help="a PostgreSQL server URL (default: a fresh SQLite file)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    with database(args.db) as url:
        result = run(url, args.notifications, args.samples)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    backend = url.split(":", 1)[0].split("+")[0]
    print(f"{result['notifications']} active notifications ({backend}), {result['samples']} samples each, "
          f"store filled in {result['fill_seconds']} s")  # fmt: skip
    print(f"{'check':<10}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}  target p99 < {TARGET_P99_MS:g} ms")
    for name in ("conflict", "hit"):
        r = result[name]
        verdict = "ok" if r["p99_ms"] < TARGET_P99_MS else "OVER"
        print(f"{name:<10}{r['p50_ms']:>8.2f}{r['p99_ms']:>8.2f}{r['max_ms']:>8.2f}  {verdict}")


if __name__ == "__main__":
    main()
