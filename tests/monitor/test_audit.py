"""The audit log: every change recorded, chained by hash; an edit or a deletion is caught and named."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, event, select, update
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


def test_entries_appended_together_go_in_order_with_one_statement_and_the_chain_verifies(
    service: Service,
) -> None:
    inserts: list[int] = []

    def count(_conn: Any, _cursor: Any, statement: str, params: Any, _context: Any, many: bool) -> None:
        if statement.startswith("INSERT INTO audit_log"):
            inserts.append(len(params) if many else 1)

    event.listen(service.store.engine, "before_cursor_execute", count)
    try:
        with service.store.transaction() as conn, audit.appended_together(conn):
            for n in range(3):
                audit.record(conn, "system", f"test.step{n}", "test", n)
            assert inserts == []  # not yet: at the end of the block
    finally:
        event.remove(service.store.engine, "before_cursor_execute", count)
    assert inserts == [3]
    assert _actions(service.store)[-3:] == ["test.step0", "test.step1", "test.step2"]
    with service.store.engine.connect() as conn:
        assert audit.verify(conn).problems == []


def test_entries_waiting_to_be_appended_are_dropped_with_their_transaction(service: Service) -> None:
    before = _actions(service.store)
    with pytest.raises(RuntimeError), service.store.transaction() as conn, audit.appended_together(conn):
        audit.record(conn, "system", "test.lost", "test", 1)
        raise RuntimeError("the change broke")
    assert _actions(service.store) == before
    with service.store.transaction() as conn:  # and the next transaction appends at once again
        audit.record(conn, "system", "test.kept", "test", 2)
    assert _actions(service.store)[-1] == "test.kept"


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


# -- keyed entries and anchors ---------------------------------------------------------------------


def _rewrite_from(store: Store, first: int, *, keep_macs: bool) -> None:
    """What someone with the store but not the key can do: edit entry ``first`` and recompute every
    plain hash from there on, so the SHA-256 chain holds again."""
    with store.transaction() as conn:
        rows = conn.execute(select(audit_log).where(audit_log.c.seq >= first).order_by(audit_log.c.seq)).all()
        prev = conn.execute(select(audit_log.c.hash).where(audit_log.c.seq == first - 1)).scalar_one()
        for row in rows:
            actor = "someone-else" if row.seq == first else row.actor
            digest = audit.entry_hash(row.seq, row.at, actor, row.action, row.entity, row.entity_id, row.data,
                                      prev, row.token_id)  # fmt: skip
            conn.execute(update(audit_log).where(audit_log.c.seq == row.seq).values(
                actor=actor, prev_hash=prev, hash=digest, mac=row.mac if keep_macs else None))  # fmt: skip
            prev = digest


@pytest.mark.parametrize("keep_macs", [True, False], ids=["macs-kept", "macs-dropped"])
def test_a_log_rehashed_from_an_entry_on_is_caught_by_the_keyed_hmacs(
    service: Service, keep_macs: bool
) -> None:
    for i in range(3):
        service.post("monitor", "/api/v1/reports", json=report(f"r{i}", point=(35.0 + i, 36.0)))
    _rewrite_from(service.store, 5, keep_macs=keep_macs)
    with service.store.engine.connect() as conn:
        checked = audit.verify(conn)
    assert checked.problems and checked.problems[0].seq == 5
    assert all("HMAC" in p.what for p in checked.problems)


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_an_anchor_names_a_log_cut_short_or_rewritten_since(service: Service, tmp_path: Path) -> None:
    runner = CliRunner()
    url = service.store.url
    service.post("monitor", "/api/v1/reports", json=report("a"))
    made = runner.invoke(app, ["audit", "anchor", "--db", url])
    assert made.exit_code == 0, made.output
    anchor = tmp_path / "anchor.json"
    anchor.write_text(made.output)
    head = json.loads(made.output)
    assert head["seq"] > 3 and len(head["signature"]) == 64
    service.post("monitor", "/api/v1/reports", json=report("b", point=(36.5, 37.0)))
    assert runner.invoke(app, ["audit", "verify", "--anchor", str(anchor), "--db", url]).exit_code == 0

    with service.store.transaction() as conn:  # the newest entries deleted: the chain itself still holds
        conn.execute(delete(audit_log).where(audit_log.c.seq >= head["seq"] - 1))
    assert runner.invoke(app, ["audit", "verify", "--db", url]).exit_code == 0
    cut = runner.invoke(app, ["audit", "verify", "--anchor", str(anchor), "--db", url])
    assert cut.exit_code == 1 and "cut off" in cut.output, cut.output

    forged = {**head, "seq": 2}
    wrong = runner.invoke(app, ["audit", "verify", "--anchor", json.dumps(forged), "--db", url])
    assert wrong.exit_code == 1 and "signature" in wrong.output


def test_an_anchor_names_a_whole_log_rewritten_without_the_key(service: Service) -> None:
    service.post("monitor", "/api/v1/reports", json=report("a"))
    with service.store.engine.connect() as conn:
        head = audit.anchor(conn)
    _rewrite_from(service.store, 1 + 1, keep_macs=False)
    with service.store.transaction() as conn:  # every HMAC gone: the log looks as if never keyed
        conn.execute(update(audit_log).values(mac=None))
    with service.store.engine.connect() as conn:
        assert audit.verify(conn).problems == []  # without an anchor nothing tells
        anchored = audit.verify(conn, anchor=head).problems
    assert anchored and "rewritten" in anchored[0].what


# -- tokens ----------------------------------------------------------------------------------------


def test_the_audit_log_names_the_token_each_change_was_made_with(service: Service) -> None:
    made = service.post("admin", "/api/v1/accounts/monitor/tokens", json={"label": "phone"}).json()
    headers = {"Authorization": f"Bearer {made['token']}"}
    assert service.client.post("/api/v1/reports", headers=headers, json=report("a")).status_code == 201
    entries = service.get("admin", "/api/v1/audit", params={"limit": 1000}).json()
    created = next(e for e in entries if e["action"] == "report.create")
    assert created["actor"] == "monitor" and created["token_id"] == made["token_id"]
    with service.store.engine.connect() as conn:
        assert audit.verify(conn).problems == []


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_tokens_are_listed_by_id_and_revoked_and_accounts_disabled_from_the_command_line(
    service: Service,
) -> None:
    runner = CliRunner()
    url = service.store.url
    added = runner.invoke(app, ["users", "add", "field-9", "--role", "monitor", "--db", url])
    first = added.output.strip().splitlines()[-1]
    token_id = int(re.search(r"API token (\d+):", added.output).group(1))  # type: ignore[union-attr]
    second = runner.invoke(app, ["tokens", "create", "field-9", "--label", "phone", "--db", url])
    assert re.search(r"new token \d+ for field-9:", second.output)
    listed = json.loads(runner.invoke(app, ["tokens", "list", "field-9", "--json", "--db", url]).output)
    assert (listed[0]["id"], listed[0]["label"], listed[0]["live"]) == (token_id, "first", True)
    assert first not in json.dumps(listed)
    assert runner.invoke(app, ["tokens", "revoke", str(token_id), "--db", url]).exit_code == 0
    assert service.client.get("/api/v1/me", headers={"Authorization": f"Bearer {first}"}).status_code == 401
    phone = {"Authorization": f"Bearer {second.output.strip().splitlines()[-1]}"}
    assert service.client.get("/api/v1/me", headers=phone).status_code == 200
    assert runner.invoke(app, ["users", "disable", "field-9", "--db", url]).exit_code == 0
    assert service.client.get("/api/v1/me", headers=phone).status_code == 401
    actions = _actions(service.store)
    assert actions[-2:] == ["token.revoke", "account.disable"]


def test_admins_list_tokens_and_disable_accounts_over_the_api(service: Service) -> None:
    made = service.post("admin", "/api/v1/accounts", json={"name": "temp", "role": "viewer"}).json()
    assert isinstance(made["token_id"], int)
    listed = service.get("admin", "/api/v1/tokens", params={"name": "temp"}).json()
    assert [t["id"] for t in listed] == [made["token_id"]] and "token" not in listed[0]
    assert service.post("admin", "/api/v1/accounts/temp/disable").status_code == 200
    assert (
        service.client.get("/api/v1/me", headers={"Authorization": f"Bearer {made['token']}"}).status_code
        == 401
    )
