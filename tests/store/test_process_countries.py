"""The countries each process names, kept beside it (SQLite and PostgreSQL): written on save, filled
in by migration 0008 for older stores, and narrowing the ceasefires a breach report is checked against
without changing which one it finds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, insert, select

from ceasefire.monitor import incidents
from ceasefire.registry.process import Process
from ceasefire.registry.store import save_process
from ceasefire.store.database import Store
from ceasefire.store.process_countries import ANY_COUNTRY
from ceasefire.store.tables import process_countries, processes

TODAY = date.today()
IDLIB = (35.93, 36.63)


def _rows(store: Store) -> set[tuple[str, str]]:
    with store.engine.connect() as conn:
        return {(r.process_id, r.country) for r in conn.execute(select(process_countries))}


def _truce(process_id: str, countries: list[str], days_ago: int) -> Process:
    return Process(id=process_id, name=f"{process_id} truce", kind="ceasefire", origin="manual",
                   countries=countries, effective=TODAY - timedelta(days=days_ago))  # fmt: skip


def test_a_saved_process_keeps_a_row_per_country_or_one_for_anywhere(store: Store) -> None:
    with store.transaction() as conn:
        save_process(conn, _truce("p1", ["SY", "LY", "SY"], 5))
    assert _rows(store) == {("p1", "LY"), ("p1", "SY")}
    with store.transaction() as conn:
        save_process(conn, _truce("p1", ["YE"], 5))
    assert _rows(store) == {("p1", "YE")}
    with store.transaction() as conn:
        save_process(conn, _truce("p1", [], 5))
    assert _rows(store) == {("p1", ANY_COUNTRY)}
    with store.transaction() as conn:
        conn.execute(delete(processes).where(processes.c.id == "p1"))
    assert _rows(store) == set()


def test_migration_0008_writes_the_countries_of_processes_stored_before_it(store_url: str) -> None:
    older = Store.open(store_url, migrate=False)
    older.migrate("0007")
    now = datetime.now(UTC)
    stored: list[dict[str, Any]] = [
        {"id": f"p{i:04d}", "name": f"truce {i}", "kind": "ceasefire", "origin": "manual", "confirmed": True,
         "countries": ["SY", "LY"] if i % 3 == 0 else [] if i % 3 == 1 else ["YE"], "areas": [], "terms": {},
         "note": "", "updated_at": now, "effective": TODAY - timedelta(days=1000 - i)}
        for i in range(1001)  # more than one slice of the backfill
    ]  # fmt: skip
    with older.transaction() as conn:
        conn.execute(insert(processes), stored)
    older.migrate()
    rows = _rows(older)
    assert len(rows) == 334 * 2 + 334 + 333
    assert {("p0000", "LY"), ("p0000", "SY"), ("p0001", ANY_COUNTRY), ("p0002", "YE")} <= rows
    with older.engine.connect() as conn:
        found = incidents.find_ceasefire(conn, "YE", *IDLIB, TODAY)
    assert found is not None and found[0] == "p1000"  # the latest begun of those that may bind in Yemen
    older.close()


@pytest.fixture
def truces(store: Store) -> Store:
    with store.transaction() as conn:
        for process in (_truce("sy", ["SY"], 20), _truce("ly-sy", ["LY", "SY"], 10), _truce("ly", ["LY"], 5),
                        _truce("ye", ["YE"], 3), _truce("anywhere", [], 30)):  # fmt: skip
            save_process(conn, process)
    return store


@pytest.mark.parametrize(
    ("country", "read", "found"),
    [
        ("SY", {"sy", "ly-sy", "anywhere"}, "ly-sy"),
        ("LY", {"ly", "ly-sy", "anywhere"}, "ly"),
        ("IQ", {"anywhere"}, "anywhere"),
    ],
    ids=["two-of-its-own", "shared-with-another", "none-of-its-own"],
)
def test_a_breach_report_reads_only_the_ceasefires_that_may_bind_in_its_country(
    truces: Store, monkeypatch: pytest.MonkeyPatch, country: str, read: set[str], found: str
) -> None:
    seen: list[str] = []
    scope_of = incidents.scope_of

    def reading(row: Any) -> Process:
        seen.append(row["id"])
        return scope_of(row)

    monkeypatch.setattr(incidents, "scope_of", reading)
    with truces.engine.connect() as conn:
        linked = incidents.find_ceasefire(conn, country, *IDLIB, TODAY, "ASSAULT")
    assert set(seen) == read
    assert linked is not None and linked[0] == found and f"{country} incident on {TODAY}" in linked[1]
