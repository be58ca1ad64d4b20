import pytest

from ceasefire.pipeline.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks began. They failed.", ["Talks began.", "They failed."]),
        (
            "Gen. Smith met U.S. envoys in Geneva. Nothing followed.",
            ["Gen. Smith met U.S. envoys in Geneva.", "Nothing followed."],
        ),
        ("Has the truce failed? Nobody knows!", ["Has the truce failed?", "Nobody knows!"]),
        (
            "He said: \u201cWe will fight.\u201d Then he left.",
            ["He said: \u201cWe will fight.\u201d", "Then he left."],
        ),
        ("First paragraph without stop\n\nSecond one.", ["First paragraph without stop", "Second one."]),
        (
            "John F. Kennedy spoke in 1963. Others listened.",
            ["John F. Kennedy spoke in 1963.", "Others listened."],
        ),
    ],
    ids=["plain", "abbreviations", "question-exclamation", "closing-quote", "paragraph", "initial"],
)
def test_split_sentences_respects_abbreviations_and_paragraphs(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected


def test_sentence_offsets_point_into_the_text() -> None:
    text = "  One sentence here.   Another one there.\n\nA third."
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text


def test_very_long_runs_are_cut_for_the_parser() -> None:
    text = "word " * 1000
    sentences = split_sentences(text)
    assert len(sentences) > 1
    assert all(len(s.text) <= 2000 for s in sentences)
