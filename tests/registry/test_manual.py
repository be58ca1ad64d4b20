"""Hand-written processes in YAML: the schema, stable ids, and errors that name the field."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from ceasefire.errors import MalformedInput, SourceNotFound
from ceasefire.registry.manual import process_from_mapping, read_process_yaml
from ceasefire.registry.process import ProcessActor, Terms

FIXTURES = Path(__file__).parents[1] / "fixtures" / "registry"


def test_full_entry() -> None:
    process = read_process_yaml(FIXTURES / "process_full.yaml")
    assert (process.id, process.kind, process.origin) == ("testland-truce-2016", "ceasefire", "manual")
    assert process.countries == ["SY", "TR"]
    assert process.aliases == ["Eid truce in Testland"]
    assert [a["type"] for a in process.areas] == ["Point", "Polygon"]
    assert process.actors_in("party") == [
        ProcessActor("Government of Syria"),
        ProcessActor("Syrian Democratic Forces", "party", "syr-sdf", "SYR", "REB"),
    ]
    assert [a.name for a in process.actors_in("mediator")] == ["United States", "Russia"]
    assert [a.name for a in process.actors_in("excluded")] == ["Islamic State"]
    assert (process.declared, process.effective, process.ended) == (
        date(2016, 2, 22),
        date(2016, 2, 27),
        None,
    )
    assert process.written is True
    assert process.terms == Terms(
        ("ASSAULT", "COERCE"), ("MOBILIZE",), "strikes on listed groups stay permitted"
    )
    assert process.external_ids == {"pax_agt_id": ["1507"], "ucdp_conflict": ["299", "13809"]}


def test_minimal_entry_gets_defaults_and_a_stable_id() -> None:
    process = read_process_yaml(FIXTURES / "process_minimal.yaml")
    assert process.id.startswith("manual-")
    assert process.id == read_process_yaml(FIXTURES / "process_minimal.yaml").id
    assert process.id != process_from_mapping({"name": "Another truce"}, "test").id
    assert (process.kind, process.terms, process.confirmed, process.written) == (
        "ceasefire",
        Terms(),
        True,
        None,
    )


def test_reading_twice_gives_equal_processes() -> None:
    assert read_process_yaml(FIXTURES / "process_full.yaml") == read_process_yaml(
        FIXTURES / "process_full.yaml"
    )


def test_mapping_may_hold_date_objects() -> None:
    process = process_from_mapping({"name": "A truce", "declared": date(2020, 1, 2)}, "test")
    assert process.declared == date(2020, 1, 2)


BAD: list[tuple[str, dict[str, Any], str]] = [
    ("no-name", {"name": None}, "name: expected a non-empty string, not null"),
    ("date-word", {"declared": "yesterday"}, "declared: 'yesterday' is not a YYYY-MM-DD date"),
    ("date-impossible", {"effective": "2016-02-30"}, "effective: '2016-02-30' is not a valid date"),
    ("ended-early", {"declared": "2016-02-22", "ended": "2016-02-01"}, "ended: 2016-02-01 is before declared"),
    ("typo", {"mediator": ["UN"]}, "mediator: unknown field (did you mean 'mediators'?)"),
    ("kind", {"kind": "truce"}, "kind: 'truce' is not one of ceasefire, talks, agreement"),
    ("country", {"countries": ["SY", "Syria"]}, "countries[1]: 'Syria' is not an ISO 3166 alpha-2 country code"),
    ("countries-text", {"countries": "SY"}, "countries: expected a list, not the text 'SY'"),
    ("actor-key", {"parties": [{"name": "X", "entity": "x"}]}, "parties[0].entity: unknown field"),
    ("actor-name", {"guarantors": [{"entity_id": "x"}]}, "guarantors[0].name: expected a non-empty string"),
    ("actor-country", {"parties": [{"name": "X", "country": "sy"}]}, "parties[0].country: 'sy' is not an alpha-3"),
    ("terms-event", {"terms": {"banned": ["SHOOT"]}}, "terms.banned[0]: 'SHOOT' is not a PLOVER event type"),
    ("terms-key", {"terms": {"permited": []}}, "terms.permited: unknown field (did you mean 'permitted'?)"),
    ("written", {"written": "yes"}, "written: 'yes' is not true, false or null"),
    ("id", {"id": "Syria Truce"}, "id: 'Syria Truce' is not an id"),
    ("scheme", {"external_ids": {"acled": 1}}, "external_ids.acled: unknown id scheme"),
    ("area-type", {"areas": [{"type": "Circle"}]}, "areas[0].type: 'Circle' is not a GeoJSON geometry type"),
    ("area-point", {"areas": [{"type": "Point", "coordinates": [200, 10]}]}, "areas[0].coordinates: [200, 10] is out of range"),
    ("area-ring", {"areas": [{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1]]]}]},
     "areas[0].coordinates[0]: a polygon ring needs at least 4 positions"),
    ("area-feature", {"areas": [{"type": "Feature", "geometry": None}]}, "areas[0].type: 'Feature' is not a GeoJSON"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_errors_name_the_file_and_the_field(tmp_path: Path, fields: dict[str, Any], message: str) -> None:
    path = tmp_path / "entry.yaml"
    path.write_text(yaml.safe_dump({"name": "A truce", **fields}), encoding="utf-8")
    with pytest.raises(MalformedInput) as caught:
        read_process_yaml(path)
    assert str(caught.value).startswith(f"[CF204] {path}: {message}")


@pytest.mark.parametrize(
    ("text", "message"),
    [("name: [unclosed\n", "not valid YAML"), ("name: A\nname: B\n", "'name' is given twice"),
     ("- name: A\n", "a process is a mapping of fields, not a list")],
    ids=["syntax", "repeated-key", "list"],
)  # fmt: skip
def test_file_level_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "entry.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MalformedInput, match=message):
        read_process_yaml(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceNotFound):
        read_process_yaml(tmp_path / "absent.yaml")
