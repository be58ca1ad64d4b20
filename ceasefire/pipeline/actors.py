"""Resolve each actor and recipient as written to a catalogued entity (country, sector).

Pronouns ("he", "they") take the most recent resolved actor of a fitting kind earlier in the
document, so "If he fails ..." after "Haftar ..." is read as Haftar.
"""

from __future__ import annotations

import pycountry

from ceasefire.models import ActorRef, Document
from ceasefire.pipeline.catalogue import Catalogue
from ceasefire.pipeline.stage import StageSpec

_PERSONAL = frozenset({"he", "she", "him", "her", "his"})
_PLURAL = frozenset({"they", "them", "their"})


class ResolveActors:
    spec = StageSpec.of("actors", 1, requires={"events"}, produces={"events.actor"})

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._countries: frozenset[str] = frozenset()

    def __call__(self, doc: Document) -> Document:
        self._countries = frozenset(a3 for a2 in doc.countries if (a3 := _alpha3(a2)))
        recent: list[ActorRef] = []
        for event in doc.events:
            for refs in (event.actor, event.recipient):
                for i, ref in enumerate(refs):
                    resolved = self._resolve(ref, recent)
                    refs[i] = resolved
                    if resolved.name:
                        recent.append(resolved)
        return doc

    def _resolve(self, ref: ActorRef, recent: list[ActorRef]) -> ActorRef:
        lowered = ref.text.lower()
        if lowered in _PERSONAL | _PLURAL:
            for earlier in reversed(recent[-6:]):
                if lowered in _PERSONAL and earlier.entity_id and earlier.text[:1].isupper():
                    return _copy(earlier, ref, f"'{ref.text}' read as {earlier.text}")
                if lowered in _PLURAL and earlier.sector in {"REB", "MIL", "UAF", "GOV"}:
                    return _copy(earlier, ref, f"'{ref.text}' read as {earlier.text}")
            return ref
        found = self.catalogue.resolve(ref.text, self._countries)
        found.start, found.end = ref.start, ref.end
        return found


def _alpha3(alpha2: str) -> str | None:
    country = pycountry.countries.get(alpha_2=alpha2)
    return str(country.alpha_3) if country is not None else None


def _copy(source: ActorRef, ref: ActorRef, _why: str) -> ActorRef:
    return ActorRef(text=ref.text, name=source.name, country=source.country, sector=source.sector,
                    entity_id=source.entity_id, start=ref.start, end=ref.end)  # fmt: skip
