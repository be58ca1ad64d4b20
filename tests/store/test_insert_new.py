"""``insert_new``: one statement that inserts a row unless a unique key of it is stored already, and
says which happened, on SQLite and PostgreSQL alike (PostgreSQL reports no rowcount for inserts)."""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, UniqueConstraint, select

from ceasefire.store.database import Store, insert_new

_probe = Table(
    "insert_new_probe",
    MetaData(),
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", String(32), nullable=False),
    Column("account_id", Integer, nullable=False),
    Column("level", Integer, nullable=False),
    UniqueConstraint("alert_id", "account_id"),
)


def test_a_row_goes_in_once_and_a_clash_on_a_unique_key_is_no_error(store: Store) -> None:
    _probe.create(store.engine)
    with store.transaction() as conn:
        assert insert_new(conn, _probe, {"alert_id": "alr-1", "account_id": 7, "level": 0}) is True
        # the same alert and account (a unique pair), another level: not stored, and no error
        assert insert_new(conn, _probe, {"alert_id": "alr-1", "account_id": 7, "level": 1}) is False
        assert insert_new(conn, _probe, {"alert_id": "alr-1", "account_id": 8, "level": 0}) is True
        # the transaction goes on after the clash (PostgreSQL would abort it on an IntegrityError)
        assert insert_new(conn, _probe, {"id": 1, "alert_id": "alr-2", "account_id": 9, "level": 0}) is False
    with store.engine.connect() as conn:
        rows = conn.execute(select(_probe.c.account_id, _probe.c.level).order_by(_probe.c.account_id)).all()
    assert [tuple(r) for r in rows] == [(7, 0), (8, 0)]
