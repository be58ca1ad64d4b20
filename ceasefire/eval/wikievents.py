"""WikiEvents: attacker, target and place arguments of Conflict.Attack events, per document.

Gold arguments and predicted ones (actors, recipients and places of ASSAULT events) are compared
as sets of strings per document; a prediction matches a gold argument when one contains the
other's last word (heads differ in length between annotation conventions). Reported, not gated.
"""

from __future__ import annotations

import re
from pathlib import Path

from ceasefire.eval import gold
from ceasefire.eval.metrics import prf
from ceasefire.eval.report import Report
from ceasefire.models import Document
from ceasefire.pipeline.stage import Pipeline

ROLES = {"Attacker": "attacker", "Target": "target", "Place": "place"}


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _matches(a: str, b: str) -> bool:
    if not a or not b:
        return False
    return a == b or a.split()[-1] in b.split() or b.split()[-1] in a.split()


def _score(gold_set: set[str], predicted: set[str]) -> tuple[int, int, int]:
    tp = sum(1 for p in predicted if any(_matches(p, g) for g in gold_set))
    found = sum(1 for g in gold_set if any(_matches(p, g) for p in predicted))
    return tp, len(predicted) - tp, len(gold_set) - found


def evaluate(path: Path, pipeline: Pipeline) -> Report:
    records = list(gold.jsonl(path))
    docs = (Document(id=r["doc_id"], text=r["text"]) for r in records)
    totals = {role: [0, 0, 0] for role in ROLES.values()}
    for record, doc in zip(records, pipeline.pipe(docs), strict=True):
        golds: dict[str, set[str]] = {role: set() for role in ROLES.values()}
        for mention in record["event_mentions"]:
            if not mention["event_type"].startswith("Conflict.Attack"):
                continue
            for arg in mention["arguments"]:
                if arg["role"] in ROLES:
                    golds[ROLES[arg["role"]]].add(_norm(arg["text"]))
        preds: dict[str, set[str]] = {role: set() for role in ROLES.values()}
        if isinstance(doc, Document):
            for event in doc.events:
                if event.event != "ASSAULT" or event.modality not in {"asserted", "historical"}:
                    continue
                preds["attacker"] |= {_norm(a.text) for a in event.actor}
                preds["target"] |= {_norm(r.text) for r in event.recipient}
                if event.place is not None:
                    preds["place"].add(_norm(event.place.text))
        for role in totals:
            for n, value in enumerate(_score(golds[role], preds[role])):
                totals[role][n] += value
    scores = {f"{role}_f1": prf(*counts).f1 for role, counts in totals.items()}
    return Report(
        name="wikievents",
        path=str(path),
        items=len(records),
        scores=scores,
        details={role: prf(*counts).to_json() for role, counts in totals.items()},
        notes=["document-level sets of argument strings; head-word match"],
    )
