"""Typed settings, read once at the edge (CLI, service) from ``CEASEFIRE_*`` variables and passed down.

| variable                         | default                           | meaning                                  |
|----------------------------------|-----------------------------------|------------------------------------------|
| CEASEFIRE_MAX_INPUT_BYTES        | 20000000                          | largest input read from a file or URL    |
| CEASEFIRE_FETCH_TIMEOUT          | 20                                | seconds before a URL fetch gives up      |
| CEASEFIRE_CACHE_DIR              | ``$XDG_CACHE_HOME/ceasefire``     | where built indexes (gazetteer) are kept |
| CEASEFIRE_DEDUPE_THRESHOLD       | 0.8                               | MinHash Jaccard above which a document is a near duplicate |
| CEASEFIRE_PROCESSES              | the number of cores               | worker processes for parsing (``extract``, ``ingest``; ``--processes 1`` for one) |
| CEASEFIRE_DATABASE_URL           | ``ceasefire.db`` in the user data directory | the store: ``sqlite:///path`` or ``postgresql+psycopg://...`` |
| CEASEFIRE_SECRET_KEY             | read from CEASEFIRE_SECRET_KEY_FILE | Fernet key sealing reporters' identities and webhook secrets |
| CEASEFIRE_SECRET_KEY_FILE        | ``secret.key`` in the user config directory, made on first use | where the key lives (never in the database) |
| CEASEFIRE_SMTP_HOST / _PORT      | ``localhost`` / 25                 | the mail relay alerts go through          |
| CEASEFIRE_SMTP_SENDER            | ``ceasefire@localhost``            | From: of alert e-mails                    |
| CEASEFIRE_SMTP_USERNAME / _PASSWORD / _STARTTLS | none / none / false | relay login                             |
| CEASEFIRE_AUDIT_KEY              | read from CEASEFIRE_AUDIT_KEY_FILE | key of the audit chain's HMACs and anchors, and of report content hashes |
| CEASEFIRE_AUDIT_KEY_FILE         | ``audit.key`` beside the secret key file, made on first use | where that key lives (never in the database) |
| CEASEFIRE_WEBHOOK_TIMEOUT        | 5                                 | seconds before a webhook delivery gives up |
| CEASEFIRE_WEBHOOK_ALLOW          | empty                             | hosts and networks (``127.0.0.1``, ``10.0.0.0/8``, ``hooks.internal``) webhooks may reach although they are loopback, private or link-local |
| CEASEFIRE_DELIVERY_ATTEMPTS      | 8                                 | tries before a delivery goes to the dead-letter list |
| CEASEFIRE_CLUSTER_KM / _HOURS    | 10 / 6                            | how close in space and time reports must be to share an incident |
| CEASEFIRE_BLUR_DECIMALS          | 1                                 | decimals kept of a monitor's own position in public views (1 is about 11 km) |
| CEASEFIRE_SESSION_SECRET         | derived from the secret key        | signs the dashboard's session cookies     |
| CEASEFIRE_SESSION_HOURS          | 12                                | how long a dashboard sign-in lasts        |
| CEASEFIRE_TILE_URL               | none (country outlines only)      | a tile server the map may use (``https://host/{z}/{x}/{y}.png``) |
| CEASEFIRE_TILE_ATTRIBUTION       | empty                             | the credit line that tile server asks for |
| CEASEFIRE_ASSETS_DIR             | ``ceasefire/web/static/vendor``, else the checkout's ``node_modules`` | where the dashboard's npm packages are read from |
| CEASEFIRE_SERVE_WORKERS          | 1                                 | processes ``ceasefire serve`` answers requests from (one of them runs the alert worker) |

A boolean is one of ``1 true yes on`` or ``0 false no off`` (any case); anything else, like a
number that is not one or a path that is empty, is a ``ConfigError`` naming the variable, so a typo
never turns a safeguard (``CEASEFIRE_SMTP_STARTTLS``) off. Each variable's type is read from the
field's annotation: there is no second table to keep in step.
"""

from __future__ import annotations

import os
import types
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cache
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

from ceasefire.errors import ConfigError

PREFIX = "CEASEFIRE_"


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ceasefire"


@dataclass(frozen=True, slots=True)
class Settings:
    max_input_bytes: int = 20_000_000
    fetch_timeout: float = 20.0
    user_agent: str = "ceasefire/0.1 (+https://github.com/ceasefire)"
    cache_dir: Path = field(default_factory=_default_cache_dir)
    dedupe_threshold: float = 0.8
    processes: int = field(default_factory=lambda: os.cpu_count() or 1)
    database_url: str | None = None
    secret_key: str | None = None
    secret_key_file: Path | None = None
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_sender: str = "ceasefire@localhost"
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    audit_key: str | None = None
    audit_key_file: Path | None = None
    webhook_timeout: float = 5.0
    webhook_allow: str = ""
    delivery_attempts: int = 8
    cluster_km: float = 10.0
    cluster_hours: float = 6.0
    blur_decimals: int = 1
    session_secret: str | None = None
    session_hours: float = 12.0
    tile_url: str | None = None
    tile_attribution: str = ""
    assets_dir: Path | None = None
    serve_workers: int = 1

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Build settings from ``CEASEFIRE_*`` variables; a bad value is a ``ConfigError`` naming it."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(PREFIX + f.name.upper())
            if raw is None:
                continue
            values[f.name] = _convert(f.name, raw, kinds()[f.name])
        settings = cls(**values)
        return replace(settings, **{k: v for k, v in overrides.items() if v is not None})

    def __post_init__(self) -> None:
        if self.max_input_bytes <= 0:
            raise ConfigError(f"CEASEFIRE_MAX_INPUT_BYTES must be positive, got {self.max_input_bytes}")
        if not 0.0 < self.dedupe_threshold <= 1.0:
            raise ConfigError(f"CEASEFIRE_DEDUPE_THRESHOLD must be in (0, 1], got {self.dedupe_threshold}")
        if self.processes < 1:
            raise ConfigError(f"CEASEFIRE_PROCESSES must be at least 1, got {self.processes}")
        if self.delivery_attempts < 1:
            raise ConfigError(f"CEASEFIRE_DELIVERY_ATTEMPTS must be at least 1, got {self.delivery_attempts}")
        if self.cluster_km <= 0 or self.cluster_hours <= 0:
            raise ConfigError("CEASEFIRE_CLUSTER_KM and CEASEFIRE_CLUSTER_HOURS must be positive")
        if not 0 <= self.blur_decimals <= 4:
            raise ConfigError(f"CEASEFIRE_BLUR_DECIMALS must be between 0 and 4, got {self.blur_decimals}")
        if self.serve_workers < 1:
            raise ConfigError(f"CEASEFIRE_SERVE_WORKERS must be at least 1, got {self.serve_workers}")
        if self.session_hours <= 0:
            raise ConfigError(f"CEASEFIRE_SESSION_HOURS must be positive, got {self.session_hours}")
        if self.tile_url and not self.tile_url.startswith(("http://", "https://", "/")):
            raise ConfigError(f"CEASEFIRE_TILE_URL must be an http(s) URL or a path, got {self.tile_url!r}")
        if self.webhook_timeout <= 0:
            raise ConfigError(f"CEASEFIRE_WEBHOOK_TIMEOUT must be positive, got {self.webhook_timeout}")
        from ceasefire.monitor.destinations import AllowList  # a ConfigError names a bad entry

        AllowList.parse(self.webhook_allow)


@cache
def kinds() -> dict[str, type]:
    """Each setting's type (``int``, ``float``, ``bool``, ``str``, ``Path``), from its annotation."""
    found: dict[str, type] = {}
    for name, hint in get_type_hints(Settings).items():
        if get_origin(hint) in (Union, types.UnionType):
            hint = next(arg for arg in get_args(hint) if arg is not type(None))
        found[name] = hint
    return found


TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off"})


def _convert(name: str, raw: str, kind: type) -> Any:
    variable = f"{PREFIX}{name.upper()}"
    if kind is bool:
        word = raw.strip().lower()
        if word in TRUE | FALSE:
            return word in TRUE
        raise ConfigError(
            f"{variable}={raw!r} is not a boolean: use true or false (also 1/0, yes/no, on/off)"
        )
    if kind is Path:
        if not raw.strip():
            raise ConfigError(f"{variable} is empty: give a path, or leave the variable unset")
        return Path(raw).expanduser()
    try:
        return kind(raw)
    except ValueError as exc:
        raise ConfigError(f"{variable}={raw!r} is not a valid {kind.__name__}") from exc
