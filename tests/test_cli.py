"""The command line, run in-process over the full pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ceasefire.cli import app

runner = CliRunner()

ARTICLE = """Rebels shelled government positions near Idlib on Monday, a monitor said.

The opposition accused the army of violating the truce that took effect last week.
"""


def _lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_extract_writes_one_json_line_per_document(tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(source), "--published", "2016-04-19"])
    assert result.exit_code == 0, result.output
    (record,) = _lines(result.stdout)
    document = record["document"]
    assert isinstance(document, dict)
    assert set(document) >= {"id", "kind", "author", "published", "title", "url"}
    events = record["events"]
    assert isinstance(events, list) and events
    shelling = next(e for e in events if e["event"] == "ASSAULT")
    assert shelling["date"] == "2016-04-18"
    assert shelling["place"]["country"] == "SY"
    assert (
        ARTICLE[shelling["evidence"]["start"] : shelling["evidence"]["end"]] == shelling["evidence"]["text"]
    )


def test_extract_reads_json_lines_from_stdin_and_keeps_ids() -> None:
    records = "\n".join(
        json.dumps({"id": f"rec-{n}", "text": text, "published": "2020-01-16"})
        for n, text in enumerate(
            ["Haftar left Moscow without signing the ceasefire.", "Troops shelled the town."]
        )
    )
    result = runner.invoke(app, ["extract", "-", "--format", "jsonl"], input=records)
    assert result.exit_code == 0, result.output
    assert [r["document"]["id"] for r in _lines(result.stdout)] == ["rec-0", "rec-1"]  # type: ignore[index]


def test_rejected_documents_go_to_stderr_or_into_the_output(tmp_path: Path) -> None:
    (tmp_path / "fr.txt").write_text(
        "Les forces gouvernementales et les rebelles ont signé un cessez-le-feu lundi à Genève, "
        "selon un communiqué publié par les Nations unies.",
        encoding="utf-8",
    )
    plain = runner.invoke(app, ["extract", str(tmp_path / "fr.txt")])
    assert plain.exit_code == 0
    assert "wrong_language" in plain.stderr
    assert _lines(plain.stdout) == []
    included = runner.invoke(app, ["extract", str(tmp_path / "fr.txt"), "--include-rejected"])
    (record,) = _lines(included.stdout)
    assert record["rejected"]["reason"] == "wrong_language"  # type: ignore[index]


def test_unreadable_input_is_named_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 8)
    result = runner.invoke(app, ["extract", str(junk), str(good)])
    assert result.exit_code == 1
    assert "junk.bin" in result.stderr and "binary" in result.stderr
    assert len(_lines(result.stdout)) == 1


@pytest.mark.parametrize("args", [["extract", "x.txt", "--published", "yesterday"], ["eval", "nope", "x"]],
                         ids=["bad-date", "unknown-gold-set"])  # fmt: skip
def test_bad_arguments_give_a_clear_error(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code != 0
    assert "YYYY-MM-DD" in result.output or "unknown gold standard" in result.output


def test_demo_prints_read_skipped_events_and_examples() -> None:
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert "skipped 2 (" in result.stdout
    assert "wrong_language" in result.stdout and "duplicate" in result.stdout
    assert "by process:" in result.stdout and "ceasefire/" in result.stdout
    assert "Examples" in result.stdout


def test_demo_json_prints_records() -> None:
    result = runner.invoke(app, ["demo", "--json"])
    assert result.exit_code == 0
    records = _lines(result.stdout)
    assert any(r.get("events") for r in records)
    assert {r["rejected"]["reason"] for r in records if "rejected" in r} == {"wrong_language", "duplicate"}  # type: ignore[index]
    assert any(r["document"]["kind"] == "comment" for r in records)  # type: ignore[index]
