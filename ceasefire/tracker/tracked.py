"""An event as the tracker sees it: the stored record with its document's date, countries and sides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class TrackedEvent:
    id: str
    doc_id: str
    record: dict[str, Any]
    #: the event's own date, else its document's publication date
    when: date | None
    #: ISO alpha-2: the event's place, else the countries its document is about
    countries: frozenset[str]
    #: ISO alpha-2 of the actors and recipients: whose conflict a ceasefire event is about
    parties: frozenset[str] = frozenset()
    #: ISO alpha-2 of every country its document is about
    doc_countries: frozenset[str] = frozenset()
    #: ISO alpha-2 of the conflict its document is about: where its fighting parties come from and its
    #: violence happens (a venue or a mediator abroad is not that)
    conflict: frozenset[str] = frozenset()
    #: side keys (``tracker/sides.py``) of its actors and of its recipients
    actor_sides: frozenset[str] = frozenset()
    recipient_sides: frozenset[str] = frozenset()

    @property
    def event(self) -> str:
        return str(self.record["event"])

    @property
    def modality(self) -> str:
        return str(self.record["modality"])

    @property
    def process(self) -> tuple[str, str] | None:
        process = self.record.get("process")
        return (process["kind"], process["phase"]) if process else None

    @property
    def terms(self) -> dict[str, Any]:
        """The length or end the text gave the ceasefire or extension (``duration``, ``until``)."""
        process = self.record.get("process") or {}
        return {k: process[k] for k in ("duration", "until") if process.get(k)}

    @property
    def sentence(self) -> str:
        return str(self.record["evidence"]["text"])

    @property
    def trigger(self) -> str:
        return str((self.record.get("trigger") or {}).get("text") or "")

    @property
    def mode(self) -> str | None:
        return self.record.get("mode")

    @property
    def place(self) -> dict[str, Any]:
        return self.record.get("place") or {}

    @property
    def dated_by_text(self) -> bool:
        return self.record.get("date_basis") == "text"

    @property
    def sides(self) -> frozenset[str]:
        return self.actor_sides | self.recipient_sides

    def names(self, role: str) -> list[str]:
        return [a.get("name") or a["text"] for a in self.record.get(role, [])]

    def entities(self, role: str) -> set[str]:
        return {a["entity_id"] for a in self.record.get(role, []) if a.get("entity_id")}
