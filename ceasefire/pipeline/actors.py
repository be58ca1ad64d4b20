"""Resolve each actor and recipient as written to a catalogued entity (country, sector).

Pronouns ("he", "they") take the most recent resolved actor of a fitting kind earlier in the
document, so "If he fails ..." after "Haftar ..." is read as Haftar.
"""

from __future__ import annotations

from ceasefire.models import ActorRef, Document
from ceasefire.pipeline.catalogue import Catalogue
from ceasefire.pipeline.stage import StageSpec

_PERSONAL = frozenset({"he", "she", "him", "her", "his"})
_PLURAL = frozenset({"they", "them", "their"})


class ResolveActors:
    spec = StageSpec.of("actors", 1, requires={"events"}, produces={"events.actor"})

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    def __call__(self, doc: Document) -> Document:
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
        found = self.catalogue.resolve(ref.text)
        found.start, found.end = ref.start, ref.end
        return found


def _copy(source: ActorRef, ref: ActorRef, _why: str) -> ActorRef:
    return ActorRef(text=ref.text, name=source.name, country=source.country, sector=source.sector,
                    entity_id=source.entity_id, start=ref.start, end=ref.end)  # fmt: skip
