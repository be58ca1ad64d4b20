"""How long a ceasefire or its extension runs, and until when, as its own words say.

Read off the parse around the process, never from elsewhere in the sentence (a "two-day visit" is no
truce's length):

* the process noun's own modifiers: "a seven-day ceasefire", "a 72-hour truce", "a week-long pause",
  "a five-day extension";
* a "for"/"by" phrase on the verb that starts, agrees or extends the process, or on the noun:
  "extended the truce for an additional two months", "extended it by 30 days", "a truce for two weeks";
* a clause on the noun that gives its length: "the ceasefire, which is set to last for one week",
  "a truce lasting 72 hours";
* its end: an "until"/"till"/"through" phrase ("until Oct. 2, 2022", "through Friday"), or a clause
  on the noun saying when it expires ("the truce, which expires on Sunday"). The end is returned as
  written; the dates stage resolves it against the event's date.

An extension's length is the extension's, not the truce's: "extended the four-day truce by two days"
gives P2D, so for ``extended`` events the extended noun's own length is not read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

Token = Any

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "sixty": 60, "ninety": 90,
}  # fmt: skip
_UNITS = {"hour": "H", "day": "D", "week": "W", "month": "M", "year": "Y", "fortnight": "D"}
_NUMBER = r"(?P<n>\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_UNIT = r"(?P<unit>hour|day|week|month|year|fortnight)s?"
#: "seven-day", "72-hour", "two month", "week-long", "month-long"
_LENGTH = re.compile(
    rf"\b(?:{_NUMBER}\s*-?\s*{_UNIT}(?:\s*-?\s*long)?|{_UNIT.replace('unit', 'single')}\s*-?\s*long)\b",
    re.IGNORECASE,
)
#: verbs of a clause on the process noun that give its length or its end
_LASTING = frozenset(["last", "run", "remain", "hold"])
_ENDING = frozenset(["expire", "end", "lapse", "run"])
_END_PREPS = frozenset(["until", "till", "til", "through", "thru", "untill"])
#: phases whose verb's "for ..." is the length of the process (not "violated it for three days")
_RUNNING = frozenset(["called", "accepted", "declared", "signed", "in_force", "extended"])
#: clauses a search for the trigger's own phrases does not enter
_OTHER_CLAUSES = frozenset({"relcl", "ccomp", "advcl", "parataxis", "csubj", "conj"})


def iso_duration(number: int, unit: str) -> str:
    """ISO 8601 duration: (7, "day") -> "P7D", (72, "hour") -> "PT72H", a fortnight -> "P14D"."""
    unit = unit.lower().rstrip("s")
    if unit == "fortnight":
        return f"P{14 * number}D"
    code = _UNITS[unit]
    return f"PT{number}{code}" if code == "H" else f"P{number}{code}"


def length_in(text: str) -> str | None:
    """The length an adjectival phrase gives, as an ISO duration ("a seven-day" -> "P7D")."""
    found = None
    for match in _LENGTH.finditer(text):
        found = match  # the last one: the nearest to the noun it modifies
    if found is None:
        return None
    raw = (found["n"] or "1").lower()
    number = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    return iso_duration(number, found["unit"] or found["single"]) if number > 0 else None


def _modifier_length(noun: Token) -> str | None:
    """Length given by the words before ``noun`` that modify it ("a four-day pause")."""
    lefts = [c for c in noun.lefts if c.dep_ in {"amod", "compound", "nummod", "nmod", "npadvmod", "advmod"}]
    if not lefts:
        return None
    start = min(c.left_edge.i for c in lefts)
    return length_in(noun.doc[start : noun.i].text)


def _phrase_length(token: Token, preps: frozenset[str]) -> str | None:
    """Length given by a "for two months" / "by 30 days" phrase on ``token``."""
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in preps):
        for pobj in (g for g in prep.children if g.dep_ == "pobj"):
            found = _unit_length(pobj)
            if found:
                return found
    return None


def _unit_length(unit: Token) -> str | None:
    """ "two months", "an additional 72 hours", "one week": a count and a unit of time."""
    if unit.lemma_.lower().rstrip("s") not in _UNITS:
        return None
    start = min([unit.i, *(c.left_edge.i for c in unit.lefts)])
    text = unit.doc[start : unit.i + 1].text
    text = re.sub(r"\b(?:additional|another|further|more|extra|other)\b", " ", text, flags=re.IGNORECASE)
    return length_in(text)


def _clause_length(noun: Token) -> str | None:
    """ "the truce, which is set to last for one week", "a ceasefire lasting 72 hours"."""
    for clause in (c for c in noun.children if c.dep_ in {"relcl", "acl"}):
        for verb in clause.subtree:
            if verb.pos_ in {"VERB", "AUX"} and verb.lemma_.lower() in _LASTING:
                found = _phrase_length(verb, frozenset({"for"})) or next(
                    (
                        length
                        for c in verb.children
                        if c.dep_ in {"dobj", "npadvmod"}
                        for length in [_unit_length(c)]
                        if length
                    ),
                    None,
                )
                if found:
                    return found
    return None


def duration_of(
    verbs: Sequence[Token], nouns: Sequence[Token], phase: str, extensions: Sequence[Token]
) -> str | None:
    """The length of the process an event speaks of, as an ISO 8601 duration, or None.

    ``verbs`` are the trigger and the verbs folded into it ("agreed to extend"), ``nouns`` the
    process nouns they act on, ``extensions`` the extension nouns among them ("a two-day extension
    of the truce"); an extension's length comes first, and for an ``extended`` event only the
    extension's own length counts.
    """
    for noun in extensions:
        found = _modifier_length(noun) or _phrase_length(noun, frozenset({"for", "of"}))
        if found:
            return found
    preps = frozenset({"for", "by", "to"}) if phase == "extended" else frozenset({"for"})
    for verb in verbs if phase in _RUNNING else ():
        found = _phrase_length(verb, preps)
        if found:
            return found
    if phase == "extended":
        return None
    for noun in nouns:
        if noun in extensions:
            continue
        found = _modifier_length(noun) or _phrase_length(noun, frozenset({"for"})) or _clause_length(noun)
        if found:
            return found
    return None


def end_of(verbs: Sequence[Token], nouns: Sequence[Token], phase: str) -> tuple[int, int] | None:
    """Character offsets (in the sentence) of the words that give the process's end, or None:
    "until Oct. 2, 2022", "through Friday", or a clause on the noun that says when it runs out
    ("which is due to run until Friday", "which expires on Sunday")."""
    if phase not in _RUNNING:
        return None
    for holder in [*verbs, *nouns]:
        found = _until(_own_words(holder))
        if found:
            return found
    for noun in nouns:
        for clause in (c for c in noun.children if c.dep_ in {"relcl", "acl"}):
            for verb in (t for t in clause.subtree if t.lemma_.lower() in _LASTING | _ENDING):
                found = _until(_own_words(verb))
                if found:
                    return found
                if verb.lemma_.lower() not in _ENDING:
                    continue
                for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in {"on", "at"}):
                    objects = [g for g in prep.children if g.dep_ == "pobj" and g.ent_type_ == "DATE"]
                    if objects:
                        return _span(objects[0], objects[0])
    return None


def _until(words: list[Token]) -> tuple[int, int] | None:
    """The "until X" / "through X" phrase among ``words``."""
    for token in words:
        if token.dep_ == "prep" and token.lower_ in _END_PREPS:
            objects = [g for g in token.children if g.dep_ == "pobj"]
            if objects:
                return _span(token, objects[-1])
    return None


def _own_words(head: Token) -> list[Token]:
    """The tokens of ``head``'s phrase without the clauses nested in it."""
    out: list[Token] = []
    stack = [head]
    while stack:
        token = stack.pop()
        out.append(token)
        stack.extend(c for c in token.children if c.dep_ not in _OTHER_CLAUSES)
    return out


def _span(first: Token, last: Token) -> tuple[int, int]:
    """Offsets of the words from ``first`` to the end of ``last``'s phrase (a parse is one sentence)."""
    end_token = last.doc[max(t.i for t in last.subtree)]
    return first.idx, end_token.idx + len(end_token.text)
