"""The real articles in ../shared/corpus yield the events an analyst would code from them.

Publication dates come from that folder's README. Skips when ../shared is absent.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ceasefire.models import Document, Event
from ceasefire.runner import code_documents
from ceasefire.settings import Settings
from ceasefire.sources import read_sources

PUBLISHED = {
    "libya-truce-2020-01.txt": date(2020, 1, 16),
    "libya-tripoli-2019-04.txt": date(2019, 4, 24),
    "syria-geneva-2016-04.txt": date(2016, 4, 19),
}
YES_NO_STARTS = ("Has ", "Did ", "Is ", "Was ", "Will ", "Can ", "Could ", "Are ")


@pytest.fixture(scope="module")
def corpus(shared: Path) -> dict[str, list[Document]]:
    settings = Settings.from_env()
    out: dict[str, list[Document]] = {}
    for name, published in PUBLISHED.items():
        path = shared / "corpus" / name
        if not path.exists():
            pytest.skip(f"{path} is absent")
        items = read_sources([str(path)], settings, published=published)
        out[name] = [d for d in code_documents(items, settings) if isinstance(d, Document)]
    return out


def _events(corpus: dict[str, list[Document]], name: str) -> list[Event]:
    return [e for d in corpus[name] for e in d.events]


def _process(e: Event) -> str | None:
    return f"{e.process.kind}/{e.process.phase}" if e.process else None


def _find(events: list[Event], **want: Any) -> list[Event]:
    return [e for e in events if all(getter(e) == value for getter, value in want.values())]


def test_every_event_points_at_its_sentence(corpus: dict[str, list[Document]]) -> None:
    for docs in corpus.values():
        for doc in docs:
            for event in doc.events:
                assert doc.text[event.evidence.start : event.evidence.end] == event.evidence.text
                assert doc.text[event.trigger.start : event.trigger.end] == event.trigger.text


def test_no_yes_no_question_is_coded_as_a_fact(corpus: dict[str, list[Document]]) -> None:
    for event in _events(corpus, "libya-truce-2020-01.txt"):
        sentence = event.evidence.text.strip()
        if sentence.startswith(YES_NO_STARTS) and sentence.endswith("?"):
            assert event.modality == "question", (event.trigger.text, sentence)


def test_libya_truce_haftar_left_moscow_without_signing(corpus: dict[str, list[Document]]) -> None:
    rejections = [
        e for e in _events(corpus, "libya-truce-2020-01.txt")
        if e.event == "REJECT" and _process(e) == "ceasefire/rejected" and e.modality == "asserted"
    ]  # fmt: skip
    assert rejections
    event = rejections[0]
    assert [a.name for a in event.actor] == ["Libyan National Army"]
    assert event.actor[0].country == "LBY"
    assert event.place is not None and event.place.name == "Moscow" and event.place.country == "RU"
    assert event.date is not None and event.date <= date(2020, 1, 16)


def test_libya_truce_upcoming_berlin_conference_is_future(corpus: dict[str, list[Document]]) -> None:
    planned = [e for e in _events(corpus, "libya-truce-2020-01.txt") if _process(e) == "talks/planned"]
    berlin = [e for e in planned if e.place is not None and e.place.country == "DE"]
    assert any(e.modality == "future" for e in berlin)


def test_libya_truce_conditionals_are_hypothetical(corpus: dict[str, list[Document]]) -> None:
    conditional = [
        e for e in _events(corpus, "libya-truce-2020-01.txt") if e.evidence.text.startswith("If Turkey")
    ]
    assert conditional and all(e.modality == "hypothetical" for e in conditional)


def test_syria_hnc_paused_the_geneva_talks_on_monday(corpus: dict[str, list[Document]]) -> None:
    paused = [e for e in _events(corpus, "syria-geneva-2016-04.txt") if _process(e) == "talks/suspended"]
    assert paused
    event = paused[0]
    assert event.modality == "asserted"
    assert event.date == date(2016, 4, 18) and event.date_basis == "text"
    assert event.place is not None and event.place.country == "CH"
    assert any(a.sector == "OPP" for a in event.actor)


def test_syria_rebels_accuse_the_government_of_breaking_the_ceasefire(
    corpus: dict[str, list[Document]],
) -> None:
    accusations = [
        e for e in _events(corpus, "syria-geneva-2016-04.txt") if _process(e) == "ceasefire/violation_alleged"
    ]
    assert accusations
    event = accusations[0]
    assert event.event == "ACCUSE" and event.modality == "asserted"
    assert [a.sector for a in event.actor] == ["REB"]
    assert [r.sector for r in event.recipient] == ["GOV"]


def test_syria_latakia_offensive_is_an_assault_in_syria(corpus: dict[str, list[Document]]) -> None:
    assaults = [
        e for e in _events(corpus, "syria-geneva-2016-04.txt")
        if e.event == "ASSAULT" and e.place is not None and "Latakia" in e.place.name
    ]  # fmt: skip
    assert assaults and assaults[0].place is not None and assaults[0].place.country == "SY"
    assert assaults[0].acled is not None and assaults[0].acled.event_type == "Battles"


def test_syria_comment_form_chrome_is_cleaned_away(corpus: dict[str, list[Document]]) -> None:
    (doc,) = corpus["syria-geneva-2016-04.txt"]
    assert "Leave a Reply" not in doc.text and "You are commenting using" not in doc.text
    assert "High Negotiations Committee" in doc.text


def test_tripoli_march_and_airbase_raid_are_dated_and_placed(corpus: dict[str, list[Document]]) -> None:
    events = _events(corpus, "libya-tripoli-2019-04.txt")
    march = [e for e in events if e.trigger.text == "march"]
    assert march and march[0].event == "ASSAULT"
    assert march[0].date == date(2019, 4, 4)
    assert [a.name for a in march[0].actor] == ["Libyan National Army"]
    assert march[0].place is not None and march[0].place.name == "Tripoli" and march[0].place.country == "LY"
    raid = [e for e in events if e.trigger.text == "raid"]
    assert raid and raid[0].date == date(2019, 4, 18)
    assert raid[0].place is not None and raid[0].place.precision == "exact" and raid[0].place.country == "LY"


def test_tripoli_backers_named_by_their_capitals(corpus: dict[str, list[Document]]) -> None:
    names = {r.name for e in _events(corpus, "libya-tripoli-2019-04.txt") for r in e.recipient + e.actor}
    assert {
        "Government of Egypt",
        "Government of the United Arab Emirates",
        "Government of Saudi Arabia",
    } <= names


def test_tripoli_if_he_succeeds_is_not_a_fact(corpus: dict[str, list[Document]]) -> None:
    for event in _events(corpus, "libya-tripoli-2019-04.txt"):
        if event.evidence.text.startswith("If he"):
            assert event.modality == "hypothetical"
