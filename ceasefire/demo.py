"""`ceasefire demo`: the whole pipeline over the sample corpus that ships in the package.

The samples (``ceasefire/data/samples``) are short documents written for the project about real
past peace processes; ``manifest.json`` gives each one's publication date, kind and URL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ceasefire.ingest import IngestSummary, store_outcome
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
