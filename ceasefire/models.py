"""Plain data: documents, rejections and the event record of ONTOLOGY.md. No I/O here.

The JSON shape of an event (``Event.to_json``) is a contract read by outside tools: field
names follow ONTOLOGY.md exactly; new fields may be added, none renamed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

DocKind = Literal["article", "post", "comment", "report", "statement"]
Modality = Literal["asserted", "negated", "hypothetical", "future", "question", "historical"]
DatePrecision = Literal["day", "week", "month", "year"]
DateBasis = Literal["text", "publication"]
PlacePrecision = Literal["exact", "city", "region", "country"]

PLOVER_EVENTS: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE",
    "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION",
    "PROTEST", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
MODALITIES: tuple[str, ...] = ("asserted", "negated", "hypothetical", "future", "question", "historical")
PROCESS_PHASES: dict[str, tuple[str, ...]] = {
    "ceasefire": ("called", "accepted", "declared", "signed", "in_force", "extended", "rejected",
                  "violation_alleged", "violated", "ended"),
    "talks": ("planned", "held", "suspended", "resumed", "boycotted"),
    "agreement": ("proposed", "signed", "implemented", "rejected"),
}  # fmt: skip


def content_hash(text: str) -> str:
    """Hex SHA-256 of the text: the identity of a document's content."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stable_id(*parts: object, length: int = 16) -> str:
    """A short id that depends only on ``parts``: same input, same id."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:length]


@dataclass(slots=True)
class Span:
    """A stretch of a document's cleaned text: ``text == doc.text[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Document:
    """One unit of text to code: an article body, a single reader comment, a report.

    ``text`` is the cleaned text; every evidence offset points into it. ``html`` holds the raw
    markup while the early stages still need it (comment threads) and is dropped after.
    """

    id: str
    text: str
    kind: DocKind = "article"
    source: str = ""
    url: str | None = None
    title: str | None = None
    author: str | None = None
    site: str | None = None
    published: date | None = None
    published_at: datetime | None = None
    parent_id: str | None = None
    language: str | None = None
    html: str | None = None
    country_hint: str | None = None
    #: alpha-2 codes of the countries the document is about (set by the places stage)
    countries: frozenset[str] = frozenset()
    sentences: list[Sentence] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stages: dict[str, int] = field(default_factory=dict)
    parses: dict[int, Any] = field(default_factory=dict, repr=False)

    @property
    def hash(self) -> str:
        return content_hash(self.text)

    def header_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "author": self.author,
            "published": self.published_at.isoformat() if self.published_at else _iso(self.published),
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "site": self.site,
            "parent_id": self.parent_id,
            "language": self.language,
            "content_hash": self.hash,
        }


@dataclass(slots=True, frozen=True)
class Rejected:
    """A document the pipeline chose not to code, kept as a value with its reason.

    ``reason`` is one of a small fixed vocabulary (``empty``, ``binary``, ``wrong_language``,
    ``duplicate``, ``too_large``, ``undecodable``, ``malformed``, ``unreachable``); ``detail``
    says more for a person ("near duplicate of 3f2a... (Jaccard 0.91)").
    """

    doc_id: str
    stage: str
    reason: str
    detail: str
    source: str = ""
    document: Document | None = None

    def to_json(self) -> dict[str, Any]:
        return {"reason": self.reason, "detail": self.detail, "stage": self.stage}


@dataclass(slots=True)
class ActorRef:
    """An actor as written and as resolved. ``country`` is ISO alpha-3 or a PLOVER code (IGO, UNO...)."""

    text: str
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    entity_id: str | None = None
    start: int | None = None
    end: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "entity_id": self.entity_id,
        }


@dataclass(slots=True)
class Place:
    """A resolved place. ``country`` is ISO alpha-2 (GeoNames)."""

    text: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None = None
    precision: PlacePrecision = "city"
    gazetteer: str = "geonames"
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text, "name": self.name, "country": self.country,
            "lat": None if self.lat is None else round(self.lat, 5),
            "lon": None if self.lon is None else round(self.lon, 5),
            "geonameid": self.geonameid, "precision": self.precision, "gazetteer": self.gazetteer,
        }  # fmt: skip


@dataclass(slots=True, frozen=True)
class ProcessRef:
    """Which kind of process an event belongs to and the phase it marks.

    ``duration`` (ISO 8601, "P7D", "PT72H") and ``until`` (the last day) are how long the ceasefire
    or extension runs when its own words say so ("a seven-day truce", "extended until 2 October");
    they appear in the JSON only when known.
    """

    kind: str
    phase: str
    duration: str | None = None
    until: date | None = None

    def to_json(self) -> dict[str, str]:
        out = {"kind": self.kind, "phase": self.phase}
        if self.duration is not None:
            out["duration"] = self.duration
        if self.until is not None:
            out["until"] = self.until.isoformat()
        return out


@dataclass(slots=True, frozen=True)
class AcledType:
    event_type: str
    sub_event_type: str

    def to_json(self) -> dict[str, str]:
        return {"event_type": self.event_type, "sub_event_type": self.sub_event_type}


@dataclass(slots=True)
class Evidence:
    doc_id: str
    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "text": self.text, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Event:
    """One coded event (ONTOLOGY.md). Stages fill it in order; ``reasons`` explains each choice."""

    event: str
    evidence: Evidence
    trigger: Span
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    process: ProcessRef | None = None
    modality: Modality = "asserted"
    tense: Literal["past", "present", "future"] | None = None
    actor: list[ActorRef] = field(default_factory=list)
    recipient: list[ActorRef] = field(default_factory=list)
    place: Place | None = None
    place_mentions: list[Span] = field(default_factory=list)
    date: date | None = None
    date_precision: DatePrecision | None = None
    date_basis: DateBasis | None = None
    date_text: str | None = None
    #: the end of the process as written ("until Oct. 2"); the dates stage resolves it; not serialized
    until_text: Span | None = None
    acled: AcledType | None = None
    confidence: float = 0.5
    reasons: list[str] = field(default_factory=list)
    stages: dict[str, int] = field(default_factory=dict)
    id: str = ""
    #: how deep the trigger sits in its sentence's parse (0: the main verb); not serialized
    depth: int = 0
    #: the words of the trigger's own clause (nested clauses left out); not serialized
    scope: str = ""
    #: character spans (within the evidence sentence) of clauses that tell of something else (a
    #: participle or relative clause on another noun: "the strips occupied since 1994"); their dates
    #: do not date the event; not serialized
    foreign: list[tuple[int, int]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "event": self.event,
            "mode": self.mode,
            "context": list(self.context),
            "process": self.process.to_json() if self.process else None,
            "modality": self.modality,
            "actor": [a.to_json() for a in self.actor],
            "recipient": [r.to_json() for r in self.recipient],
            "place": self.place.to_json() if self.place else None,
            "date": _iso(self.date),
            "date_precision": self.date_precision,
            "date_basis": self.date_basis,
            "acled": self.acled.to_json() if self.acled else None,
            "evidence": self.evidence.to_json(),
            "confidence": round(self.confidence, 3),
            "trigger": {"text": self.trigger.text, "start": self.trigger.start, "end": self.trigger.end},
            "reasons": list(self.reasons),
            "stages": dict(self.stages),
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
