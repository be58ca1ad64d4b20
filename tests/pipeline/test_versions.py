"""Stage versions move with stage code: a changed fingerprint under an unchanged version fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ceasefire.knowledge.catalogue import Catalogue
from ceasefire.knowledge.gazetteer import MemoryGazetteer
from ceasefire.pipeline import versions
from ceasefire.pipeline.build import build_pipeline
from ceasefire.pipeline.events import ExtractEvents
from ceasefire.settings import Settings


@pytest.mark.parametrize("state", versions.states(), ids=lambda s: s.name)
def test_stage_code_and_version_match_the_record(state: versions.StageState) -> None:
    assert state.current, state.describe()


def test_every_built_in_stage_is_versioned() -> None:
    pipeline = build_pipeline(Settings.from_env(), gazetteer=MemoryGazetteer(), catalogue=Catalogue.load())
    assert [type(s) for s in pipeline.stages] == list(versions.STAGES)


def test_a_change_to_a_rule_module_changes_the_stage_fingerprint(monkeypatch: pytest.MonkeyPatch) -> None:
    before = versions.fingerprint(ExtractEvents)
    real = versions.code_of
    monkeypatch.setattr(
        versions,
        "code_of",
        lambda source: real(source) + ("x = 1\n" if "def find_candidates" in source else ""),
    )
    assert versions.fingerprint(ExtractEvents) != before


def test_comments_docstrings_and_blank_lines_are_not_code() -> None:
    plain = "def f(x):\n    return x + 1\n"
    annotated = '"""Module."""\n\n# a note\ndef f(x):\n    """Add one."""\n\n    return x + 1  # why\n'
    assert versions.code_of(plain) == versions.code_of(annotated)
    assert versions.code_of(plain) != versions.code_of(plain.replace("+ 1", "+ 2"))


def test_refresh_refuses_a_changed_stage_with_an_unchanged_version(tmp_path: Path) -> None:
    record = tmp_path / "versions.json"
    data = {s.name: {"version": s.version, "fingerprint": s.fingerprint} for s in versions.states()}
    data["events"]["fingerprint"] = "0" * 64  # as if the events rules changed since it was recorded
    record.write_text(json.dumps(data))
    (events,) = [s for s in versions.states(record) if s.name == "events"]
    assert events.needs_bump and "bump" in events.describe()
    with pytest.raises(SystemExit, match="events"):
        versions.refresh(record)
    assert json.loads(record.read_text())["events"]["fingerprint"] == "0" * 64


def test_refresh_records_a_bumped_stage(tmp_path: Path) -> None:
    record = tmp_path / "versions.json"
    data = {s.name: {"version": s.version, "fingerprint": s.fingerprint} for s in versions.states()}
    data["events"] = {"version": data["events"]["version"] - 1, "fingerprint": "0" * 64}
    record.write_text(json.dumps(data))
    versions.refresh(record)
    assert all(s.current for s in versions.states(record))


def test_refresh_records_a_change_vouched_to_keep_the_same_output(tmp_path: Path) -> None:
    record = tmp_path / "versions.json"
    data = {s.name: {"version": s.version, "fingerprint": s.fingerprint} for s in versions.states()}
    data["dedupe"]["fingerprint"] = "0" * 64  # a refactor since it was recorded
    record.write_text(json.dumps(data))
    versions.refresh(record, same_output=frozenset({"dedupe"}))
    assert all(s.current for s in versions.states(record))
    with pytest.raises(SystemExit, match="no such stage"):
        versions.refresh(record, same_output=frozenset({"dedup"}))
