"""Readable summaries of a coding run: what was read, what was skipped and why, what was found."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ceasefire.models import Document, Event, Rejected


@dataclass
class RunSummary:
    documents: list[Document] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    def add(self, outcome: Document | Rejected) -> None:
        (self.rejected if isinstance(outcome, Rejected) else self.documents).append(outcome)  # type: ignore[arg-type]

    @property
    def events(self) -> list[Event]:
        return [e for d in self.documents for e in d.events]

    def render(self, examples: int = 6) -> str:
        lines: list[str] = []
        kinds = Counter(d.kind for d in self.documents)
        lines.append(f"Read {len(self.documents)} documents ({_counts(kinds)}); "
                     f"skipped {len(self.rejected)}{_skipped(self.rejected)}")  # fmt: skip
        for r in self.rejected:
            lines.append(f"  skipped {r.source or r.doc_id}: {r.reason} - {r.detail}")
        events = self.events
        lines.append(f"\n{len(events)} events")
        lines.append("  by type:     " + _counts(Counter(e.event for e in events)))
        lines.append("  by modality: " + _counts(Counter(e.modality for e in events)))
        processes = Counter(f"{e.process.kind}/{e.process.phase}" for e in events if e.process)
        lines.append("  by process:  " + (_counts(processes) or "none"))
        acled = Counter(e.acled.sub_event_type for e in events if e.acled)
        lines.append("  ACLED:       " + (_counts(acled) or "none"))
        lines.append("\nExamples (highest confidence, asserted, with a process or an ACLED type):")
        chosen = sorted((e for e in events if e.modality == "asserted" and (e.process or e.acled)),
                        key=lambda e: -e.confidence)[:examples]  # fmt: skip
        chosen += sorted((e for e in events if e.modality in {"question", "hypothetical"}),
                         key=lambda e: -e.confidence)[:2]  # fmt: skip
        for event in chosen:
            lines.extend(describe(event))
        return "\n".join(lines)


def describe(event: Event) -> list[str]:
    who = ", ".join(a.name or a.text for a in event.actor) or "?"
    whom = ", ".join(r.name or r.text for r in event.recipient)
    process = f" [{event.process.kind}: {event.process.phase}]" if event.process else ""
    where = f" in {event.place.name} ({event.place.country})" if event.place else ""
    when = f" on {event.date.isoformat()}" if event.date else ""
    mode = f"-{event.mode}" if event.mode else ""
    head = f"- {event.event}{mode}{process} {event.modality}: {who}" + (f" -> {whom}" if whom else "")
    evidence = event.evidence.text if len(event.evidence.text) < 220 else event.evidence.text[:217] + "..."
    return [head + where + when + f" (confidence {event.confidence:.2f})", f'    "{evidence}"']


def summarize(outcomes: Iterable[Document | Rejected]) -> RunSummary:
    summary = RunSummary()
    for outcome in outcomes:
        summary.add(outcome)
    return summary


def _counts(counter: Counter[Any]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counter.most_common())


def _skipped(rejected: list[Rejected]) -> str:
    return f" ({_counts(Counter(r.reason for r in rejected))})" if rejected else ""
