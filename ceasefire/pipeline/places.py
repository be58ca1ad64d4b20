"""The places stage: resolve each event's place mention to coordinates with the gazetteer.

The document's countries are worked out once (``country_context``): the source's country hint,
the countries the text names (country names, demonyms, notable places), and the country most of
the document's resolvable places lie in. Each event then takes the first of its place mentions
(nearest first, as the events stage ordered them) that resolves; ``Place.reason`` and
``Event.reasons`` say why ("'Tripoli' -> Tripoli, LY (city; document context LY)").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ceasefire.knowledge.gazetteer import Gazetteer
from ceasefire.knowledge.placenames import DEMONYMS, FEATURE_WORDS, fold
from ceasefire.models import Document, Place, Span
from ceasefire.pipeline.stage import StageSpec

#: a country named at least this share as often as the most named one joins the document's countries
NAMED_SHARE = 0.2
_CAPITAL = re.compile(
    r"^(?:the\s+)?(?:(?P<adj>[A-Za-z][\w'’.\- ]*?)(?:'s|’s)?\s+)?capital(?:\s+city)?(?:\s+of\s+(?P<of>.+))?$",
    re.IGNORECASE,
)
_FEATURE_AFTER = re.compile(
    r"\s+(" + "|".join(sorted((re.escape(w) for w in FEATURE_WORDS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_LEADING = re.compile(
    r"^(?:the\s+)?(?:(?:north|south|east|west|central|northern|southern|eastern|western|north-?eastern|"
    r"north-?western|south-?eastern|south-?western|rural|greater|downtown|outer|inner)\s+)+(?P<rest>.+)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class CountryContext:
    """The countries a document is about, alpha-2, with how each was found."""

    countries: frozenset[str]
    primary: str | None
    named: dict[str, int] = field(default_factory=dict)
    majority: str | None = None

    def describe(self) -> str:
        named = ", ".join(f"{c} {n}" for c, n in self.named.items()) or "none"
        parts = [f"countries {', '.join(sorted(self.countries)) or 'none'}", f"named: {named}"]
        if self.majority:
            parts.append(f"most places in {self.majority}")
        return "; ".join(parts)


def country_context(doc: Document, gazetteer: Gazetteer) -> CountryContext:
    """Countries of a document: its hint, the countries it names often, where most of its places are."""
    named = gazetteer.mentioned_countries("\n".join(t for t in (doc.title, doc.text) if t))
    hint = gazetteer.country_code(doc.country_hint)
    top = max(named.values(), default=0)
    countries = {code for code, count in named.items() if count >= NAMED_SHARE * top}
    if hint:
        countries.add(hint)
    found: Counter[str] = Counter()
    seen: set[str] = set()
    for event in doc.events:
        for span in event.place_mentions:
            if span.text in seen:
                continue
            seen.add(span.text)
            place = gazetteer.resolve(span.text, frozenset(countries))
            if place is not None and place.country and place.precision != "country":
                found[place.country] += 1
    majority = None
    if found:
        code, count = found.most_common(1)[0]
        if count >= 2 and count * 2 > sum(found.values()):
            majority = code
            countries.add(code)
    primary = hint or next(iter(named), None) or majority
    return CountryContext(frozenset(countries), primary, named, majority)


def document_countries(doc: Document, gazetteer: Gazetteer) -> frozenset[str]:
    """The alpha-2 codes of the countries a document is about (see ``country_context``)."""
    return country_context(doc, gazetteer).countries


class Geocode:
    """Resolve each event's place mention to a gazetteer entry."""

    spec = StageSpec.of("places", 1, requires={"events"}, produces={"events.place"})

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc: Document) -> Document:
        if not doc.events:
            return doc
        context = country_context(doc, self.gazetteer)
        doc.countries = context.countries
        doc.notes.append(f"places: {context.describe()}")
        for event in doc.events:
            event.stages[self.spec.name] = self.spec.version
            for span in event.place_mentions:
                place = self.place_for(span, doc.text, context)
                if place is not None:
                    event.place = place
                    event.reasons.append(place.reason)
                    break
        return doc

    def place_for(self, span: Span, text: str, context: CountryContext) -> Place | None:
        """The place a mention names, or ``None``; a feature word right after it ("... air base") counts."""
        capital = self._capital(span.text, context)
        if capital is not None:
            return capital
        after = _FEATURE_AFTER.match(text, span.end) if 0 <= span.end <= len(text) else None
        hint = FEATURE_WORDS[after.group(1).lower()] if after and not _has_feature(span.text) else None
        place = self.gazetteer.resolve(span.text, context.countries, hint)
        if place is None and (leading := _LEADING.match(span.text.strip())):
            place = self.gazetteer.resolve(leading.group("rest"), context.countries, hint)
            if place is not None:
                place.text = span.text
                place.reason = f"'{span.text}' as '{leading.group('rest')}': {place.reason}"
        return place

    def _capital(self, mention: str, context: CountryContext) -> Place | None:
        """ "the capital", "the Syrian capital", "Libya's capital", "the capital of Yemen"."""
        match = _CAPITAL.match(mention.strip())
        if match is None:
            return None
        named = match.group("of") or match.group("adj")
        if named and fold(named) not in {"", "the"}:
            code = DEMONYMS.get(fold(named)) or self.gazetteer.country_code(named)
            why = f"capital of {code}"
        else:
            code, why = context.primary, f"capital of the document's country {context.primary}"
        place = self.gazetteer.capital(code) if code else None
        if place is None:
            return None
        place.text = mention
        place.reason = f"'{mention}' -> {place.name}, {place.country} (city; {why})"
        return place


def _has_feature(mention: str) -> bool:
    folded = fold(mention)
    return any(folded.endswith(" " + word) for word in FEATURE_WORDS)
