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


# whole documents in the styles the coder meets, written for the project; each test names the key
# events an analyst would take from one, and what must not be coded as fact
def _coded_file(name: str, published: str) -> list[Document]:
    from datetime import date

    from ceasefire.runner import code_documents
    from ceasefire.sources import read_sources

    settings = Settings.from_env()
    items = read_sources([str(PRACTICE / name)], settings, published=date.fromisoformat(published))
    return [d for d in code_documents(items, settings) if isinstance(d, Document)]


def _phase(doc: Document, phase: str, modality: str = "asserted") -> list[str]:
    return [
        e.trigger.text for e in doc.events if e.process and f"{e.process.kind}/{e.process.phase}" == phase and e.modality == modality
    ]  # fmt: skip


def test_monitors_report_counts_are_shelling_in_their_region() -> None:
    (doc,) = _coded_file("smm_daily_report.txt", "2020-04-27")
    counted = [e for e in doc.events if e.trigger.text == "explosions" and e.place is not None]
    assert counted and all(e.place is not None and e.place.country == "UA" for e in counted)
    assert all(e.acled and e.acled.sub_event_type == "Shelling/artillery/missile attack" for e in counted)
    assert _phase(doc, "ceasefire/violated")
    texts = [e.evidence.text for e in doc.events]
    assert not any(t.startswith(("Withdrawal of weapons", "For media inquiries")) for t in texts)


def test_envoy_statement_calls_for_a_ceasefire_and_supposes_nothing() -> None:
    (doc,) = _coded_file("un_envoy_statement.txt", "2020-04-09")
    assert _phase(doc, "ceasefire/called") == ["calls"]
    assert all(e.modality != "asserted" for e in doc.events if e.evidence.text.startswith("Should"))
    assert not any("designations" in e.evidence.text for e in doc.events)


def test_wire_story_truce_takes_effect_is_accepted_and_breaches_are_alleged() -> None:
    (doc,) = _coded_file("wire_story.txt", "2020-01-12")
    assert _phase(doc, "ceasefire/in_force") == ["took"]
    accepted = [
        e for e in doc.events if e.process and e.process.phase == "accepted" and e.modality == "asserted"
    ]
    assert {a.name for e in accepted for a in e.actor} >= {"Libyan National Army"}
    assert _phase(doc, "ceasefire/violation_alleged")
    assert _phase(doc, "talks/planned", "future") == ["Talks"]
    assert not any(e.evidence.text.startswith("(Reporting") for e in doc.events)


def test_party_press_page_with_bullets_and_emoji() -> None:
    (doc,) = _coded_file("party_press_page.txt", "2020-04-27")
    request = [e for e in doc.events if e.event == "REQUEST"]
    assert [r.text for e in request for r in e.recipient] == ["United Nations"]
    assert _phase(doc, "ceasefire/declared") == ["announced"]
    assert not any("Follow us" in e.evidence.text or "©" in e.evidence.text for e in doc.events)


def test_blog_speculation_and_advice_are_not_facts() -> None:
    post, *comments = _coded_file("blog_thread.txt", "2016-02-14")
    assert post.author == "Walter Greene" and [c.author for c in comments] == [
        "Nadia R.",
        "kodiak",
        "E. Aydin",
    ]
    agreements = [e for e in post.events + comments[1].events if e.event == "AGREE"]
    assert agreements and all(e.modality != "asserted" for e in agreements)
    assert all(e.modality != "asserted" for e in comments[1].events)  # an imagined headline and a question
    broke = [e for e in post.events if e.trigger.text == "broke"]
    assert broke and broke[0].event == "ASSAULT"
