"""The audit log: every change recorded, chained by hash; an edit or a deletion is caught and named."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update
from typer.testing import CliRunner

from ceasefire.cli import app
from ceasefire.monitor import audit
from ceasefire.store.database import Store
from ceasefire.store.tables import audit_log
from tests.monitor.conftest import Service, report


def _actions(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.execute(select(audit_log.c.action).order_by(audit_log.c.seq)).scalars())


def test_changes_are_recorded_in_order_and_the_chain_verifies(service: Service) -> None:
    filed = service.post("monitor", "/api/v1/reports", json=report("a")).json()
    service.post(
        "analyst",
        f"/api/v1/incidents/{filed['incident_id']}/attribute",
        json={"responsible": "X", "why": "y"},
    )
    actions = _actions(service.store)
    assert actions[:2] == ["account.add", "token.create"]
    assert actions[-3:] == ["report.create", "incident.create", "incident.attribute"]
    with service.store.engine.connect() as conn:
        checked = audit.verify(conn)
    assert checked.entries == len(actions) and checked.problems == [] and checked.unkeyed == 0


def test_an_edited_entry_is_named(service: Service) -> None:
    service.post("monitor", "/api/v1/reports", json=report("a"))
    with service.store.transaction() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 3).values(actor="someone-else"))
    with service.store.engine.connect() as conn:
        problems = audit.verify(conn).problems
    assert [p.seq for p in problems] == [3] and "edited" in problems[0].what


def test_a_deleted_entry_is_named_even_when_the_rest_are_rehashed(service: Service) -> None:
    service.post("monitor", "/api/v1/reports", json=report("a"))
    with service.store.transaction() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq == 4))
    with service.store.engine.connect() as conn:
        problems = audit.verify(conn).problems
    assert problems and problems[0].seq == 5 and "4 are missing" in problems[0].what


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_audit_verify_command_fails_naming_a_tampered_entry(service: Service) -> None:
    runner = CliRunner()
    url = service.store.url
    intact = runner.invoke(app, ["audit", "verify", "--db", url])
    assert intact.exit_code == 0 and "chain intact" in intact.output
    with service.store.transaction() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 2).values(data={"label": "forged"}))
    tampered = runner.invoke(app, ["audit", "verify", "--db", url])
    assert tampered.exit_code == 1
    assert "TAMPERED entry 2" in tampered.output


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_users_add_prints_the_token_on_its_last_line_and_it_works(service: Service) -> None:
    runner = CliRunner()
    added = runner.invoke(app, ["users", "add", "nadia", "--role", "analyst", "--db", service.store.url])
    assert added.exit_code == 0, added.output
    token = added.output.strip().splitlines()[-1]
    me = service.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["name"] == "nadia" and me["role"] == "analyst"
    again = runner.invoke(app, ["tokens", "create", "nadia", "--db", service.store.url])
    second = again.output.strip().splitlines()[-1]
    assert (
        second != token
        and service.client.get("/api/v1/me", headers={"Authorization": f"Bearer {second}"}).status_code == 200
    )
    bad = runner.invoke(app, ["users", "add", "x", "--role", "king", "--db", service.store.url])
    assert bad.exit_code == 2 and "unknown role" in bad.output
