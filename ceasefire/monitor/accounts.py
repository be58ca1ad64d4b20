"""Accounts, their API tokens and passwords. A token is shown once, when made; the store keeps only
its SHA-256. A password is kept only as an argon2id hash (``argon2-cffi``), for signing in to the
dashboard; scripts keep using tokens.

Tokens look like ``cf_`` + 43 url-safe characters (256 bits), so a leaked one is easy to grep for.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from ceasefire.errors import InputError, NotFound, PermissionDenied
from ceasefire.monitor import audit
from ceasefire.monitor.schemas import ROLES
from ceasefire.store.tables import accounts, tokens
from ceasefire.store.writes import inserted_id

PREFIX = "cf_"
#: argon2id with the library's defaults (RFC 9106's second recommended setting)
HASHER = PasswordHasher()
PASSWORD_MIN, PASSWORD_MAX = 10, 1024
#: verified when the account name is unknown, so a wrong name takes as long as a wrong password
_DUMMY_HASH = HASHER.hash("no account has this password")


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


def set_password(conn: Connection, name: str, password: str, *, by: str = "cli") -> Account:
    """Give account ``name`` a password (10 to 1024 characters), replacing any earlier one."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise InputError("password", f"a password is {PASSWORD_MIN} to {PASSWORD_MAX} characters")
    account = get_account(conn, name)
    conn.execute(
        update(accounts).where(accounts.c.id == account.id)
        .values(password_hash=HASHER.hash(password), password_set_at=datetime.now(UTC))
    )  # fmt: skip
    audit.record(conn, by, "account.password", "account", account.id, {"name": name})
    return account


def check_password(conn: Connection, name: str, password: str) -> Account:
    """The live account ``name`` when ``password`` is its password, else ``Unauthenticated``.

    The message never says which of the two was wrong. A hash made with older parameters is
    replaced by one made with the current ones.
    """
    row = conn.execute(select(accounts).where(accounts.c.name == name, accounts.c.active.is_(True))).first()
    stored = row.password_hash if row is not None and row.password_hash else _DUMMY_HASH
    try:
        HASHER.verify(stored, password[:PASSWORD_MAX])
    except (VerificationError, InvalidHashError) as exc:
        raise Unauthenticated("wrong account name or password") from exc
    if row is None or not row.password_hash:
        raise Unauthenticated("wrong account name or password")
    if HASHER.check_needs_rehash(stored):
        conn.execute(
            update(accounts).where(accounts.c.id == row.id).values(password_hash=HASHER.hash(password))
        )
    return _account(row)


def account_of(row: Any) -> Account:
    """An ``Account`` from a row of the accounts table (sessions join it)."""
    return _account(row)


def _account(row: Any) -> Account:
    return Account(row.id, row.name, row.role, row.party, row.email)
