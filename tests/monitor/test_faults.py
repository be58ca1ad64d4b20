"""Fault paths: a report the coder breaks on, a delivery whose secret no longer opens (and the key
rotation that re-seals), a typo in a boolean setting, and time read from one clock."""

from __future__ import annotations

import re
from concurrent.futures import Future
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from typer.testing import CliRunner

from ceasefire.cli import app as cli
from ceasefire.errors import ConfigError
from ceasefire.knowledge.gazetteer import MemoryGazetteer
from ceasefire.monitor import clock, coding
from ceasefire.monitor.accounts import add_account, create_token
from ceasefire.monitor.filing import CODING_ATTEMPTS
from ceasefire.monitor.mail import MemoryMailer
from ceasefire.monitor.secrets import Sealer, sealer_from
from ceasefire.monitor.webhooks import MemoryWebhooks
from ceasefire.settings import Settings
from ceasefire.store.database import Store
from ceasefire.store.tables import audit_log, deliveries, reports, subscriptions
from tests.monitor.conftest import Service, fake_coder, report

SQLITE = pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
ROOT = Path(__file__).resolve().parents[2]
SITE = {"name": "hospital", "lat": 35.9306, "lon": 36.6439}


def breaks_on_poison(text: str, published: date, doc_id: str) -> list[dict[str, Any]]:
    if "poison" in text:
        raise RuntimeError("the parser broke on this text")
    return fake_coder(text, published, doc_id)


def _free_text(client_id: str, text: str) -> dict[str, Any]:
    body = report(client_id, text=text)
    del body["event_type"]
    return body


def _near_site_rule(service: Service, **extra: Any) -> None:
    rule = {"name": "site", "kind": "near_site", "params": {"sites": [SITE], "radius_km": 5}, **extra}
    assert service.post("coordinator", "/api/v1/alert-rules", json=rule).status_code == 201


# -- 6. one bad report ------------------------------------------------------------------------------


@SQLITE
def test_a_report_the_coder_breaks_on_is_recorded_and_retried_and_escalation_goes_on(
    service: Service, moved: clock.ManualClock
) -> None:
    service.client.app.state.services.worker.coder = breaks_on_poison  # type: ignore[attr-defined]
    _near_site_rule(service, ack_minutes=5)
    service.post("coordinator", "/api/v1/subscriptions",
                 json={"account": "monitor", "channel": "email", "address": "m@example.org"})  # fmt: skip
    service.post("coordinator", "/api/v1/subscriptions",
                 json={"account": "coordinator", "channel": "email", "address": "c@example.org", "level": 1})  # fmt: skip
    assert service.post("monitor", "/api/v1/reports", json=report("typed")).status_code == 201  # an alert
    bad = service.post(
        "monitor", "/api/v1/reports", json=_free_text("bad", "poison: shelled the town")
    ).json()
    good = service.post(
        "monitor", "/api/v1/reports", json=_free_text("good", "Artillery shelled the town")
    ).json()

    done = service.run_worker()
    assert done["coded"] == 3  # the typed report is coded too
    seen = service.get("analyst", f"/api/v1/reports/{bad['id']}").json()
    assert (
        seen["coding"] == "failed"
        and "the parser broke" in seen["coding_error"]
        and seen["coding_attempts"] == 1
    )
    assert service.get("analyst", f"/api/v1/reports/{good['id']}").json()["coding"] == "coded"
    failed = service.get("analyst", "/api/v1/reports", params={"coding": "failed"}).json()
    assert [r["id"] for r in failed] == [bad["id"]]
    assert "coding_error" not in service.get("viewer", f"/api/v1/reports/{bad['id']}").json()

    moved.advance(minutes=6)  # the alert is overdue: escalation must still run (the bad report's
    assert service.run_worker()["escalated"] == 1  # backoff of 5 s is over too: it is tried again)
    attempts = service.get("analyst", f"/api/v1/reports/{bad['id']}").json()["coding_attempts"]
    assert attempts == 2
    assert service.run_worker()["coded"] == 0  # not again before its backoff
    for attempt in range(attempts + 1, CODING_ATTEMPTS + 1):
        moved.advance(hours=2)
        assert service.run_worker()["coded"] == 1
        assert service.get("analyst", f"/api/v1/reports/{bad['id']}").json()["coding_attempts"] == attempt
    moved.advance(days=1)
    assert service.run_worker()["coded"] == 0  # given up after the last try; still shown as failed
    with service.store.engine.connect() as conn:
        logged = conn.execute(
            select(audit_log.c.action).where(audit_log.c.action == "report.coding_failed")
        ).all()
    assert len(logged) == CODING_ATTEMPTS


def _parsed(service: Service, names: list[str], broken: str = "") -> list[tuple[dict[str, Any], Future[Any]]]:
    """Free-text reports ``names``, as the worker holds them once the coding process has parsed
    them: the one named ``broken`` with a parse that raised."""
    ids = [service.post("monitor", "/api/v1/reports", json=_free_text(n, "Artillery shelled the town")).json()["id"]
           for n in names]  # fmt: skip
    queued = {r["id"]: r for r in coding.waiting(service.store, 100)}
    finished: list[tuple[dict[str, Any], Future[Any]]] = []
    for name, report_id in zip(names, ids, strict=True):
        parsed: Future[Any] = Future()
        if name == broken:
            parsed.set_exception(RuntimeError("the parser broke on this text"))
        else:
            parsed.set_result(fake_coder("Artillery shelled the town", date.today(), report_id))
        finished.append((queued[report_id], parsed))
    return finished


def test_a_report_with_no_event_type_is_coded_before_a_backlog_of_typed_ones(service: Service) -> None:
    """A typed report is placed and alerted on without its coding; one with free text only waits
    for the coder to raise its alerts, so a flood of typed reports must not hold it back."""
    for n in range(5):
        assert service.post("monitor", "/api/v1/reports", json=report(f"typed{n}")).status_code == 201
    free = service.post("monitor", "/api/v1/reports", json=_free_text("free", "Artillery shelled the town"))
    [first] = coding.waiting(service.store, 1)
    assert first["id"] == free.json()["id"]
    assert len(coding.waiting(service.store, 10)) == 6  # the typed ones still wait, oldest first


def test_parses_finished_together_are_stored_in_one_transaction(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    finished = _parsed(service, ["one", "two", "three"])
    begun: list[int] = []
    transaction = service.store.transaction

    def counted() -> Any:
        begun.append(1)
        return transaction()

    monkeypatch.setattr(service.store, "transaction", counted)
    coding.store_all_parsed(service.store, service.settings, finished)
    assert len(begun) == 1
    states = [service.get("analyst", f"/api/v1/reports/{r['id']}").json() for r, _ in finished]
    assert [s["coding"] for s in states] == ["coded"] * 3
    assert all(s["incident_id"] is not None for s in states)  # each took the coded type and was placed


def test_of_parses_stored_together_one_that_breaks_fails_alone(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    finished = _parsed(service, ["good", "unparsed", "unstorable", "also-good"], broken="unparsed")
    unstorable = finished[2][0]["id"]
    real = coding.store_coded

    def breaks(conn: Any, report: dict[str, Any], *args: Any) -> list[str]:
        if report["id"] == unstorable:
            raise RuntimeError("placing this report broke")
        return real(conn, report, *args)

    monkeypatch.setattr(coding, "store_coded", breaks)
    coding.store_all_parsed(service.store, service.settings, finished)
    states = [service.get("analyst", f"/api/v1/reports/{r['id']}").json() for r, _ in finished]
    assert [s["coding"] for s in states] == ["coded", "failed", "failed", "coded"]
    assert "the parser broke" in states[1]["coding_error"]
    assert "placing this report broke" in states[2]["coding_error"]


@SQLITE
def test_a_failing_phase_does_not_stop_the_next(service: Service, moved: clock.ManualClock) -> None:
    _near_site_rule(service, ack_minutes=5)
    service.post("coordinator", "/api/v1/subscriptions",
                 json={"account": "monitor", "channel": "email", "address": "m@example.org"})  # fmt: skip
    service.post("coordinator", "/api/v1/subscriptions",
                 json={"account": "coordinator", "channel": "email", "address": "c@example.org", "level": 1})  # fmt: skip
    service.post("monitor", "/api/v1/reports", json=report("typed"))
    worker = service.client.app.state.services.worker  # type: ignore[attr-defined]

    def broken() -> int:
        raise RuntimeError("sending broke")

    worker._send = broken
    moved.advance(minutes=6)
    done = worker.run_once()
    assert done["sent"] == 0 and done["escalated"] == 1


# -- 7. a delivery that can never be made, and key rotation -----------------------------------------


@SQLITE
def test_a_delivery_whose_secret_does_not_open_goes_to_the_dead_letters_at_once(service: Service) -> None:
    _near_site_rule(service)
    made = service.post("coordinator", "/api/v1/subscriptions", json={
        "account": "coordinator", "channel": "webhook", "address": "https://ops.example.org/hook"}).json()  # fmt: skip
    with service.store.transaction() as conn:  # as after the secret key changed without a rotation
        other = Sealer(Fernet.generate_key()).seal("the old secret")
        conn.execute(
            update(subscriptions).where(subscriptions.c.id == made["id"]).values(secret_sealed=other)
        )
    service.post("monitor", "/api/v1/reports", json=report("a"))
    service.run_worker()
    with service.store.engine.connect() as conn:
        row = conn.execute(select(deliveries)).mappings().one()
    assert row["state"] == "dead" and row["attempts"] == 1 and "cannot be sent" in row["last_error"]
    assert service.run_worker()["sent"] == 0 and service.webhooks.sent == []
    dead = service.get("coordinator", "/api/v1/deliveries/dead").json()
    assert [d["id"] for d in dead] == [row["id"]]


@SQLITE
def test_keys_rotate_reseals_every_secret_under_a_new_key(store_url: str, tmp_path: Path) -> None:
    key_file, audit_file = tmp_path / "secret.key", tmp_path / "audit.key"
    settings = Settings(database_url=store_url, secret_key_file=key_file, audit_key_file=audit_file,
                        cache_dir=tmp_path / "cache")  # fmt: skip
    store = Store.open(store_url)
    app = create_service(settings, store)
    with store.transaction() as conn:
        add_account(conn, "coord", "coordinator")
        token = create_token(conn, "coord")
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(app) as client:
        body = report("r", source_type="public", reporter={"name": "Amal", "contact": "+963 1"})
        assert client.post("/api/v1/reports", headers=headers, json=body).status_code == 201
        client.post("/api/v1/subscriptions", headers=headers, json={
            "account": "coord", "channel": "webhook", "address": "https://ops.example.org/h", "secret": "s" * 20})  # fmt: skip
    old = key_file.read_bytes()
    env = {"CEASEFIRE_SECRET_KEY_FILE": str(key_file), "CEASEFIRE_AUDIT_KEY_FILE": str(audit_file)}
    rotated = CliRunner().invoke(cli, ["keys", "rotate", "--db", store_url], env=env)
    assert rotated.exit_code == 0, rotated.output
    assert "re-sealed 1 reporter(s) and 1 webhook secret(s)" in rotated.output
    assert key_file.read_bytes() != old and old.strip() not in key_file.read_bytes()
    fresh, stale = sealer_from(settings), Sealer(old.strip())
    with store.engine.connect() as conn:
        sealed = conn.execute(select(reports.c.reporter_sealed)).scalar_one()
        secret = conn.execute(select(subscriptions.c.secret_sealed)).scalar_one()
    assert fresh.open(sealed) == {"name": "Amal", "contact": "+963 1"} and fresh.open(secret) == "s" * 20
    with pytest.raises(ConfigError):
        stale.open(sealed)
    store.close()


def create_service(settings: Settings, store: Store) -> Any:
    from ceasefire.web import create_app

    return create_app(settings, store=store, gazetteer=MemoryGazetteer(), webhooks=MemoryWebhooks(),
                      mailer=MemoryMailer(), coder=fake_coder, worker=False)  # fmt: skip


# -- 8. a typo never turns a safeguard off ----------------------------------------------------------


@pytest.mark.parametrize("value", ["ture", "flase", "2", "", "enabled"])
def test_an_unknown_boolean_is_a_config_error_naming_the_variable(value: str) -> None:
    with pytest.raises(ConfigError, match="CEASEFIRE_SMTP_STARTTLS"):
        Settings.from_env({"CEASEFIRE_SMTP_STARTTLS": value})


@pytest.mark.parametrize(("value", "meant"), [("true", True), ("TRUE", True), ("1", True), ("yes", True),
                                              ("on", True), ("false", False), ("0", False), ("No", False)])  # fmt: skip
def test_the_boolean_spellings_read_as_meant(value: str, meant: bool) -> None:
    assert Settings.from_env({"CEASEFIRE_SMTP_STARTTLS": value}).smtp_starttls is meant


def test_a_bad_webhook_allow_list_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="CEASEFIRE_WEBHOOK_ALLOW"):
        Settings.from_env({"CEASEFIRE_WEBHOOK_ALLOW": "10.0.0.0/8, not a host!"})


# -- 9. one clock ----------------------------------------------------------------------------------

#: the service's modules: time comes from ``monitor/clock.py`` only
SERVICE_MODULES = [p for p in (ROOT / "ceasefire" / "monitor").glob("*.py") if p.name != "clock.py"] + sorted(
    (ROOT / "ceasefire" / "web").glob("api_*.py")) + [ROOT / "ceasefire" / "web" / "errors.py"] + sorted(
    (ROOT / "ceasefire" / "exports").glob("*.py"))  # fmt: skip
WALL_CLOCK = re.compile(r"datetime\.now\(|datetime\.utcnow\(|date\.today\(|time\.time\(\)")


@pytest.mark.parametrize("module", SERVICE_MODULES, ids=lambda p: p.name)
def test_the_service_reads_time_only_from_its_clock(module: Path) -> None:
    found = [f"{module.name}:{n}: {line.strip()}" for n, line in enumerate(module.read_text().splitlines(), 1)
             if WALL_CLOCK.search(line)]  # fmt: skip
    assert found == []


@SQLITE
def test_moving_the_clock_moves_the_service(service: Service, moved: clock.ManualClock) -> None:
    """Deadlines, spike windows and stored times follow the clock in use, not the wall clock."""
    moved.advance(days=-30)  # the service replays a month ago
    _near_site_rule(service, ack_minutes=5)
    service.post("coordinator", "/api/v1/subscriptions",
                 json={"account": "monitor", "channel": "email", "address": "m@example.org"})  # fmt: skip
    at = clock.now().replace(microsecond=0)
    filed = service.post("monitor", "/api/v1/reports", json=report("a", at=at)).json()
    assert datetime.fromisoformat(filed["received_at"]) == at
    (alert,) = service.get("monitor", "/api/v1/alerts").json()
    assert datetime.fromisoformat(alert["recipients"][0]["due_at"]) == at + timedelta(minutes=5)
    assert alert["state"] == "open"
    moved.advance(minutes=6)
    assert service.get("monitor", "/api/v1/alerts").json()[0]["state"] == "overdue"
