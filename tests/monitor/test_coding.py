"""A text-only report is coded by the real event pipeline."""

from __future__ import annotations

from datetime import date

import pytest

from ceasefire.monitor.filing import main_type
from ceasefire.monitor.worker import PipelineCoder
from ceasefire.settings import Settings


@pytest.mark.slow
def test_the_pipeline_codes_a_field_report_with_its_actor_date_and_type() -> None:
    coder = PipelineCoder(Settings.from_env())
    events = coder("Government forces shelled the village of Kafr Nabl on Tuesday, killing two civilians.",
                   date(2026, 3, 5), "rep-test")  # fmt: skip
    assert main_type(events) == "ASSAULT"
    shelling = events[0]
    assert shelling["event"] == "ASSAULT" and shelling["modality"] == "asserted"
    assert shelling["mode"] == "heavy-weapons" and shelling["actor"][0]["text"] == "Government forces"
    assert shelling["date"] == "2026-03-03"


def test_the_main_type_prefers_violence_and_ignores_what_was_not_told_as_fact() -> None:
    events = [{"event": "ACCUSE", "modality": "asserted"}, {"event": "ASSAULT", "modality": "hypothetical"},
              {"event": "COERCE", "modality": "asserted"}]  # fmt: skip
    assert main_type(events) == "COERCE"
    assert main_type([{"event": "ASSAULT", "modality": "question"}]) is None
