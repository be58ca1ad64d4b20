"""Signed-in browsers: server-side sessions behind a signed cookie, CSRF tokens, one-time sign-in links.

The cookie holds a random 256-bit token signed with the session secret (``itsdangerous``); the
store keeps only the token's SHA-256, the account and the session's CSRF token, so signing out (or
an admin deactivating the account) ends the session everywhere at once. A one-time link signs an
account in once, within its lifetime (``make run`` prints one for the demo viewer).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from itsdangerous import BadSignature, TimestampSigner
from sqlalchemy import Connection, delete, insert, select, update

from ceasefire.monitor import audit
from ceasefire.monitor.accounts import Account, account_of, get_account
from ceasefire.monitor.secrets import default_key_file
from ceasefire.settings import Settings
from ceasefire.store.tables import accounts, login_links, web_sessions

COOKIE = "cf_session"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
LINK_MINUTES = 30


@dataclass(frozen=True, slots=True)
class Session:
    account: Account
    csrf: str
    digest: str


def session_secret(settings: Settings) -> bytes:
    """``CEASEFIRE_SESSION_SECRET``, else a key derived from the sealing key (never stored in the database)."""
    if settings.session_secret:
        return settings.session_secret.encode("utf-8")
    if settings.secret_key:
        key = settings.secret_key.encode("ascii")
    else:
        key = (settings.secret_key_file or default_key_file()).read_bytes().strip()
    return hmac.new(key, b"ceasefire dashboard session cookies", hashlib.sha256).digest()


class Cookies:
    """Signs and reads the session cookie's value."""

    def __init__(self, secret: bytes, max_age_s: int) -> None:
        self._signer = TimestampSigner(secret, salt="cf-session")
        self.max_age_s = max_age_s

    def sign(self, token: str) -> str:
        return self._signer.sign(token.encode("ascii")).decode("ascii")

    def token(self, value: str | None) -> str | None:
        if not value or len(value) > 400:
            return None
        try:
            return self._signer.unsign(value, max_age=self.max_age_s).decode("ascii")
        except (BadSignature, UnicodeError):
            return None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def start(conn: Connection, account: Account, hours: float, *, how: str) -> str:
    """A new session for ``account``; returns the token to put (signed) in the cookie."""
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    conn.execute(
        insert(web_sessions).values(digest=_digest(token), account_id=account.id, csrf=secrets.token_urlsafe(32),
                                    created_at=now, expires_at=now + timedelta(hours=hours))
    )  # fmt: skip
    conn.execute(delete(web_sessions).where(web_sessions.c.expires_at < now))
    audit.record(conn, account.name, "session.start", "account", account.id, {"how": how})
    return token


def find(conn: Connection, token: str | None) -> Session | None:
    """The live session behind ``token`` (its account still active), or None."""
    if not token:
        return None
    row = conn.execute(
        select(accounts, web_sessions.c.csrf, web_sessions.c.digest)
        .join(web_sessions, web_sessions.c.account_id == accounts.c.id)
        .where(web_sessions.c.digest == _digest(token), web_sessions.c.expires_at > datetime.now(UTC),
               accounts.c.active.is_(True))
    ).first()  # fmt: skip
    return Session(account_of(row), row.csrf, row.digest) if row is not None else None


def end(conn: Connection, session: Session) -> None:
    conn.execute(delete(web_sessions).where(web_sessions.c.digest == session.digest))
    audit.record(conn, session.account.name, "session.end", "account", session.account.id)


def csrf_ok(session: Session, offered: str | None) -> bool:
    return bool(offered) and hmac.compare_digest(session.csrf, offered or "")


def create_link(conn: Connection, name: str, minutes: int = LINK_MINUTES, *, by: str = "cli") -> str:
    """A token for ``/signin/link/TOKEN`` that signs ``name`` in once, within ``minutes``."""
    account = get_account(conn, name)
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    conn.execute(
        insert(login_links).values(digest=_digest(token), account_id=account.id, created_at=now,
                                   expires_at=now + timedelta(minutes=minutes))
    )  # fmt: skip
    audit.record(conn, by, "login_link.create", "account", account.id, {"minutes": minutes})
    return token


def redeem_link(conn: Connection, token: str) -> Account | None:
    """The account a live, unused link signs in (marking it used), or None."""
    if not token or len(token) > 100:
        return None
    now = datetime.now(UTC)
    used = conn.execute(
        update(login_links)
        .where(login_links.c.digest == _digest(token), login_links.c.used_at.is_(None),
               login_links.c.expires_at > now)
        .values(used_at=now)
    )  # fmt: skip
    if used.rowcount != 1:
        return None
    row = conn.execute(
        select(accounts)
        .join(login_links, login_links.c.account_id == accounts.c.id)
        .where(login_links.c.digest == _digest(token), accounts.c.active.is_(True))
    ).first()  # fmt: skip
    return account_of(row) if row is not None else None
