"""The append-only audit log: every change to reports, incidents, adjudications, rules and accounts.

Each entry carries the hash of the one before it (``prev_hash``) and its own hash over its content
and that link, so editing or deleting any entry breaks the chain from there on. Entries are numbered
without gaps (``seq``), so a deleted entry shows as a missing number.

A plain hash chain can be rewritten whole by anyone who can write to the store, and cut short
without a trace. So each entry also carries ``mac``, an HMAC of ``seq:hash`` under the audit key,
which lives outside the store (``secrets.audit_key``): an entry rewritten without the key does not
verify. ``anchor`` prints a signed head (the last entry's number, hash and HMAC) that a joint
commission keeps; ``verify(anchor=...)`` then names a log cut short or rewritten before it.
Entries written before keying (migration 0007) have no ``mac``; one without a ``mac`` after a keyed
one is a problem.

Each entry names who made the change and, when it came through the API, the token used.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, text

from ceasefire.errors import InputError
from ceasefire.monitor import clock
from ceasefire.monitor.clock import aware
from ceasefire.store.tables import audit_log

GENESIS = "0" * 64
#: the advisory lock key that serialises appends on PostgreSQL
AUDIT_LOCK = 0x63665F61
ANCHOR_VERSION = 1

_LAST = select(audit_log.c.seq, audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)
_INSERT = insert(audit_log)
#: the head this connection's open transaction appended last (a later append needs no lookup)
_HEAD = "ceasefire.audit.head"
#: entries waiting to be appended together (``appended_together``)
_PENDING = "ceasefire.audit.pending"


@dataclass(frozen=True, slots=True)
class Problem:
    seq: int
    what: str

    def __str__(self) -> str:
        return f"entry {self.seq}: {self.what}"


@dataclass(frozen=True, slots=True)
class Checked:
    entries: int
    problems: list[Problem]
    #: entries written before the log was keyed (no ``mac``)
    unkeyed: int = 0


# -- the key: the service and the command line put theirs in; otherwise read from the environment --

_key: bytes | None = None
_key_lock = threading.Lock()


def use_key(key: bytes | None) -> None:
    """Key entries with ``key`` from now on (``None``: read it from the environment when needed)."""
    global _key
    with _key_lock:
        _key = key


def current_key() -> bytes:
    global _key
    with _key_lock:
        if _key is None:
            from ceasefire.monitor.secrets import audit_key
            from ceasefire.settings import Settings

            _key = audit_key(Settings.from_env())
        return _key


def mac(key: bytes, seq: int, digest: str) -> str:
    return hmac.new(key, f"{seq}:{digest}".encode("ascii"), hashlib.sha256).hexdigest()


# -- writing ----------------------------------------------------------------------------------------


def entry_hash(seq: int, at: datetime, actor: str, action: str, entity: str, entity_id: str, data: Any,
               prev_hash: str, token_id: int | None = None) -> str:  # fmt: skip
    fields: list[Any] = [seq, _stamp(at), actor, action, entity, entity_id, data, prev_hash]
    if token_id is not None:  # entries from before tokens were named hash as they always did
        fields.append({"token": token_id})
    body = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def record(conn: Connection, actor: Any, action: str, entity: str, entity_id: object,
           data: dict[str, Any] | None = None) -> None:  # fmt: skip
    """Append one entry in the caller's transaction (so the change and its entry commit together).

    ``actor`` is a name, or an account (``accounts.Account``): then the entry also names the token
    it signed in with. Appends are serialised: SQLite write transactions hold the lock from their
    start (``BEGIN IMMEDIATE``); on PostgreSQL a transaction-scoped advisory lock is taken before
    the last entry is read. Inside ``appended_together`` the entry waits for the others.
    """
    entry: Entry = (actor, action, entity, entity_id, data)
    pending: list[Entry] | None = conn.info.get(_PENDING)
    if pending is not None:
        pending.append(entry)
    else:
        record_many(conn, [entry])


@contextmanager
def appended_together(conn: Connection) -> Iterator[None]:
    """The entries ``record`` is given inside are appended, in order, with one statement when the
    block ends (a transaction that records many: the worker placing a batch of reports). Not for a
    block with savepoints: an entry of a change rolled back would still be appended."""
    pending: list[Entry] = []
    conn.info[_PENDING] = pending
    try:
        yield
    finally:
        conn.info.pop(_PENDING, None)
    record_many(conn, pending)


#: one entry to append: (actor, action, entity, entity id, data)
Entry = tuple[Any, str, str, object, "dict[str, Any] | None"]


def record_many(conn: Connection, entries: list[Entry]) -> list[int]:
    """Append ``entries`` in order, as ``record`` appends one, with one statement; their numbers."""
    if not entries:
        return []
    transaction = conn.get_transaction()
    held = conn.info.get(_HEAD)
    if held is not None and held[0] is transaction:  # this transaction appended before: it holds the lock
        seq, prev = held[1], held[2]
    else:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK})
        last = conn.execute(_LAST).first()
        seq, prev = (last.seq, last.hash) if last else (0, GENESIS)
    at = clock.now().replace(microsecond=0)
    key = current_key()
    rows: list[dict[str, Any]] = []
    for actor, action, entity, entity_id, data in entries:
        name = actor if isinstance(actor, str) else str(actor.name)
        token_id = None if isinstance(actor, str) else getattr(actor, "token_id", None)
        payload = json.loads(json.dumps(data or {}, default=str))
        seq += 1
        digest = entry_hash(seq, at, name, action, entity, str(entity_id), payload, prev, token_id)
        rows.append({"seq": seq, "at": at, "actor": name, "action": action, "entity": entity,
                     "entity_id": str(entity_id), "data": payload, "prev_hash": prev, "hash": digest,
                     "mac": mac(key, seq, digest), "token_id": token_id})  # fmt: skip
        prev = digest
    conn.execute(_INSERT, rows if len(rows) > 1 else rows[0])
    conn.info[_HEAD] = (transaction, seq, prev)
    return [int(r["seq"]) for r in rows]


# -- checking ---------------------------------------------------------------------------------------


def verify(conn: Connection, key: bytes | None = None, anchor: dict[str, Any] | None = None) -> Checked:
    """Walk the chain; every problem found, in order. With ``key`` (default: the audit key in use)
    each entry's HMAC is checked too; with ``anchor`` (from ``anchor``), the log is checked against it."""
    key = key or current_key()
    problems: list[Problem] = []
    expected_seq, prev = 1, GENESIS
    count = unkeyed = 0
    keyed_seen = False
    anchored: Any = None
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
                           row.prev_hash, row.token_id)  # fmt: skip
        if again != row.hash:
            problems.append(
                Problem(
                    row.seq,
                    f"content does not match its hash ({row.action} {row.entity} {row.entity_id} was edited)",
                )
            )
        if row.mac is None:
            unkeyed += 1
            if keyed_seen:
                problems.append(Problem(row.seq, "carries no HMAC after keyed entries (it was rewritten)"))
        else:
            keyed_seen = True
            if not hmac.compare_digest(row.mac, mac(key, row.seq, row.hash)):
                problems.append(
                    Problem(row.seq, "its HMAC does not match: rewritten by someone without the audit key "
                                     "(or checked with another key)")
                )  # fmt: skip
        if anchor is not None and row.seq == anchor["seq"]:
            anchored = row
        expected_seq, prev = row.seq + 1, row.hash
    if anchor is not None:
        problems += _against_anchor(anchor, anchored, expected_seq - 1, key)
    return Checked(count, problems, unkeyed)


def _against_anchor(anchor: dict[str, Any], row: Any, last_seq: int, key: bytes) -> list[Problem]:
    seq = int(anchor["seq"])
    if not hmac.compare_digest(str(anchor.get("signature", "")), _sign(key, anchor)):
        return [Problem(seq, "the anchor's signature does not match the audit key: it was not made here")]
    if row is None:
        if last_seq < seq:
            return [Problem(seq, f"the log ends at entry {last_seq}, but the anchor of {anchor['at']} names "
                                 f"entry {seq}: entries {last_seq + 1}-{seq} or more were cut off")]  # fmt: skip
        return [Problem(seq, "the anchored entry is missing (deleted)")]
    if row.hash != anchor["hash"]:
        return [Problem(seq, f"differs from the entry anchored on {anchor['at']}: the log was rewritten "
                             f"at or before entry {seq}")]  # fmt: skip
    return []


# -- anchors ----------------------------------------------------------------------------------------


def anchor(conn: Connection, key: bytes | None = None) -> dict[str, Any]:
    """The signed head of the log: its last entry's number, hash and HMAC, when, and a signature
    (HMAC-SHA256 under the audit key) over all of them. Keep it away from the store."""
    key = key or current_key()
    last = conn.execute(select(audit_log).order_by(audit_log.c.seq.desc()).limit(1)).first()
    head: dict[str, Any] = {
        "anchor": ANCHOR_VERSION,
        "seq": last.seq if last else 0,
        "hash": last.hash if last else GENESIS,
        "mac": (last.mac or "") if last else "",
        "at": clock.now().replace(microsecond=0).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    head["signature"] = _sign(key, head)
    return head


def parse_anchor(text_or_json: str) -> dict[str, Any]:
    """An anchor printed by ``anchor`` (the JSON line); ``InputError`` when it is not one."""
    try:
        found = json.loads(text_or_json)
    except ValueError as exc:
        raise InputError(
            "anchor", "not an anchor: give the JSON line `ceasefire audit anchor` printed"
        ) from exc
    needed = {"anchor", "seq", "hash", "at", "signature"}
    if not isinstance(found, dict) or not needed <= set(found) or not isinstance(found["seq"], int):
        raise InputError("anchor", f"an anchor has {', '.join(sorted(needed))}")
    return found


def _sign(key: bytes, head: dict[str, Any]) -> str:
    body = {k: head.get(k) for k in ("anchor", "seq", "hash", "mac", "at")}
    return hmac.new(key, json.dumps(body, sort_keys=True).encode("utf-8"), hashlib.sha256).hexdigest()


# -- reading ----------------------------------------------------------------------------------------


def entries(conn: Connection, limit: int = 100, after: int = 0) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(audit_log).where(audit_log.c.seq > after).order_by(audit_log.c.seq).limit(limit)
    )
    return [
        {"seq": r.seq, "at": aware(r.at).isoformat(), "actor": r.actor, "action": r.action, "entity": r.entity,
         "entity_id": r.entity_id, "data": r.data, "token_id": r.token_id, "hash": r.hash}
        for r in rows
    ]  # fmt: skip


def _stamp(at: datetime) -> str:
    return aware(at).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
