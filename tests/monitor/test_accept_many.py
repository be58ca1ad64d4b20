"""Storing a batch of reports with a few statements (``accept_many``, as the filer of a service that
leaves placing to its worker does): each report stored once with its audit entry, retries within
and across batches answered with the stored report, and a reused ``client_id`` a conflict that
stores nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cryptography.fernet import Fernet
from sqlalchemy import func, select

from ceasefire.errors import Conflict
from ceasefire.knowledge.gazetteer import MemoryGazetteer
from ceasefire.monitor import audit
from ceasefire.monitor.accounts import Account, add_account
from ceasefire.monitor.locate import Locator
from ceasefire.monitor.reports import Accepted, Offered, accept_many, prepare
from ceasefire.monitor.schemas import ReportIn
from ceasefire.monitor.secrets import Sealer
from ceasefire.store.database import Store
from ceasefire.store.tables import audit_log, reports
from tests.monitor.conftest import report

#: one time for every report here: a resent report is the same report
AT = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def _offer(account: Account, body: dict[str, Any], sealer: Sealer) -> Offered:
    parsed = ReportIn.model_validate(body)
    return Offered(
        parsed, account, "api", None, prepare(parsed, account, "api", Locator(MemoryGazetteer()), sealer)
    )


def _count(store: Store, table: Any) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_batch_is_stored_once_with_its_audit_entries_and_retries_find_it(store: Store) -> None:
    sealer = Sealer(Fernet.generate_key())
    with store.transaction() as conn:
        field = add_account(conn, "field", "monitor")
    entries = _count(store, audit_log)
    first = [_offer(field, report(f"b{i}", at=AT), sealer) for i in range(3)]
    retry_inside = _offer(field, report("b1", at=AT), sealer)  # the same report sent twice in one batch
    with store.transaction() as conn:
        outcomes = accept_many(conn, [*first, retry_inside])
    assert [o.created for o in outcomes if isinstance(o, Accepted)] == [True, True, True, False]
    assert outcomes[3].report["id"] == outcomes[1].report["id"]  # type: ignore[union-attr]
    assert _count(store, reports) == 3 and _count(store, audit_log) == entries + 3
    with store.engine.connect() as conn:
        assert audit.verify(conn).problems == []

    with store.transaction() as conn:  # a later batch: the retries find what the first stored
        again = accept_many(conn, [_offer(field, report(f"b{i}", at=AT), sealer) for i in range(3)])
    assert all(isinstance(o, Accepted) and not o.created for o in again)
    assert [o.report["id"] for o in again] == [o.report["id"] for o in outcomes[:3]]  # type: ignore[union-attr]
    assert _count(store, reports) == 3 and _count(store, audit_log) == entries + 3


def test_a_reused_client_id_is_a_conflict_and_stores_nothing_of_it(store: Store) -> None:
    sealer = Sealer(Fernet.generate_key())
    with store.transaction() as conn:
        field = add_account(conn, "field", "monitor")
        other = add_account(conn, "other", "monitor")
    with store.transaction() as conn:
        accept_many(conn, [_offer(field, report("c1", at=AT), sealer)])
    changed = report("c1", at=AT, text="Other content under the same client id.")
    same_batch = report("c2", at=AT, text="First.")
    with store.transaction() as conn:
        outcomes = accept_many(conn, [
            _offer(field, changed, sealer),  # names the stored c1
            _offer(field, same_batch, sealer),
            _offer(field, report("c2", at=AT, text="Second, under the same id."), sealer),  # names the c2 just above
            _offer(other, report("c1", at=AT), sealer),  # another account's c1 is its own
        ])  # fmt: skip
    assert isinstance(outcomes[0], Conflict) and "client_id 'c1'" in str(outcomes[0])
    assert isinstance(outcomes[1], Accepted) and outcomes[1].created
    assert isinstance(outcomes[2], Conflict)
    assert isinstance(outcomes[3], Accepted) and outcomes[3].created
    with store.engine.connect() as conn:
        texts = sorted(conn.execute(select(reports.c.text)).scalars())
    assert (
        "Other content under the same client id." not in texts and "Second, under the same id." not in texts
    )
    assert _count(store, reports) == 3
