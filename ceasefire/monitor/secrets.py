"""The key that seals what must never be readable from the database alone.

Reporters' names and contacts, and the secrets webhooks are signed with, are stored sealed with
Fernet (AES-128-CBC + HMAC-SHA256). The key comes from ``CEASEFIRE_SECRET_KEY`` or a key file
(``CEASEFIRE_SECRET_KEY_FILE``, by default ``secret.key`` in the user config directory, created with
mode 0600 on first use); it is never written to the store. Losing the key loses the sealed values,
and only those.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import platformdirs
from cryptography.fernet import Fernet, InvalidToken

from ceasefire.errors import ConfigError
from ceasefire.settings import Settings


def default_key_file() -> Path:
    return Path(platformdirs.user_config_dir("ceasefire")) / "secret.key"


class Sealer:
    """Seals and opens small JSON values with one Fernet key."""

    def __init__(self, key: bytes) -> None:
        try:
            self._fernet = Fernet(key)
        except (ValueError, TypeError) as exc:
            raise ConfigError(
                "CEASEFIRE_SECRET_KEY is not a Fernet key (32 url-safe base64-encoded bytes); "
                "make one with `python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`"
            ) from exc

    def seal(self, value: Any) -> str:
        return self._fernet.encrypt(json.dumps(value, sort_keys=True).encode("utf-8")).decode("ascii")

    def open(self, sealed: str) -> Any:
        try:
            return json.loads(self._fernet.decrypt(sealed.encode("ascii")))
        except InvalidToken as exc:
            raise ConfigError(
                "a sealed value cannot be opened with this key: was the secret key changed?"
            ) from exc


def sealer_from(settings: Settings) -> Sealer:
    """The sealer for ``settings``: the key itself, else the key file (made on first use)."""
    if settings.secret_key:
        return Sealer(settings.secret_key.encode("ascii"))
    path = settings.secret_key_file or default_key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first
        else:
            with os.fdopen(fd, "wb") as out:
                out.write(Fernet.generate_key())
    try:
        return Sealer(path.read_bytes().strip())
    except OSError as exc:
        raise ConfigError(f"cannot read the secret key file {path}: {exc.strerror}") from exc
