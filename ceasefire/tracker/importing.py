"""Importing a public registry dataset: read it, keep every record, regroup, and re-resolve every event."""

from __future__ import annotations

from pathlib import Path

from ceasefire.errors import ConfigError
from ceasefire.knowledge.catalogue import Catalogue
from ceasefire.knowledge.gazetteer import open_gazetteer
from ceasefire.registry.eth_prio import read_eth_prio
from ceasefire.registry.pax import read_pax
from ceasefire.registry.process import Process
from ceasefire.registry.store import ImportSummary, import_records
from ceasefire.settings import Settings
from ceasefire.store.database import Store
from ceasefire.tracker.refresh import RefreshSummary, refresh

DATASETS = ("eth-prio", "pax")


def read_dataset(dataset: str, path: Path, settings: Settings) -> list[Process]:
    """The records of an ETH/PRIO or PA-X file as processes (PA-X titles' places through the gazetteer)."""
    if dataset == "eth-prio":
        return read_eth_prio(path, Catalogue.load())
    if dataset == "pax":
        return read_pax(path, Catalogue.load(), open_gazetteer(settings))
    raise ConfigError(f"unknown dataset {dataset!r}: choose one of {', '.join(DATASETS)}")


def import_dataset(
    store: Store, dataset: str, path: Path, settings: Settings
) -> tuple[ImportSummary, RefreshSummary]:
    """Import a dataset file (idempotent) and rebuild what the tracker derives."""
    records = read_dataset(dataset, path, settings)
    with store.transaction() as conn:
        summary = import_records(conn, records)
    return summary, refresh(store)
