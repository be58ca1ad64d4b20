"""Fast rule-based sentence splitting, so the parser only sees the sentences that can hold an event.

Paragraph breaks always end a sentence; so does a line break after a stop or after a heading (a
short line without closing punctuation), and a dateline ("TRIPOLI, Jan 12 (Wire) -") is a sentence
of its own. Inside a line a sentence ends at ``.``, ``!`` or ``?`` (with closing quotes or brackets)
followed by space and an upper-case letter, a digit, an opening quote or a symbol (an emoji),
unless the word before the stop is a known abbreviation ("Gen.", "U.S.", "Jan.").
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

_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*•▪►–—]|\d+[.)])\s)")
_SYMBOLS = "\u2190-\u2bff\u2600-\u27bf\U0001f000-\U0001faff•▪►"
_BOUNDARY = re.compile(rf"""([.!?]+["'”’)\]]*)(\s+)(?=["'“‘(\[]?[A-Z0-9]|[{_SYMBOLS}])""")
#: a line that ends a sentence of its own: a heading (a few words, no closing punctuation) or a line
#: closed by a stop, followed by a line that starts a new one
_LINE_BREAK = re.compile(
    rf"(?:(?<=[.!?:;\"”’)])|(?<=[{_SYMBOLS}]))[ \t]*\n(?=\s*\S)|\n(?=\s*[A-Z\d\"“{_SYMBOLS}])"
)
#: a dateline opening a paragraph: "TRIPOLI, Jan 12 (Wire) -", "GENEVA (AP) --"
_DATELINE = re.compile(
    r"[A-Z][A-Z'’.\- ]{2,40}(?:/[A-Z][A-Z'’.\- ]{2,40})?(?:,\s+[A-Z][a-z]{2,9}\.?\s+\d{1,2})?"
    r"(?:\s+\([^()\n]{1,40}\))?\s*[-–—]{1,2}\s+"
)
_HEADING_WORDS = 8
#: words a wrapped line may end on in mid-sentence; a line ending on one is no heading
_JOINING = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "and",
        "or",
        "but",
        "as",
        "that",
        "which",
        "who",
        "than",
        "into",
        "onto",
        "over",
        "under",
        "between",
        "after",
        "before",
        "during",
        "near",
        "said",
        "says",
        "told",
    ]
)
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_MAX_SENTENCE = 2000


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets into ``text`` (leading/trailing space trimmed)."""
    sentences: list[Sentence] = []
    for para_start, para_end in _paragraphs(text):
        for line_start, line_end in _lines(text, para_start, para_end):
            start = line_start
            dateline = _DATELINE.match(text, start, line_end)
            if dateline is not None and dateline.end() < line_end:
                _add(sentences, text, start, dateline.end())  # "TRIPOLI, Jan 12 (Wire) -": no clause
                start = dateline.end()
            for match in _BOUNDARY.finditer(text, start, line_end):
                end = match.end(1)
                if _is_abbreviation(text, start, match.start(1)):
                    continue
                _add(sentences, text, start, end)
                start = match.end(2)
            _add(sentences, text, start, line_end)
    return sentences


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A paragraph cut where a line ends a sentence of its own: after a stop, or after a heading
    (a short line with no closing punctuation) before a line that starts with a capital; a line
    wrapped in mid-sentence stays joined to the next."""
    spans = []
    for match in _LINE_BREAK.finditer(text, start, end):
        line_start = (
            text.rfind("\n", start, match.start()) + 1 if "\n" in text[start : match.start()] else start
        )
        line = text[max(line_start, start) : match.start()].strip()
        stops = line.endswith((".", "!", "?", ":", ";", '"', "”", "’", ")")) or not line[-1:].isalnum()
        words = line.split()
        heading = len(words) <= _HEADING_WORDS and words[-1:] != [] and words[-1].lower() not in _JOINING
        if stops or heading:
            spans.append((start, match.start()))
            start = match.end()
    spans.append((start, end))
    return spans


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
