"""A peace process as the registry keeps it: a ceasefire, truce, cessation of hostilities or talks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

ProcessKind = Literal["ceasefire", "talks", "agreement"]
ActorRole = Literal["party", "mediator", "guarantor", "excluded"]
Origin = Literal["eth-prio", "pax", "manual", "discovered"]

#: schemes of external ids a process can carry
ID_SCHEMES = ("eth_prio_uniq_id", "eth_prio_cf_id", "pax_agt_id", "ucdp_conflict", "ucdp_dyad")


@dataclass(slots=True, frozen=True)
class ProcessActor:
    """A party, mediator, guarantor or excluded group, as the source names it and as resolved.

    ``entity_id``, ``country`` (ISO alpha-3 or a PLOVER code) and ``sector`` come from the actor
    catalogue when the name resolves; otherwise they are None and ``name`` stands alone.
    """

    name: str
    role: ActorRole = "party"
    entity_id: str | None = None
    country: str | None = None
    sector: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "entity_id": self.entity_id,
                "country": self.country, "sector": self.sector}  # fmt: skip


@dataclass(slots=True, frozen=True)
class Terms:
    """What a ceasefire bans and permits, as PLOVER event types (``banned``: ASSAULT, MOBILIZE...)."""

    banned: tuple[str, ...] = ("ASSAULT",)
    permitted: tuple[str, ...] = ()
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"banned": list(self.banned), "permitted": list(self.permitted), "note": self.note}


@dataclass(slots=True)
class Process:
    """One peace process. ``id`` is stable: the same source row always gives the same id.

    ``countries`` are ISO alpha-2 codes; ``areas`` GeoJSON geometries (optional scope inside them).
    ``external_ids`` maps a scheme from ``ID_SCHEMES`` to its values (a process may carry several
    UCDP dyads). ``origin`` says where the entry came from; ``discovered`` entries are candidates the
    text revealed, shown as such until ``confirmed``.
    """

    id: str
    name: str
    kind: ProcessKind
    origin: Origin
    aliases: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    areas: list[dict[str, Any]] = field(default_factory=list)
    actors: list[ProcessActor] = field(default_factory=list)
    declared: date | None = None
    effective: date | None = None
    ended: date | None = None
    written: bool | None = None
    terms: Terms = field(default_factory=Terms)
    external_ids: dict[str, list[str]] = field(default_factory=dict)
    confirmed: bool = True
    note: str = ""

    def actors_in(self, role: ActorRole) -> list[ProcessActor]:
        return [a for a in self.actors if a.role == role]

    @property
    def begun(self) -> date | None:
        """When the process began: declared, else effective."""
        return self.declared or self.effective

    @property
    def in_force_from(self) -> date | None:
        """When its terms began to bind: effective, else declared."""
        return self.effective or self.declared
