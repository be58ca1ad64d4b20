"""Resolve place names to gazetteer entries: GeoNames, countries, regions, air bases, the project list.

``open_gazetteer(settings)`` builds a compact SQLite index under ``settings.cache_dir`` on first
use (``gazetteer_index``, in a child process, ~15 s) and afterwards only opens it: a process that
looks names up holds a few megabytes, not GeoNames. ``MemoryGazetteer`` is the same resolver over
a small in-memory list, for tests of other stages.

Ranking, best first: the document's countries (strongly), the main name over an alternate, a
feature word that fits ("Latakia province" -> the governorate), then population. ``resolve``
returns ``None`` rather than a doubtful place: a stop-listed word or person ("Trump", "Police"),
or a best guess that is small and outside the document's countries.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ceasefire.knowledge.gazetteer_index import Entry
from ceasefire.knowledge.gazetteer_store import (
    MemoryIndex,
    NameIndex,
    PlaceRow,
    SqliteIndex,
    ensure_index,
    index_path,
)
from ceasefire.knowledge.placenames import (
    DEMONYMS,
    STOP_NAMES,
    close_spelling,
    fold,
    is_latin,
    mask_non_places,
    skeleton,
    split_feature,
)
from ceasefire.models import Place, PlacePrecision
from ceasefire.settings import Settings

Progress = Callable[[str], None]
KIND_CLASS = {"country": "country", "region": "region", "area": "region", "city": "city", "village": "city",
              "base": "base", "crossing": "crossing", "port": "port"}  # fmt: skip
FACILITIES = frozenset({"base", "crossing", "port"})
#: outside the document's countries a place must be this large (main name / alternate name) to be taken
MIN_POPULATION_ABROAD = 5_000
MIN_POPULATION_ABROAD_ALTERNATE = 50_000
# Scores are in orders of magnitude of population: a place in one of the document's countries
# counts as if 30x larger (Tripoli, LB over Tripoli, LY, 5.7x larger), but a small namesake at home
# does not beat a capital abroad (Kabul, AF over Cabool, US in a document that names the US).
CONTEXT_BONUS = 1.5
TIER_SCORE = {0: 1.0, 1: 0.5, 2: 0.5, 3: -1.0}
#: log10 population assumed where none is known: regions, curated places, facilities, unknown towns
NOMINAL_SIZE = {"country": 6.0, "region": 4.3, "city": 2.7, "base": 3.0, "crossing": 3.0, "port": 3.0}
CURATED_SIZE = 4.0
CURATED_BONUS = 1.0
HINT_BONUS, HINT_MISMATCH, COUNTRY_HINT_MISMATCH = 3.0, -1.0, -3.0
COUNTRY_BONUS = 2.0
WHOLE_BONUS = 1.0
TIER_NOTE = {0: "", 1: "alternate name", 2: "name without feature word", 3: "spelling variant"}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of a name, with its score and whether ``resolve`` would take it (``note`` says why)."""

    place: PlaceRow
    matched: str
    tier: int
    score: float
    accepted: bool
    note: str

    def to_place(self, text: str, reason: str = "") -> Place:
        row = self.place
        precision = _PRECISIONS.get(row.precision, "city")
        return Place(
            text=text,
            name=row.name,
            country=row.country,
            lat=row.lat,
            lon=row.lon,
            geonameid=row.geonameid,
            precision=precision,
            gazetteer=row.source,
            reason=reason,
        )


_PRECISIONS: dict[str, PlacePrecision] = {
    "exact": "exact",
    "city": "city",
    "region": "region",
    "country": "country",
}


class Gazetteer:
    """Place-name resolver over a ``NameIndex``; see the module docstring for the rules."""

    def __init__(self, index: NameIndex, cache_size: int = 4096) -> None:
        self.index = index
        self._alpha3: dict[str, str] | None = None
        self._cache: dict[tuple[str, frozenset[str], str | None], list[Candidate]] = {}
        self._cache_size = cache_size

    def lookup(self, name: str, countries: frozenset[str] = frozenset(),
               feature_hint: str | None = None) -> list[Candidate]:  # fmt: skip
        """Every reading of ``name``, best first; ``accepted`` marks those ``resolve`` may return."""
        memo = (name, countries, feature_hint)
        if memo in self._cache:
            return list(self._cache[memo])
        found = self._lookup(name, countries, feature_hint)
        if self._cache_size:  # repeated names are common within a document; clear when full
            if len(self._cache) >= self._cache_size:
                self._cache.clear()
            self._cache[memo] = found
        return list(found)

    def _lookup(self, name: str, countries: frozenset[str], feature_hint: str | None) -> list[Candidate]:
        text = _clean(name)
        folded = fold(text)
        if not folded or not is_latin(folded):
            return []
        core, feature = split_feature(folded)
        hint = KIND_CLASS.get(feature_hint or "") or (KIND_CLASS.get(feature) if feature else None)
        letters = text.replace(".", "")
        acronym = letters.isalpha() and letters.isupper() and (len(letters) <= 3 or "." in text)
        if not acronym and (core in STOP_NAMES or folded in STOP_NAMES or core in DEMONYMS):
            return []
        rows = self.index.find(list(dict.fromkeys([folded, core])))
        if not rows and len(bones := skeleton(core)) >= 4 and countries:
            rows = [(row, name, 3) for row, name in self.index.find_skeleton(bones)
                    if row.country in countries and close_spelling(core, name)]  # fmt: skip
        best: dict[int, tuple[PlaceRow, str, int]] = {}
        for row, key, tier in rows:
            if row.id not in best or tier < best[row.id][2]:
                best[row.id] = (row, key, tier)
        same_kind = sum(1 for row, _, _ in best.values() if KIND_CLASS[row.kind] == hint)
        whole = core != folded  # a match on the whole mention, feature word included, beats one without
        found = [self._candidate(row, key, tier, countries, hint, acronym, same_kind, whole and key == folded)
                 for row, key, tier in best.values() if not acronym or row.kind == "country"]  # fmt: skip
        found.sort(key=lambda c: (-c.score, c.place.id))
        return _drop_duplicates(found)

    def resolve(self, name: str, countries: frozenset[str] = frozenset(),
                feature_hint: str | None = None) -> Place | None:  # fmt: skip
        """The best accepted reading of ``name`` as a ``Place`` with its reason, or ``None``."""
        text = _clean(name)
        for candidate in self.lookup(text, countries, feature_hint):
            if candidate.accepted:
                row = candidate.place
                reason = f"'{text}' -> {row.name}, {row.country or '?'} ({row.kind}; {candidate.note})"
                return candidate.to_place(text, reason)
        return None

    def mentioned_countries(self, text: str) -> dict[str, int]:
        """Countries a text names: country names, demonyms ("Libyan") and notable unambiguous places.

        Names are read as runs of up to six words that start and end with a capital ("Democratic
        Republic of the Congo", "Jisr al-Shughur"); the longest run that names a country counts.
        Currencies and makers' marks ("the US dollar", "Russian-made") name no country.
        """
        text = mask_non_places(text)
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        windows: list[list[tuple[int, str, bool]]] = []  # (words, folded, written in capitals)
        for i, (start, _, word) in enumerate(tokens):
            options: list[tuple[int, str, bool]] = []
            if word[0].isupper():
                for j in range(i, min(i + 6, len(tokens))):
                    if j > i and not _JOINER.fullmatch(text[tokens[j - 1][1] : tokens[j][0]]):
                        break
                    raw = _POSSESSIVE.sub("", text[start : tokens[j][1]])
                    if tokens[j][2][0].isupper():
                        options.append((j - i + 1, fold(raw), raw.replace(".", "").isupper()))
            windows.append(options[::-1])
        cues = self.index.cues({key for options in windows for _, key, _ in options})
        counts: dict[str, int] = {}
        i = 0
        while i < len(tokens):
            step = 1
            for width, key, capitals in windows[i]:
                cue = cues.get(key)
                if cue and (capitals or cue[1] != "country" or len(key) > 3):  # "US", not "Us"
                    counts[cue[0]] = counts.get(cue[0], 0) + 1
                    step = width
                    break
            i += step
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def capital(self, country: str) -> Place | None:
        """The capital city of a country (alpha-2), if the gazetteer knows it."""
        row = self.index.capital(country.upper())
        if row is None:
            return None
        return Candidate(row, fold(row.name), 0, 0.0, True, "capital").to_place(row.name)

    def country_code(self, value: str | None) -> str | None:
        """Alpha-2 code for an alpha-2 or alpha-3 code, a country name or a demonym; ``None`` if unknown."""
        if not value or not value.strip():
            return None
        text = value.strip()
        if self._alpha3 is None:
            self._alpha3 = self.index.alpha3()
        if len(text) == 3 and text.upper() in self._alpha3:
            return self._alpha3[text.upper()]
        if len(text) == 2 and text.upper() in self._alpha3.values():
            return text.upper()
        if fold(text) in DEMONYMS:
            return DEMONYMS[fold(text)]
        place = self.resolve(text, feature_hint="country")
        return place.country if place is not None and place.precision == "country" else None

    def _candidate(self, row: PlaceRow, key: str, tier: int, countries: frozenset[str], hint: str | None,
                   acronym: bool, same_kind: int, whole: bool) -> Candidate:  # fmt: skip
        kind = KIND_CLASS[row.kind]
        home = row.country in countries
        score = TIER_SCORE[tier] + _size(row, kind) + (CONTEXT_BONUS if home else 0.0)
        score += COUNTRY_BONUS if kind == "country" else 0.0
        score += CURATED_BONUS if row.curated and kind not in {"country", "region"} else 0.0
        score += WHOLE_BONUS if whole else 0.0
        if hint:
            score += (
                HINT_BONUS if kind == hint else COUNTRY_HINT_MISMATCH if kind == "country" else HINT_MISMATCH
            )
        accepted, why = _accept(row, key, tier, home, hint, acronym, same_kind, countries)
        notes = [
            n for n in (why, f"{hint} named in text" if hint and kind == hint else "", TIER_NOTE[tier]) if n
        ]
        return Candidate(row, key, tier, round(score, 3), accepted, "; ".join(notes))


def _size(row: PlaceRow, kind: str) -> float:
    """log10 of the population, or a nominal size where the source has none."""
    nominal = NOMINAL_SIZE[kind]
    if row.curated and kind not in {"country", "region", "base", "crossing", "port"}:
        nominal = CURATED_SIZE
    return max(math.log10(row.population), nominal) if row.population > 0 else nominal


def _accept(row: PlaceRow, key: str, tier: int, home: bool, hint: str | None, acronym: bool,
            same_kind: int, countries: frozenset[str] = frozenset()) -> tuple[bool, str]:  # fmt: skip
    """Whether a candidate may be returned, and the reason shown in ``Place.reason``."""
    kind = KIND_CLASS[row.kind]
    if kind == "country" and len(key.replace(" ", "")) <= 3 and not acronym:
        return False, "short country abbreviation not in capitals"
    if acronym and kind != "country":
        return False, "abbreviation"
    if tier == 3:
        return home, f"document context {row.country}" if home else "spelling variant abroad"
    if home:
        return True, f"document context {row.country}"
    if kind == "country":
        return True, "country"
    if kind == "region" and countries:
        return False, "region abroad"  # "Salah al-Din district" in a Tripoli story is not the Iraqi province
    if row.curated:
        return True, "project list"
    if kind == "region":
        # a region named as one ("Latakia province") is taken abroad only when the document has no
        # country of its own ("Salah al-Din district" in a Tripoli story is not the Iraqi province)
        sure = hint == "region" and not countries
        return sure, "region named in text" if sure else "region abroad"
    if kind in FACILITIES:
        sure = hint == kind and same_kind == 1
        return sure, f"only {kind} of that name" if sure else f"{kind} abroad"
    need = MIN_POPULATION_ABROAD if tier == 0 else MIN_POPULATION_ABROAD_ALTERNATE
    if row.population >= need:
        return True, f"population {row.population:,}"
    return False, f"small place ({row.population:,}) outside the document's countries"


def _drop_duplicates(found: list[Candidate]) -> list[Candidate]:
    """Drop a candidate within 10 km of a better one of the same country and kind (two sources, one place)."""
    kept: list[Candidate] = []
    for cand in found:
        row = cand.place
        if not any(_same_place(row, k.place) for k in kept):
            kept.append(cand)
    return kept


def _same_place(a: PlaceRow, b: PlaceRow) -> bool:
    if (
        a.country != b.country
        or KIND_CLASS[a.kind] != KIND_CLASS[b.kind]
        or None in (a.lat, a.lon, b.lat, b.lon)
    ):
        return False
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    dy = (a.lat - b.lat) * 111.0
    dx = (a.lon - b.lon) * 111.0 * math.cos(math.radians(a.lat))
    return dx * dx + dy * dy < 100.0


def _clean(name: str) -> str:
    text = name.strip().strip("\"'“”‘’.,;:()[]").strip()
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text


_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['’‘ʿʾ][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_JOINER = re.compile(r" |-|‐|–| - ")


# --- opening -------------------------------------------------------------------------------------

_OPEN: dict[str, Gazetteer] = {}
_OPEN_LOCK = threading.Lock()


def open_gazetteer(settings: Settings, progress: Callable[[str], None] | None = None) -> Gazetteer:
    """The gazetteer over the index in ``settings.cache_dir``, built on first use; opened once a process.

    Nothing is printed; ``progress`` (if given) receives a line for each build step.
    """
    path = index_path(settings.cache_dir)
    with _OPEN_LOCK:
        gazetteer = _OPEN.get(str(path))
        if gazetteer is None:
            gazetteer = Gazetteer(SqliteIndex(ensure_index(path, progress)))
            _OPEN[str(path)] = gazetteer
        return gazetteer


# --- the in-memory fake --------------------------------------------------------------------------

#: name, country, lat, lon, kind, population, alternates (";"), geonameid
SAMPLE: tuple[tuple[str, str, float, float, str, int, str, int | None], ...] = (
    ("Syria", "SY", 35.0, 38.5, "country", 22_933_531, "Syrian Arab Republic", 163843),
    ("Libya", "LY", 27.0, 17.0, "country", 6_678_567, "", 2215636),
    ("Lebanon", "LB", 33.9, 35.9, "country", 6_848_925, "", 272103),
    ("Russia", "RU", 61.5, 105.3, "country", 144_478_050, "Russian Federation", 2017370),
    ("Turkey", "TR", 39.0, 35.2, "country", 82_319_724, "Türkiye", 298795),
    ("Switzerland", "CH", 46.8, 8.2, "country", 8_516_543, "", 2658434),
    ("Ukraine", "UA", 49.0, 32.0, "country", 44_622_516, "", 690791),
    ("Tripoli", "LY", 32.88743, 13.18733, "city", 1_302_947, "Tarabulus", 2210247),
    ("Tripoli", "LB", 34.43352, 35.84415, "city", 229_398, "Trablous", 266826),
    ("Trípoli", "GR", 37.50959, 22.37883, "city", 26_561, "Tripoli", 252601),
    ("Sirte", "LY", 31.20892, 16.58866, "city", 106_705, "Surt;Sirt", 2210554),
    ("Benghazi", "LY", 32.11486, 20.06859, "city", 757_490, "Banghazi", 88319),
    ("Misratah", "LY", 32.37535, 15.09254, "city", 355_657, "Misrata;Misurata", 2214846),
    ("Damascus", "SY", 33.5102, 36.29128, "city", 1_569_394, "Dimashq", 170654),
    ("Aleppo", "SY", 36.20124, 37.16117, "city", 2_098_210, "Halab", 170063),
    ("Idlib", "SY", 35.93062, 36.63393, "city", 128_840, "Idleb", 169389),
    ("I‘zāz", "SY", 36.58662, 37.04628, "city", 66_138, "Azaz;A'zaz", 172082),
    ("Latakia", "SY", 35.53125, 35.79088, "city", 709_000, "Lattakia", 173576),
    ("Beirut", "LB", 33.89332, 35.50157, "city", 1_916_100, "Bayrut", 276781),
    ("Moscow", "RU", 55.75204, 37.61781, "city", 10_381_222, "Moskva", 524901),
    ("Moscow", "US", 46.73239, -117.00017, "city", 25_060, "", 5601538),
    ("Geneva", "CH", 46.20222, 6.14569, "city", 201_741, "Geneve;Genf", 2660646),
    ("Kyiv", "UA", 50.45466, 30.5238, "city", 2_952_301, "Kiev", 703448),
    ("Mission", "US", 26.21591, -98.32529, "city", 84_331, "", 4711801),
    ("Victory", "US", 43.04, -76.0, "city", 600, "", None),
)
SAMPLE_PROJECT: tuple[tuple[str, str, float, float, str, str, str], ...] = (
    ("Latakia Governorate", "SY", 35.53125, 35.79088, "region", "Latakia;Lattakia", "iso:SY-LA"),
    ("Khan Tuman", "SY", 36.11, 37.06, "village", "Khan Touman", ""),
    ("az-Zahra", "SY", 36.37, 37.00, "village", "al-Zahraa", ""),
    ("Taminhint Airport", "LY", 27.2401, 14.6563, "base", "Tamanhint air base;Tamanhint", "icao:HL66"),
)
SAMPLE_CAPITALS = {"SY": "Damascus", "LY": "Tripoli", "LB": "Beirut", "RU": "Moscow", "CH": "Bern",
                   "UA": "Kyiv"}  # fmt: skip
SAMPLE_ALPHA3 = {"SYR": "SY", "LBY": "LY", "LBN": "LB", "RUS": "RU", "TUR": "TR", "CHE": "CH", "UKR": "UA"}
_PRECISION_OF = {"country": "country", "region": "region", "area": "region", "base": "exact",
                 "crossing": "exact", "port": "exact"}  # fmt: skip


class MemoryGazetteer(Gazetteer):
    """The same resolver over a small in-memory list: for unit tests of other stages, and demos.

    With no arguments it knows the ``SAMPLE`` places (Tripoli LY/LB/GR, Sirte, Idlib, Azaz, Moscow,
    Geneva, Khan Tuman, the Tamanhint air base, a few countries); pass ``entries`` to use others.
    """

    def __init__(self, entries: Iterable[Entry] | None = None, capitals: dict[str, str] | None = None,
                 alpha3: dict[str, str] | None = None) -> None:  # fmt: skip
        chosen = list(entries) if entries is not None else sample_entries()
        super().__init__(MemoryIndex(chosen, SAMPLE_CAPITALS if capitals is None else capitals,
                                     SAMPLE_ALPHA3 if alpha3 is None else alpha3))  # fmt: skip


def sample_entries() -> list[Entry]:
    """``SAMPLE`` and ``SAMPLE_PROJECT`` as entries."""
    entries = [
        Entry(name, cc, lat, lon, kind, _PRECISION_OF.get(kind, "city"), pop, "memory", f"iso:{cc}"
              if kind == "country" else f"geonames:{gid}", gid, [a for a in alts.split(";") if a])
        for name, cc, lat, lon, kind, pop, alts, gid in SAMPLE
    ]  # fmt: skip
    entries += [
        Entry(name, cc, lat, lon, kind, _PRECISION_OF.get(kind, "city"), 0, "memory", ref,
              alternates=[a for a in alts.split(";") if a], curated=True)
        for name, cc, lat, lon, kind, alts, ref in SAMPLE_PROJECT
    ]  # fmt: skip
    return entries
