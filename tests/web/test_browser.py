"""The dashboard in a real headless Chromium (Debian's, driven by playwright-core from npm).

Each flow runs in ``browser/flows.mjs`` against a live server on 127.0.0.1 holding a generated
corpus; every request to any other host is blocked, and a flow that attempts one fails. Each page
the flows visit is checked with axe-core (no serious or critical violation) and screenshotted
(checked not blank, with its key elements present). The store is checked here, after each flow.

Skips when Chromium or the npm packages are missing, unless ``CEASEFIRE_REQUIRE_BROWSER=1`` (CI).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import func, select

from ceasefire.bench_pages import generate
from ceasefire.demo import notify_samples
from ceasefire.knowledge.gazetteer import MemoryGazetteer
from ceasefire.models import stable_id
from ceasefire.monitor.accounts import add_account, create_token, set_password
from ceasefire.monitor.mail import MemoryMailer
from ceasefire.monitor.webhooks import MemoryWebhooks
from ceasefire.settings import Settings
from ceasefire.store.database import Store
from ceasefire.store.tables import incidents, reports
from ceasefire.web import create_app
from ceasefire.web.app import served
from tests.monitor.conftest import fake_coder

ROOT = Path(__file__).resolve().parents[2]
FLOWS = Path(__file__).parent / "browser" / "flows.mjs"
CHROMIUM = os.environ.get("CEASEFIRE_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "browser test password"
ACCOUNTS = {"viewer": "vera-viewer", "monitor": "mo-monitor", "analyst": "ana-analyst"}
SECRETS = ["Reporter Samira Haddad", "+963-555-0142", "field-officer-xray"]
#: a hospital notified near Azaz, far from every other report of the suite, struck 300 m away
HOSPITAL, STRIKE = (36.58817, 37.04243), (36.59, 37.045)
#: what a viewer may not see of it: its name and its exact position, in any form with 3+ decimals
SITE_SECRETS = ["Al-Amal field hospital", "36.588", "37.042"]


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if shutil.which("node") is None:
        return "no node"
    if (
        not (ROOT / "node_modules" / "playwright-core").is_dir()
        or not (ROOT / "node_modules" / "axe-core").is_dir()
    ):
        return "npm packages not installed (make install runs npm ci)"
    return None


@pytest.fixture(scope="module", autouse=True)
def _browser_available() -> None:
    reason = _missing()
    if reason:
        if os.environ.get("CEASEFIRE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"CEASEFIRE_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)


@dataclass
class Live:
    base: str
    store: Store
    corpus: dict[str, Any]
    tokens: dict[str, str]
    out: Path
    notified: dict[str, str]

    def api(self, role: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.tokens[role]}"}
        return httpx.request(method, self.base + path, headers=headers, timeout=30, **kwargs)

    def flow(self, name: str, **extra: Any) -> dict[str, Any]:
        config = {"base": self.base, "password": PASSWORD, "accounts": ACCOUNTS, "out": str(self.out),
                  "process": self.corpus["busiest"], **extra}  # fmt: skip
        done = subprocess.run(["node", str(FLOWS), name, json.dumps(config)], capture_output=True, text=True,
                              timeout=180, cwd=ROOT)  # fmt: skip
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        assert lines, f"flow {name} printed no result:\n{done.stdout}\n{done.stderr}"
        result: dict[str, Any] = json.loads(lines[-1])
        assert result["ok"], f"flow {name} failed: {result.get('error')}\nseen: {result['seen']}"
        assert result["blocked"] == [], f"the pages tried to reach beyond 127.0.0.1: {result['blocked']}"
        assert result["errors"] == [], f"script errors: {result['errors']}"
        assert result["axe"] == [], (
            f"serious or critical accessibility violations: {json.dumps(result['axe'], indent=1)}"
        )
        for shot in result["shots"]:
            assert Path(shot["path"]).stat().st_size > 5000, shot
            assert shot["colours"] > 20 and shot["dark"] > 100, (
                f"screenshot {shot['name']} looks blank: {shot}"
            )
        return result


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    folder = tmp_path_factory.mktemp("browser")
    store = Store.open(f"sqlite:///{folder / 'store.db'}")
    corpus = generate(store, 600, seed=11)
    notified = notify_samples(store, MemoryGazetteer(), HOSPITAL, datetime.now(UTC))
    tokens = {}
    with store.transaction() as conn:
        for role, name in ACCOUNTS.items():
            add_account(conn, name, role)
            set_password(conn, name, PASSWORD)
            tokens[role] = create_token(conn, name)
        add_account(conn, SECRETS[2], "monitor")
        tokens["secret-monitor"] = create_token(conn, SECRETS[2])
    settings = Settings(secret_key=Fernet.generate_key().decode(), database_url=store.url, cache_dir=folder)
    app = create_app(settings, store=store, gazetteer=MemoryGazetteer(), webhooks=MemoryWebhooks(),
                     mailer=MemoryMailer(), coder=fake_coder, worker=True, poll=0.2)  # fmt: skip
    out = Path(os.environ.get("CEASEFIRE_SCREENSHOTS", folder / "screens"))
    try:
        with served(app) as base:
            live = Live(base, store, corpus, tokens, out, notified)
            # a strike 300 m from the hospital, a day after it was notified: a hit
            struck = live.api("monitor", "POST", "/api/v1/reports",
                              json=_report("strike", *STRIKE, occurred_at=(datetime.now(UTC) - timedelta(hours=30)).isoformat()))  # fmt: skip
            assert struck.status_code == 201, struck.text
            yield live
    finally:
        store.close()


def _report(client_id: str, lat: float, lon: float, **extra: Any) -> dict[str, Any]:
    body = {"client_id": client_id, "occurred_at": (datetime.now(UTC) - timedelta(hours=2)).isoformat(),
            "location": {"lat": lat, "lon": lon}, "source_type": "public", "event_type": "ASSAULT",
            "text": "Shelling hit the eastern districts."}  # fmt: skip
    body.update(extra)
    return body


def test_sign_in_lands_on_the_board_and_sign_out_ends_it(live: Live) -> None:
    seen = live.flow("sign_in")["seen"]
    assert ACCOUNTS["viewer"] in seen["signedInAs"]
    assert seen["rows"] == 48
    assert seen["afterSignOut"] == "/signin"


def test_board_to_process_to_the_evidence_sentence_highlighted_in_its_document(live: Live) -> None:
    seen = live.flow("evidence")["seen"]
    assert seen["highlighted"] == seen["expected"] and seen["expected"]
    assert seen["inView"], "the highlighted sentence should be scrolled into view"


def test_filtering_the_board(live: Live) -> None:
    seen = live.flow("filter_board", country="LY", search="libya talks")["seen"]
    assert (seen["all"], seen["country"], seen["countryKind"], seen["search"]) == (48, 4, 2, 1)


def test_the_map_draws_outlines_and_clusters_and_the_time_slider_moves_the_window(live: Live) -> None:
    seen = live.flow("map")["seen"]
    assert seen["outlinePaths"] > 100  # Natural Earth countries, from the npm package
    assert seen["all"] == 600 and seen["markers"] > 0
    assert 0 < seen["lastMonth"] < seen["all"]
    assert seen["movedTo"] < seen["before"]
    assert 0 < seen["movedEvents"] < seen["all"]
    assert seen["popup"]


def test_a_report_filed_offline_arrives_once_when_the_connection_returns(live: Live) -> None:
    text = f"Mortar fire hit the market at dawn ({time.time_ns()})."
    seen = live.flow("offline_report", text=text, reporter="Witness Kept Safe")["seen"]
    assert seen["states"][:2] == ["queued", "queued"]
    assert seen["states"][-1] == "coded"
    assert seen["lost"] == 1  # one answer was lost after the server stored the report
    assert seen["stored"][0]["body"]["client_id"]
    assert seen["kept"][0]["body"] is None  # once sent, the browser forgets the text and the reporter
    with live.store.engine.connect() as conn:
        found = conn.execute(select(reports.c.id, reports.c.coded_at).where(reports.c.text == text)).all()
    assert len(found) == 1 and found[0].coded_at is not None


def test_an_analyst_merges_and_grades_from_the_keyboard_in_the_review_queue(live: Live) -> None:
    stamp = time.time_ns()
    a = live.api("monitor", "POST", "/api/v1/reports", json=_report(f"rv-a-{stamp}", 36.20, 37.16)).json()
    b = live.api(
        "secret-monitor", "POST", "/api/v1/reports", json=_report(f"rv-b-{stamp}", 36.20, 37.30)
    ).json()
    assert a["incident_id"] != b["incident_id"]
    seen = live.flow("review")["seen"]
    assert seen["mergeFocused"] == "merge-why" and seen["gradeFocused"] == "grade-select"
    assert "merged" in seen["merged"] and "graded" in seen["gradedText"]
    with live.store.engine.connect() as conn:
        merged = (
            conn.execute(
                select(incidents.c.merged_into).where(
                    incidents.c.id.in_([a["incident_id"], b["incident_id"]])
                )
            )
            .scalars()
            .all()
        )
        graded = conn.execute(
            select(incidents.c.grade, incidents.c.grade_set_by).where(incidents.c.id == seen["graded"])
        ).one()
    assert sorted(merged, key=str) == sorted([None, a["incident_id"]], key=str)
    assert graded.grade == "confirmed" and graded.grade_set_by == ACCOUNTS["analyst"]


def test_a_viewer_never_sees_a_reporter_on_any_page(live: Live) -> None:
    body = _report(
        f"secret-{time.time_ns()}", 35.93, 36.63, reporter={"name": SECRETS[0], "contact": SECRETS[1]}
    )
    body["location"]["own_position"] = True
    filed = live.api("secret-monitor", "POST", "/api/v1/reports", json=body)
    assert filed.status_code == 201
    seen = live.flow("privacy", secrets=SECRETS + SITE_SECRETS, notification=live.notified["hospital"])[
        "seen"
    ]
    for path, page in seen["pages"].items():
        assert page["leaks"] == [], (path, page)
    assert seen["pages"]["/review"]["status"] == 403 and seen["pages"]["/report"]["status"] == 403
    assert seen["incidentMarkers"] >= 1 and seen["popupLeaks"] == []
    # the deconfliction board and the map's sites: blurred for a viewer, with no hit or conflict
    assert seen["board"] == {"rows": 3, "blurred": 3, "findings": 0, "withheld": True}
    assert seen["sites"] == 3 and seen["siteMarkers"] >= 1 and seen["sitePopupLeaks"] == []
    assert "blurred" in seen["sitePopup"]
    assert live.api("analyst", "GET", f"/api/v1/reports/{filed.json()['id']}").json().get("reporter") is None


def test_every_page_renders_is_accessible_and_screenshots_are_not_blank(live: Live) -> None:
    doc = "bench-doc-4"
    result = live.flow("tour", doc=doc, event=stable_id(doc, 1), notification=live.notified["hospital"])
    assert [s["name"] for s in result["shots"]] == [
        "board",
        "process",
        "document",
        "map",
        "timeline",
        "review",
        "report",
        "deconfliction",
        "notification",
    ]
    seen = result["seen"]
    assert seen["deconfliction"] == {"rows": 3, "blurred": 0, "overdue": 3, "findings": 1}
    assert seen["conflicts"] >= 1  # the convoy through the zone
    assert seen["notification"]["recipients"] == [
        "Syrian Arab Army: acknowledged",
        "Hayat Tahrir al-Sham: overdue",
    ]
    assert seen["notification"]["targeted"], "the finding linked from the board should be the page's target"
    with live.store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(reports)).scalar() is not None
