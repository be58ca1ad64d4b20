"""Opening the store: one engine per URL, SQLite in WAL mode, migrations applied on open.

``CEASEFIRE_DATABASE_URL`` picks the store (``sqlite:///path.db`` or
``postgresql+psycopg://user:pass@host/db``); by default it is ``ceasefire.db`` in the user's data
directory (``~/.local/share/ceasefire`` on Linux).
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import platformdirs
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, Insert, Table, create_engine, event, make_url, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.pool import NullPool, QueuePool

from ceasefire.errors import ConfigError, ServiceUnavailable

_T = TypeVar("_T")

MIGRATIONS = Path(__file__).parent / "migrations"


def default_url() -> str:
    return f"sqlite:///{Path(platformdirs.user_data_dir('ceasefire')) / 'ceasefire.db'}"


class Store:
    """A migrated database. Use ``transaction()`` for writes: one transaction, all or nothing."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        #: SQLite has one writer at a time: threads of this process queue here rather than in
        #: SQLite's busy handler, which sleeps in steps of milliseconds
        self._writer = threading.RLock() if engine.dialect.name == "sqlite" else contextlib.nullcontext()

    @classmethod
    def open(cls, url: str | None = None, migrate: bool = True, pooled: bool = False) -> Store:
        """The store at ``url``. ``pooled`` keeps SQLite connections open between transactions (a
        long-running service: no connect, and no WAL checkpoint on close, per request); by default each
        is closed after use, so a forked worker process never inherits one."""
        store = cls(_engine(url or default_url(), pooled))
        if migrate:
            store.migrate()
        return store

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self, revision: str = "head") -> None:
        """Bring the schema to the latest migration, or to ``revision`` (a no-op when it is there
        already)."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        try:
            with self.engine.begin() as conn:
                config.attributes["connection"] = conn
                command.upgrade(config, revision)
        except OperationalError as exc:
            raise ServiceUnavailable(f"cannot open the store at {self.url}: {exc.orig}") from exc

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction. On SQLite it takes the write lock at once (``BEGIN IMMEDIATE``), so
        a read-then-write (the audit chain, idempotent intake) never races another writer."""
        try:
            with self._writer, self.engine.connect() as conn:
                conn.execution_options(immediate=True)
                with conn.begin():
                    yield conn
        except OperationalError as exc:
            raise ServiceUnavailable(f"store {self.url}: {exc.orig}") from exc

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads that may stream (server-side cursors on PostgreSQL)."""
        with self.engine.connect() as conn:
            yield conn.execution_options(stream_results=True, yield_per=500)

    def close(self) -> None:
        self.engine.dispose()


@contextmanager
def scratch_database(server: str, prefix: str = "cf_scratch") -> Iterator[str]:
    """The URL of a new, empty database on the PostgreSQL server ``server`` (its admin URL), dropped
    afterwards, connections and all (benches and tests)."""
    admin_url = make_url(server)
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield admin_url.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def _engine(url: str, pooled: bool = False) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"CEASEFIRE_DATABASE_URL {url!r} is not a database URL") from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        if pooled and database and database != ":memory:":
            engine = create_engine(parsed, poolclass=QueuePool, pool_size=8, max_overflow=8,
                                   connect_args={"check_same_thread": False})  # fmt: skip
        else:
            engine = create_engine(parsed, poolclass=NullPool)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(parsed, pool_pre_ping=True)
    raise ConfigError(f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql+psycopg")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # the driver's own BEGIN is replaced by _sqlite_begin
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


#: seconds a SQLite statement waits for a lock another connection holds (the busy timeout)
BUSY_TIMEOUT = 30.0
#: the longest pause between two tries for SQLite's write lock, seconds
_BUSY_PAUSE = 0.002


def _sqlite_begin(conn: Connection) -> None:
    if not conn.get_execution_options().get("immediate"):
        conn.exec_driver_sql("BEGIN")
        return
    _begin_immediate(conn.connection.driver_connection)


def _begin_immediate(raw: Any) -> None:
    """Take SQLite's write lock, trying again every few hundred microseconds while another
    connection (another process, say) holds it, for up to ``BUSY_TIMEOUT`` seconds.

    SQLite's own busy handler sleeps 1, 2, 5, 10 ... 100 ms between tries, so a writer waiting
    behind a transaction of one millisecond often waits ten; this one wakes within ``_BUSY_PAUSE``
    of the lock coming free. Statements inside the transaction keep the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    pause = 0.0001
    raw.execute("PRAGMA busy_timeout=0")
    try:
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() >= deadline:
                    raise OperationalError("BEGIN IMMEDIATE", None, exc) from exc
            time.sleep(pause)
            pause = min(pause * 2, _BUSY_PAUSE)
    finally:
        raw.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")


_MEMO = "ceasefire.memo"


def memo(conn: Connection, key: str, load: Callable[[], _T]) -> _T:
    """``load()``, read once per transaction of ``conn``: for what a transaction reads for every
    report it files and never changes itself (the active alert rules, the subscriptions). Whatever
    writes those calls ``forget`` in its transaction."""
    transaction = conn.get_transaction()
    held = conn.info.get(_MEMO)
    if transaction is None or held is None or held[0] is not transaction:
        held = (transaction, {})
        conn.info[_MEMO] = held
    values: dict[str, Any] = held[1]
    if key not in values:
        values[key] = load()
    found: _T = values[key]
    return found


def forget(conn: Connection) -> None:
    """Drop what ``memo`` holds for ``conn``'s transaction (after a write to what it read)."""
    conn.info.pop(_MEMO, None)


_INSERT_NEW: dict[tuple[str, str], Insert] = {}


def insert_new(conn: Connection, table: Table, row: dict[str, Any]) -> bool:
    """Insert ``row`` unless a stored row has one of its unique keys: whether it went in. One
    statement (``ON CONFLICT DO NOTHING``), with no read before it and no savepoint around it."""
    key = (conn.dialect.name, table.name)
    statement = _INSERT_NEW.get(key)
    if statement is None:
        dialect = postgresql if key[0] == "postgresql" else sqlite
        statement = _INSERT_NEW[key] = (
            dialect.insert(table).on_conflict_do_nothing().returning(*table.primary_key.columns)
        )  # a row comes back when it went in (PostgreSQL gives no rowcount for an insert)
    return conn.execute(statement, row).first() is not None


def savepoint(conn: Connection) -> contextlib.AbstractContextManager[Any]:
    """Around a statement that may fail with an ``IntegrityError`` the caller handles: a savepoint on
    PostgreSQL, where a failed statement aborts the transaction; nothing on SQLite, where only the
    statement is undone (and a savepoint costs two more statements)."""
    return conn.begin_nested() if conn.dialect.name == "postgresql" else contextlib.nullcontext()
