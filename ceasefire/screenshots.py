"""``make screenshots``: the README's pictures of every page, taken in headless Chromium.

Builds the demo store from the shipped samples (as ``make run`` does), notifies a hospital, a zone
and a convoy (``notify_samples``), files a few reports so the review queue and the map have incidents
(one strikes near the hospital: a hit), serves the dashboard on a free loopback port and runs the
browser suite's ``tour`` flow (``tests/web/browser/flows.mjs``, which needs ``npm ci`` and Debian's
``chromium``), which checks each page with axe-core and each picture for blankness as it goes.

    python -m ceasefire.screenshots docs/screenshots
"""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FLOWS = ROOT / "tests" / "web" / "browser" / "flows.mjs"
#: reports filed for the pictures: two of one strike (a likely duplicate) and one elsewhere
REPORTS = [
    (36.2021, 37.1343, "Artillery shelled the eastern districts of Aleppo this morning.", "Syrian Arab Army"),
    (36.2100, 37.2500, "Shells hit houses east of Aleppo; two reports from the same street.", None),
    (32.8872, 13.1913, "Drone strike reported near the Tripoli airport road.", "Libyan National Army"),
]


def take(out: Path) -> list[dict[str, Any]]:
    import httpx

    from ceasefire.demo import HOSPITAL, build_demo_store, notify_samples
    from ceasefire.knowledge.gazetteer import MemoryGazetteer
    from ceasefire.monitor.accounts import add_account, create_token, set_password
    from ceasefire.monitor.mail import MemoryMailer
    from ceasefire.monitor.webhooks import MemoryWebhooks
    from ceasefire.settings import Settings
    from ceasefire.web import create_app
    from ceasefire.web.app import served
    from ceasefire.web.dashboard import BoardFilter, board

    folder = Path(tempfile.mkdtemp(prefix="ceasefire-screens-"))
    settings = Settings.from_env(secret_key_file=folder / "secret.key")
    store = build_demo_store(settings, folder / "demo.db", notify=False)
    password = secrets.token_urlsafe(16)
    notified = notify_samples(store, MemoryGazetteer(), HOSPITAL, datetime.now(UTC))
    with store.transaction() as conn:
        add_account(conn, "amal-analyst", "analyst", by="screenshots")
        set_password(conn, "amal-analyst", password, by="screenshots")
        add_account(conn, "field-1", "monitor", by="screenshots")
        token = create_token(conn, "field-1")
    with store.engine.connect() as conn:
        shown = next(
            p for p in board(conn, BoardFilter(), datetime.now(UTC).date())["processes"] if p["evidence"]
        )
    evidence = shown["evidence"][0]
    settings = Settings.from_env(database_url=store.url, secret_key_file=folder / "secret.key")
    app = create_app(settings, store=store, gazetteer=MemoryGazetteer(), webhooks=MemoryWebhooks(),
                     mailer=MemoryMailer(), coder=lambda text, day, doc: [], poll=0.2)  # fmt: skip
    with served(app) as base:
        for i, (lat, lon, text, who) in enumerate(REPORTS):
            body = {"client_id": f"shot-{i}", "occurred_at": (datetime.now(UTC) - timedelta(hours=3 - i)).isoformat(),
                    "location": {"lat": lat, "lon": lon}, "source_type": "public", "event_type": "ASSAULT",
                    "text": text, "alleged_responsible": who}  # fmt: skip
            httpx.post(
                f"{base}/api/v1/reports", json=body, headers={"Authorization": f"Bearer {token}"}
            ).raise_for_status()
        config = {"base": base, "password": password, "accounts": {"analyst": "amal-analyst"}, "out": str(out),
                  "process": shown["id"], "doc": evidence["doc_id"], "event": evidence["event_id"],
                  "notification": notified["hospital"]}  # fmt: skip
        done = subprocess.run(["node", str(FLOWS), "tour", json.dumps(config)], capture_output=True, text=True,
                              timeout=300, cwd=ROOT)  # fmt: skip
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit(f"the browser flow printed nothing:\n{done.stderr}")
    result = json.loads(lines[-1])
    if not result["ok"] or result["blocked"] or result["axe"]:
        raise SystemExit(f"screenshots failed: {json.dumps(result, indent=1)}")
    shots: list[dict[str, Any]] = result["shots"]
    return shots


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "docs/screenshots").resolve()
    for shot in take(out):
        sys.stdout.write(f"{shot['path']}  {shot['width']}x{shot['height']}, {shot['colours']} colours\n")


if __name__ == "__main__":
    main()
