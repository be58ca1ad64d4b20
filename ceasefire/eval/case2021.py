"""CASE 2021 task 2: the ACLED sub-event type of news snippets, weighted F1 over the 25 ACLED classes."""

from __future__ import annotations

from pathlib import Path

from ceasefire.eval import gold
from ceasefire.eval.metrics import per_class, weighted_f1
from ceasefire.eval.report import Report
from ceasefire.models import Document
from ceasefire.pipeline.acled import primary_acled
from ceasefire.pipeline.stage import Pipeline

#: ACLED sub-event type (codebook name) -> CASE 2021 label
CASE_LABELS = {
    "Armed clash": "ARMED_CLASH", "Government regains territory": "GOV_REGAINS_TERIT",
    "Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER", "Chemical weapon": "CHEM_WEAP",
    "Air/drone strike": "AIR_STRIKE", "Suicide bomb": "SUIC_BOMB",
    "Shelling/artillery/missile attack": "ART_MISS_ATTACK", "Remote explosive/landmine/IED": "REM_EXPLOS",
    "Grenade": "GRENADE", "Sexual violence": "SEX_VIOL", "Attack": "ATTACK",
    "Abduction/forced disappearance": "ABDUCT_DISSAP", "Peaceful protest": "PEACE_PROTEST",
    "Protest with intervention": "PROTEST_WITH_INTER", "Excessive force against protesters": "FORCE_AGAINST_PROTEST",
    "Violent demonstration": "VIOL_DEMONSTR", "Mob violence": "MOB_VIOL", "Agreement": "AGREEMENT",
    "Arrests": "ARREST", "Change to group/activity": "CHANGE_TO_GROUP_ACT", "Disrupted weapons use": "DISR_WEAP",
    "Headquarters or base established": "HQ_ESTABLISHED", "Looting/property destruction": "PROPERTY_DISTRUCT",
    "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER", "Other": "OTHER",
}  # fmt: skip


def evaluate(path: Path, pipeline: Pipeline) -> Report:
    snippets = gold.case2021(path)
    docs = (Document(id=f"case-{s.id}", text=s.text) for s in snippets)
    predicted: list[str | None] = []
    for doc in pipeline.pipe(docs):
        sub = primary_acled(doc) if isinstance(doc, Document) else None
        predicted.append(CASE_LABELS.get(sub) if sub else None)
    gold_labels: list[str | None] = [s.label for s in snippets]
    scores = per_class(gold_labels, predicted, CASE_LABELS.values())
    return Report(
        name="case2021",
        path=str(path),
        items=len(snippets),
        scores={"weighted_f1": weighted_f1(scores)},
        details={"per_class": {k: v.to_json() for k, v in scores.items()}},
        notes=["weighted F1 over the 25 ACLED classes; the 5 non-ACLED classes count only as false alarms",
               "best published system: 0.839"],
    )  # fmt: skip
