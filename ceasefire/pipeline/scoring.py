"""Last stage: a confidence for every event, and the stage versions that produced it.

Confidence starts from how strongly the trigger word signals its event (``lexicon.Cue.strength``)
and moves with what could be resolved: a catalogued actor, a place, a date in the text. Reader
comments are opinion from unknown people (ONTOLOGY.md) and weigh less.
"""

from __future__ import annotations

from ceasefire.models import Document
from ceasefire.pipeline.stage import StageSpec


class Score:
    spec = StageSpec.of("score", 1, requires={"events"}, produces={"events.confidence"})

    def __call__(self, doc: Document) -> Document:
        for event in doc.events:
            score = event.confidence
            if any(a.name for a in event.actor):
                score += 0.1
            if event.place is not None:
                score += 0.05
            if event.date_basis == "text":
                score += 0.05
            if doc.kind == "comment":
                score -= 0.25
            event.confidence = max(0.05, min(score, 0.98))
            event.stages = dict(doc.stages)
        doc.parses = {}
        doc.html = None
        return doc
