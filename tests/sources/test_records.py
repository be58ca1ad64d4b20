"""JSON Lines records: ids kept, optional fields read, a bad line reported by number, the rest read."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ceasefire.errors import MalformedInput
from ceasefire.models import Document, Rejected
from ceasefire.settings import Settings
from ceasefire.sources import read_file, read_sources, read_stdin


def test_records_keep_their_ids_and_fields(fixtures: Path, settings: Settings) -> None:
    out = list(read_sources([str(fixtures / "records.jsonl")], settings))
    docs = {d.id: d for d in out if isinstance(d, Document)}
    assert list(docs) == ["rec-001", "rec-002", "rec-005"]
    first = docs["rec-001"]
    assert (first.url, first.title, first.author) == (
        "https://example.org/hodeidah-quiet",
        "Hodeidah quiet overnight",
        "Desk",
    )
    assert first.published == date(2018, 12, 20) and first.published_at is None
    assert docs["rec-002"].kind == "report"
    moment = docs["rec-005"].published_at
    assert moment == datetime(2018, 12, 23, 9, 15, tzinfo=timezone(timedelta(hours=3)))
    assert docs["rec-005"].published == date(2018, 12, 23)


def test_malformed_lines_are_rejected_by_number_and_the_rest_go_on(
    fixtures: Path, settings: Settings
) -> None:
    out = list(read_sources([str(fixtures / "records.jsonl")], settings))
    assert [type(o).__name__ for o in out] == ["Document", "Document", "Rejected", "Rejected", "Document"]
    broken, missing = (o for o in out if isinstance(o, Rejected))
    source = str(fixtures / "records.jsonl")
    assert broken.reason == "malformed"
    assert broken.detail.startswith(f"[CF204] {source}: line 4: not valid JSON")
    assert missing.detail == f'[CF204] {source}: line 5: record rec-004 has no "text" string'
    assert broken.doc_id != missing.doc_id


@pytest.mark.parametrize(
    ("record", "message"),
    [
        pytest.param({"text": "no id"}, 'has no "id"', id="missing-id"),
        pytest.param({"id": "a", "text": 5}, 'has no "text" string', id="text-not-a-string"),
        pytest.param({"id": "a", "text": "x", "kind": "tweet"}, '"kind" must be one of', id="unknown-kind"),
        pytest.param(
            {"id": "a", "text": "x", "published": "last Tuesday"},
            '"published" must be an ISO date',
            id="bad-date",
        ),
        pytest.param({"id": "a", "text": "x", "url": 7}, '"url" must be a string', id="url-not-a-string"),
        pytest.param(["a", "list"], "must be a JSON object", id="not-an-object"),
    ],
)
def test_invalid_record_is_malformed(
    tmp_path: Path, settings: Settings, record: object, message: str
) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(MalformedInput, match=message):
        read_file(path, settings)


def test_record_with_blank_text_is_rejected_as_empty(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text('{"id": "a", "text": "   "}\n', encoding="utf-8")
    [rejected] = list(read_sources([str(path)], settings))
    assert isinstance(rejected, Rejected) and rejected.reason == "empty"


def test_json_array_of_records_is_read(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "batch.json"
    path.write_text(
        json.dumps([{"id": 1, "text": "First."}, {"id": "two", "text": "Second."}]), encoding="utf-8"
    )
    assert [d.id for d in read_file(path, settings)] == ["1", "two"]


def test_stdin_reads_json_lines_when_asked(settings: Settings) -> None:
    stream = io.BytesIO(b'{"id": "s1", "text": "From a pipe.", "published": "2020-01-12T10:00:00Z"}\n')
    [doc] = read_stdin(settings, fmt="jsonl", stdin=stream)
    assert doc.id == "s1"
    assert doc.source == "stdin"
    assert doc.published_at == datetime(2020, 1, 12, 10, tzinfo=UTC)


def test_one_pretty_printed_json_object_is_one_record(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"id": "p1", "text": "A report."}, indent=2), encoding="utf-8")
    [doc] = read_file(path, settings)
    assert (doc.id, doc.text) == ("p1", "A report.")
