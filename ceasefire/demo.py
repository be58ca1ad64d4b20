"""`ceasefire demo`: the whole pipeline over the sample corpus that ships in the package; and
``python -m ceasefire.demo`` (``make run``): the same corpus in a store behind the dashboard.

The samples (``ceasefire/data/samples``) are short documents written for the project about real
past peace processes; ``manifest.json`` gives each one's publication date, kind and URL.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from ceasefire.errors import NotFound
from ceasefire.ingest import IngestSummary, store_outcome
from ceasefire.knowledge.gazetteer import MemoryGazetteer
from ceasefire.models import Document, Rejected
from ceasefire.runner import code_documents
from ceasefire.settings import Settings
from ceasefire.sources import read_sources
from ceasefire.store.database import Store
from ceasefire.summary import RunSummary, summarize
from ceasefire.tracker.board import status_board
from ceasefire.tracker.refresh import refresh


@dataclass(frozen=True)
class Sample:
    path: Path
    title: str
    kind: str
    published: date
    url: str
    expect: list[dict[str, Any]]


def samples_dir() -> Path:
    # beside the code rather than importlib.resources, which sees an editable install as a namespace
    return Path(__file__).resolve().parent / "data" / "samples"


def load_samples() -> list[Sample]:
    folder = samples_dir()
    entries = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return [
        Sample(
            folder / e["file"],
            e["title"],
            e["kind"],
            date.fromisoformat(e["published"]),
            e["url"],
            e.get("expect", []),
        )
        for e in entries
    ]


def sample_documents(settings: Settings) -> Iterator[Document | Rejected]:
    """The sample files as documents, each with its manifest's date, kind, title and URL."""
    for sample in load_samples():
        for item in read_sources([str(sample.path)], settings, published=sample.published):
            if isinstance(item, Document):
                item.kind = sample.kind  # type: ignore[assignment]
                item.title = item.title or sample.title
                item.url = item.url or sample.url
            yield item


def run_demo(settings: Settings) -> RunSummary:
    return summarize(code_documents(sample_documents(settings), settings, processes=1))


def store_demo(summary: RunSummary, store: Store) -> list[dict[str, Any]]:
    """Store the coded samples in ``store`` (a fresh one) and return its status board."""
    ingested = IngestSummary()
    outcomes: list[Document | Rejected] = [*summary.documents, *summary.rejected]
    for outcome in outcomes:
        store_outcome(store, outcome, ingested)
    refresh(store)
    return status_board(store)


# -- `make run`: the demo store behind the dashboard ---------------------------------------------------

#: a hospital 300 m from the first report: notified two days before it, so that report is a hit
HOSPITAL = (36.2040, 37.1320)
#: the parties notifications go to: the first acknowledges, the second never does (overdue)
PARTIES = ("Syrian Arab Army", "Hayat Tahrir al-Sham")


def notify_samples(store: Store, gazetteer: MemoryGazetteer, hospital: tuple[float, float],
                   now: datetime) -> dict[str, str]:  # fmt: skip
    """What the deconfliction board and the map's sites show: a hospital at ``hospital`` (lat, lon)
    notified by an organisation two days before ``now`` to both ``PARTIES`` (the first acknowledges
    within the hour, the second goes overdue), a no-strike zone from 4 km east of it, and a convoy
    due from the hospital through the zone in two days (a conflict). Returns their ids."""
    from ceasefire.deconflict import notifications
    from ceasefire.deconflict.schemas import AckIn, NotificationIn
    from ceasefire.monitor.accounts import add_account

    lat, lon = hospital
    then = now - timedelta(days=2)
    common = {"country": "SY", "recipients": list(PARTIES), "coordinates_source": "GPS at the gate"}
    features = {
        "hospital": ({"type": "Point", "coordinates": [lon, lat]},
                     {"kind": "site", "name": "Al-Amal field hospital", "function": "hospital", "verified": True,
                      "verified_by": "cluster field team", "precision_m": 10,
                      "valid_until": (now + timedelta(days=60)).isoformat()}),
        "zone": ({"type": "Polygon", "coordinates": [[[lon + dx, lat + dy] for dx, dy in
                                                      ((0.045, -0.01), (0.07, -0.01), (0.07, 0.01), (0.045, 0.01),
                                                       (0.045, -0.01))]]},
                 {"kind": "zone", "name": "Eastern no-strike zone", "verified": True, "verified_by": "joint commission",
                  "valid_until": (now + timedelta(days=20)).isoformat()}),
        "convoy": ({"type": "LineString", "coordinates": [[lon, lat], [lon + 0.05, lat], [lon + 0.1, lat]]},
                   {"kind": "movement", "name": "Convoy 12 (six trucks)", "verified": False,
                    "valid_from": (now + timedelta(hours=50)).isoformat(),
                    "valid_until": (now + timedelta(hours=58)).isoformat(), "vehicles": ["truck"] * 6}),
    }  # fmt: skip
    made: dict[str, str] = {}
    with store.transaction() as conn:
        org = add_account(conn, "relief-field", "humanitarian", by="samples")
        first = add_account(conn, "saa-liaison", "party", party=PARTIES[0], by="samples")
        add_account(conn, "hts-liaison", "party", party=PARTIES[1], by="samples")
        for name, (geometry, properties) in features.items():
            feature = NotificationIn.model_validate(
                {"type": "Feature", "geometry": geometry, "properties": {**common, **properties}}
            )
            made[name] = notifications.notify(conn, feature, org, gazetteer, now=then).id
        notifications.acknowledge(conn, made["hospital"], first, AckIn(note="passed to all units"),
                                  now=then + timedelta(minutes=40))  # fmt: skip
    return made


DEMO_VIEWER = "demo-viewer"


def build_demo_store(settings: Settings, path: Path, notify: bool = True) -> Store:
    """A fresh store at ``path`` holding the coded samples, their processes and statuses, and (with
    ``notify``) the sample notifications of the deconfliction board."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = Store.open(f"sqlite:///{path}")
    store_demo(run_demo(settings), store)
    if notify:
        notify_samples(store, MemoryGazetteer(), HOSPITAL, datetime.now(UTC))
    return store


def sign_in_link(store: Store, base: str, name: str = DEMO_VIEWER, role: str = "viewer") -> str:
    """A one-time link that signs ``name`` in (the account is made on first use)."""
    from ceasefire.monitor.accounts import add_account, get_account
    from ceasefire.web.sessions import create_link

    with store.transaction() as conn:
        try:
            get_account(conn, name)
        except NotFound:
            add_account(conn, name, role, by="demo")
        token = create_link(conn, name, by="demo")
    return f"{base}/signin/link/{token}"


def serve_demo(folder: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Build the demo store, print a one-time sign-in link for a viewer, and serve the dashboard."""
    import uvicorn

    from ceasefire.web import create_app

    folder.mkdir(parents=True, exist_ok=True)
    settings = Settings.from_env(secret_key_file=folder / "secret.key")
    sys.stdout.write("coding the sample corpus into a fresh demo store...\n")
    sys.stdout.flush()
    store = build_demo_store(settings, folder / "demo.db")
    settings = Settings.from_env(database_url=store.url, secret_key_file=folder / "secret.key")
    link = sign_in_link(store, f"http://{host}:{port}")
    sys.stdout.write(
        f"\nThe dashboard is at http://{host}:{port}/\n"
        f"Open this link once to be signed in as the demo viewer:\n\n    {link}\n\n"
        "Stop it with Ctrl-C.\n\n"
    )
    sys.stdout.flush()
    uvicorn.run(create_app(settings, store=store), host=host, port=port, log_level="warning")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the dashboard over the demo store (`make run`).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--folder", type=Path, default=Path(".demo"), help="where the demo store and its key go"
    )
    args = parser.parse_args(argv)
    serve_demo(args.folder, args.host, args.port)


if __name__ == "__main__":
    main()
