"""The end of a ceasefire by its terms: registry dates, lengths the text gives, extensions, expiry."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ceasefire.registry.process import Process
from ceasefire.tracker.lifetime import add_duration, terms_end
from ceasefire.tracker.tracked import TrackedEvent


def process(effective: date | None = date(2023, 5, 22), ended: date | None = None) -> Process:
    return Process(id="p", name="p", kind="ceasefire", origin="discovered", countries=["SD"],
                   declared=date(2023, 5, 20), effective=effective, ended=ended)  # fmt: skip


def mention(id: str, when: date, phase: str, trigger: str = "agreed", **terms: str) -> TrackedEvent:
    record: dict[str, Any] = {"event": "AGREE", "modality": "asserted", "process": {"kind": "ceasefire", "phase": phase, **terms},
                              "trigger": {"text": trigger}, "evidence": {"text": "x"}, "actor": [], "recipient": []}  # fmt: skip
    return TrackedEvent(id, "d", record, when, frozenset({"SD"}))


@pytest.mark.parametrize(
    ("start", "duration", "end"),
    [(date(2023, 5, 22), "P7D", date(2023, 5, 29)), (date(2022, 4, 2), "P2M", date(2022, 6, 2)),
     (date(2023, 1, 31), "P1M", date(2023, 2, 28)), (date(2023, 5, 22), "P1W", date(2023, 5, 29)),
     (date(2023, 5, 22), "PT72H", date(2023, 5, 25)), (date(2023, 5, 22), "P1Y", date(2024, 5, 22))],
)  # fmt: skip
def test_iso_durations_add_to_a_date(start: date, duration: str, end: date) -> None:
    assert add_duration(start, duration) == end


@pytest.mark.parametrize("junk", ["", "P", "7 days", "PXD"])
def test_an_unreadable_duration_gives_no_date(junk: str) -> None:
    assert add_duration(date(2023, 5, 22), junk) is None


def test_the_registry_end_binds() -> None:
    found = terms_end(process(ended=date(2023, 6, 1)), [])
    assert (found.day, found.hard) == (date(2023, 6, 1), True)


def test_a_length_runs_from_the_day_it_took_effect_and_extensions_move_the_end() -> None:
    events = [mention("s", date(2023, 5, 20), "signed", duration="P7D"),
              mention("x", date(2023, 5, 29), "extended", duration="P5D")]  # fmt: skip
    found = terms_end(process(), events)
    assert (found.day, found.hard) == (date(2023, 6, 3), False)


def test_an_extension_to_a_given_day_sets_the_end() -> None:
    events = [mention("s", date(2022, 4, 1), "accepted", duration="P2M"),
              mention("x", date(2022, 8, 2), "extended", until="2022-10-02")]  # fmt: skip
    assert terms_end(process(effective=date(2022, 4, 2)), events).day == date(2022, 10, 2)


def test_an_extension_of_unknown_length_leaves_it_open() -> None:
    events = [
        mention("s", date(2023, 5, 20), "signed", duration="P7D"),
        mention("x", date(2023, 5, 27), "extended"),
    ]
    assert terms_end(process(), events).day is None


def test_expiry_fixes_the_end_on_its_day() -> None:
    events = [mention("s", date(2023, 5, 20), "signed", duration="P7D"),
              mention("e", date(2023, 6, 1), "ended", trigger="expired")]  # fmt: skip
    found = terms_end(process(), events)
    assert (found.day, found.hard) == (date(2023, 6, 1), True)


def test_news_of_it_after_a_soft_end_shows_it_lasted() -> None:
    events = [mention("s", date(2023, 5, 20), "signed", duration="P7D"),
              mention("a", date(2023, 6, 2), "violation_alleged", trigger="accused")]  # fmt: skip
    assert terms_end(process(), events).day == date(2023, 6, 2)


def test_the_same_extension_reported_twice_counts_once() -> None:
    events = [mention("s", date(2023, 5, 20), "signed", duration="P7D"),
              mention("x1", date(2023, 5, 29), "extended", duration="P5D"),
              mention("x2", date(2023, 5, 30), "extended", duration="P5D")]  # fmt: skip
    assert terms_end(process(), events).day == date(2023, 6, 3)
    later = [*events, mention("x3", date(2023, 6, 10), "extended", duration="P5D")]
    assert terms_end(process(), later).day == date(2023, 6, 15)
