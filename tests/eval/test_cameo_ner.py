"""The CAMEO span adapter: detokenizing gold tokens, one span per conjunct, places as targets."""

from __future__ import annotations

from typing import Any

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
