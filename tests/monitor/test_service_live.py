"""Acceptance: the service as deployed. ``ceasefire serve`` runs in its own process over a fresh
SQLite store, accounts come from ``ceasefire users add``, the ceasefire from ``ceasefire registry
add``, alerts go to a real webhook receiver and a real SMTP server on loopback, and every request
is a real HTTP request.

The second test kills the service (SIGKILL) while alerts wait in the delivery queue and checks that
the restarted service delivers every one of them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from ceasefire.knowledge.gazetteer_store import ensure_index, index_path
from ceasefire.monitor.receiver import WebhookReceiver
from ceasefire.settings import Settings
from tests.monitor.smtp_listener import SmtpListener, free_port

pytestmark = pytest.mark.slow

SECRET = "live-test-webhook-secret-0123456789"
PARTY = "Syrian Arab Army"
PROCESS_ID = "live-sy-truce"
#: a protected site in Idlib, and two points 2 and 3 km east of it
SITE = {"name": "Idlib central hospital", "lat": 35.9306, "lon": 36.6339}
NEAR_SITE = (35.9306, 36.6560)
NEAR_SITE_2 = (35.9350, 36.6670)
#: a truce that took effect three weeks ago and binds still (an open-ended one binds while it is recent)
TRUCE_YAML = f"""\
id: {PROCESS_ID}
name: Live test Syria truce
kind: ceasefire
countries: [SY]
parties: [{PARTY}, Hayat Tahrir al-Sham]
declared: {date.today() - timedelta(days=22)}
effective: {date.today() - timedelta(days=21)}
ended: null
"""
#: how long the service may take to answer after start (the gazetteer index is built beforehand)
START_TIMEOUT = 60.0


@pytest.fixture(scope="module")
def gazetteer_index() -> None:
    """Build the gazetteer index once, here, so the service opens it instead of building it."""
    ensure_index(index_path(Settings.from_env().cache_dir))


class Service:
    """One deployment: a store, a key file, accounts, and the ``ceasefire serve`` process over them."""

    def __init__(self, root: Path, smtp_port: int) -> None:
        self.root = root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = root / "serve.log"
        inherited = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("CEASEFIRE_") or k == "CEASEFIRE_CACHE_DIR"
        }
        self.env = {
            **inherited,
            "CEASEFIRE_DATABASE_URL": f"sqlite:///{root / 's.db'}",
            "CEASEFIRE_SECRET_KEY_FILE": str(root / "key"),
            "CEASEFIRE_SMTP_HOST": "127.0.0.1",
            "CEASEFIRE_SMTP_PORT": str(smtp_port),
            "CEASEFIRE_SMTP_SENDER": "alerts@monitoring.example",
            "CEASEFIRE_DELIVERY_ATTEMPTS": "20",  # retries outlast the receiver's downtime
            "CEASEFIRE_WEBHOOK_ALLOW": "127.0.0.1",  # the receivers listen on loopback
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.tokens: dict[str, str] = {}
        self.client = httpx.Client(base_url=self.url, timeout=30)

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ceasefire", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def add_users(self, users: dict[str, tuple[str, str | None]]) -> None:
        """``ceasefire users add`` for each name: (role, party). The first runs alone (it may make
        the store); the others run side by side."""
        names = list(users)
        for batch in (names[:1], names[1:]):
            running = {
                name: subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "ceasefire",
                        "users",
                        "add",
                        name,
                        "--role",
                        users[name][0],
                        *(["--party", party] if (party := users[name][1]) else []),
                    ],
                    env=self.env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for name in batch
            }
            for name, child in running.items():
                out, err = child.communicate(timeout=120)
                assert child.returncode == 0, f"users add {name}: {err}"
                token = out.strip().splitlines()[-1]  # the token is the last line
                assert token.startswith("cf_"), out
                self.tokens[name] = token

    def start(self, *args: str) -> None:
        """``ceasefire serve`` with ``args`` besides the address; returns once it answers."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "ceasefire",
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    *args,
                ],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the service exited ({self.process.returncode}):\n{self.log_text()}")
            try:
                if self.client.get("/openapi.json", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        pytest.fail(f"the service did not answer within {START_TIMEOUT:g} s:\n{self.log_text()}")

    def kill(self) -> int:
        """SIGKILL: no shutdown handler runs, whatever was in memory is lost."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        code = self.process.wait(10)
        self.process = None
        return code

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self.process = None

    def close(self) -> None:
        try:
            self.stop()
        finally:
            self.client.close()

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")[-5000:] if self.log.exists() else "(no log)"

    def as_(self, name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[name]}"}

    def get(self, name: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.client.get(path, headers=self.as_(name), **kwargs)

    def post(self, name: str, path: str, body: Any = None, **kwargs: Any) -> httpx.Response:
        return self.client.post(path, headers=self.as_(name), json=body, **kwargs)


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, (
        f"{response.request.method} {response.request.url}: {response.status_code} {response.text}"
    )
    return response.json()


def placed(service: Service, name: str, reports: int, timeout: float = 20.0) -> list[dict[str, Any]]:
    """The incidents ``name`` sees, once they hold ``reports`` reports in all (the worker process
    places reports after the service has answered)."""
    deadline = time.monotonic() + timeout
    while True:
        found = ok(service.get(name, "/api/v1/incidents"))
        if sum(i["report_count"] for i in found) >= reports or time.monotonic() > deadline:
            return list(found)
        time.sleep(0.05)


def raised(service: Service, name: str, count: int, timeout: float = 20.0) -> list[dict[str, Any]]:
    """The alerts ``name`` sees, once there are ``count`` (raised by the worker process)."""
    deadline = time.monotonic() + timeout
    while True:
        found = ok(service.get(name, "/api/v1/alerts"))
        if len(found) >= count or time.monotonic() > deadline:
            return list(found)
        time.sleep(0.05)


def report_body(client_id: str, point: tuple[float, float], at: datetime, **extra: Any) -> dict[str, Any]:
    return {
        "client_id": client_id,
        "occurred_at": at.isoformat(),
        "location": {"lat": point[0], "lon": point[1]},
        "source_type": "public",
        "event_type": "ASSAULT",
        "weapons": ["artillery"],
        "text": "Artillery shells hit the eastern districts near the hospital this morning.",
        "alleged_responsible": PARTY,
        **extra,
    }


@pytest.fixture
def smtp() -> Iterator[SmtpListener]:
    with SmtpListener() as listener:
        yield listener


@pytest.fixture
def service(tmp_path: Path, smtp: SmtpListener, gazetteer_index: None) -> Iterator[Service]:
    deployment = Service(tmp_path, smtp.port)
    try:
        yield deployment
    finally:
        deployment.close()


USERS: dict[str, tuple[str, str | None]] = {
    "monitor": ("monitor", None),
    "monitor2": ("monitor", None),
    "analyst": ("analyst", None),
    "coordinator": ("coordinator", None),
    "admin": ("admin", None),
    "viewer": ("viewer", None),
    "party": ("party", PARTY),
}


def test_report_to_acknowledged_alert_through_the_real_service(
    service: Service, smtp: SmtpListener, tmp_path: Path
) -> None:
    # a ceasefire in the registry (this first command also makes the store), then the accounts
    truce = tmp_path / "truce.yaml"
    truce.write_text(TRUCE_YAML, encoding="utf-8")
    added = service.cli("registry", "add", str(truce))
    assert added.returncode == 0, added.stderr
    service.add_users(USERS)

    with WebhookReceiver(SECRET) as receiver:
        service.start()
        assert ok(service.get("viewer", "/api/v1/me"))["role"] == "viewer"
        assert service.client.get("/api/v1/me").status_code == 401

        # the coordinator's rules and subscriptions; the party hears of what it is accused of
        ok(
            service.post(
                "coordinator",
                "/api/v1/alert-rules",
                {
                    "name": "attack near the hospital",
                    "kind": "near_site",
                    "params": {"sites": [SITE], "radius_km": 5},
                },
            ),
            201,
        )
        ok(
            service.post("coordinator", "/api/v1/alert-rules", {"name": "violations", "kind": "violation"}),
            201,
        )
        hook = ok(
            service.post(
                "coordinator",
                "/api/v1/subscriptions",
                {
                    "account": "coordinator",
                    "channel": "webhook",
                    "address": receiver.url,
                    "secret": SECRET,
                },
            ),
            201,
        )
        assert hook["secret"] == SECRET
        for account, address in (
            ("coordinator", "duty@monitoring.example"),
            ("party", "liaison@saa.example"),
        ):
            ok(
                service.post(
                    "coordinator",
                    "/api/v1/subscriptions",
                    {"account": account, "channel": "email", "address": address},
                ),
                201,
            )
        assert (
            service.post("monitor", "/api/v1/alert-rules", {"name": "x", "kind": "violation"}).status_code
            == 403
        )

        # two monitors report the same attack; a retry over a flaky link changes nothing
        at = datetime.now(UTC) - timedelta(hours=1)
        first = report_body(
            "m1-0001", NEAR_SITE, at, reporter={"name": "Amal", "contact": "+963 955 000 111"}
        )
        created = ok(service.post("monitor", "/api/v1/reports", first), 201)
        accepted_at = time.time()
        again = ok(service.post("monitor", "/api/v1/reports", first), 200)
        assert again["id"] == created["id"]
        second = report_body(
            "m2-0001",
            NEAR_SITE_2,
            at + timedelta(minutes=20),
            reporter={"name": "Omar", "contact": "omar@example.org"},
        )
        other = ok(service.post("monitor2", "/api/v1/reports", second), 201)
        assert other["id"] != created["id"]

        # the answer comes once a report is stored; the worker process places it moments later
        [incident] = placed(service, "analyst", 2)
        assert incident["report_count"] == 2
        assert set(incident["reports"]) == {created["id"], other["id"]}
        assert incident["grade"] == "multiple_sources"
        assert incident["process_id"] == PROCESS_ID
        assert incident["verification"] == "alleged"
        assert incident["location"]["country"] == "SY"  # from the real gazetteer: no country was sent
        incident_id = incident["id"]

        # the reporter's identity: sealed in the store, shown to coordinators only
        public = ok(service.get("viewer", f"/api/v1/reports/{created['id']}"))
        assert "reporter" not in public
        assert "submitted_by" not in public
        assert "reporter" not in ok(service.get("monitor", f"/api/v1/reports/{created['id']}"))
        staff = ok(service.get("coordinator", f"/api/v1/reports/{created['id']}"))
        assert staff["reporter"] == {"name": "Amal", "contact": "+963 955 000 111"}
        assert staff["incident_id"] == incident_id

        # the near-site alert and the alleged violation reach the webhook, signed, and the mailboxes
        delivered = receiver.wait_for(2, timeout=20)
        latency = time.time() - accepted_at
        assert len(delivered) == 2, f"{len(delivered)} webhook(s) after 20 s:\n{service.log_text()}"
        assert receiver.rejected == []  # every delivery carried a valid signature
        alerts = {a["kind"]: a for a in ok(service.get("coordinator", "/api/v1/alerts"))}
        assert set(alerts) == {"near_site", "violation"}
        by_kind = {d.json["alert"]["kind"]: d.json for d in delivered}
        assert set(by_kind) == {"near_site", "violation"}
        for kind, payload in by_kind.items():
            assert payload["recipient"] == "coordinator"
            assert payload["alert"]["id"] == alerts[kind]["id"]
            assert payload["alert"]["incident_id"] == incident_id
            assert payload["alert"]["ack"] == f"POST /api/v1/alerts/{alerts[kind]['id']}/ack"
        assert SITE["name"] in by_kind["near_site"]["alert"]["title"]
        assert by_kind["near_site"]["alert"]["report_id"] == created["id"]
        assert PROCESS_ID in by_kind["violation"]["alert"]["title"]
        assert latency < 20

        mail = smtp.wait_for(4, timeout=20)
        assert len(mail) == 4, f"{len(mail)} e-mail(s):\n{service.log_text()}"
        # (a long Subject is folded before its first word; unfolding leaves a leading space)
        to = sorted((m["To"], m["Subject"].strip()) for m in mail)
        assert [t for t, _ in to] == ["duty@monitoring.example"] * 2 + ["liaison@saa.example"] * 2
        assert all(s.startswith("[ceasefire] high: ") for _, s in to), to
        assert any(SITE["name"] in s for _, s in to)
        bodies = [m.get_content() for m in mail if m["To"] == "duty@monitoring.example"]
        assert {a["id"] for a in alerts.values()} == {
            next(line.split()[1].rstrip(",") for line in b.splitlines() if line.startswith("alert "))
            for b in bodies
        }

        # the analyst splits the second report off and merges it back
        split = ok(
            service.post(
                "analyst",
                f"/api/v1/incidents/{incident_id}/split",
                {"reports": [other["id"]], "why": "second report may be a separate strike"},
            )
        )
        assert split["id"] != incident_id
        assert split["reports"] == [other["id"]]
        assert ok(service.get("analyst", f"/api/v1/incidents/{incident_id}"))["reports"] == [created["id"]]
        merged = ok(
            service.post(
                "analyst",
                f"/api/v1/incidents/{split['id']}/merge",
                {"into": incident_id, "why": "same strike: times and craters match"},
            )
        )
        assert merged["id"] == incident_id
        assert set(merged["reports"]) == {created["id"], other["id"]}
        [again_one] = ok(service.get("analyst", "/api/v1/incidents"))
        assert again_one["id"] == incident_id
        assert again_one["report_count"] == 2

        # verification: the analyst investigates, only the coordinator decides
        path = f"/api/v1/incidents/{incident_id}/verification"
        step = ok(
            service.post("analyst", path, {"state": "under_investigation", "why": "two sources, site visit"})
        )
        assert step["verification"] == "under_investigation"
        denied = service.post("analyst", path, {"state": "confirmed_violation", "why": "x"})
        assert denied.status_code == 403
        decided = ok(
            service.post("coordinator", path, {"state": "confirmed_violation", "why": "craters seen"})
        )
        assert decided["verification"] == "confirmed_violation"
        assert [s["state"] for s in decided["verification_history"]] == [
            "alleged",
            "under_investigation",
            "confirmed_violation",
        ]
        confirmed = receiver.wait_for(3, timeout=15)
        assert len(confirmed) == 3
        assert confirmed[-1].json["alert"]["detail"]["state"] == "confirmed_violation"

        # the party answers, and acknowledges an alert it was sent
        answer = ok(
            service.post(
                "party",
                f"/api/v1/incidents/{incident_id}/responses",
                {"stance": "denies", "text": "Our units did not fire that day."},
            ),
            201,
        )
        assert answer["party"] == PARTY
        seen = ok(service.get("party", f"/api/v1/incidents/{incident_id}"))
        assert seen["grade"] == "contested"
        assert [r["stance"] for r in seen["responses"]] == ["denies"]
        assert "reporter" not in seen["report_details"][0]
        mine = ok(service.get("party", "/api/v1/alerts"))
        assert len(mine) == 3
        near = next(a for a in mine if a["kind"] == "near_site")
        assert [r["account"] for r in near["recipients"]] == ["coordinator", "party"]
        acked = ok(
            service.post("party", f"/api/v1/alerts/{near['id']}/ack", {"note": "passed to our command"})
        )
        assert acked["state"] == "acknowledged"
        listed = ok(service.get("coordinator", "/api/v1/alerts", params={"state": "acknowledged"}))
        assert [a["id"] for a in listed] == [near["id"]]
        assert service.get("viewer", "/api/v1/alerts").status_code == 403

        # the audit trail is whole
        check = ok(service.get("admin", "/api/v1/audit/verify"))
        assert check["intact"] and check["entries"] > 10
        service.stop()

    verified = service.cli("audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "chain intact" in verified.stdout
    assert "Traceback" not in service.log_text(), service.log_text()


def test_killing_the_service_loses_no_queued_alert(service: Service) -> None:
    """Deliveries queued while the receiver is down survive SIGKILL and go out after the restart."""
    service.add_users({"coordinator": ("coordinator", None), "monitor": ("monitor", None)})
    hook_port = free_port()  # nothing listens here yet: every delivery is refused
    service.start()
    ok(
        service.post(
            "coordinator",
            "/api/v1/alert-rules",
            {
                "name": "attack near the hospital",
                "kind": "near_site",
                "params": {"sites": [SITE], "radius_km": 5},
            },
        ),
        201,
    )
    ok(
        service.post(
            "coordinator",
            "/api/v1/subscriptions",
            {
                "account": "coordinator",
                "channel": "webhook",
                "address": f"http://127.0.0.1:{hook_port}/",
                "secret": SECRET,
            },
        ),
        201,
    )

    # four attacks a day apart: four incidents, four alerts
    now = datetime.now(UTC)
    for day in range(4):
        body = report_body(f"kill-{day}", NEAR_SITE, now - timedelta(days=day, hours=1))
        ok(service.post("monitor", "/api/v1/reports", body), 201)
    alerts = raised(service, "coordinator", 4)
    assert len(alerts) == 4
    assert all(a["deliveries"] == {"pending": 1} for a in alerts)

    # wait until the service has tried (and failed) every delivery, then kill it
    deadline = time.monotonic() + 30
    while True:
        logs = [ok(service.get("coordinator", f"/api/v1/alerts/{a['id']}"))["delivery_log"] for a in alerts]
        if all(log[0]["attempts"] >= 1 for log in logs):
            break
        assert time.monotonic() < deadline, f"deliveries never tried: {logs}\n{service.log_text()}"
        time.sleep(0.2)
    assert all(log[0]["state"] == "pending" and log[0]["last_error"] for log in logs), logs
    assert service.kill() == -signal.SIGKILL

    # the receiver comes up at the subscribed address, the service starts again
    with WebhookReceiver(SECRET, port=hook_port) as receiver:
        service.start()
        delivered = receiver.wait_for(4, timeout=30)
        assert len(delivered) == 4, f"{len(delivered)} of 4 delivered:\n{service.log_text()}"
        assert receiver.rejected == []
        assert sorted(d.json["alert"]["id"] for d in delivered) == sorted(a["id"] for a in alerts)
        deadline = time.monotonic() + 10  # the worker records the sends on its next look
        while True:
            after = ok(service.get("coordinator", "/api/v1/alerts"))
            if all(a["deliveries"] == {"sent": 1} for a in after) or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert all(a["deliveries"] == {"sent": 1} for a in after), after
        for alert in after:
            [log] = ok(service.get("coordinator", f"/api/v1/alerts/{alert['id']}"))["delivery_log"]
            assert log["state"] == "sent"
            assert log["attempts"] >= 2  # failed before the kill, sent after it
        service.stop()
    assert "Traceback" not in service.log_text(), service.log_text()
