"""Fast rule-based sentence splitting, so the parser only sees the sentences that can hold an event.

Paragraph breaks always end a sentence; inside a paragraph a sentence ends at ``.``, ``!`` or ``?``
(with closing quotes or brackets) followed by space and an upper-case letter, a digit or an
opening quote, unless the word before the stop is a known abbreviation ("Gen.", "U.S.", "Jan.").
"""

from __future__ import annotations

import re

from ceasefire.models import Sentence

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "cpl",
        "adm",
        "brig",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "pres",
        "amb",
        "st",
        "mt",
        "ft",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "univ",
        "no",
        "vol",
        "fig",
        "ca",
        "approx",
        "est",
        "vs",
        "etc",
        "al",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "u.s",
        "u.n",
        "u.k",
        "e.u",
        "u.a.e",
        "a.u",
        "d.c",
    ]
)

_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)")
_BOUNDARY = re.compile(r"""([.!?]+["'”’)\]]*)(\s+)(?=["'“‘(\[]?[A-Z0-9])""")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_MAX_SENTENCE = 2000


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets into ``text`` (leading/trailing space trimmed)."""
    sentences: list[Sentence] = []
    for para_start, para_end in _paragraphs(text):
        start = para_start
        for match in _BOUNDARY.finditer(text, para_start, para_end):
            end = match.end(1)
            if _is_abbreviation(text, start, match.start(1)):
                continue
            _add(sentences, text, start, end)
            start = match.end(2)
        _add(sentences, text, start, para_end)
    return sentences


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in _PARAGRAPH.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _is_abbreviation(text: str, start: int, stop: int) -> bool:
    if text[stop] != ".":
        return False
    word = _LAST_WORD.search(text, start, stop)
    if word is None:
        return False
    token = word.group(1).lower().rstrip(".")
    if token in _ABBREVIATIONS:
        return True
    # a single capital letter ("John F. Kennedy") is an initial, not a sentence end
    return len(token) == 1 and text[word.start(1)].isupper()


def _add(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return
    # very long runs without punctuation (tables, lists) are cut so the parser stays fast
    while end - start > _MAX_SENTENCE:
        cut = text.rfind(" ", start, start + _MAX_SENTENCE)
        cut = cut if cut > start else start + _MAX_SENTENCE
        sentences.append(Sentence(start, cut, text[start:cut]))
        start = cut + 1
    sentences.append(Sentence(start, end, text[start:end]))
