"""The acceptance run: the real corpus and the ETH/PRIO registry give statuses with their evidence."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from ceasefire.cli import app
from ceasefire.store.database import Store
from ceasefire.store.tables import documents

runner = CliRunner()


def corpus_dates(shared: Path) -> dict[str, str]:
    """File name -> publication date, from the corpus README's table."""
    table = (shared / "corpus" / "README.md").read_text()
    return dict(re.findall(r"^\| (\S+\.txt) \|.*\| (\d{4}-\d{2}-\d{2}) \|$", table, flags=re.MULTILINE))


def cli(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def tracked(store_url: str, shared: Path) -> dict[str, dict[str, Any]]:
    for name, published in corpus_dates(shared).items():
        cli("ingest", str(shared / "corpus" / name), "--published", published, "--db", store_url)
    registry = shared / "eval" / "eth_prio_ceasefires" / "ceasefires_dataset.csv"
    cli("registry", "import", "eth-prio", str(registry), "--db", store_url)
    board = json.loads(cli("status", "--json", "--db", store_url).stdout)
    return {item["id"]: item for item in board}


def test_syria_cessation_of_2016_is_fragile_or_collapsed_with_its_evidence(
    tracked: dict[str, dict[str, Any]],
) -> None:
    syria = tracked["eth-prio-652057"]
    assert syria["status"] in {"fragile", "collapsed"}
    assert (syria["declared"], syria["effective"], syria["countries"]) == ("2016-02-23", "2016-02-27", ["SY"])
    phases = {(e["process"] or {}).get("phase") for e in syria["evidence"]}
    assert {"suspended", "violation_alleged"} <= phases
    assert any(e["event"] == "ASSAULT" and "Latakia" in e["text"] for e in syria["evidence"])


def test_libya_truce_of_january_2020_is_not_holding_and_cites_haftar_leaving_without_signing(
    tracked: dict[str, dict[str, Any]],
) -> None:
    libya = tracked["eth-prio-620077"]
    assert libya["status"] in {"proposed", "fragile"}
    assert any(e["event"] == "REJECT" and "without signing" in e["text"] for e in libya["evidence"])


def test_every_evidence_item_is_a_sentence_of_its_source(
    tracked: dict[str, dict[str, Any]], store_url: str
) -> None:
    store = Store.open(store_url)
    with store.engine.connect() as conn:
        texts = dict(conn.execute(select(documents.c.id, documents.c.text)).all())
    store.close()
    items = [e for process in tracked.values() for e in process["evidence"]]
    assert items
    for item in items:
        assert set(item) >= {"event_id", "doc_id", "event", "process", "modality", "text"}
        assert item["text"] in texts[item["doc_id"]]
    for process in tracked.values():
        assert set(process) >= {"id", "name", "kind", "countries", "status", "since", "declared", "effective",
                                "ended", "evidence"}  # fmt: skip


def test_registry_import_is_idempotent_and_counts_uniq_ids(store_url: str, shared: Path) -> None:
    registry = shared / "eval" / "eth_prio_ceasefires" / "ceasefires_dataset.csv"
    with registry.open(encoding="utf-8-sig") as handle:
        expected = len({row["uniq_id"] for row in csv.DictReader(handle)})
    first = cli("registry", "import", "eth-prio", str(registry), "--db", store_url).stdout
    again = cli("registry", "import", "eth-prio", str(registry), "--db", store_url).stdout
    assert f"{expected} added" in first
    assert f"0 added, 0 updated, {expected} unchanged" in again
    assert len(json.loads(cli("status", "--all", "--json", "--db", store_url).stdout)) == expected == 2203


def test_pax_import_gives_one_process_per_ceasefire_agreement(store_url: str, shared: Path) -> None:
    table = shared / "eval" / "pax" / "pax_all_agreements_data.csv"
    with table.open(encoding="utf-8-sig") as handle:
        expected = sum(row["Stage"] == "Cea" for row in csv.DictReader(handle))
    assert f"{expected} added" in cli("registry", "import", "pax", str(table), "--db", store_url).stdout
