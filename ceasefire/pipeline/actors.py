"""Resolve each actor and recipient as written to a catalogued entity (country, sector).

A pronoun takes the last catalogued mention before it in the text: a person (resolved to the
organisation they act for) for "he"/"she", an organisation for "they", so "If he fails ..."
after "Haftar ..." is read as the Libyan National Army.
"""

from __future__ import annotations

import pycountry

from ceasefire.knowledge.catalogue import Catalogue, Entity
from ceasefire.models import ActorRef, Document
from ceasefire.pipeline.stage import StageSpec

_PERSONAL = frozenset({"he", "she", "him", "her", "his"})
_PLURAL = frozenset({"they", "them", "their"})


class ResolveActors:
    spec = StageSpec.of("actors", 1, requires={"events"}, produces={"events.actor"})

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    def __call__(self, doc: Document) -> Document:
        countries = frozenset(a3 for a2 in doc.countries if (a3 := _alpha3(a2)))
        mentions: list[tuple[int, int, Entity]] | None = None
        for event in doc.events:
            for refs in (event.actor, event.recipient):
                for i, ref in enumerate(refs):
                    if ref.text.lower() in _PERSONAL | _PLURAL and ref.start is not None:
                        if mentions is None:
                            mentions = self.catalogue.find_mentions(doc.text)
                        refs[i] = self._antecedent(ref, mentions)
                        continue
                    found = self.catalogue.resolve(ref.text, countries)
                    found.start, found.end = ref.start, ref.end
                    refs[i] = found
        return doc

    def _antecedent(self, ref: ActorRef, mentions: list[tuple[int, int, Entity]]) -> ActorRef:
        """The catalogued actor a pronoun stands for: the last fitting mention before it."""
        personal = ref.text.lower() in _PERSONAL
        assert ref.start is not None
        for start, _end, entity in reversed(mentions):
            if start >= ref.start:
                continue
            if personal != (entity.kind == "person"):
                continue
            acting = self.catalogue.acting_for(entity)
            return ActorRef(text=ref.text, name=acting.name, country=acting.country, sector=acting.sector,
                            entity_id=acting.id, start=ref.start, end=ref.end)  # fmt: skip
        return ref


def _alpha3(alpha2: str) -> str | None:
    country = pycountry.countries.get(alpha_2=alpha2)
    return str(country.alpha_3) if country is not None else None
