"""When a ceasefire event is a violation, and when a violation is only alleged.

Two rules of news and statement language, applied by the events stage after modality:

* A ceasefire that is *not* observed is broken: "the truce was never respected", "the militia did
  not abide by the ceasefire", "the ceasefire failed to hold" tell a violation, not a negated
  observance. (A truce that has not taken effect yet is no violation: only verbs of keeping count.)
* A violation told in someone's words is an allegation (ONTOLOGY: ACCUSE-allege, phase
  ``violation_alleged``): "'Hamas violated the pause,' the army said", "the rebels said the army
  broke the truce", "according to the ministry, 'X violates the ceasefire'". The speaker is the
  accuser, the one said to have broken it is accused. A violation the text tells in its own voice
  ("Multiple truces have been breached") stays a violation.
"""

from __future__ import annotations

from typing import Any

from ceasefire.pipeline import arguments as args

Token = Any

#: verbs of keeping a ceasefire: negated, they tell that it was broken
KEEPING = frozenset(
    ["respect", "observe", "honour", "honor", "abide", "adhere", "comply", "hold", "maintain", "uphold"]
)
#: verbs that put a claim in someone's mouth
CLAIMING = frozenset(
    ["say", "state", "claim", "tell", "report", "insist", "allege", "charge", "accuse", "add", "declare",
     "announce", "confirm", "stress", "write", "tweet", "assert", "complain", "argue"]
)  # fmt: skip


def unkept(trigger: Token, process: tuple[str, str] | None, modality: str) -> bool:
    """A negated keeping of a ceasefire ("was never respected", "did not hold"): a violation."""
    return bool(
        process == ("ceasefire", "in_force") and modality == "negated" and trigger.lemma_.lower() in KEEPING
    )


def claimant(trigger: Token) -> Token | None:
    """Who says the event happened, when the text tells it in someone's words: the subject of the
    verb of saying whose complement holds the trigger ("..., the army said"), or the object of
    "according to". None when the text tells it in its own voice."""
    clause = args.clause_head(trigger)
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head  # "Hamas violated the pause and fired rockets," the army said
    for node in (clause, trigger.sent.root):
        for prep in (c for c in node.children if c.dep_ == "prep" and c.lemma_.lower() == "accord"):
            source = next(
                (g for p in prep.children if p.lower_ == "to" for g in p.children if g.dep_ == "pobj"), None
            )
            if source is not None:
                return source
    for _ in range(3):
        if clause.dep_ != "ccomp" or clause.head.i == clause.i:
            return None
        clause = clause.head
        if clause.lemma_.lower() in CLAIMING:
            speaker, _ = args.subject_of(clause)
            return speaker
    return None
