"""The keys that keep what must never be readable, or forgeable, from the database alone.

Reporters' names and contacts, and the secrets webhooks are signed with, are stored sealed with
Fernet (AES-128-CBC + HMAC-SHA256). The sealing key comes from ``CEASEFIRE_SECRET_KEY`` or a key
file (``CEASEFIRE_SECRET_KEY_FILE``, by default ``secret.key`` in the user config directory, created
with mode 0600 on first use); it is never written to the store. A key file may hold several keys,
one a line: the first seals, any opens (so a rotation can be staged). ``ceasefire keys rotate``
re-seals every sealed value under a new key (``rotate``).

A second key, the audit key (``CEASEFIRE_AUDIT_KEY`` or ``CEASEFIRE_AUDIT_KEY_FILE``, by default
``audit.key`` beside the secret key file, made on first use; derived from ``CEASEFIRE_SECRET_KEY``
when only that is set), keys the audit chain's HMACs and anchors (``audit.py``) and the content
hashes that make intake idempotent (``Sealer.digest``): a report's id and stored hash cannot be
recomputed from guessed reporter names. It is not rotated with the sealing key, so neither the
audit chain nor idempotency breaks when the sealing key changes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Connection, select, update

from ceasefire.errors import ConfigError
from ceasefire.settings import Settings
from ceasefire.store.tables import reports, subscriptions


def default_key_file() -> Path:
    return Path(platformdirs.user_config_dir("ceasefire")) / "secret.key"


class Sealer:
    """Seals and opens small JSON values with Fernet keys (the first seals, any opens), and makes
    keyed content hashes."""

    def __init__(self, key: bytes | Sequence[bytes], hash_key: bytes | None = None) -> None:
        keys = [key] if isinstance(key, bytes) else list(key)
        if not keys:
            raise ConfigError("no secret key: set CEASEFIRE_SECRET_KEY or CEASEFIRE_SECRET_KEY_FILE")
        try:
            self._fernet = MultiFernet([Fernet(k) for k in keys])
        except (ValueError, TypeError) as exc:
            raise ConfigError(
                "CEASEFIRE_SECRET_KEY is not a Fernet key (32 url-safe base64-encoded bytes); "
                "make one with `python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`"
            ) from exc
        self._hash_key = hmac.new(hash_key or keys[0], b"ceasefire report content", hashlib.sha256).digest()

    def seal(self, value: Any) -> str:
        return self._fernet.encrypt(json.dumps(value, sort_keys=True).encode("utf-8")).decode("ascii")

    def open(self, sealed: str) -> Any:
        try:
            return json.loads(self._fernet.decrypt(sealed.encode("ascii")))
        except (InvalidToken, UnicodeError, ValueError) as exc:
            raise ConfigError(
                "a sealed value cannot be opened with this key: was the secret key changed? "
                "(`ceasefire keys rotate` re-seals everything under a new key)"
            ) from exc

    def reseal(self, sealed: str) -> str:
        """``sealed`` sealed again under the first key (``ConfigError`` when no key opens it)."""
        try:
            return self._fernet.rotate(sealed.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeError, ValueError) as exc:
            raise ConfigError("a sealed value cannot be opened with any of the keys") from exc

    def digest(self, data: bytes) -> str:
        """HMAC-SHA256 hex of ``data`` under the audit key: a content hash nobody can recompute."""
        return hmac.new(self._hash_key, data, hashlib.sha256).hexdigest()


def sealer_from(settings: Settings) -> Sealer:
    """The sealer for ``settings``: the key itself, else the key file (made on first use)."""
    return Sealer(sealing_keys(settings), audit_key(settings))


def sealing_keys(settings: Settings) -> list[bytes]:
    """The sealing keys, newest first."""
    if settings.secret_key:
        return _keys(settings.secret_key.encode("ascii"), "CEASEFIRE_SECRET_KEY")
    path = key_file(settings)
    _make(path, Fernet.generate_key())
    try:
        return _keys(path.read_bytes(), str(path))
    except OSError as exc:
        raise ConfigError(f"cannot read the secret key file {path.name}: {exc.strerror}") from exc


def key_file(settings: Settings) -> Path:
    return settings.secret_key_file or default_key_file()


def audit_key(settings: Settings) -> bytes:
    """The audit key: given, read from its file (made on first use), or derived from a given secret key."""
    if settings.audit_key:
        return settings.audit_key.encode("utf-8")
    if settings.secret_key and settings.audit_key_file is None:
        return hmac.new(settings.secret_key.encode("ascii"), b"ceasefire audit key", hashlib.sha256).digest()
    path = audit_key_file(settings)
    _make(path, base64.urlsafe_b64encode(secrets.token_bytes(32)))
    try:
        key = path.read_bytes().strip()
    except OSError as exc:
        raise ConfigError(f"cannot read the audit key file {path.name}: {exc.strerror}") from exc
    if len(key) < 32:
        raise ConfigError(f"the audit key in {path.name} is shorter than 32 bytes")
    return key


def audit_key_file(settings: Settings) -> Path:
    return settings.audit_key_file or key_file(settings).with_name("audit.key")


def audit_key_is_derived(settings: Settings) -> bool:
    """True when the audit key comes from the secret key (so rotating that key would change it)."""
    return not settings.audit_key and bool(settings.secret_key) and settings.audit_key_file is None


def _keys(raw: bytes, where: str) -> list[bytes]:
    keys = [line.strip() for line in raw.replace(b",", b"\n").splitlines() if line.strip()]
    if not keys:
        raise ConfigError(f"{where} holds no key")
    return keys


def _make(path: Path, key: bytes) -> None:
    """Write ``key`` to ``path`` (mode 0600) unless the file exists."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process made it first
    with os.fdopen(fd, "wb") as out:
        out.write(key + b"\n")


# -- rotation ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rotated:
    reporters: int
    webhook_secrets: int


def reseal_all(conn: Connection, sealer: Sealer) -> Rotated:
    """Seal every sealed value in the store again under ``sealer``'s first key, in the caller's
    transaction; a value no key opens raises ``ConfigError`` naming it (and the caller rolls back)."""
    counts = {}
    for table, column, label in ((reports, reports.c.reporter_sealed, "report"),
                                 (subscriptions, subscriptions.c.secret_sealed, "subscription")):  # fmt: skip
        done = 0
        for row_id, sealed in conn.execute(select(table.c.id, column).where(column.is_not(None))).all():
            try:
                again = sealer.reseal(sealed)
            except ConfigError as exc:
                raise ConfigError(f"{label} {row_id}: {exc.message}; nothing was changed") from exc
            conn.execute(update(table).where(table.c.id == row_id).values({column.name: again}))
            done += 1
        counts[label] = done
    return Rotated(counts["report"], counts["subscription"])


def write_key_file(path: Path, keys: Sequence[bytes]) -> None:
    """Replace the key file at once (a new file, mode 0600, renamed over the old one)."""
    fresh = path.with_name(path.name + ".new")
    fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(b"".join(k + b"\n" for k in keys))
        out.flush()
        os.fsync(out.fileno())
    os.replace(fresh, path)
