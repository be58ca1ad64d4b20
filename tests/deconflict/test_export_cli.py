"""Notifications out as HXL-tagged CSV, and in and about through the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ceasefire.cli import app
from ceasefire.exports.hxl_notifications import HASHTAGS, HEADERS
from ceasefire.monitor import clock
from ceasefire.monitor.accounts import add_account
from ceasefire.store.database import Store
from tests.deconflict.conftest import PARTY_A, PARTY_B, movement, notify, site
from tests.monitor.conftest import Service


def test_the_hxl_export_has_headers_hashtags_and_one_row_a_notification(deconf: Service) -> None:
    made = notify(deconf, site())
    notify(deconf, movement())
    deconf.post("party", f"/api/v1/deconfliction/notifications/{made['id']}/ack", json={})
    answer = deconf.get("coordinator", "/api/v1/deconfliction/export.csv")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(answer.text)))
    assert tuple(rows[0]) == HEADERS and tuple(rows[1]) == HASHTAGS
    assert all(tag.startswith("#") for tag in HASHTAGS)
    cells = {r[0]: dict(zip(HASHTAGS, r, strict=True)) for r in rows[2:]}
    hospital = cells[made["id"]]
    assert hospital["#loc+type+notification"] == "site" and hospital["#loc+type+function"] == "hospital"
    assert hospital["#country+code"] == "SYR" and hospital["#geo+wkt"] == "POINT (36.6339 35.9306)"
    assert (hospital["#geo+lat"], hospital["#geo+lon"]) == ("35.9306", "36.6339")
    assert hospital["#org+name+recipient"] == f"{PARTY_A}; {PARTY_B}"
    assert hospital["#org+name+acknowledged"] == PARTY_A and hospital["#org+name+overdue"] == ""
    assert len(cells) == 2


def test_a_party_exports_only_what_it_may_see_exactly(deconf: Service) -> None:
    notify(deconf, site(recipients=[PARTY_B]))
    rows = list(csv.reader(io.StringIO(deconf.get("party", "/api/v1/deconfliction/export.csv").text)))
    assert len(rows) == 2  # headers and hashtags only


@pytest.fixture
def cli_store(store: Store, moved: clock.ManualClock, monkeypatch: pytest.MonkeyPatch) -> Store:
    with store.transaction() as conn:
        add_account(conn, "msf", "humanitarian")
        add_account(conn, "saa", "party", party=PARTY_A)
        add_account(conn, "hts", "party", party=PARTY_B)
        add_account(conn, "watcher", "viewer")
    monkeypatch.setenv("CEASEFIRE_DATABASE_URL", store.url)
    return store


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.mark.slow  # opens the real gazetteer
@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_notify_list_ack_check_and_export_from_the_command_line(cli_store: Store, tmp_path: Path) -> None:
    hospital, convoy = site(), movement()
    bad = site("Nowhere clinic", country="LY")
    collection = tmp_path / "sites.geojson"
    collection.write_text(
        json.dumps({"type": "FeatureCollection", "features": [hospital, bad]}), encoding="utf-8"
    )
    done = _run("notify", "site", str(collection), "--as", "msf", "--json")
    assert done.exit_code == 1  # one feature refused, the other stored
    result = json.loads(done.stdout)
    assert len(result["stored"]) == 1
    assert result["errors"] == [
        {"feature": 2, "field": "properties.country", "message": result["errors"][0]["message"]}
    ]
    [stored] = result["stored"]
    route = tmp_path / "convoy.geojson"
    route.write_text(json.dumps(convoy), encoding="utf-8")
    assert _run("notify", "site", str(route), "--as", "msf").exit_code == 1  # a movement given as a site
    assert _run("notify", "movement", str(route), "--as", "msf").exit_code == 0
    refused = CliRunner().invoke(app, ["notify", "movement", str(route), "--as", "watcher"])
    assert refused.exit_code == 2 and "may not" in refused.output

    listed = _run("deconflict", "list", "--kind", "site", "--json")
    [view] = json.loads(listed.stdout)
    assert view["id"] == stored["id"] and {r["state"] for r in view["recipients"]} == {"sent"}
    acked = _run("deconflict", "ack", stored["id"], "--as", "saa", "--note", "by radio")
    assert acked.exit_code == 0 and "never an approval" in acked.stdout
    assert f"{PARTY_A}: acknowledged" in _run("deconflict", "list", "--kind", "site").stdout

    checked = _run("deconflict", "check", "--json")
    assert checked.exit_code == 0 and json.loads(checked.stdout)["findings"] == []
    out = tmp_path / "notifications.csv"
    assert "2 notification(s)" in _run("deconflict", "export", "--out", str(out)).stdout
    assert out.read_text(encoding="utf-8").splitlines()[1].startswith("#meta+id,")
