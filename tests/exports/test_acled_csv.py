"""ACLED-style CSV: ACLED's column names, one row per event ACLED would code, RFC 4180 quoting."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from ceasefire.exports import ExportRow
from ceasefire.exports.acled_csv import COLUMNS, disorder_type, write_acled_csv
from ceasefire.models import ActorRef, Document, Place

ToRows = Callable[[Document], list[ExportRow]]
EXPORTED_AT = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def exported(rows: list[ExportRow], **options: bool) -> tuple[int, list[dict[str, str]]]:
    out = io.StringIO(newline="")
    count = write_acled_csv(rows, out, exported_at=EXPORTED_AT, **options)
    reader = csv.reader(io.StringIO(out.getvalue(), newline=""))
    header, *body = list(reader)
    assert tuple(header) == COLUMNS
    return count, [dict(zip(header, line, strict=True)) for line in body]


def test_header_uses_acled_export_column_names() -> None:
    assert COLUMNS[:4] == ("event_id_cnty", "event_date", "year", "time_precision")
    assert {
        "actor1",
        "assoc_actor_1",
        "inter1",
        "interaction",
        "iso",
        "geo_precision",
        "notes",
        "timestamp",
    } <= set(COLUMNS)


def test_only_asserted_events_with_an_acled_type_are_written(rows: list[ExportRow]) -> None:
    count, lines = exported(rows)
    assert count == len(lines) == 1, "no ACLED type (rejection, claim) and a question are skipped"
    assert lines[0]["event_id_cnty"] == "LBYstrike"


def test_factual_only_off_keeps_a_question_and_marks_it(rows: list[ExportRow]) -> None:
    count, lines = exported(rows, factual_only=False)
    assert count == 2
    assert "modality=question" in lines[1]["tags"]


def test_a_row_is_filled_from_the_event_record(rows: list[ExportRow]) -> None:
    _, (line,) = exported(rows)
    assert line["event_date"] == "2020-01-14"
    assert (line["year"], line["time_precision"]) == ("2020", "1")
    assert (line["event_type"], line["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert line["disorder_type"] == "Political violence"
    assert (line["actor1"], line["inter1"]) == ("Libyan National Army", "1")
    assert (line["actor2"], line["inter2"]) == ("Government of National Accord", "1")
    assert line["interaction"] == "11"
    assert (line["iso"], line["country"]) == ("434", "Libya")
    assert (line["location"], line["latitude"], line["longitude"]) == ("Tripoli", "32.9", "13.2")
    assert line["geo_precision"] == "1"
    assert line["source"] == "news.example"
    assert line["timestamp"] == str(int(datetime(2020, 1, 14, tzinfo=UTC).timestamp()))
    assert line["tags"] == (
        "plover=ASSAULT-aerial; process=ceasefire/violated; modality=asserted; "
        "processes=libya-2020-01-ceasefire,berlin-process"
    )
    assert line["fatalities"] == line["admin1"] == line["region"] == ""


def test_commas_quotes_and_newlines_in_evidence_survive_the_round_trip(rows: list[ExportRow]) -> None:
    sentence = rows[0].event["evidence"]["text"]
    assert all(mark in sentence for mark in (",", '"', "\n"))
    _, (line,) = exported(rows)
    assert line["notes"] == sentence


def test_timestamp_falls_back_to_the_export_time_without_a_publication_date(
    document: Document, to_rows: ToRows
) -> None:
    document.published = None
    _, (line,) = exported(to_rows(document))
    assert line["timestamp"] == str(int(EXPORTED_AT.timestamp()))


@pytest.mark.parametrize(
    ("actor", "place", "inter1"),
    [
        (ActorRef("Turkish troops", "Turkish Armed Forces", "TUR", "MIL"), "LY", "8"),
        (ActorRef("rebels", None, "LBY", "REB"), "LY", "2"),
        (ActorRef("gunmen", None, "LBY", "UAF"), "LY", "3"),
        (ActorRef("UNSMIL", "UN Support Mission in Libya", "UNO", "IGO"), "LY", "8"),
        (ActorRef("a spokesman", None, None, "OPP"), "LY", ""),
    ],
    ids=["foreign-state-forces", "rebels", "militia", "un", "unmapped-sector"],
)
def test_inter_codes_come_from_the_actor_sector(
    document: Document, to_rows: ToRows, actor: ActorRef, place: str, inter1: str
) -> None:
    strike = document.events[0]
    strike.actor = [actor]
    strike.place = Place("Tripoli", "Tripoli", place, 32.9, 13.2)
    _, (line,) = exported(to_rows(document))
    assert line["inter1"] == inter1


@pytest.mark.parametrize(
    ("event_type", "sub_event", "expected"),
    [
        ("Battles", "Armed clash", "Political violence"),
        ("Protests", "Peaceful protest", "Demonstrations"),
        ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
        ("Riots", "Violent demonstration", "Demonstrations"),
        ("Riots", "Mob violence", "Political violence"),
        ("Strategic developments", "Agreement", "Strategic developments"),
    ],
    ids=["battle", "protest", "excessive-force", "violent-demo", "mob", "agreement"],
)
def test_disorder_type_follows_the_acled_codebook(event_type: str, sub_event: str, expected: str) -> None:
    assert disorder_type(event_type, sub_event) == expected


def test_zero_rows_give_a_header_only_csv() -> None:
    count, lines = exported([])
    assert (count, lines) == (0, [])


@pytest.mark.parametrize(
    ("date_precision", "place_precision", "expected"),
    [("day", "exact", ("1", "1")), ("week", "city", ("2", "1")), ("month", "region", ("3", "2")),
     ("year", "country", ("3", "3"))],
    ids=["day-exact", "week-city", "month-region", "year-country"],
)  # fmt: skip
def test_time_and_geo_precision_map_onto_acled_codes(
    document: Document, to_rows: ToRows, date_precision: str, place_precision: str, expected: tuple[str, str]
) -> None:
    strike = document.events[0]
    strike.date_precision = date_precision  # type: ignore[assignment]
    strike.place = Place("Tripoli", "Tripoli", "LY", 32.9, 13.2, precision=place_precision)  # type: ignore[arg-type]
    _, (line,) = exported(to_rows(document))
    assert (line["time_precision"], line["geo_precision"]) == expected
