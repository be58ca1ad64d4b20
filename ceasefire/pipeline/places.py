"""The places stage: resolve each event's place mention to coordinates with the gazetteer.

The document's countries are worked out once (``country_context``): the source's country hint,
the countries the text names (country names, demonyms, notable places), and the country most of
the document's resolvable places lie in. Each event then takes the first of its place mentions
(nearest first, as the events stage ordered them) that resolves; ``Place.reason`` and
``Event.reasons`` say why ("'Tripoli' -> Tripoli, LY (city; document context LY)").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from ceasefire.knowledge.gazetteer import Candidate, Gazetteer
from ceasefire.knowledge.gazetteer_store import PlaceRow
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

    spec = StageSpec.of("places", 4, requires={"events"}, produces={"events.place"})

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
        """The place a mention names, or ``None``; a feature word right after it ("... air base") counts,
        and so does the area named beside it ("X, Luhansk", "X district (Helmand)", "X in Idlib
        countryside"), which both picks among namesakes and stands in for a place the gazetteer lacks."""
        if _HOME_OF.match(text, span.end):
            return None  # "the Riyadh-based committee": where an actor sits, not where the event is
        qualifiers, (start, end) = qualified_span(text, span.end)
        if qualifiers:
            found = self._qualified(span.text, qualifiers, context, text[start:end])
            if found is not None:
                return found
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

    def _qualified(
        self, mention: str, qualifiers: list[str], context: CountryContext, written: str
    ) -> Place | None:
        """``mention`` read within the area its qualifiers name: the reading of the mention in the same
        country and near that area; else the area itself (precision ``region``, its text the area's name
        as ``written``: "Luhansk" for "Orikhove, Luhansk"); None when no qualifier names a place."""
        areas: list[Candidate] = []
        for qualifier in qualifiers:
            found = [
                c for c in self.gazetteer.lookup(qualifier, context.countries, "region") if c.place.country
            ]
            home = [
                c
                for c in found
                if c.accepted and (c.place.country in context.countries or not context.countries)
            ]
            areas += (home or [c for c in found if c.accepted])[:3]
        if not areas:
            return None
        name = _strip_feature(mention)
        # an area in a country where the name itself is a known place comes first ("Baidoa, Bay")
        plain = [c.place.country for c in self.gazetteer.lookup(name, context.countries) if c.accepted]
        areas.sort(key=lambda a: plain.index(a.place.country) if a.place.country in plain else len(plain))
        for area in areas:
            country = area.place.country or ""
            nearby = [
                c for c in self.gazetteer.lookup(name, context.countries | {country})
                if c.place.country == area.place.country and c.place.kind != "country" and _near(c.place, area.place)
                and (c.tier < 3 or area.place.country in context.countries)
            ]  # fmt: skip
            if nearby:
                best = nearby[0]
                why = f"'{mention}' -> {best.place.name}, {best.place.country} (near {area.place.name} named beside it)"
                return best.to_place(mention, why)
        area = areas[0]
        if plain and area.place.country not in plain and area.place.country not in context.countries:
            return None  # the name is a known place, and the area read beside it is abroad ("Baidoa, Bay")
        place = area.to_place(written, f"'{mention}' not found near {area.place.name}: placed at the area named "
                                       f"beside it, {area.place.name}, {area.place.country}")  # fmt: skip
        place.precision = "country" if area.place.kind == "country" else "region"
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


#: an area named beside a place: "X, Luhansk", "X (Helmand)", "X district, Kandahar", "X in Idlib
#: countryside", "the village of X, Pulwama"; a lower-case compass word may lead ("X, north Lebanon")
_AREA_WORDS = (
    r"district|city|town|village|township|LGA|county|sub-?district|area|governorate|province|region|"
    r"oblast|raion|territory|municipality|department|commune|camp|neighbou?rhood|countryside|outskirts|"
    r"locality|subdistrict|tehsil|woreda|kebele|zone|state"
)
_COMPASS = r"(?:(?:north|south|east|west|northern|southern|eastern|western|central|rural|north-?east(?:ern)?|north-?west(?:ern)?|south-?east(?:ern)?|south-?west(?:ern)?)\s+)?"
_NAME_WORD = r"[A-Z][\w'’\-]*(?<!'s)(?<!’s)"
_LINK = r"(?:[\s-]+(?:al|el|ad|as|ar|ash|an|ad-|al-|de|du|des|la|le|of|the|e)?[\s-]*)"
_QUALIFIER = re.compile(
    rf"(?:\s+(?:{_AREA_WORDS}))?(?P<sep>\s*,\s*|\s*\(\s*|\s+in\s+(?:the\s+)?|\s+of\s+)"
    rf"{_COMPASS}(?P<q>{_NAME_WORD}(?:{_LINK}{_NAME_WORD}){{0,3}}?)"
    rf"(?=\s+(?:{_AREA_WORDS})\b|['’]s\b|\s*[),.;:]|\s*$|\s+(?:on|at|near|after|during|when|while|as|with|"
    rf"by|to|from|in|since|where|amid|following)\b)"
)
_LIST_AFTER = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?[A-Z]|\s+(?:and|or)\s+[A-Z])")
#: an area named beside a place this far from it (km) is not where that place is
NEAR_KM = 250.0


#: a place name made into an adjective of where someone sits ("Riyadh-based", "London-headquartered")
_HOME_OF = re.compile(r"-(?:based|headquartered|registered|born)\b", re.I)


def qualifiers_after(text: str, end: int, limit: int = 3) -> list[str]:
    """Names of the areas written right after a place mention ending at ``end`` (nearest first);
    none when the mention is one of a list ("Tripoli, Benghazi and Misrata")."""
    return qualified_span(text, end, limit)[0]


def qualified_span(text: str, end: int, limit: int = 3) -> tuple[list[str], tuple[int, int]]:
    """``qualifiers_after`` and where the first qualifier's name stands in ``text``."""
    found: list[str] = []
    first = (end, end)
    position = end
    for _ in range(limit):
        match = _QUALIFIER.match(text, position)
        if match is None:
            break
        after = text[match.end() :]
        rest = re.sub(rf"^\s+(?:{_AREA_WORDS})\b", "", after)
        if match.group("sep").strip() == "," and _LIST_AFTER.match(rest) and not found:
            return [], first  # "Tripoli, Benghazi, Misrata": a list of places, not a place and its area
        if not found:
            first = match.span("q")
        found.append(match.group("q"))
        position = match.end()
        closing = re.match(rf"^(?:\s+(?:{_AREA_WORDS})\b)?\s*\)?", text[position:])
        position += closing.end() if closing else 0
    return found, first


def _strip_feature(mention: str) -> str:
    """ "Nihm district" -> "Nihm": the name the gazetteer may hold without its area word."""
    return re.sub(rf"\s+(?:{_AREA_WORDS})$", "", mention.strip(), flags=re.IGNORECASE) or mention


def _near(place: PlaceRow, area: PlaceRow) -> bool:
    """Within ``NEAR_KM`` of the area's point; true when either has no coordinates (same country)."""
    if area.kind == "country" or None in (place.lat, place.lon, area.lat, area.lon):
        return True
    assert place.lat is not None and place.lon is not None and area.lat is not None and area.lon is not None
    dy = (place.lat - area.lat) * 111.0
    dx = (place.lon - area.lon) * 111.0 * math.cos(math.radians(area.lat))
    return math.hypot(dx, dy) <= NEAR_KM


def _has_feature(mention: str) -> bool:
    folded = fold(mention)
    return any(folded.endswith(" " + word) for word in FEATURE_WORDS)
