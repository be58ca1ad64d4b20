"""The words and patterns of temporal expressions in English news, compiled once.

``dates.py`` does the resolving; this module only says what an expression looks like. Each pattern
in ``PATTERNS`` has a kind (the name of its resolver in ``dates.py``), the cheap signals a sentence
must show before the pattern is worth running (a digit, a year, a month or weekday name, a relative
word), a *core* and what may come *before* it. Cores start with a literal or a character class
(``[Mm]onday``, not ``(?i:monday)`` or ``\b``), which lets ``re`` skip ahead to candidate positions
instead of trying a long alternation at every character; the words before a core ("last", "in
early", "two") are read with a ``$``-anchored pattern over the few characters before it.

What is deliberately *not* a date: a time alone ("at 3 pm"), a duration ("for three days",
"48 hours", "a six-month extension", "within days"), a quantity ("in 1,000 km"), "may" the modal
(month names match only capitalised, and a bare month only after a word such as "in" or "last"),
and "march" the noun (lowercase).
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

MONTHS: Final[dict[str, int]] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS: Final[dict[str, int]] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
NUMBERS: Final[dict[str, int]] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "a couple of": 2,
}  # fmt: skip

#: words before an expression that make it the time of the clause's event
GOVERNING_LEADS: Final = frozenset(
    {"on", "in", "since", "by", "during", "from", "at", "for", "over", "throughout", "of"}
    | {"last", "this", "next", "early", "late", "mid"}
)
#: words before an expression that make it the end of a span, not the time of the event
EXCLUDING_LEADS: Final = frozenset({"until", "till", "through", "to", "within"})


def _alternation(words: list[str]) -> str:
    """Longest first, so that "September" is tried before "Sept" and "Sep"."""
    return "|".join(sorted(words, key=len, reverse=True))


_FULL = [m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july")]
_ABBR = [m for m in MONTHS if m not in _FULL]
# Months match capitalised (or in capitals), never lowercase: "may" and "march" are words.
_MONTH_FULL = "(?:" + _alternation([m.capitalize() for m in _FULL] + [m.upper() for m in _FULL]) + ")"
_MONTH_ANY = (
    "(?:"
    + _alternation([m.capitalize() for m in _FULL + _ABBR] + [m.upper() for m in _FULL + _ABBR])
    + r")(?:\.|\b)"
)
_WEEKDAY_CI = "(?i:" + _alternation(list(WEEKDAYS)) + ")"
_NUMBER_CI = r"(?:\d{1,3}|(?i:" + _alternation([n.replace(" ", r"\s+") for n in NUMBERS]) + "))"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?!\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}(?![\d,.]\d)"
_PART_OF = r"(?:the\s+)?(?:end|beginning|start|middle|first\s+half|second\s+half)\s+of\s+"
_SEASON_OF = r"(?:the\s+)?(?:summer|spring|autumn|fall|winter)\s+of\s+"
_PREPOSITIONS = r"in|since|by|during|from|until|till|through|throughout|before|after|for"
_UNITS_AFTER_YEAR = (
    r"(?!\s*(?i:km|kilomet|miles?\b|met(?:er|re)s?\b|people|persons|troops|soldiers|fighters|civilians|"
    r"families|refugees|dollars|euros|pounds|tons|tonnes|barrels|rockets|shells|homes|houses|votes|"
    r"hours|days|men|women|children|members|to\s+\d))"
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _before(pattern: str) -> re.Pattern[str]:
    """What may stand just before a core, up to the core (searched in a short window)."""
    return re.compile(f"(?:{pattern})$")


MONTH_WORDS: Final = frozenset(MONTHS)
WEEKDAY_WORDS: Final = frozenset(WEEKDAYS)
UNIT_WORDS: Final = _words(
    "minute minutes hour hours day days week weeks month months year years fortnight fortnights"
)
RELATIVE_DAYS: Final[dict[str, int]] = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
PERIOD_UNITS: Final = _words("week weekend month year")


class Pattern(NamedTuple):
    """One kind of expression. It is tried only when the sentence has the ``digits`` it needs
    ("digit", "year" for a 19xx/20xx number, "" for none) and a word of each set in ``cues``.
    ``before`` (when set) reads the words just before the core; ``needs_before``: no expression
    without them (a bare "March" is not a date, "in March" is)."""

    kind: str
    core: re.Pattern[str]
    digits: str
    cues: tuple[frozenset[str], ...]
    before: re.Pattern[str] | None = None
    needs_before: bool = False


_MONTH_BEFORE = _before(
    rf"(?i:\b(?P<prep>{_PREPOSITIONS}|last|this|next)\s+(?:{_PART_OF})?(?:(?P<q1>early|mid|late)(?:-\s*|\s+))?"
    rf"|\b(?P<q2>early|mid|late)(?:-\s*|\s+)|\b{_PART_OF})"
)
_WEEKDAY_BEFORE = _before(rf"\b(?P<weekday>{_WEEKDAY_CI}),?\s+")
_MONTH_DAY_TAIL = rf"(?:\s*[-–]\s*{_DAY})?\b(?:,?\s+(?P<year>{_YEAR})\b)?"

PATTERNS: Final[tuple[Pattern, ...]] = (
    Pattern(
        "iso",
        re.compile(r"(?P<year>(?:19|20)\d{2})-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])\b"),
        "year",
        (),
    ),
    Pattern(
        "numeric",
        re.compile(r"(?P<a>[0-9][0-9]?)(?P<sep>[/.])(?P<b>[0-9][0-9]?)(?P=sep)(?P<year>(?:19|20)\d{2})\b"),
        "year",
        (),
    ),
    Pattern(
        "month_day",
        re.compile(rf"(?P<month>{_MONTH_ANY})\s*(?P<day>{_DAY}){_MONTH_DAY_TAIL}"),
        "digit",
        (MONTH_WORDS,),
        _WEEKDAY_BEFORE,
    ),
    Pattern(
        "day_month",
        re.compile(
            rf"(?P<day>[0-9][0-9]?)(?:st|nd|rd|th)?(?!\d)(?:\s*[-–]\s*{_DAY})?\s+(?i:of\s+)?(?P<month>{_MONTH_ANY})"
            rf"(?:,?\s+(?P<year>{_YEAR})\b)?"
        ),
        "digit",
        (MONTH_WORDS,),
        _before(rf"\b(?P<weekday>{_WEEKDAY_CI}),?\s+(?i:the\s+)?|\b(?i:the)\s+"),
    ),
    Pattern(
        "month_year",
        re.compile(rf"(?P<month>{_MONTH_ANY}),?\s+(?i:of\s+)?(?P<year>{_YEAR})\b"),
        "year",
        (MONTH_WORDS,),
        _before(r"\b(?P<qualifier>(?i:early|mid|late))(?:-\s*|\s+)"),
    ),
    Pattern(
        "month",
        re.compile(rf"(?P<month>{_MONTH_FULL})\b(?!\s*\d)(?!['’]s)"),
        "",
        (MONTH_WORDS,),
        _MONTH_BEFORE,
        needs_before=True,
    ),
    Pattern(
        "month_of_year",
        re.compile(rf"(?P<month>{_MONTH_FULL})\s+(?P<rel>(?i:last|this|next))\s+(?i:year)\b"),
        "",
        (MONTH_WORDS, _words("year")),
        _MONTH_BEFORE,
    ),
    Pattern(
        "year",
        re.compile(rf"(?P<year>{_YEAR})\b(?!s\b)(?!['’]s)(?!-\d){_UNITS_AFTER_YEAR}"),
        "year",
        (),
        _before(
            rf"(?i:\b(?P<prep>{_PREPOSITIONS})\s+(?:{_PART_OF}|{_SEASON_OF})?(?:(?:early|mid|late)(?:-\s*|\s+))?"
            rf"|\b(?:early|mid|late)(?:-\s*|\s+)|\b{_PART_OF}|\b{_SEASON_OF})"
        ),
        needs_before=True,
    ),
    Pattern(
        "weekday",
        re.compile(
            r"(?P<weekday>[MmTtWwFfSs](?:onday|uesday|ednesday|hursday|riday|aturday|unday))(?!s\b)(?:['’]s)?\b"
            r"(?:\s+(?i:morning|afternoon|evening|night)\b)?"
        ),
        "",
        (WEEKDAY_WORDS,),
        _before(
            r"\b(?P<mod>(?i:this\s+coming|this\s+past|the\s+following|the\s+previous|last|this|next|coming|past))\s+"
        ),
    ),
    Pattern(
        "relative_day",
        re.compile(
            r"(?P<word>[YyTt](?:esterday|oday|onight|omorrow))\b(?:\s+(?i:morning|afternoon|evening|night)\b)?"
        ),
        "",
        (frozenset(RELATIVE_DAYS),),
        _before(r"(?i:\bthe\s+day\s+(?P<side>before|after)\s+|\b(?:earlier|later)\s+)"),
    ),
    Pattern(
        "part_of_day",
        re.compile(r"(?P<part>[NnMmAaEe](?:ight|orning|fternoon|vening))\b"),
        "",
        (_words("night morning afternoon evening"),),
        _before(r"\b(?P<mod>(?i:last|this))\s+"),
        needs_before=True,
    ),
    Pattern(
        "relative_period",
        re.compile(r"(?P<unit>[WwMmYy](?:eek(?:end)?|onth|ear))\b"),
        "",
        (PERIOD_UNITS,),
        _before(
            r"(?i:(?:\b(?P<qualifier>earlier|later|early|late)\s+(?:in\s+)?)?\b(?P<mod>this\s+past|this\s+coming|"
            r"the\s+coming|last|this|next)\s+|\b(?P<prep>over|on|at|during)\s+the\s+)"
        ),
        needs_before=True,
    ),
    Pattern(
        "ago",
        re.compile(
            r"(?P<unit>[MmHhDdWwYy](?:inute|our|ay|eek|onth|ear))s?\s+"
            r"(?P<direction>(?i:ago|earlier|later|before|after|from\s+now))\b"
        ),
        "",
        (UNIT_WORDS, _words("ago earlier later before after now")),
        _before(rf"\b(?P<number>{_NUMBER_CI})\s+"),
        needs_before=True,
    ),
    Pattern(
        "in_units",
        re.compile(
            rf"[Ii]n\s+(?P<number>{_NUMBER_CI})\s+(?P<unit>(?i:day|week|month|year))s?(?:['’]\s*time)?(?!\w)"
            r"(?!\s+(?i:of|and)\b)"
        ),
        "",
        (UNIT_WORDS, _words("in")),
    ),
    Pattern(
        "relative_reference",
        re.compile(
            r"[Tt]he\s+(?:(?P<mod>(?i:previous|next|following|preceding))\s+"
            r"(?P<unit>(?i:day|morning|evening|night|week|month|year))\b"
            r"|day\s+(?P<side>before|after)(?=\s*(?:[,.;:]|$)))"
        ),
        "",
        (
            _words("day morning evening night week month year"),
            _words("previous next following preceding before after"),
        ),
    ),
    Pattern(
        # found by these rules, resolved by dateparser: rare enough that its cost does not matter
        "fallback",
        re.compile(
            rf"\b(?i:{_NUMBER_CI}\s+(?:fortnight|decade)s?\s+(?:ago|from\s+now)|in\s+{_NUMBER_CI}\s+fortnights?"
            r"(?:['’]\s*time)?)\b"
        ),
        "",
        (_words("fortnight fortnights decade decades"),),
    ),
)

#: the cheap checks: a sentence's words (lowercased), any digit, any year-like number
CUE_WORDS: Final = frozenset().union(*(cue for pattern in PATTERNS for cue in pattern.cues[:1]))
WORD: Final = re.compile(r"[a-z]+")
DIGIT: Final = re.compile(r"\d")
YEAR_DIGITS: Final = re.compile(r"(?:19|20)\d\d")

#: the word just before an expression ("on", "since", "until"), past a "the"
LEAD_WORD: Final = re.compile(r"\b(?P<word>[A-Za-z]+)\s+(?:(?P<the>[Tt]he)\s+)?$")
#: the words that start a clause of its own between an expression and the event it might date: a
#: semicolon, a bracket, a dash, ", where", a relative pronoun ("a truce which comes into effect
#: tomorrow", "a truce that is due to take effect on Monday")
CLAUSE_BREAK: Final = re.compile(
    r"[;()\[\]—]|\s[–-]\s|,\s*(?i:where)\b|\b(?i:which|whom|whose)\b"
    r"|\b(?i:that|who)\s+(?i:is|are|was|were|will|would|has|have|had)\b"
)
#: a bracketed aside, which an expression may stand beyond ("began at 9:45 pm (19:45 GMT) on Monday")
ASIDE: Final = re.compile(r"\([^()]*\)")
#: a word that joins another clause (or another verb) between an expression and the trigger
CONJUNCTION: Final = re.compile(r"\b(?:and|but|or|while|whereas|after|before|when|because|although|though)\b")
#: the sentence speaks of what is to come: a word of FUTURE_WORDS, or FUTURE_PHRASE in its lowercased text
FUTURE_WORDS: Final = _words("will shall ll plan plans planned planning intend intends upcoming forthcoming")
#: a plan told in the past ("were expected to begin in August"): it says nothing of the future
PAST_PLAN: Final = re.compile(
    r"\b(?:was|were|had\s+been)\s+(?:(?:expected|due|set|scheduled|supposed|meant|planned|going)\s+)?to\b"
)
FUTURE_PHRASE: Final = re.compile(
    r"(?:is|are|was|were|expected|set|going|scheduled|due)\s+(?:due\s+)?to\b|won['’]t|\bnext\b|\bscheduled\b"
)
#: how a comma aside that modifies a noun begins: "The truce, agreed in February, collapsed"
ASIDE_START: Final = re.compile(
    r"\s*(?i:who|which|whose|whom|where|when|once|a|an|first|originally|initially|[a-z]+(?:ed|en))\b"
)
