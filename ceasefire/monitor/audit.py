"""The append-only audit log: every change to reports, incidents, adjudications, rules and accounts.

Each entry carries the hash of the one before it (``prev_hash``) and its own hash over its content
and that link, so editing or deleting any entry breaks the chain from there on; ``verify`` walks the
chain and names the first entry that does not hold. Entries are numbered without gaps (``seq``), so a
deleted entry shows as a missing number even when the hashes after it were recomputed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, text

from ceasefire.monitor.clock import aware
from ceasefire.store.tables import audit_log

GENESIS = "0" * 64
#: the advisory lock key that serialises appends on PostgreSQL
AUDIT_LOCK = 0x63665F61


@dataclass(frozen=True, slots=True)
class Problem:
    seq: int
    what: str

    def __str__(self) -> str:
        return f"entry {self.seq}: {self.what}"


def entry_hash(seq: int, at: datetime, actor: str, action: str, entity: str, entity_id: str, data: Any,
               prev_hash: str) -> str:  # fmt: skip
    body = json.dumps(
        [seq, _stamp(at), actor, action, entity, entity_id, data, prev_hash],
        sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str,
    )  # fmt: skip
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def record(conn: Connection, actor: str, action: str, entity: str, entity_id: object,
           data: dict[str, Any] | None = None) -> int:  # fmt: skip
    """Append one entry in the caller's transaction (so the change and its entry commit together).

    Appends are serialised: SQLite write transactions hold the lock from their start (``BEGIN
    IMMEDIATE``); on PostgreSQL a transaction-scoped advisory lock is taken before the last entry is read.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK})
    last = conn.execute(
        select(audit_log.c.seq, audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)
    ).first()
    seq, prev = (last.seq + 1, last.hash) if last else (1, GENESIS)
    at = datetime.now(UTC).replace(microsecond=0)
    payload = json.loads(json.dumps(data or {}, default=str))
    digest = entry_hash(seq, at, actor, action, entity, str(entity_id), payload, prev)
    conn.execute(
        insert(audit_log).values(seq=seq, at=at, actor=actor, action=action, entity=entity,
                                 entity_id=str(entity_id), data=payload, prev_hash=prev, hash=digest)
    )  # fmt: skip
    return seq


def verify(conn: Connection) -> tuple[int, list[Problem]]:
    """Walk the chain; the number of entries checked and every problem found, in order."""
    problems: list[Problem] = []
    expected_seq, prev = 1, GENESIS
    count = 0
    for row in conn.execute(select(audit_log).order_by(audit_log.c.seq)):
        count += 1
        if row.seq != expected_seq:
            missing = f"{expected_seq}" if row.seq == expected_seq + 1 else f"{expected_seq}-{row.seq - 1}"
            problems.append(Problem(row.seq, f"entries {missing} are missing (deleted)"))
        if row.prev_hash != prev:
            problems.append(
                Problem(row.seq, "does not link to the entry before it (an entry was removed or edited)")
            )
        again = entry_hash(row.seq, aware(row.at), row.actor, row.action, row.entity, row.entity_id, row.data,
                           row.prev_hash)  # fmt: skip
        if again != row.hash:
            problems.append(
                Problem(
                    row.seq,
                    f"content does not match its hash ({row.action} {row.entity} {row.entity_id} was edited)",
                )
            )
        expected_seq, prev = row.seq + 1, row.hash
    return count, problems


def entries(conn: Connection, limit: int = 100, after: int = 0) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(audit_log).where(audit_log.c.seq > after).order_by(audit_log.c.seq).limit(limit)
    )
    return [
        {"seq": r.seq, "at": aware(r.at).isoformat(), "actor": r.actor, "action": r.action, "entity": r.entity,
         "entity_id": r.entity_id, "data": r.data, "hash": r.hash}
        for r in rows
    ]  # fmt: skip


def _stamp(at: datetime) -> str:
    return aware(at).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
