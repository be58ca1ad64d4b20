"""The ETH/PRIO ceasefire reader: one process per uniq_id, dates with their guesses noted, bad rows named."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from ceasefire.errors import MalformedInput, SourceNotFound
from ceasefire.knowledge.catalogue import Catalogue
from ceasefire.registry.eth_prio import location_country, read_eth_prio, split_names
from ceasefire.registry.process import Process

FIXTURE = Path(__file__).parents[1] / "fixtures" / "registry" / "eth_prio_ceasefires.csv"
SHARED_FILE = Path("eval") / "eth_prio_ceasefires" / "ceasefires_dataset.csv"


@pytest.fixture(scope="module")
def processes() -> dict[str, Process]:
    return {p.id: p for p in read_eth_prio(FIXTURE)}


def test_one_process_per_uniq_id_even_when_cf_id_repeats(processes: dict[str, Process]) -> None:
    assert list(processes) == ["eth-prio-652017", "eth-prio-775017", "eth-prio-490003", "eth-prio-640009"]
    assert processes["eth-prio-652017"].countries == ["SY"]
    assert processes["eth-prio-775017"].countries == ["MM"]


def test_actor_rows_become_deduplicated_parties(processes: dict[str, Process]) -> None:
    syria = processes["eth-prio-652017"]
    assert [a.name for a in syria.actors_in("party")] == ["Government of Syria", "Syrian insurgents", "SDF"]
    assert [a.name for a in syria.actors_in("mediator")] == ["Russia", "Turkey", "Iran"]
    assert all(a.entity_id is None for a in syria.actors)


def test_rows_that_disagree_take_the_earliest_declared_date_and_say_so(processes: dict[str, Process]) -> None:
    syria = processes["eth-prio-652017"]
    assert (syria.declared, syria.effective) == (date(2017, 5, 4), date(2017, 5, 6))
    assert syria.name == "Syria ceasefire, 4 May 2017"
    assert "declared: the rows give 2017-05-04, 2017-05-05" in syria.note


def test_external_ids_collect_every_distinct_value(processes: dict[str, Process]) -> None:
    assert processes["eth-prio-652017"].external_ids == {
        "eth_prio_uniq_id": ["652017"],
        "eth_prio_cf_id": ["17"],
        "ucdp_conflict": ["299"],
        "ucdp_dyad": ["11973", "14784"],
        "pax_agt_id": ["1888"],
    }
    assert "pax_agt_id" not in processes["eth-prio-775017"].external_ids
    assert processes["eth-prio-490003"].external_ids["ucdp_dyad"] == ["620"]  # an empty cell is skipped


def test_unknown_month_and_day_become_the_first_and_are_noted(processes: dict[str, Process]) -> None:
    myanmar = processes["eth-prio-775017"]
    assert myanmar.declared == date(2015, 1, 1)
    assert myanmar.name == "Myanmar ceasefire, 2015"
    assert "only the year 2015 is known" in myanmar.note
    assert (myanmar.effective, myanmar.ended) == (None, None)  # year 0: never took effect


def test_unknown_day_and_impossible_day_are_noted(processes: dict[str, Process]) -> None:
    congo = processes["eth-prio-490003"]
    assert congo.declared == date(2002, 6, 1)
    assert congo.name == "DR Congo ceasefire, June 2002"
    assert congo.ended == date(2003, 2, 28)
    assert "day 31 of 2003-02" in congo.note
    assert congo.note.startswith("Invented fixture: signed at a regional summit.")


@pytest.mark.parametrize(
    ("code", "written"),
    [("652017", True), ("490003", True), ("775017", None), ("640009", None)],
    ids=["1", "2", "0", "-1"],
)
def test_written_is_true_for_codes_1_and_2_and_unknown_otherwise(
    processes: dict[str, Process], code: str, written: bool | None
) -> None:
    assert processes[f"eth-prio-{code}"].written is written


def test_mediator_cell_with_prose_and_bracketed_commas(processes: dict[str, Process]) -> None:
    mediators = [a.name for a in processes["eth-prio-490003"].actors_in("mediator")]
    assert mediators == [
        "Blaise Compaore (president of Burkina Faso, mediator for ECOWAS)",
        "UN",
        "committee of elders from the region, security and church leaders",
    ]
    assert processes["eth-prio-640009"].actors_in("mediator") == []  # -1: unknown


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("USA, Russia", ["USA", "Russia"]),
        ("Algeria, other", ["Algeria"]),
        ('"A team of local clerics"', ["A team of local clerics"]),
        ("Russia, pro-government factions", ["Russia", "pro-government factions"]),
        ("Stipe Mesic, chairman of the presidency", ["Stipe Mesic, chairman of the presidency"]),
        ("UN, OAU, the Islamic Conference", ["UN", "OAU", "the Islamic Conference"]),
    ],
    ids=["countries", "other", "quoted", "lowercase-name", "title", "article"],
)
def test_split_names(text: str, names: list[str]) -> None:
    assert split_names(text) == names


@pytest.mark.parametrize(
    ("location", "code"),
    [("DR Congo (Zaire)", "CD"), ("Myanmar (Burma)", "MM"), ("Russia (Soviet Union)", "RU"),
     ("Yemen (North Yemen)", "YE"), ("Turkey ", "TR"), ("Ivory Coast", "CI"), ("Syria", "SY"),
     ("Nowhere Land", None)],
)  # fmt: skip
def test_location_country(location: str, code: str | None) -> None:
    assert location_country(location) == code


def test_catalogue_resolves_party_and_mediator_names() -> None:
    syria = {p.id: p for p in read_eth_prio(FIXTURE, Catalogue.load())}["eth-prio-652017"]
    by_name = {a.name: a for a in syria.actors}
    assert (by_name["Government of Syria"].entity_id, by_name["Government of Syria"].sector) == (
        "syr-gov",
        "GOV",
    )
    assert by_name["Russia"].entity_id == "rus-gov"
    assert by_name["Russia"].role == "mediator"


def test_reading_twice_gives_equal_processes() -> None:
    assert read_eth_prio(FIXTURE) == read_eth_prio(FIXTURE)


# --- bad input -----------------------------------------------------------------------------------


def _rewrite(tmp_path: Path, change: dict[str, str], line: int = 3) -> Path:
    """The fixture with ``change`` applied to the data row on file line ``line``."""
    with FIXTURE.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[line - 2].update(change)
    path = tmp_path / "ceasefires.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [("cf_dec_yr", "199x", "'199x' is not a whole number"), ("end_month", "13", "13 is not a month"),
     ("cf_effect_yr", "17", "17 is not a year"), ("uniq_id", "", "empty")],
)  # fmt: skip
def test_bad_cell_names_file_line_and_column(tmp_path: Path, column: str, value: str, problem: str) -> None:
    path = _rewrite(tmp_path, {column: value})
    with pytest.raises(MalformedInput) as caught:
        read_eth_prio(path)
    assert str(caught.value) == f"[CF204] {path}: line 3, column {column}: {problem}"


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("uniq_id,location\n1,Syria\n", encoding="utf-8")
    with pytest.raises(
        MalformedInput, match=r"other\.csv: not the expected CSV: line 1 lacks the column\(s\) cf_id"
    ):
        read_eth_prio(path)


def test_a_json_file_is_not_taken_for_the_dataset(tmp_path: Path) -> None:
    path = tmp_path / "ceasefires.json"
    path.write_text('{"uniq_id": 1, "location": "Syria"}\n', encoding="utf-8")
    with pytest.raises(MalformedInput, match="not the expected CSV"):
        read_eth_prio(path)


def test_missing_file_is_source_not_found(tmp_path: Path) -> None:
    with pytest.raises(SourceNotFound, match="no such file"):
        read_eth_prio(tmp_path / "absent.csv")


# --- the shared dataset ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dataset(shared: Path) -> list[Process]:
    path = shared / SHARED_FILE
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return read_eth_prio(path)


def test_shared_file_gives_one_process_per_uniq_id(dataset: list[Process]) -> None:
    assert len(dataset) == 2203
    assert len({p.id for p in dataset}) == 2203


def test_every_shared_location_maps_to_a_country(shared: Path, dataset: list[Process]) -> None:
    with (shared / SHARED_FILE).open(encoding="utf-8-sig", newline="") as handle:
        locations = {row["location"] for row in csv.DictReader(handle)}
    assert {loc for loc in locations if location_country(loc) is None} == set()
    assert all(len(p.countries) == 1 for p in dataset)


def test_syria_february_2016_cessation(dataset: list[Process]) -> None:
    syria = next(p for p in dataset if p.id == "eth-prio-652057")
    parties = {a.name for a in syria.actors_in("party")}
    assert {"Government of Syria", "Syrian insurgents", "SDF"} <= parties
    assert [a.name for a in syria.actors_in("mediator")] == ["USA", "Russia"]
    assert (syria.declared, syria.effective) == (date(2016, 2, 23), date(2016, 2, 27))
    assert syria.name == "Syria ceasefire, 23 February 2016"
    assert syria.countries == ["SY"]
    assert syria.written is True
