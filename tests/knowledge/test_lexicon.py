import pytest

from ceasefire.knowledge.lexicon import prefilter


@pytest.mark.parametrize(
    "sentence",
    ["Rebels attacked the base.", "The truce held.", "Talks resumed in Geneva.", "Troops were deployed.",
     "He met the envoy.", "Protesters marched on parliament.",
     '"They violated the operational pause," the army said.', "A humanitarian pause began at dawn.",
     "Six aid trucks entered the town."],
)  # fmt: skip
def test_prefilter_keeps_sentences_that_can_hold_an_event(sentence: str) -> None:
    assert prefilter(sentence)


@pytest.mark.parametrize(
    "sentence",
    ["The weather was mild.", "Copyright the author.", "It is a beautiful city with old markets.",
     "Tarek is a political analyst and researcher."],
)  # fmt: skip
def test_prefilter_skips_sentences_without_trigger_words(sentence: str) -> None:
    assert not prefilter(sentence)
