"""How long a ceasefire or its extension runs and until when: ``process.duration`` and ``process.until``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from ceasefire.models import Document, Event, Evidence, ProcessRef, Span
from ceasefire.pipeline.dates import ResolveDates, date_process_end
from ceasefire.pipeline.durations import iso_duration, length_in
from ceasefire.pipeline.events import ExtractEvents
from ceasefire.pipeline.parse import Parse

Code = Callable[[str], list[Event]]
#: a Wednesday
PUBLISHED = date(2024, 3, 6)


@pytest.fixture(scope="module")
def code_dated(nlp) -> Callable[[str], list[Event]]:  # type: ignore[no-untyped-def]
    """Parse, extract and date the events of a text published on ``PUBLISHED``."""
    parse, extract, dates = Parse(nlp), ExtractEvents(), ResolveDates()

    def run(text: str) -> list[Event]:
        return dates(extract(parse(Document(id="t", text=text, published=PUBLISHED)))).events

    return run


def _ceasefire(events: list[Event], trigger: str) -> ProcessRef:
    found = [e for e in events if e.trigger.text.lower() == trigger.lower()]
    assert found, f"no event triggered by {trigger!r} in {[(e.event, e.trigger.text) for e in events]}"
    process = found[0].process
    assert process is not None and process.kind == "ceasefire", process
    return process


@pytest.mark.parametrize(
    ("words", "duration"),
    [
        ("a seven-day", "P7D"),
        ("a 72-hour", "PT72H"),
        ("week-long", "P1W"),
        ("a two-month", "P2M"),
        ("an additional two months", "P2M"),
        ("the 30 day", "P30D"),
        ("a fortnight-long", "P14D"),
        ("a year-long", "P1Y"),
        ("the humanitarian", None),
        ("two", None),
    ],
    ids=["days", "hours", "week-long", "months", "additional", "digits", "fortnight", "year-long",
         "no-length", "number-only"],
)  # fmt: skip
def test_length_words_read_as_iso_durations(words: str, duration: str | None) -> None:
    assert length_in(words) == duration


def test_iso_duration_puts_hours_in_the_time_part() -> None:
    assert (iso_duration(48, "hours"), iso_duration(3, "week"), iso_duration(2, "fortnight")) == (
        "PT48H",
        "P3W",
        "P28D",
    )


@pytest.mark.parametrize(
    ("sentence", "trigger", "phase", "duration"),
    [
        # wire copy
        ("A 48-hour ceasefire took effect at dawn on Monday.", "took", "in_force", "PT48H"),
        ("The army declared a week-long truce in the northern province.", "declared", "declared", "P1W"),
        ("A three-day cessation of hostilities started on Monday.", "started", "in_force", "P3D"),
        ("Rebels accepted a two-week truce proposed by the African Union.", "accepted", "accepted", "P2W"),
        # UN statement
        ("The Special Envoy welcomes the parties' acceptance of a two-month truce.", "acceptance",
         "accepted", "P2M"),
        ("Mediators announced a 72-hour extension of the humanitarian truce late on Sunday.", "announced",
         "extended", "PT72H"),
        # blog
        ("So the warring parties agreed to extend the ceasefire by another 30 days. Good news.", "agreed",
         "extended", "P30D"),
        ("Government and rebel negotiators renewed the truce for three months in Nairobi.", "renewed",
         "extended", "P3M"),
        # translated statement
        ("The two sides signed a three-week extension of the ceasefire agreement.", "signed", "extended",
         "P3W"),
        ("The ceasefire, which is set to last for ten days, began at noon.", "began", "in_force", "P10D"),
    ],
    ids=["hours", "week-long", "cessation", "accepted", "un-agreement", "extension-noun", "blog-by",
         "renewed-for", "signed-extension", "relative-clause"],
)  # fmt: skip
def test_ceasefire_length_is_read_from_its_own_words(
    code: Code, sentence: str, trigger: str, phase: str, duration: str
) -> None:
    process = _ceasefire(code(sentence), trigger)
    assert (process.phase, process.duration) == (phase, duration)


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("The president arrived for a two-day visit as the ceasefire held.", "held"),
        ("Fighters violated the truce for three days in a row.", "violated"),
        ("After a four-day offensive, the army declared a ceasefire.", "declared"),
    ],
    ids=["a-visit", "violated-for", "other-noun"],
)
def test_a_length_that_belongs_to_something_else_is_not_the_ceasefires(
    code: Code, sentence: str, trigger: str
) -> None:
    assert _ceasefire(code(sentence), trigger).duration is None


def test_an_extension_has_its_own_length_not_the_truces(code: Code) -> None:
    process = _ceasefire(code("The parties extended the four-day truce by two days."), "extended")
    assert (process.phase, process.duration) == ("extended", "P2D")


@pytest.mark.parametrize(
    ("sentence", "trigger", "until"),
    [
        ("The parties agreed to extend the truce for another month, until 15 April.", "agreed",
         date(2024, 4, 15)),
        ("The government extended the truce through Friday.", "extended", date(2024, 3, 8)),
        ("The truce, which is due to run until Friday, was largely respected.", "respected",
         date(2024, 3, 8)),
        ("The UN envoy said the truce would be renewed from 2 April until 2 June 2024.", "renewed",
         date(2024, 6, 2)),
    ],
    ids=["until-day-month", "through-weekday", "relative-clause", "from-until"],
)  # fmt: skip
def test_the_end_of_the_ceasefire_is_resolved_against_the_event(
    code_dated: Code, sentence: str, trigger: str, until: date
) -> None:
    assert _ceasefire(code_dated(sentence), trigger).until == until


def test_a_ceasefire_with_no_end_in_its_words_has_no_until(code_dated: Code) -> None:
    process = _ceasefire(
        code_dated("The truce took effect on Monday and fighting continued until Friday."), "took"
    )
    assert process.until is None


def test_an_end_given_only_as_a_month_is_not_kept() -> None:
    event = Event(
        event="AGREE",
        evidence=Evidence("t", "The truce was extended until October.", 0, 37),
        trigger=Span("extended", 14, 22),
        process=ProcessRef("ceasefire", "extended"),
        until_text=Span("until October", 23, 36),
        date=PUBLISHED,
    )
    date_process_end(event, PUBLISHED)
    assert event.process is not None and event.process.until is None


def test_duration_and_until_appear_in_the_record_only_when_known() -> None:
    plain = ProcessRef("ceasefire", "in_force").to_json()
    full = ProcessRef("ceasefire", "extended", duration="P2M", until=date(2022, 10, 2)).to_json()
    assert plain == {"kind": "ceasefire", "phase": "in_force"}
    assert full == {"kind": "ceasefire", "phase": "extended", "duration": "P2M", "until": "2022-10-02"}
