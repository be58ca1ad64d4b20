"""Listing alerts is three queries however many alerts there are, on SQLite and PostgreSQL, and each
listed alert reads as it does alone; the state filter and the limit keep their meaning."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import insert

from ceasefire.monitor import alerts, clock
from ceasefire.monitor.accounts import Account, add_account, get_account
from ceasefire.store import rule_queries
from ceasefire.store.database import Store
from ceasefire.store.tables import alert_recipients, deliveries
from ceasefire.store.tables import alerts as alert_table
from tests.conftest import statements

STATES = ("acknowledged", "overdue", "open")


@pytest.fixture
def staff(store: Store) -> dict[str, Account]:
    with store.transaction() as conn:
        add_account(conn, "coordinator", "coordinator")
        add_account(conn, "party", "party", party="Syrian Arab Army")
        return {name: get_account(conn, name) for name in ("coordinator", "party")}


def _raise(store: Store, staff: dict[str, Account], first: int, count: int) -> None:
    """Alerts ``first`` to ``first + count - 1``, a minute apart, newest last: the coordinator hears
    each (acknowledged, overdue or open in turn), the party every other one; each with two deliveries."""
    now = clock.now()
    coordinator, party = staff["coordinator"], staff["party"]
    with store.transaction() as conn:
        rule_id = rule_queries.add_rule(conn, {"name": f"rule {first}", "kind": "violation", "severity": "high",
                                               "params": {}, "ack_minutes": 30, "active": True, "created_by": "t",
                                               "created_at": now})  # fmt: skip
        subs = [rule_queries.add_subscription(conn, {"account_id": account.id, "channel": "email",
                                                     "address": "duty@mission.example.org", "secret_sealed": None,
                                                     "min_severity": "low", "area": None, "kinds": [], "level": 0,
                                                     "active": True}) for account in (coordinator, party)]  # fmt: skip
        for i in range(first, first + count):
            alert_id = f"alr-{i:04d}"
            conn.execute(insert(alert_table).values(
                id=alert_id, rule_id=rule_id, trigger=f"t{i}", kind="violation", severity="high", title=f"alert {i}",
                detail={"n": i}, incident_id=None, report_id=None, process_id=None, party=None, lat=None, lon=None,
                created_at=now - timedelta(hours=1) + timedelta(minutes=i),
            ))  # fmt: skip
            state = STATES[i % 3]
            due = now - timedelta(minutes=5) if state == "overdue" else now + timedelta(minutes=30)
            acked = now - timedelta(minutes=1) if state == "acknowledged" else None
            rows = [{"alert_id": alert_id, "account_id": coordinator.id, "level": 0, "due_at": due,
                     "acked_at": acked, "escalated_at": None}]  # fmt: skip
            if i % 2 == 0:
                rows.append({"alert_id": alert_id, "account_id": party.id, "level": 1,
                             "due_at": now + timedelta(hours=1), "acked_at": None, "escalated_at": None})  # fmt: skip
            conn.execute(insert(alert_recipients), rows)
            for n, (sub_id, sent) in enumerate(zip(subs, ("sent", "pending"), strict=True)):
                conn.execute(insert(deliveries).values(
                    id=f"dlv-{i:04d}-{n}", alert_id=alert_id, subscription_id=sub_id, channel="email",
                    address="duty@mission.example.org", state=sent, attempts=n, next_at=now, last_error="",
                    created_at=now, sent_at=now if sent == "sent" else None,
                ))  # fmt: skip


def _listing(store: Store, account: Account, **kwargs: Any) -> tuple[list[dict[str, Any]], int]:
    with store.engine.connect() as conn, statements(store.engine) as seen:
        listed = alerts.list_alerts(conn, account, limit=500, **kwargs)
    return listed, sum(1 for sql in seen if sql.lstrip().upper().startswith("SELECT"))


@pytest.mark.parametrize("role", ["coordinator", "party"])
@pytest.mark.parametrize("state", [None, *STATES])
def test_listing_alerts_takes_as_many_queries_for_30_as_for_6(
    store: Store, staff: dict[str, Account], moved: clock.ManualClock, role: str, state: str | None
) -> None:
    _raise(store, staff, 0, 6)
    few, queries_for_few = _listing(store, staff[role], state=state)
    _raise(store, staff, 6, 24)
    many, queries_for_many = _listing(store, staff[role], state=state)
    assert len(many) > len(few) > 0
    assert queries_for_many == queries_for_few == 3


def test_a_listed_alert_reads_as_it_does_alone_newest_first(
    store: Store, staff: dict[str, Account], moved: clock.ManualClock
) -> None:
    _raise(store, staff, 0, 6)
    listed, _ = _listing(store, staff["coordinator"])
    assert [a["id"] for a in listed] == [f"alr-{i:04d}" for i in reversed(range(6))]
    with store.engine.connect() as conn:
        assert listed == [alerts.get_alert(conn, a["id"]) for a in listed]
    newest = listed[0]  # alert 5: open for the coordinator, the party not addressed
    assert newest["state"] == "open" and not newest["acked"]
    assert [(r["account"], r["level"], r["state"]) for r in newest["recipients"]] == [
        ("coordinator", 0, "open")
    ]
    assert newest["deliveries"] == {"pending": 1, "sent": 1}
    four = listed[1]  # alert 4: overdue for the coordinator, open for the party a level above
    assert four["state"] == "overdue"
    assert [(r["account"], r["level"], r["state"], r["escalated"]) for r in four["recipients"]] == [
        ("coordinator", 0, "overdue", False),
        ("party", 1, "open", False),
    ]
    assert list(newest) == ["id", "rule_id", "kind", "severity", "title", "detail", "incident_id", "report_id",
                            "process_id", "created_at", "state", "acked", "recipients", "deliveries"]  # fmt: skip


@pytest.mark.parametrize("state", STATES)
def test_the_state_filter_and_the_limit_keep_their_meaning(
    store: Store, staff: dict[str, Account], moved: clock.ManualClock, state: str
) -> None:
    _raise(store, staff, 0, 12)
    everything, _ = _listing(store, staff["coordinator"])
    in_state, _ = _listing(store, staff["coordinator"], state=state)
    assert in_state == [a for a in everything if a["state"] == state] and len(in_state) == 4
    with store.engine.connect() as conn:  # the limit counts alerts in the state, not alerts read
        assert alerts.list_alerts(conn, staff["coordinator"], state, limit=2) == in_state[:2]
    moved.advance(hours=1)  # every open deadline passes: nothing is open any more
    assert _listing(store, staff["coordinator"], state="open")[0] == []


def test_a_party_lists_only_the_alerts_addressed_to_it(
    store: Store, staff: dict[str, Account], moved: clock.ManualClock
) -> None:
    _raise(store, staff, 0, 6)
    listed, _ = _listing(store, staff["party"])
    assert [a["id"] for a in listed] == ["alr-0004", "alr-0002", "alr-0000"]
