"""Practice documents the project wrote in the styles the coder meets (ACLED-style one-line notes
from many countries): every note gives an event, the right ACLED sub-event type, and a place in the
right country. The notes are in ``tests/fixtures/practice/``; no line is copied from real data."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.models import Document
from ceasefire.pipeline.acled import SUB_EVENTS, primary_acled
from ceasefire.pipeline.build import coding_stages
from ceasefire.pipeline.stage import Pipeline
from ceasefire.settings import Settings

PRACTICE = Path(__file__).parents[1] / "fixtures" / "practice"


def _notes() -> list[tuple[str, str, str]]:
    rows = []
    for line in (PRACTICE / "acled_notes.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            country, sub_event, note = line.split("\t")
            rows.append((country, sub_event, note))
    return rows


@pytest.fixture(scope="module")
def coded() -> list[tuple[str, str, Document]]:
    notes = _notes()
    pipeline = Pipeline(coding_stages(Settings.from_env()))
    docs = pipeline.pipe(Document(id=f"note-{i}", text=note) for i, (_, _, note) in enumerate(notes))
    return [
        (country, sub, doc)
        for (country, sub, _), doc in zip(notes, docs, strict=True)
        if isinstance(doc, Document)
    ]


def test_practice_notes_are_well_formed() -> None:
    notes = _notes()
    assert len(notes) >= 90
    assert {sub for _, sub, _ in notes} <= set(SUB_EVENTS)
    assert len({country for country, _, _ in notes}) >= 40


def test_every_note_gives_an_event(coded: list[tuple[str, str, Document]]) -> None:
    empty = [doc.text for _, _, doc in coded if not doc.events]
    assert not empty


def test_notes_get_their_acled_sub_event_type(coded: list[tuple[str, str, Document]]) -> None:
    wrong = [(sub, primary_acled(doc), doc.text) for _, sub, doc in coded if primary_acled(doc) != sub]
    assert len(wrong) <= len(coded) // 20, wrong


def test_notes_are_placed_in_their_country(coded: list[tuple[str, str, Document]]) -> None:
    placed = [(country, e.place) for country, _, doc in coded for e in doc.events[:1] if e.place is not None]
    assert len(placed) >= 0.85 * len(coded)
    wrong = [(country, place.text, place.country) for country, place in placed if place.country != country]
    assert len(wrong) <= len(placed) // 20, wrong
