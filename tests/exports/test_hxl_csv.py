"""HXL CSV: human headers, then the hashtag row, then one row per event."""

from __future__ import annotations

import csv
import io
import re

from ceasefire.exports import ExportRow
from ceasefire.exports.hxl_csv import HASHTAGS, HEADERS, write_hxl_csv

#: an HXL hashtag: #tag then +attributes, lower-case letters, digits and underscores
HASHTAG = re.compile(r"#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*")


def exported(rows: list[ExportRow]) -> tuple[int, list[list[str]]]:
    out = io.StringIO(newline="")
    count = write_hxl_csv(rows, out)
    return count, list(csv.reader(io.StringIO(out.getvalue(), newline="")))


def test_second_row_is_the_hashtag_row(rows: list[ExportRow]) -> None:
    _, (headers, tags, *_) = exported(rows)
    assert tuple(headers) == HEADERS
    assert tuple(tags) == HASHTAGS
    assert all(not h.startswith("#") for h in headers)
    assert all(tag.startswith("#") and HASHTAG.fullmatch(tag) for tag in tags), tags
    assert len(set(tags)) == len(tags)


def test_every_event_is_one_row(rows: list[ExportRow]) -> None:
    count, (_, tags, *body) = exported(rows)
    assert count == len(body) == 4
    assert all(len(line) == len(tags) for line in body)


def test_cells_sit_under_their_hashtags(rows: list[ExportRow]) -> None:
    _, (_, tags, strike, *_) = exported(rows)
    cell = dict(zip(tags, strike, strict=True))
    assert cell["#event+id"] == "strike"
    assert cell["#date+occurred"] == "2020-01-14"
    assert (cell["#event+type+plover"], cell["#event+modality"]) == ("ASSAULT", "asserted")
    assert (cell["#actor+name"], cell["#actor+code"]) == ("Libyan National Army", "LBY")
    assert cell["#actor+name+recipient"] == "Government of National Accord"
    assert (cell["#country+code"], cell["#country+name"]) == ("LBY", "Libya")
    assert (cell["#loc+name"], cell["#geo+lat"], cell["#geo+lon"]) == ("Tripoli", "32.9", "13.2")
    assert cell["#activity+process+code"] == "libya-2020-01-ceasefire; berlin-process"
    assert cell["#meta+url"] == "https://news.example/2020/01/14/libya"


def test_commas_quotes_and_newlines_in_evidence_survive_the_round_trip(rows: list[ExportRow]) -> None:
    _, (_, tags, strike, *_) = exported(rows)
    sentence = rows[0].event["evidence"]["text"]
    assert all(mark in sentence for mark in (",", '"', "\n"))
    assert strike[tags.index("#description")] == sentence


def test_zero_rows_give_the_two_header_rows() -> None:
    count, lines = exported([])
    assert count == 0
    assert lines == [list(HEADERS), list(HASHTAGS)]
