"""`make bench`: what one ingest costs the tracker in a big store (incremental) against a full rebuild.

Builds a throwaway SQLite store with the ETH/PRIO and PA-X registries (when ``--eval`` has them) and
``--events`` synthetic coded events spread over the registry's countries and years, then prints:

- ``full_refresh_s``: re-resolving every event and recomputing every status;
- ``ingest_one_s``: ``ingest`` of one sample document (coding, storing, incremental refresh);
- ``incremental_refresh_s``: the incremental refresh of that document's events alone.

    python -m ceasefire.bench_tracker --events 100000 --eval ../shared/eval
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from ceasefire.ingest import ingest
from ceasefire.settings import Settings
from ceasefire.store.database import Store
from ceasefire.store.tables import documents, event_links, events

SAMPLE = Path(__file__).parent / "data" / "samples" / "syria_cessation_announced.txt"
#: countries and the armed sides the synthetic events name (ISO alpha-2, actor country and sector)
COUNTRIES: dict[str, tuple[str, list[tuple[str | None, str]]]] = {
    "SY": ("SYR", [("syr-gov", "GOV"), (None, "REB"), ("syr-sdf", "REB")]),
    "LY": ("LBY", [("lby-gna", "GOV"), ("lby-lna", "MIL")]),
    "YE": ("YEM", [("yem-gov", "GOV"), ("yem-houthis", "REB")]),
    "SD": ("SDN", [("sdn-gov", "GOV"), ("sdn-rsf", "REB")]),
    "UA": ("UKR", [("ukr-gov", "GOV"), ("ukr-dpr", "REB")]),
    "AZ": ("AZE", [("aze-gov", "GOV"), ("arm-gov", "GOV")]),
    "CO": ("COL", [("col-gov", "GOV"), (None, "REB")]),
    "MM": ("MMR", [("mmr-gov", "GOV"), (None, "REB")]),
}
PHASES = ["in_force", "violation_alleged", "accepted", "violated", "extended"]


def synthetic(count: int, seed: int = 7) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``count`` coded events in documents of 50 events each, from 2015 to 2020."""
    rng = random.Random(seed)
    docs: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    start = date(2015, 1, 1)
    for d in range(count // 50 + (1 if count % 50 else 0)):
        country = rng.choice(sorted(COUNTRIES))
        alpha3, sides = COUNTRIES[country]
        published = start + timedelta(days=rng.randrange(6 * 365))
        doc_id = f"bench-{d:06d}"
        docs.append({"id": doc_id, "content_hash": doc_id, "kind": "article", "source": "bench", "url": None,
                     "title": None, "author": None, "site": None, "published": published, "published_at": None,
                     "parent_id": None, "language": "en", "countries": [country], "text": "synthetic",
                     "stored_at": datetime.now(UTC)})  # fmt: skip
        for n in range(min(50, count - len(rows))):
            kind = rng.random()
            actor_id, sector = rng.choice(sides)
            actor = [
                {"text": "x", "name": actor_id, "entity_id": actor_id, "country": alpha3, "sector": sector}
            ]
            process = None
            event = "ASSAULT"
            if kind < 0.2:
                event, process = "AGREE", {"kind": "ceasefire", "phase": rng.choice(PHASES)}
            elif kind < 0.3:
                event, process = "CONSULT", {"kind": "talks", "phase": "held"}
            when = published - timedelta(days=rng.randrange(3))
            place = {"text": "town", "name": f"town-{rng.randrange(40)}", "country": country,
                     "lat": 30 + rng.random(), "lon": 40 + rng.random(), "precision": "city"}  # fmt: skip
            record = {"id": f"{doc_id}-{n}", "event": event, "mode": None, "context": [], "process": process,
                      "modality": "asserted", "actor": actor, "recipient": [], "place": place,
                      "date": when.isoformat(), "date_basis": "text",
                      "evidence": {"doc_id": doc_id, "text": "The ceasefire was broken.", "start": 0, "end": 25},
                      "trigger": {"text": "broken", "start": 18, "end": 24}, "confidence": 0.8, "reasons": []}  # fmt: skip
            rows.append({"id": record["id"], "doc_id": doc_id, "event": event, "mode": None,
                         "modality": "asserted", "process_kind": process and process["kind"],
                         "process_phase": process and process["phase"], "country": country, "date": when,
                         "confidence": 0.8, "record": record})  # fmt: skip
    return docs, rows


def run(events_count: int, eval_dir: Path | None, settings: Settings) -> dict[str, float]:
    from ceasefire.tracker.importing import import_dataset
    from ceasefire.tracker.refresh import refresh

    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="ceasefire-bench-") as folder:
        store = Store.open(f"sqlite:///{Path(folder) / 'bench.db'}")
        if eval_dir is not None:
            for dataset, relative in (("eth-prio", "eth_prio_ceasefires/ceasefires_dataset.csv"),
                                      ("pax", "pax/pax_all_agreements_data.csv")):  # fmt: skip
                if (eval_dir / relative).is_file():
                    import_dataset(store, dataset, eval_dir / relative, settings)
        docs, rows = synthetic(events_count)
        with store.transaction() as conn:
            conn.execute(insert(documents), docs)
            for i in range(0, len(rows), 5000):
                conn.execute(insert(events), rows[i : i + 5000])
        figures["events"] = float(len(rows))
        figures["full_refresh_s"] = _timed(lambda: refresh(store))
        figures["ingest_one_s"] = _timed(
            lambda: ingest(store, [str(SAMPLE)], settings, published=date(2016, 2, 23))
        )
        with store.engine.connect() as conn:
            sample = conn.execute(select(documents.c.id).where(documents.c.source == str(SAMPLE))).scalar()
            ids = set(conn.execute(select(events.c.id).where(events.c.doc_id == sample)).scalars())
            figures["links"] = float(len(conn.execute(select(event_links.c.event_id)).all()))
        figures["incremental_refresh_s"] = _timed(lambda: refresh(store, events=ids))
        store.engine.dispose()
    return figures


def _timed(work: Any) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument(
        "--eval", type=Path, default=None, help="the folder holding the ETH/PRIO and PA-X files"
    )
    args = parser.parse_args(argv)
    figures = run(args.events, args.eval, Settings.from_env())
    print(f"tracker  events={int(figures['events'])}  links={int(figures['links'])}  "
          f"full_refresh_s={figures['full_refresh_s']:.2f}  ingest_one_s={figures['ingest_one_s']:.2f}  "
          f"incremental_refresh_s={figures['incremental_refresh_s']:.2f}  "
          f"full/incremental={figures['full_refresh_s'] / max(figures['incremental_refresh_s'], 1e-9):.0f}x")  # fmt: skip


if __name__ == "__main__":
    main()
