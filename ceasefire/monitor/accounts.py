"""Accounts and their API tokens. A token is shown once, when made; the store keeps only its SHA-256.

Tokens look like ``cf_`` + 43 url-safe characters (256 bits), so a leaked one is easy to grep for.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from ceasefire.errors import InputError, NotFound, PermissionDenied
from ceasefire.monitor import audit
from ceasefire.monitor.schemas import ROLES
from ceasefire.store.tables import accounts, tokens
from ceasefire.store.writes import inserted_id

PREFIX = "cf_"


class Unauthenticated(PermissionDenied):
    """No token, or one that is unknown or revoked (HTTP 401, where a wrong role is 403)."""


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    name: str
    role: str
    party: str | None = None
    email: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "role": self.role, "party": self.party, "email": self.email}


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_account(conn: Connection, name: str, role: str, *, party: str | None = None, email: str | None = None,
                by: str = "cli") -> Account:  # fmt: skip
    """A new account; a ``party`` account must name its party, and only it may."""
    if role not in ROLES:
        raise InputError("role", f"unknown role {role!r}; one of {', '.join(ROLES)}")
    if (role == "party") != bool(party):
        raise InputError("party", "a party account names its party (--party), and only a party account does")
    if not name.strip() or len(name) > 100:
        raise InputError("name", "an account name is 1 to 100 characters")
    try:
        with conn.begin_nested():
            found = conn.execute(
                insert(accounts).values(name=name, role=role, party=party, email=email, active=True,
                                        created_at=datetime.now(UTC))
            )  # fmt: skip
    except IntegrityError as exc:
        raise InputError("name", f"an account named {name!r} exists already") from exc
    account = Account(inserted_id(found), name, role, party, email)
    audit.record(conn, by, "account.add", "account", account.id, {"name": name, "role": role, "party": party})
    return account


def create_token(conn: Connection, name: str, label: str = "", *, by: str = "cli") -> str:
    """A new token for account ``name``; the only time it can be read."""
    account = get_account(conn, name)
    token = PREFIX + secrets.token_urlsafe(32)
    conn.execute(
        insert(tokens).values(account_id=account.id, digest=digest(token), label=label or "token",
                              created_at=datetime.now(UTC))
    )  # fmt: skip
    audit.record(conn, by, "token.create", "account", account.id, {"label": label or "token"})
    return token


def revoke_token(conn: Connection, token_id: int, *, by: str) -> None:
    done = conn.execute(
        update(tokens)
        .where(tokens.c.id == token_id, tokens.c.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC))
    )
    if not done.rowcount:
        raise NotFound(f"no live token {token_id}")
    audit.record(conn, by, "token.revoke", "token", token_id)


def get_account(conn: Connection, name: str) -> Account:
    row = conn.execute(select(accounts).where(accounts.c.name == name)).first()
    if row is None:
        raise NotFound(f"no account named {name!r}")
    return _account(row)


def list_accounts(conn: Connection) -> list[Account]:
    return [_account(r) for r in conn.execute(select(accounts).order_by(accounts.c.id))]


def authenticate(conn: Connection, token: str | None) -> Account:
    """The live account behind ``token``, or ``Unauthenticated``."""
    if not token or not token.startswith(PREFIX) or len(token) > 200:
        raise Unauthenticated("no API token: send `Authorization: Bearer cf_...`")
    row = conn.execute(
        select(accounts)
        .join(tokens, tokens.c.account_id == accounts.c.id)
        .where(tokens.c.digest == digest(token), tokens.c.revoked_at.is_(None), accounts.c.active.is_(True))
    ).first()
    if row is None:
        raise Unauthenticated("unknown or revoked API token")
    return _account(row)


def _account(row: Any) -> Account:
    return Account(row.id, row.name, row.role, row.party, row.email)
