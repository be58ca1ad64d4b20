"""Accounts, their API tokens and passwords. A token is shown once, when made; the store keeps only
its SHA-256. A password is kept only as an argon2id hash (``argon2-cffi``), for signing in to the
dashboard; scripts keep using tokens.

Tokens look like ``cf_`` + 43 url-safe characters (256 bits), so a leaked one is easy to grep for.
Each has a number, shown when it is made and in ``tokens list``, by which it is revoked; the audit
log names the token every change was made with. A disabled account signs in no more.

Names are NFKC-normalised; an account name is letters, digits and ``. _ @ + -`` (no paths, no
spaces), and neither it nor a party name may hold format characters (bidi overrides, zero-width
joiners). A gateway's sender (an e-mail address or phone number) can be bound to an account, so
what it sends through the gateway is filed as that account's (``access.py``).
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from ceasefire.errors import InputError, NotFound, PermissionDenied
from ceasefire.monitor import audit, clock
from ceasefire.monitor.clock import iso_or_none
from ceasefire.monitor.schemas import ACCOUNT_NAME, ROLES, clean_name, hidden_characters
from ceasefire.store.database import forget
from ceasefire.store.tables import accounts, sender_bindings, tokens
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
    #: the API token this account signed in with (None: a dashboard session or the command line)
    token_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "role": self.role, "party": self.party, "email": self.email}


@dataclass(frozen=True, slots=True)
class Issued:
    """A token just made: its number (to list and revoke it by) and its value (shown only now)."""

    id: int
    token: str


_AUTHENTICATE = (
    select(accounts, tokens.c.id.label("token_id"))
    .join(tokens, tokens.c.account_id == accounts.c.id)
    .where(tokens.c.digest == bindparam("digest"), tokens.c.revoked_at.is_(None), accounts.c.active.is_(True))
)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_account(conn: Connection, name: str, role: str, *, party: str | None = None, email: str | None = None,
                by: Any = "cli") -> Account:  # fmt: skip
    """A new account; a ``party`` account must name its party, and only it may."""
    if role not in ROLES:
        raise InputError("role", f"unknown role {role!r}; one of {', '.join(ROLES)}")
    if (role == "party") != bool(party):
        raise InputError("party", "a party account names its party (--party), and only a party account does")
    name = valid_name(name)
    if party is not None:
        party = valid_party(party)
    try:
        with conn.begin_nested():
            found = conn.execute(
                insert(accounts).values(name=name, role=role, party=party, email=email, active=True,
                                        created_at=clock.now())
            )  # fmt: skip
    except IntegrityError as exc:
        raise InputError("name", f"an account named {name!r} exists already") from exc
    account = Account(inserted_id(found), name, role, party, email)
    audit.record(conn, by, "account.add", "account", account.id, {"name": name, "role": role, "party": party})
    return account


def valid_name(name: str) -> str:
    """An account name as stored, or ``InputError`` saying what is wrong with it."""
    if hidden := hidden_characters(name):
        raise InputError("name", f"an account name may not hold format characters ({', '.join(hidden)})")
    cleaned = unicodedata.normalize("NFKC", name).strip()
    if not ACCOUNT_NAME.match(cleaned):
        raise InputError(
            "name",
            "an account name is 1 to 100 letters, digits and . _ @ + -, starting with a letter or digit",
        )
    return cleaned


def valid_party(party: str) -> str:
    if hidden := hidden_characters(party):
        raise InputError("party", f"a party name may not hold format characters ({', '.join(hidden)})")
    cleaned = clean_name(party)
    if not 0 < len(cleaned) <= 200:
        raise InputError("party", "a party name is 1 to 200 characters")
    return cleaned


def create_token(conn: Connection, name: str, label: str = "", *, by: Any = "cli") -> str:
    """A new token for account ``name``; the only time it can be read."""
    return issue_token(conn, name, label, by=by).token


def issue_token(conn: Connection, name: str, label: str = "", *, by: Any = "cli") -> Issued:
    """A new token for account ``name``, with its number."""
    account = get_account(conn, name)
    token = PREFIX + secrets.token_urlsafe(32)
    made = conn.execute(
        insert(tokens).values(account_id=account.id, digest=digest(token), label=label or "token",
                              created_at=clock.now())
    )  # fmt: skip
    token_id = inserted_id(made)
    audit.record(
        conn, by, "token.create", "account", account.id, {"label": label or "token", "token": token_id}
    )
    return Issued(token_id, token)


def revoke_token(conn: Connection, token_id: int, *, by: Any) -> None:
    done = conn.execute(
        update(tokens)
        .where(tokens.c.id == token_id, tokens.c.revoked_at.is_(None))
        .values(revoked_at=clock.now())
    )
    if not done.rowcount:
        raise NotFound(f"no live token {token_id}")
    audit.record(conn, by, "token.revoke", "token", token_id)


def list_tokens(conn: Connection, name: str | None = None) -> list[dict[str, Any]]:
    """Every token (of account ``name``): number, account, label, when made and revoked. Never its value."""
    query = (
        select(tokens.c.id, accounts.c.name, tokens.c.label, tokens.c.created_at, tokens.c.revoked_at)
        .join(accounts, accounts.c.id == tokens.c.account_id)
        .order_by(tokens.c.id)
    )
    if name is not None:
        query = query.where(accounts.c.id == get_account(conn, name).id)
    return [
        {"id": r.id, "account": r.name, "label": r.label, "created_at": iso_or_none(r.created_at),
         "revoked_at": iso_or_none(r.revoked_at), "live": r.revoked_at is None}
        for r in conn.execute(query)
    ]  # fmt: skip


def disable_account(conn: Connection, name: str, *, by: Any = "cli") -> Account:
    """Stop an account: its tokens, password and sessions no longer sign in (it stays, for the record)."""
    account = get_account(conn, name)
    forget(conn)  # a transaction's subscribers, read before, included this account
    conn.execute(update(accounts).where(accounts.c.id == account.id).values(active=False))
    audit.record(conn, by, "account.disable", "account", account.id, {"name": account.name})
    return account


# -- gateway senders --------------------------------------------------------------------------------


def sender_address(value: str) -> str:
    """An e-mail address (lower case) or a phone number (``+`` and digits) as bindings key it."""
    text = unicodedata.normalize("NFKC", value).strip()
    if "@" in text:
        return text.lower()
    digits = "".join(c for c in text if c.isdigit())
    if text.startswith("+"):
        return "+" + digits
    if text.startswith("00"):
        return "+" + digits[2:]
    return digits


def bind_sender(conn: Connection, name: str, address: str, *, by: Any = "cli") -> str:
    """Bind a gateway sender (e-mail address or phone number) to account ``name``."""
    account = get_account(conn, name)
    key = sender_address(address)
    if len(key) < 3 or len(key) > 320:
        raise InputError("address", f"{address!r} is neither an e-mail address nor a phone number")
    try:
        with conn.begin_nested():
            conn.execute(
                insert(sender_bindings).values(address=key, account_id=account.id, created_at=clock.now())
            )
    except IntegrityError as exc:
        raise InputError("address", f"{key} is bound to an account already") from exc
    audit.record(conn, by, "sender.bind", "account", account.id, {"address": key})
    return key


_BOUND = (
    select(accounts)
    .join(sender_bindings, sender_bindings.c.account_id == accounts.c.id)
    .where(sender_bindings.c.address == bindparam("address"), accounts.c.active.is_(True))
)


def bound_account(conn: Connection, address: str | None) -> Account | None:
    """The live account a gateway sender is bound to, if any."""
    if not address:
        return None
    row = conn.execute(_BOUND, {"address": sender_address(address)}).first()
    return _account(row) if row is not None else None


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
    row = conn.execute(_AUTHENTICATE, {"digest": digest(token)}).first()
    if row is None:
        raise Unauthenticated("unknown or revoked API token")
    return Account(row.id, row.name, row.role, row.party, row.email, row.token_id)


def set_password(conn: Connection, name: str, password: str, *, by: str = "cli") -> Account:
    """Give account ``name`` a password (10 to 1024 characters), replacing any earlier one."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise InputError("password", f"a password is {PASSWORD_MIN} to {PASSWORD_MAX} characters")
    account = get_account(conn, name)
    conn.execute(
        update(accounts).where(accounts.c.id == account.id)
        .values(password_hash=HASHER.hash(password), password_set_at=clock.now())
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
