"""An event as the tracker sees it: the stored record with its document's date and countries."""

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
    #: where most of its document's placed events happened (a venue abroad is rarely that)
    main_country: str | None = None

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
    def sentence(self) -> str:
        return str(self.record["evidence"]["text"])

    @property
    def mode(self) -> str | None:
        return self.record.get("mode")

    def names(self, role: str) -> list[str]:
        return [a.get("name") or a["text"] for a in self.record.get(role, [])]

    def entities(self, role: str) -> set[str]:
        return {a["entity_id"] for a in self.record.get(role, []) if a.get("entity_id")}
