"""PLOVER JSON: the event record unchanged, plus the field names PLOVER and POLECAT readers expect."""

from __future__ import annotations

import io
import json
from typing import Any

from ceasefire.exports import ExportRow
from ceasefire.exports.plover_json import write_plover_json
from ceasefire.models import Document

ONTOLOGY_FIELDS = ("id", "event", "mode", "context", "process", "modality", "actor", "recipient", "place",
                   "date", "evidence", "confidence")  # fmt: skip


def exported(rows: list[ExportRow]) -> tuple[int, list[dict[str, Any]]]:
    out = io.StringIO()
    count = write_plover_json(rows, out)
    return count, json.loads(out.getvalue())


def test_every_event_becomes_one_record(rows: list[ExportRow]) -> None:
    count, records = exported(rows)
    assert count == len(records) == 4
    assert [r["id"] for r in records] == ["strike", "rejection", "question", "claim"]


def test_records_keep_every_field_of_the_event_record_as_is(rows: list[ExportRow]) -> None:
    _, records = exported(rows)
    for row, record in zip(rows, records, strict=True):
        assert set(ONTOLOGY_FIELDS) <= set(record)
        assert {key: record[key] for key in row.event} == row.event


def test_records_carry_plover_and_polecat_consumer_fields(rows: list[ExportRow], document: Document) -> None:
    _, records = exported(rows)
    strike = records[0]
    assert strike["source"] == [
        {"actorText": "LNA", "name": "Libyan National Army", "code": "LBY", "sector": "MIL"}
    ]
    assert strike["target"][0]["name"] == "Government of National Accord"
    assert (strike["actor_name"], strike["actor_country"]) == ("Libyan National Army", "LBY")
    assert (strike["recipient_name"], strike["recipient_country"]) == ("Government of National Accord", "LBY")
    assert (strike["event_type"], strike["event_mode"], strike["event_date"]) == (
        "ASSAULT",
        "aerial",
        "2020-01-14",
    )
    assert strike["quad_code"] == 4
    assert strike["eventText"] == "struck"
    assert strike["text"] == strike["evidence"]["text"]
    assert strike["geolocation"] == {
        "placename": "Tripoli", "event_loc_raw": "Tripoli", "country_code": "LY", "country_code3": "LBY",
        "lat": 32.9, "lon": 13.2, "geonameid": 2210247, "precision": "city",
    }  # fmt: skip
    assert strike["story_id"] == document.id
    assert strike["url"] == document.url
    assert strike["pub_date"] == "2020-01-14"
    assert strike["headline"] == document.title
    assert strike["publication"] == "news.example"
    assert strike["processes"] == ["libya-2020-01-ceasefire", "berlin-process"]
    assert strike["document"] == document.header_json()


def test_quad_code_follows_the_plover_quad_class(rows: list[ExportRow]) -> None:
    _, records = exported(rows)
    assert [r["quad_code"] for r in records] == [4, 3, 4, 3]


def test_an_event_without_place_or_actors_has_empty_consumer_fields(rows: list[ExportRow]) -> None:
    _, records = exported(rows)
    question = records[2]
    assert question["geolocation"] is None
    assert (question["source"], question["actor_name"], question["processes"]) == ([], "", [])


def test_an_added_field_never_replaces_one_of_the_records_own(rows: list[ExportRow]) -> None:
    row = rows[0]
    own = ExportRow({**row.event, "url": "https://own.example/event"}, row.document, row.processes)
    _, records = exported([own])
    assert records[0]["url"] == "https://own.example/event"


def test_zero_rows_give_an_empty_json_array() -> None:
    count, records = exported([])
    assert (count, records) == (0, [])
