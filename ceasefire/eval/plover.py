"""PLOVER gold records: accuracy and macro F1 of the event type, and source/target actor match.

The gold file was coded under an earlier PLOVER draft; its event names are mapped onto the 16
current ones as the PLOVER manual merged them (DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE ->
ACCUSE, FIGHT -> ASSAULT).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ceasefire.eval import gold
from ceasefire.eval.metrics import accuracy, macro_f1, per_class
from ceasefire.eval.report import Report
from ceasefire.models import PLOVER_EVENTS, ActorRef, Document, Event
from ceasefire.pipeline.stage import Pipeline

EARLIER_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def main_event(doc: Document) -> Event | None:
    """The event of a one-sentence document that a coder would pick: the trigger nearest the main verb."""
    if not doc.events:
        return None
    return min(doc.events, key=lambda e: (e.depth, -e.confidence, e.trigger.start))


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in {"the", "a", "an", "of", "s"}}


def actors_match(gold_actors: list[dict[str, Any]], predicted: list[ActorRef]) -> bool:
    """True when a predicted actor shares a content word with a gold actor span."""
    for g in gold_actors:
        gw = _words(g.get("actorText", ""))
        if any(gw & _words(p.text) for p in predicted):
            return True
    return False


def evaluate(path: Path, pipeline: Pipeline) -> Report:
    records = gold.plover(path)
    docs = (Document(id=r["id"], text=r["text"].strip("{} ")) for r in records)
    gold_events: list[str | None] = []
    predicted: list[str | None] = []
    source_hits = source_total = target_hits = target_total = 0
    for record, doc in zip(records, pipeline.pipe(docs), strict=True):
        gold_event = EARLIER_NAMES.get(record["event"], record["event"])
        event = main_event(doc) if isinstance(doc, Document) else None
        gold_events.append(gold_event)
        predicted.append(event.event if event else None)
        if record.get("source"):
            source_total += 1
            source_hits += bool(event and actors_match(record["source"], event.actor))
        if record.get("target"):
            target_total += 1
            target_hits += bool(event and actors_match(record["target"], event.recipient))
    scores = per_class(gold_events, predicted, PLOVER_EVENTS)
    return Report(
        name="plover",
        path=str(path),
        items=len(records),
        scores={
            "event_accuracy": accuracy(gold_events, predicted),
            "event_macro_f1": macro_f1(scores),
            "source_match": source_hits / source_total if source_total else 0.0,
            "target_match": target_hits / target_total if target_total else 0.0,
        },
        details={"per_class": {k: v.to_json() for k, v in scores.items() if v.support}},
        notes=["earlier PLOVER names mapped: " + ", ".join(f"{k}->{v}" for k, v in EARLIER_NAMES.items()),
               "actor match: the main event's actor shares a content word with a gold actor span"],
    )  # fmt: skip
