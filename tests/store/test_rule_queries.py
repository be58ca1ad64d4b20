"""What alert rules read, as the store's named queries (SQLite and PostgreSQL): a spike's counts in
a window and a scope, the processes whose status moved for a status rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import event, insert, update

from ceasefire.registry.process import Process
from ceasefire.registry.store import save_process
from ceasefire.store import rule_queries
from ceasefire.store.database import Store
from ceasefire.store.tables import incidents, processes

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _incident(incident_id: str, hours_ago: float, country: str, process_id: str | None = None,
              merged_into: str | None = None) -> dict[str, object]:  # fmt: skip
    at = NOW - timedelta(hours=hours_ago)
    return {"id": incident_id, "event_type": "ASSAULT", "first_at": at, "last_at": at, "lat": 35.9, "lon": 36.6,
            "place": None, "country": country, "geo_precision": 1, "time_precision": 1, "grade": "single_source",
            "grade_reason": "", "grade_set_by": None, "responsible": None, "process_id": process_id,
            "verification": None, "reasons": [], "merged_into": merged_into, "created_at": at, "updated_at": at}  # fmt: skip


def test_a_spike_counts_open_incidents_begun_in_its_window_and_scope(store: Store) -> None:
    with store.transaction() as conn:
        conn.execute(insert(incidents), [
            _incident("i1", 1, "SY", "truce"), _incident("i2", 5, "SY"), _incident("i3", 2, "LY"),
            _incident("i4", 3, "SY", merged_into="i1"), _incident("i5", 30, "SY"), _incident("i6", 24, "SY"),
        ])  # fmt: skip
    start = NOW - timedelta(hours=24)
    with store.engine.connect() as conn:
        assert rule_queries.incidents_begun(conn, start, NOW) == 3  # not merged, after the start, until now
        assert rule_queries.incidents_begun(conn, start, NOW, country="SY") == 2
        assert rule_queries.incidents_begun(conn, start, NOW, country="SY", process_id="truce") == 1
        points = rule_queries.points_begun(conn, start, NOW, country="SY")
    assert points == [{"lat": 35.9, "lon": 36.6}] * 2


def test_a_status_rule_hears_of_processes_whose_status_moved_in_its_country(store: Store) -> None:
    with store.transaction() as conn:
        for process_id, countries in (
            ("sy", ["SY"]),
            ("ly-sy", ["LY", "SY"]),
            ("anywhere", []),
            ("ly", ["LY"]),
        ):
            save_process(conn, Process(id=process_id, name=process_id, kind="ceasefire", origin="manual",
                                       countries=countries))  # fmt: skip
        conn.execute(
            update(processes).values(status="fragile", status_since=date(2026, 2, 28), updated_at=NOW)
        )
        conn.execute(
            update(processes).where(processes.c.id == "ly").values(updated_at=NOW - timedelta(days=1))
        )
    since = NOW - timedelta(hours=1)
    with store.engine.connect() as conn:
        everywhere = {p["id"] for p in rule_queries.status_moved(conn, since)}
        in_syria = {p["id"] for p in rule_queries.status_moved(conn, since, country="SY")}
        one = [p["id"] for p in rule_queries.status_moved(conn, since, process_id="sy", country="SY")]
    assert everywhere == {"sy", "ly-sy", "anywhere"}  # ly moved before the rule
    assert in_syria == {"sy", "ly-sy"}  # a process that names no country is not one of Syria's
    assert one == ["sy"]


def _rule(name: str) -> dict[str, object]:
    return {"name": name, "kind": "spike", "severity": "high", "params": {}, "ack_minutes": 30, "active": True,
            "created_by": "test", "created_at": datetime.now(UTC)}  # fmt: skip


def test_active_rules_are_read_once_a_transaction_and_afresh_after_a_change(store: Store) -> None:
    reads: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "alert_rules" in statement:
            reads.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        with store.transaction() as conn:
            first = rule_queries.add_rule(conn, _rule("one"))
            assert [r["id"] for r in rule_queries.active_rules(conn)] == [first]
            assert [r["id"] for r in rule_queries.active_rules(conn)] == [first]
            assert len(reads) == 1  # read once in this transaction
            second = rule_queries.add_rule(conn, _rule("two"))  # a change: read afresh
            assert [r["id"] for r in rule_queries.active_rules(conn)] == [first, second]
            rule_queries.deactivate_rule(conn, first)
            assert [r["id"] for r in rule_queries.active_rules(conn)] == [second]
        with store.transaction() as conn:  # another transaction reads for itself
            before = len(reads)
            assert [r["id"] for r in rule_queries.active_rules(conn)] == [second]
            assert len(reads) == before + 1
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
