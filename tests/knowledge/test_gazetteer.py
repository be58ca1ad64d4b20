"""The gazetteer: folding, the built index (once, reused, rebuilt when damaged), ranking and rejection."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pycountry
import pytest

from ceasefire.errors import ConfigError
from ceasefire.knowledge import gazetteer as gazetteer_module
from ceasefire.knowledge.gazetteer import Gazetteer, MemoryGazetteer, open_gazetteer
from ceasefire.knowledge.gazetteer_index import PLACES_TSV, read_project_list
from ceasefire.knowledge.gazetteer_store import ensure_index, index_is_valid, index_path
from ceasefire.knowledge.placenames import fold, skeleton, split_feature
from ceasefire.settings import Settings

BUILD_LOG: list[str] = []


def shared_cache(factory: pytest.TempPathFactory) -> Path:
    """One cache directory for the whole test session (test_places.py opens the same index)."""
    return factory.getbasetemp() / "gazetteer-cache"


@pytest.fixture(scope="session")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    started = time.perf_counter()
    opened = open_gazetteer(Settings(cache_dir=shared_cache(tmp_path_factory)), BUILD_LOG.append)
    path = index_path(shared_cache(tmp_path_factory))
    print(f"\ngazetteer index: {time.perf_counter() - started:.1f} s to open/build, "
          f"{path.stat().st_size / 1e6:.1f} MB")  # fmt: skip
    return opened


# --- folding -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Jisr al-Shughur", "jisr shughur"),
        ("Jisr ash-Shughur", "jisr shughur"),
        ("Jisr Shughur", "jisr shughur"),
        ("I‘zāz", "izaz"),
        ("az-Zahra", "zahra"),
        ("Ma'arrat an-Nu'mān", "maarrat numan"),
        ("The Hague", "hague"),
        ("Łódź", "lodz"),
        ("U.S.", "us"),
        ("Аазаз", ""),
    ],
    ids=["al", "ash-sun-letter", "no-article", "ayin-and-macron", "az", "an-sun-letter", "the", "polish",
         "dotted-abbreviation", "cyrillic-drops"],
)  # fmt: skip
def test_fold_removes_accents_marks_and_articles(written: str, folded: str) -> None:
    assert fold(written) == folded


def test_skeleton_matches_spellings_that_differ_in_vowels() -> None:
    assert skeleton(fold("Taminhint")) == skeleton(fold("Tamanhint")) == "tmnhnt"


@pytest.mark.parametrize(
    ("folded", "expected"),
    [("latakia province", ("latakia", "region")), ("tamanhint airbase", ("tamanhint", "base")),
     ("province of idlib", ("idlib", "region")), ("rafah crossing", ("rafah", "crossing")),
     ("tripoli", ("tripoli", None))],
    ids=["suffix-region", "suffix-base", "prefix-of", "crossing", "none"],
)  # fmt: skip
def test_split_feature_separates_the_feature_word(folded: str, expected: tuple[str, str | None]) -> None:
    assert split_feature(folded) == expected


# --- resolving against the real index ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "countries", "country", "precision"),
    [
        ("Tripoli", {"LY"}, "LY", "city"),
        ("Tripoli", {"LB"}, "LB", "city"),
        ("Azaz", set(), "SY", "city"),
        ("Tamanhint airbase", set(), "LY", "exact"),
        ("Tamanhint air base", {"LY"}, "LY", "exact"),
        ("Khan Tuman", set(), "SY", "city"),
        ("az-Zahra", {"SY"}, "SY", "city"),
        ("Latakia province", set(), "SY", "region"),
        ("Latakia", set(), "SY", "city"),
        ("Idlib", set(), "SY", "city"),
        ("Geneva", {"LY"}, "CH", "city"),
        ("Moscow", set(), "RU", "city"),
        ("Sirte", set(), "LY", "city"),
        ("Syria", set(), "SY", "country"),
        ("Jisr ash-Shughur", set(), "SY", "city"),
        ("Khan Sheikhoun", set(), "SY", "city"),
        ("Rafah crossing", set(), "PS", "exact"),
        ("North Kivu", set(), "CD", "region"),
        ("Tigray", set(), "ET", "region"),
        ("Niger State", set(), "NG", "region"),
        ("Niger", set(), "NE", "country"),
        ("US", set(), "US", "country"),
    ],
    ids=["tripoli-libya-context", "tripoli-lebanon-context", "azaz-geonames-izaz", "tamanhint-airportsdata",
         "tamanhint-air-base", "khan-tuman-project-list", "az-zahra-project-list", "latakia-province-region",
         "latakia-alone-city", "idlib-syria", "geneva-venue-abroad", "moscow", "sirte", "country",
         "jisr-ash-shughur-variant", "khan-sheikhoun-variant", "rafah-crossing", "north-kivu-region",
         "tigray-region", "niger-state-not-country", "niger-country", "us-acronym"],
)  # fmt: skip
def test_resolve_picks_the_place_news_means(gazetteer: Gazetteer, name: str, countries: set[str],
                                            country: str, precision: str) -> None:  # fmt: skip
    place = gazetteer.resolve(name, frozenset(countries))
    assert place is not None, name
    assert (place.country, place.precision) == (country, precision)
    assert place.text == name
    assert place.reason.startswith(f"'{name}' -> ")
    assert place.lat is not None and place.lon is not None


def test_tamanhint_airbase_is_the_airportsdata_entry(gazetteer: Gazetteer) -> None:
    place = gazetteer.resolve("Tamanhint airbase")
    assert place is not None
    assert (place.name, place.gazetteer) == ("Taminhint Airport", "airportsdata")


@pytest.mark.parametrize(
    "name",
    ["Trump", "Mission", "Police", "Haftar", "Obama", "Victory", "Us", "UN", "Africa", "White House",
     "Syrian", "Xyzzyqwertville"],
    ids=["trump", "mission", "police", "haftar", "obama", "tiny-victory", "us-lowercase", "un-acronym",
         "continent", "white-house", "demonym", "unknown"],
)  # fmt: skip
def test_resolve_returns_none_for_words_people_and_unknowns(gazetteer: Gazetteer, name: str) -> None:
    assert gazetteer.resolve(name, frozenset({"LY"})) is None


def test_small_place_abroad_is_not_taken_but_is_at_home(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Shyrokyne") is None
    place = gazetteer.resolve("Shyrokyne", frozenset({"UA"}))
    assert place is not None and place.country == "UA"


def test_lookup_lists_candidates_best_first_with_reasons(gazetteer: Gazetteer) -> None:
    found = gazetteer.lookup("Tripoli", frozenset({"LB"}))
    assert [c.place.country for c in found[:3]] == ["LB", "LY", "GR"]
    assert found[0].accepted and "document context LB" in found[0].note


def test_mentioned_countries_counts_names_demonyms_and_notable_places(gazetteer: Gazetteer) -> None:
    text = ("Libyan forces loyal to the U.S.-backed government said Turkey had sent drones to Sirte. "
            "The Kremlin said Russian mercenaries had left the Jufra air base. Us too.")  # fmt: skip
    assert gazetteer.mentioned_countries(text) == {"LY": 3, "RU": 2, "TR": 1, "US": 1}


def test_ambiguous_places_do_not_count_as_a_country(gazetteer: Gazetteer) -> None:
    assert gazetteer.mentioned_countries("Shelling was heard in Tripoli.") == {}


@pytest.mark.parametrize(
    ("value", "code"),
    [("SY", "SY"), ("syr", "SY"), ("Libya", "LY"), ("Syrian", "SY"), ("DR Congo", "CD"), ("Atlantis", None)],
    ids=["alpha-2", "alpha-3", "name", "demonym", "alias", "unknown"],
)  # fmt: skip
def test_country_code_reads_codes_names_and_demonyms(
    gazetteer: Gazetteer, value: str, code: str | None
) -> None:
    assert gazetteer.country_code(value) == code


def test_capital_of_a_country(gazetteer: Gazetteer) -> None:
    capital = gazetteer.capital("SY")
    assert capital is not None and (capital.name, capital.country) == ("Damascus", "SY")


def test_lookups_are_fast(gazetteer: Gazetteer) -> None:
    uncached = Gazetteer(gazetteer.index, cache_size=0)
    names = ["Tripoli", "Azaz", "Khan Tuman", "Latakia province", "Geneva", "Trump", "Jisr al-Shughur"] * 100
    started = time.perf_counter()
    for name in names:
        uncached.lookup(name, frozenset({"SY"}))
    each = (time.perf_counter() - started) / len(names)
    print(f"\nlookup: {each * 1e6:.0f} µs each")
    assert each < 0.002  # 20x the 0.1 ms aim: fails only if the index is not used


# --- the index file ------------------------------------------------------------------------------


def test_index_is_built_once_and_reused(gazetteer: Gazetteer, tmp_path_factory: pytest.TempPathFactory,
                                        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    settings = Settings(cache_dir=shared_cache(tmp_path_factory))
    path = index_path(settings.cache_dir)
    before = path.stat()
    assert open_gazetteer(settings) is gazetteer
    monkeypatch.setattr(gazetteer_module, "_OPEN", {})  # a fresh process: opens, does not build
    reported: list[str] = []
    again = open_gazetteer(settings, reported.append)
    assert again is not gazetteer and again.resolve("Sirte") is not None
    assert reported == []
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == (before.st_mtime_ns, before.st_ino)


def _break(path: Path, how: str) -> None:
    if how == "garbage":
        path.write_bytes(b"this is not a database" * 100)
    elif how == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    else:
        db = sqlite3.connect(path)
        db.execute("DELETE FROM meta WHERE key = 'complete'")
        db.commit()
        db.close()


@pytest.mark.parametrize("how", ["garbage", "truncated", "incomplete"])
def test_damaged_index_is_rebuilt(gazetteer: Gazetteer, tmp_path_factory: pytest.TempPathFactory,
                                  tmp_path: Path, how: str) -> None:  # fmt: skip
    good = index_path(shared_cache(tmp_path_factory))
    path = index_path(tmp_path)
    shutil.copyfile(good, path)
    _break(path, how)
    assert not index_is_valid(path)
    builds: list[Path] = []

    def build(target: Path, progress: object) -> None:
        builds.append(target)
        shutil.copyfile(good, target)

    messages: list[str] = []
    assert ensure_index(path, messages.append, build) == path
    assert len(builds) == 1 and index_is_valid(path)
    assert any("rebuilding" in m for m in messages)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_failed_build_leaves_no_index_behind(tmp_path: Path) -> None:
    path = index_path(tmp_path)

    def build(target: Path, progress: object) -> None:
        target.write_bytes(b"half written")
        raise ConfigError("killed")

    with pytest.raises(ConfigError):
        ensure_index(path, None, build)
    assert not path.exists()
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == []


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_a_process_using_the_gazetteer_stays_small(
    gazetteer: Gazetteer, tmp_path_factory: pytest.TempPathFactory
) -> None:
    script = (
        "import re, sys\n"
        "from pathlib import Path\n"
        "from ceasefire.knowledge.gazetteer import open_gazetteer\n"
        "from ceasefire.settings import Settings\n"
        "g = open_gazetteer(Settings(cache_dir=Path(sys.argv[1])))\n"
        "assert g.resolve('Idlib') is not None\n"
        "status = open('/proc/self/status').read()\n"
        "print(int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) // 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(shared_cache(tmp_path_factory))],
                          capture_output=True, text=True, check=True, env=dict(os.environ))  # fmt: skip
    megabytes = int(done.stdout.strip().splitlines()[-1])
    print(f"\nresident memory of a process using the gazetteer: {megabytes} MB")
    assert megabytes < 150  # GeoNames loaded would be ~400 MB


# --- the project list ----------------------------------------------------------------------------


def test_missing_project_list_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot be read"):
        read_project_list(tmp_path / "places.tsv")


def test_project_list_refers_only_to_real_codes(gazetteer: Gazetteer) -> None:
    rows = read_project_list(PLACES_TSV)
    assert len(rows) > 400
    for row in rows:
        if row.ref.startswith("iso:"):
            code = row.ref[4:]
            if row.kind == "country":
                assert gazetteer.country_code(code) == code, row.ref
            else:
                assert pycountry.subdivisions.get(code=code) is not None, row.ref  # type: ignore[no-untyped-call]
            assert code[:2] == row.country, row.name


def test_project_points_lie_near_a_geonames_place_of_their_country(
    gazetteer: Gazetteer, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A check on the list's coordinates and country codes: within ~60 km of a place GeoNames has there."""
    rows = [
        r
        for r in read_project_list(PLACES_TSV)
        if r.lat is not None and r.lon is not None and r.kind != "country"
    ]
    wanted = sorted({r.country for r in rows if r.country})
    db = sqlite3.connect(index_path(shared_cache(tmp_path_factory)))
    points: dict[str, list[tuple[float, float]]] = {}
    query = "SELECT country, lat, lon FROM place WHERE source = 'geonames' AND country IN (%s)"
    for country, lat, lon in db.execute(query % ",".join("?" * len(wanted)), wanted):
        points.setdefault(country, []).append((lat, lon))
    db.close()
    far = []
    for row in rows:
        here = (row.lat or 0.0, row.lon or 0.0)
        if not any(
            abs(lat - here[0]) < 0.55 and abs(lon - here[1]) < 0.65 for lat, lon in points[row.country or ""]
        ):
            far.append(row.name)
    assert far == []


# --- the in-memory fake --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "countries", "expected"),
    [("Tripoli", {"LY"}, "LY"), ("Tripoli", {"LB"}, "LB"), ("Azaz", set(), "SY"),
     ("Tamanhint airbase", set(), "LY"), ("Khan Tuman", set(), "SY"), ("Trump", set(), None),
     ("Victory", set(), None)],
    ids=["tripoli-libya", "tripoli-lebanon", "azaz", "tamanhint", "khan-tuman", "trump", "tiny-abroad"],
)  # fmt: skip
def test_memory_gazetteer_behaves_like_the_real_one(
    name: str, countries: set[str], expected: str | None
) -> None:
    place = MemoryGazetteer().resolve(name, frozenset(countries))
    assert (place.country if place else None) == expected


def test_memory_gazetteer_knows_country_cues() -> None:
    counts = MemoryGazetteer().mentioned_countries("Syrian and Russian officials met in Geneva.")
    assert counts == {"CH": 1, "RU": 1, "SY": 1}
