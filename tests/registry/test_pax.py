"""The PA-X reader: ceasefire-stage agreements only, signatory blocks cut into names."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from ceasefire.errors import MalformedInput
from ceasefire.registry.pax import read_pax, signatories
from ceasefire.registry.process import Process

FIXTURE = Path(__file__).parents[1] / "fixtures" / "registry" / "pax_agreements.csv"
SHARED_FILE = Path("eval") / "pax" / "pax_all_agreements_data.csv"
#: agreements with Stage "Cea" in the shared PA-X table
SHARED_CEASEFIRES = 388


@pytest.fixture(scope="module")
def processes() -> dict[str, Process]:
    return {p.id: p for p in read_pax(FIXTURE)}


def test_only_ceasefire_stage_agreements_are_read(processes: dict[str, Process]) -> None:
    assert list(processes) == ["pax-9001", "pax-9002"]


def test_agreement_fields(processes: dict[str, Process]) -> None:
    darfur = processes["pax-9001"]
    assert darfur.name == "Agreement on the Cessation of Hostilities in Darfur"
    assert (darfur.kind, darfur.origin, darfur.written) == ("ceasefire", "pax", True)
    assert darfur.declared == date(2019, 3, 14)
    assert darfur.countries == ["SD"]
    assert darfur.aliases == ["Darfur invented process"]
    assert darfur.external_ids == {"pax_agt_id": ["9001"], "ucdp_conflict": ["309"]}


def test_second_location_and_na_conflict(processes: dict[str, Process]) -> None:
    karabakh = processes["pax-9002"]
    assert karabakh.countries == ["AZ", "AM"]
    assert karabakh.external_ids == {"pax_agt_id": ["9002"]}
    assert [a.name for a in karabakh.actors_in("party")] == ["Republic of Azerbaijan", "Republic of Armenia"]
    assert [a.name for a in karabakh.actors_in("mediator")] == ["UN (Chair)", "OSCE"]


def test_signatory_blocks_give_the_organisations_signed_for(processes: dict[str, Process]) -> None:
    darfur = processes["pax-9001"]
    assert [a.name for a in darfur.actors_in("party")] == [
        "Government of Sudan",
        "Justice and Equality Movement",
    ]
    # "Witnessed by" makes the third parties guarantors
    assert [a.name for a in darfur.actors_in("guarantor")] == ["State of Qatar", "AU-UN Mediation"]
    assert darfur.actors_in("mediator") == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Government of Angola, UNITA", ["Government of Angola", "UNITA"]),
        ("Minister of Defence of Azerbaijan: S. Abiyev\nMinister of Defence of Armenia: S. Sargsyan",
         ["Minister of Defence of Azerbaijan", "Minister of Defence of Armenia"]),
        ("Liberation Tigers, signed for by V. Leader;\nGovernment of Testland, signed for by A. President",
         ["Liberation Tigers", "Government of Testland"]),
        ("For and on behalf of the Armed Forces of Testland\nGen. A. Person\nFor and on behalf of the Front",
         ["Armed Forces of Testland", "Front"]),
        ("Two illegible signatures.", []),
        ("On behalf of Party A [Signed];\nOn behalf of Party B [Signed]", ["Party A", "Party B"]),
        ("Sd. J. Person\nCoordinator\nMember", ["J. Person"]),
    ],
    ids=["commas", "title-colon", "signed-for-by", "on-behalf", "counts", "brackets", "bare-titles"],
)  # fmt: skip
def test_signatories(text: str, names: list[str]) -> None:
    assert signatories(text) == names


def test_reading_twice_gives_equal_processes() -> None:
    assert read_pax(FIXTURE) == read_pax(FIXTURE)


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [("Dat", "14/03/2019", "'14/03/2019' is not a YYYY-MM-DD date"),
     ("Loc1ISO", "XXQ", "'XXQ' is not an ISO 3166 alpha-3 country code"), ("AgtId", "", "empty")],
)  # fmt: skip
def test_bad_cell_names_file_line_and_column(tmp_path: Path, column: str, value: str, problem: str) -> None:
    with FIXTURE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[1][column] = value  # the second agreement starts on file line 7 (the first spans 5)
    path = tmp_path / "pax.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(MalformedInput) as caught:
        read_pax(path)
    assert str(caught.value) == f"[CF204] {path}: line 7, column {column}: {problem}"


def test_missing_stage_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "pax.csv"
    path.write_text("AgtId,Agt,Dat\n1,An agreement,2019-01-01\n", encoding="utf-8")
    with pytest.raises(MalformedInput, match=r"lacks the column\(s\) Con, PPName, Stage"):
        read_pax(path)


def test_shared_table_ceasefire_count(shared: Path) -> None:
    path = shared / SHARED_FILE
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    processes = read_pax(path)
    assert len(processes) == SHARED_CEASEFIRES
    assert len({p.id for p in processes}) == SHARED_CEASEFIRES
    assert all(p.countries and p.declared for p in processes)


def _agreement(path: Path, rows: list[dict[str, str]]) -> Path:
    with FIXTURE.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    target = path / "pax.csv"
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in header})
    return target


def test_a_local_agreement_binds_in_the_places_its_title_names(tmp_path: Path) -> None:
    from ceasefire.knowledge.gazetteer import MemoryGazetteer

    table = _agreement(tmp_path, [
        {"AgtId": "1", "Agt": "Idlib Ceasefire Statement", "Dat": "2018-05-01", "Stage": "Cea", "Agtp": "IntraLocal",
         "Loc1ISO": "SYR", "Part": "For the Government: A", "Con": "Syria"},
        {"AgtId": "2", "Agt": "Sirte Agreement on a Ceasefire", "Dat": "2018-06-01", "Stage": "Cea", "Agtp": "Intra",
         "Loc1ISO": "LBY", "Part": "For the Government: B", "Con": "Libya"},
    ])  # fmt: skip
    local, national = read_pax(table, gazetteer=MemoryGazetteer())
    assert local.local and [p.name for p in local.places] == ["Idlib"] and local.venues == []
    assert local.places[0].lat is not None and local.places[0].country == "SY"
    assert not national.local and national.places == [] and national.venues == ["Sirte"]
