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
from ceasefire.store.tables import documents, event_links

runner = CliRunner()


def corpus_dates(shared: Path) -> dict[str, str]:
    """File name -> publication date, from the corpus README's table."""
    table = (shared / "corpus" / "README.md").read_text()
    return dict(re.findall(r"^\| (\S+\.txt) \|.*\| (\d{4}-\d{2}-\d{2}) \|$", table, flags=re.MULTILINE))


def cli(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> str:
    """A store with both registries and the three corpus articles, as a new user would build it."""
    store_url = f"sqlite:///{tmp_path_factory.mktemp('tracking') / 'store.db'}"
    eval_dir = shared / "eval"
    cli(
        "registry",
        "import",
        "eth-prio",
        str(eval_dir / "eth_prio_ceasefires" / "ceasefires_dataset.csv"),
        "--db",
        store_url,
    )
    cli("registry", "import", "pax", str(eval_dir / "pax" / "pax_all_agreements_data.csv"), "--db", store_url)
    for name, published in corpus_dates(shared).items():
        cli("ingest", str(shared / "corpus" / name), "--published", published, "--db", store_url)
    return store_url


@pytest.fixture(scope="module")
def tracked(loaded: str) -> dict[str, dict[str, Any]]:
    board = json.loads(cli("status", "--json", "--db", loaded).stdout)
    return {item["id"]: item for item in board}


def test_with_both_registries_the_corpus_bears_on_a_handful_of_processes(
    tracked: dict[str, dict[str, Any]],
) -> None:
    assert 1 <= len(tracked) <= 8, sorted(tracked)


def test_the_february_2016_cessation_is_one_row_with_both_ids_and_collapsed(
    tracked: dict[str, dict[str, Any]],
) -> None:
    rows = [p for p in tracked.values() if "652057" in p["external_ids"].get("eth_prio_uniq_id", [])]
    assert len(rows) == 1
    syria = rows[0]
    assert "1507" in syria["external_ids"]["pax_agt_id"] and "pax-1507" in syria["records"]
    assert syria["status"] == "collapsed"
    assert (syria["declared"], syria["effective"], syria["countries"]) == ("2016-02-22", "2016-02-27", ["SY"])
    assert not any(other == "pax-1507" for other in tracked)


def test_no_local_syrian_agreement_moves_because_of_the_fighting(tracked: dict[str, dict[str, Any]]) -> None:
    assert [p["id"] for p in tracked.values() if "SY" in p["countries"] and p["local"]] == []


def test_the_january_2020_libya_truce_is_one_row_citing_haftar_leaving_without_signing(
    tracked: dict[str, dict[str, Any]],
) -> None:
    rows = [p for p in tracked.values() if "LY" in p["countries"] and p["declared"] == "2020-01-12"]
    assert len(rows) == 1
    libya = rows[0]
    assert {"eth-prio-620077", "eth-prio-620078"} <= set(libya["records"])
    assert any(e["event"] == "REJECT" and "without signing" in e["text"] for e in libya["evidence"])


def test_as_of_the_article_the_libya_truce_was_fragile(loaded: str, tmp_path: Path) -> None:
    copy = tmp_path / "asof.db"
    copy.write_bytes(Path(loaded.removeprefix("sqlite:///")).read_bytes())
    url = f"sqlite:///{copy}"
    cli("refresh", "--today", "2020-01-16", "--db", url)
    board = {p["id"]: p for p in json.loads(cli("status", "--json", "--country", "LY", "--db", url).stdout)}
    assert board["eth-prio-620077"]["status"] == "fragile"


def test_a_link_keeps_the_features_that_decided_it(loaded: str) -> None:
    history = json.loads(cli("process", "show", "eth-prio-652057", "--json", "--db", loaded).stdout)
    assert history["links"]
    for link in history["links"]:
        assert link["features"] and link["reason"] and link["score"] is not None
    declarations = [d for d in history["declarations"] if d["record"] == "eth-prio-652057"]
    assert {d["party"] for d in declarations} >= {"Government of Syria", "Syrian insurgents"}
    assert {d["kind"] for d in declarations} == {"mutual"}


def test_a_full_refresh_gives_the_links_the_ingests_made(loaded: str, tmp_path: Path) -> None:
    def links(url: str) -> set[tuple[str, str, str]]:
        store = Store.open(url)
        with store.engine.connect() as conn:
            rows = conn.execute(
                select(event_links.c.event_id, event_links.c.process_id, event_links.c.standing)
            ).all()
        store.close()
        return {tuple(r) for r in rows}  # type: ignore[misc]

    copy = tmp_path / "full.db"
    copy.write_bytes(Path(loaded.removeprefix("sqlite:///")).read_bytes())
    url = f"sqlite:///{copy}"
    cli("refresh", "--db", url)
    assert links(url) == links(loaded)


def test_every_evidence_item_is_a_sentence_of_its_source(
    tracked: dict[str, dict[str, Any]], loaded: str
) -> None:
    store = Store.open(loaded)
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
                                "ended", "evidence", "records", "external_ids"}  # fmt: skip


def test_registry_import_is_idempotent_and_groups_both_sides_declarations(
    store_url: str, shared: Path
) -> None:
    registry = shared / "eval" / "eth_prio_ceasefires" / "ceasefires_dataset.csv"
    with registry.open(encoding="utf-8-sig") as handle:
        records = len({row["uniq_id"] for row in csv.DictReader(handle)})
    first = cli("registry", "import", "eth-prio", str(registry), "--db", store_url).stdout
    again = cli("registry", "import", "eth-prio", str(registry), "--db", store_url).stdout
    assert f"{records} records read ({records} new)" in first
    grouped = int(re.search(r"(\d+) grouped", first).group(1))  # type: ignore[union-attr]
    assert 0 < grouped < records // 10
    assert f"{records} records read (0 new)" in again and "0 added, 0 updated" in again
    assert len(json.loads(cli("status", "--all", "--json", "--db", store_url).stdout)) == records - grouped


def test_pax_import_joins_agreements_to_their_eth_prio_ceasefires(store_url: str, shared: Path) -> None:
    eval_dir = shared / "eval"
    table = eval_dir / "pax" / "pax_all_agreements_data.csv"
    with table.open(encoding="utf-8-sig") as handle:
        expected = sum(row["Stage"] == "Cea" for row in csv.DictReader(handle))
    cli(
        "registry",
        "import",
        "eth-prio",
        str(eval_dir / "eth_prio_ceasefires" / "ceasefires_dataset.csv"),
        "--db",
        store_url,
    )
    out = cli("registry", "import", "pax", str(table), "--db", store_url).stdout
    assert f"{expected} records read ({expected} new)" in out
    history = json.loads(cli("process", "show", "eth-prio-652057", "--json", "--db", store_url).stdout)
    assert [r["id"] for r in history["records"]] == ["eth-prio-652057", "pax-1507"]
    # the PA-X agreement's own id still resolves, to the process it is part of
    assert (
        json.loads(cli("process", "show", "pax-1507", "--json", "--db", store_url).stdout)["id"]
        == "eth-prio-652057"
    )
