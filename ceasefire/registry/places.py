"""The places a registry title names: "Homs Ceasefire" is Homs's, "Hudna of al-Zabadani, Kefriyya and al-Fu'aa"
binds in those three towns.

A local agreement (PA-X ``Agtp`` IntraLocal) is scoped to the places its title names; any process
keeps them to recognise "the Homs ceasefire" in the news. Only places inside the process's own
countries and smaller than a country are taken; a title naming none gives an empty list (the
process is then recognised by name only).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from ceasefire.models import Place
from ceasefire.registry.process import NamedPlace

#: capitalised runs of words ("Sheikh Maqsoud", "al-Zabadani"), articles and apostrophes allowed inside
_RUN = re.compile(r"(?:(?:al|el|as|ad|ar|an|at|ash)-)?[A-Z][\w’'‘-]+(?:\s+(?:(?:al|el)-)?[A-Z][\w’'‘-]+)*")
#: capitalised words of titles that are never places
_NOT_PLACES = frozenset({
    "agreement", "ceasefire", "cease-fire", "truce", "hudna", "statement", "deed", "instrument", "terms",
    "cessation", "hostilities", "council", "committee", "untitled", "joint", "memorandum", "understanding",
    "protocol", "accord", "declaration", "document", "operations", "room", "people", "protection", "units",
    "army", "forces", "front", "brigade", "tribes", "cities", "supreme", "end", "crisis", "status",
    "between", "and", "the", "on", "of", "for", "in", "free",
})  # fmt: skip


class PlaceResolver(Protocol):
    def resolve(
        self, name: str, countries: frozenset[str] = ..., feature_hint: str | None = ...
    ) -> Place | None: ...


def title_places(title: str, countries: Iterable[str], gazetteer: PlaceResolver) -> list[NamedPlace]:
    """The towns and regions of ``countries`` that ``title`` names, in title order, each once."""
    home = frozenset(countries)
    found: dict[str, NamedPlace] = {}
    for match in _RUN.finditer(title):
        words = [w for w in match.group().split() if w.casefold().strip("’'‘") not in _NOT_PLACES]
        for name in _spans(words):
            place = gazetteer.resolve(name, home)
            if place is None or place.country not in home or place.precision == "country":
                continue
            found.setdefault(
                place.name.casefold(), NamedPlace(place.name, place.country, place.lat, place.lon)
            )
            break
    return list(found.values())


def _spans(words: list[str]) -> list[str]:
    """The whole run first, then each word alone ("Sheikh Maqsoud" before "Sheikh")."""
    if not words:
        return []
    whole = " ".join(words)
    return [whole, *(w for w in words if w != whole)] if len(words) > 1 else [whole]
