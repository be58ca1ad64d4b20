"""Which side of a conflict an actor is on, so that an event's actors can be matched to a process's parties.

A side is a short key:

- an organisation the catalogue knows is the root of its ``parent`` chain (a leader acts for their
  organisation, the Syrian Arab Army is part of the Government of Syria): ``syr-gov``;
- a state actor the catalogue does not know ("Turkish troops") is its state's government entity,
  or ``state:TUR`` when the catalogue has none;
- any other armed actor known only by country and sector ("Syrian insurgents", "rebels" in a
  Syrian document) is generic: ``SYR:REB``.

A generic side matches every armed non-state actor of its country: ETH/PRIO's "Syrian insurgents"
party takes in Jaysh al-Islam and "the rebels" alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ceasefire.knowledge.catalogue import Catalogue

#: sectors that act for a state
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY"})
#: sectors of armed actors outside the state; a generic side of these matches any of them
ARMED_SECTORS = frozenset({"REB", "UAF", "SEP"})
#: sectors of the parties that fight (a mediator's government is GOV too: it is told apart by role)
COMBATANT_SECTORS = STATE_SECTORS | ARMED_SECTORS


@dataclass(frozen=True, slots=True)
class Sides:
    """Side keys of actor references (event actors or process actors) through the catalogue."""

    catalogue: Catalogue

    def side(self, ref: Mapping[str, Any], country: str | None = None) -> str | None:
        """The side key of an actor reference (``entity_id``, ``country``, ``sector``); ``country``
        (alpha-3) stands in when the reference has none. None when nothing places it."""
        return _side(self.catalogue, ref.get("entity_id"), ref.get("country") or country, ref.get("sector"))

    def sides(self, refs: Iterable[Mapping[str, Any]], country: str | None = None) -> frozenset[str]:
        return frozenset(s for ref in refs if (s := self.side(ref, country)) is not None)

    def matches(self, side: str, party: str) -> bool:
        """Whether an actor on ``side`` belongs to the party whose side is ``party``."""
        if side == party:
            return True
        country, _, sector = party.partition(":")
        if sector not in ARMED_SECTORS:
            return False
        # a generic armed party takes in every armed non-state side of its country
        if side.startswith(f"{country}:"):
            return side.partition(":")[2] in ARMED_SECTORS
        if side in self.catalogue:
            entity = self.catalogue.get(side)
            return entity.country == country and entity.sector in ARMED_SECTORS
        return False

    def meet(self, sides: Iterable[str], parties: Iterable[str]) -> frozenset[str]:
        """The parties (side keys) that some of ``sides`` belong to."""
        wanted = list(parties)
        return frozenset(p for p in wanted for s in sides if self.matches(s, p))


def _side(catalogue: Catalogue, entity_id: str | None, country: str | None, sector: str | None) -> str | None:
    return _cached(catalogue, entity_id, country, sector)


@lru_cache(maxsize=65536)
def _cached(
    catalogue: Catalogue, entity_id: str | None, country: str | None, sector: str | None
) -> str | None:
    if entity_id and entity_id in catalogue:
        entity = catalogue.acting_for(catalogue.get(entity_id))
        seen = {entity.id}
        while entity.parent and entity.parent in catalogue and entity.parent not in seen:
            entity = catalogue.get(entity.parent)
            seen.add(entity.id)
        return entity.id
    if not country or not sector:
        return None
    if sector in STATE_SECTORS:
        state = catalogue.state_entity(country, "GOV")
        return _cached(catalogue, state.id, country, "GOV") if state else f"state:{country}"
    if sector in ARMED_SECTORS:
        return f"{country}:{sector}"
    return None
