"""The CAMEO span adapter: detokenizing gold tokens, one span per conjunct, places as targets."""

from __future__ import annotations

from typing import Any

import pytest

from ceasefire.eval.cameo_ner import detokenize, gold_spans, predict


def test_detokenize_glues_possessives_initials_and_punctuation() -> None:
    tokens = ["Japan", "’", "s", "envoy", "met", "U", ".", "S", "officials", "(", "CNN", ")", "."]
    text, starts = detokenize(tokens)
    assert text == "Japan’s envoy met U.S officials (CNN)."
    assert [text[s : s + len(t)] for s, t in zip(starts, tokens, strict=True)] == tokens


def test_gold_spans_read_bio_tags() -> None:
    tags = ["B-S", "I-S", "O", "B-T", "O", "B-T", "I-T"]
    assert gold_spans(tags, "S") == {(0, 2)}
    assert gold_spans(tags, "T") == {(3, 4), (5, 7)}


def test_coordinated_targets_are_one_span_each(nlp: Any) -> None:
    tokens = ["Japan", "lifted", "sanctions", "against", "India", "and", "Pakistan", "."]
    _, targets = predict(nlp, tokens)
    assert targets == {(4, 5), (6, 7)}


def test_an_event_with_no_one_acted_on_takes_its_place_as_target(nlp: Any) -> None:
    tokens = ["Khalifa", "Haftar", "declared", "a", "ceasefire", "in", "Tripoli", "on", "Sunday", "."]
    sources, targets = predict(nlp, tokens)
    assert sources == {(0, 2)}
    assert targets == {(6, 7)}


def test_detokenize_rejoins_split_numbers_but_not_dates() -> None:
    text, _ = detokenize(["Police", "held", "1", ",", "086", "people", "and", "€", "3", ".", "5", "million"])
    assert text == "Police held 1,086 people and €3.5 million"
    text, _ = detokenize(["On", "March", "12", ",", "2019", ",", "they", "left"])
    assert text == "On March 12, 2019, they left"


def _texts(tokens: list[str], spans: set[tuple[int, int]]) -> list[str]:
    return sorted(" ".join(tokens[a:b]) for a, b in spans)


@pytest.mark.parametrize(
    "sentence",
    [
        "Chile 's foreign minister will meet the Peruvian president in Lima next week .",
        "The Kenyan president held talks with Tanzanian officials in Arusha .",
    ],
    ids=["meet", "held-talks"],
)
def test_the_parties_to_a_meeting_are_joint_not_source_and_target(nlp: Any, sentence: str) -> None:
    assert predict(nlp, sentence.split()) == (set(), set())


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("The army declared a curfew in north - eastern Nigeria .", "north - eastern Nigeria"),
        ("Protesters rallied in southern Chile .", "southern Chile"),
    ],
    ids=["hyphenated", "single"],
)
def test_a_place_target_takes_in_its_bearing(nlp: Any, sentence: str, place: str) -> None:
    tokens = sentence.split()
    assert _texts(tokens, predict(nlp, tokens)[1]) == [place]


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        ("The ministry rejected a request from Denmark .", "a request from Denmark"),
        ("The court refused an offer by Sweden to mediate .", "an offer by Sweden"),
    ],
    ids=["request-from", "offer-by"],
)
def test_a_request_or_offer_is_spanned_with_its_author(nlp: Any, sentence: str, target: str) -> None:
    tokens = sentence.split()
    assert _texts(tokens, predict(nlp, tokens)[1]) == [target]
