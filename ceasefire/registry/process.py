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


@dataclass(slots=True, frozen=True)
class NamedPlace:
    """A place a local process is limited to (or named after), resolved in the gazetteer when it could be."""

    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> NamedPlace:
        return cls(str(data["name"]), data.get("country"), data.get("lat"), data.get("lon"))


@dataclass(slots=True, frozen=True)
class Declaration:
    """One side's declaration of a ceasefire, as one source record gives it.

    ``kind`` is ``unilateral`` when the record names one side only, ``mutual`` when it names several.
    """

    party: str
    declared: date | None
    record: str
    kind: Literal["unilateral", "mutual"]

    def to_json(self) -> dict[str, Any]:
        return {
            "party": self.party,
            "declared": _iso(self.declared),
            "record": self.record,
            "kind": self.kind,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Declaration:
        kind: Literal["unilateral", "mutual"] = "mutual" if data.get("kind") == "mutual" else "unilateral"
        return cls(str(data["party"]), _date(data.get("declared")), str(data["record"]), kind)


@dataclass(slots=True, frozen=True)
class SourceRecord:
    """Provenance: one registry record (an ETH/PRIO ceasefire, a PA-X agreement, a YAML file) of a process."""

    id: str
    origin: str
    name: str
    declared: date | None = None
    effective: date | None = None
    ended: date | None = None
    parties: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "origin": self.origin, "name": self.name, "declared": _iso(self.declared),
                "effective": _iso(self.effective), "ended": _iso(self.ended), "parties": list(self.parties)}  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SourceRecord:
        return cls(str(data["id"]), str(data["origin"]), str(data["name"]), _date(data.get("declared")),
                   _date(data.get("effective")), _date(data.get("ended")), tuple(data.get("parties") or ()))  # fmt: skip


@dataclass(slots=True)
class Process:
    """One peace process. ``id`` is stable: the same source row always gives the same id.

    ``countries`` are ISO alpha-2 codes; ``areas`` GeoJSON geometries (optional scope inside them).
    A ``local`` process binds only in its ``places`` (or ``areas``): a town's truce, not the country's.
    ``venues`` are where it was negotiated or signed, kept to recognise "the Moscow ceasefire", never
    as its scope. ``declarations`` are each side's declarations and ``records`` the source records
    it was grouped from (``registry/identity.py``).
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
    local: bool = False
    #: the registry marks it partial (ETH/PRIO): it binds only some of the conflict's parties or fronts
    partial: bool = False
    places: list[NamedPlace] = field(default_factory=list)
    venues: list[str] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    records: list[SourceRecord] = field(default_factory=list)

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

    def record(self) -> SourceRecord:
        """This process as one source record, for the provenance of the process it is grouped into."""
        return SourceRecord(self.id, self.origin, self.name, self.declared, self.effective, self.ended,
                            tuple(a.name for a in self.actors_in("party")))  # fmt: skip


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None
