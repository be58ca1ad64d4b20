"""Is an event asserted, negated, hypothetical, future, or asked about? And its tense.

Read off the parse of the trigger's own clause, not the whole sentence: in "How did it happen that
Haftar left Moscow without signing?" the leaving is presupposed (asserted) while the sentence is a
question; in "Has the truce failed?" the failing is asked about. Dates can later turn an asserted
event into a future or historical one (``dates.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ceasefire.models import Modality

Token = Any

HYPOTHETICAL_MODALS = frozenset(["would", "could", "might", "may", "should", "can", "must", "ought"])
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
REPORTING = frozenset(
    [
        "say",
        "announce",
        "declare",
        "state",
        "tell",
        "promise",
        "pledge",
        "vow",
        "insist",
        "confirm",
        "add",
        "warn",
    ]
)
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "lest"})
NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor"})
INTENT_VERBS = frozenset(
    [
        "promise",
        "pledge",
        "vow",
        "offer",
        "agree",
        "plan",
        "intend",
        "expect",
        "aim",
        "prepare",
        "hope",
        "want",
        "wish",
        "seek",
        "threaten",
        "propose",
        "decide",
        "schedule",
        "set",
        "willing",
        "ready",
        "prepared",
        "eager",
        "determined",
    ]
)
REFUSAL_VERBS = frozenset(["refuse", "decline", "fail", "reject"])
FUTURE_ADJECTIVES = frozenset(
    ["upcoming", "forthcoming", "planned", "scheduled", "proposed", "next", "future", "expected"]
)
HYPOTHETICAL_DETERMINERS = frozenset({"any"})
_INHERIT = frozenset({"xcomp", "pcomp", "acl", "conj", "dobj", "pobj", "prep", "nsubj", "nsubjpass", "attr",
                      "appos", "compound", "amod", "oprd"})  # fmt: skip
WH_WORDS = frozenset(["why", "how", "where", "when", "what", "who", "whom", "which", "whose"])
_ROOT_CHAIN = frozenset({"ROOT", "conj", "xcomp"})
_YES_NO_SCOPE = frozenset({"ROOT", "conj", "xcomp", "ccomp", "dobj", "nsubj", "attr", "acomp", "pobj", "prep",
                           "compound", "amod", "nsubjpass", "pcomp", "poss"})  # fmt: skip


@dataclass(slots=True)
class ModalityReading:
    modality: Modality
    tense: str | None
    reasons: list[str] = field(default_factory=list)


def read_modality(trigger: Token) -> ModalityReading:
    """Modality and tense of the event whose trigger is ``trigger`` (a spaCy token)."""
    clause = _clause_of(trigger)
    tense = _tense(clause)
    reasons: list[str] = []

    question = _question(trigger, clause)
    if question:
        return ModalityReading("question", tense, [question])
    hypothetical = _hypothetical(trigger, clause)
    if hypothetical:
        return ModalityReading("hypothetical", tense, [hypothetical])
    future = _future(trigger, clause, tense)
    if future:
        return ModalityReading("future", "future", [future])
    negated = _negated(trigger, clause)
    if negated:
        return ModalityReading("negated", tense, [negated])
    return ModalityReading("asserted", tense, reasons)


def _clause_of(token: Token) -> Token:
    current = token
    for _ in range(12):
        if current.pos_ in {"VERB", "AUX"} or current.dep_ == "ROOT" or current.head.i == current.i:
            return current
        current = current.head
    return current


def _chain(clause: Token, deps: frozenset[str]) -> list[Token]:
    """The clause and the clauses it hangs from, while the link is one of ``deps``."""
    out = [clause]
    current = clause
    for _ in range(10):
        if current.dep_ not in deps or current.head.i == current.i:
            break
        current = current.head
        out.append(current)
    return out


def _question(trigger: Token, clause: Token) -> str | None:
    text = trigger.doc.text.rstrip().rstrip("\"'”’)")
    if not text.endswith("?"):
        return None
    root = trigger.sent.root
    wh = any(c.lower_ in WH_WORDS and c.i < root.i for c in root.children)
    if wh:
        # wh-questions presuppose their embedded clauses ("why did X happen" asks why, not whether)
        chain = _chain(clause, _ROOT_CHAIN)
        if chain[-1].i == root.i and not _embedded_in_that(clause):
            return f"in the main clause of a question ('{text[-40:]}')"
        return None
    # yes/no question: the root clause and its complements are asked about; adverbial clauses
    # ("Since X disclosed ..., will they go?") are presupposed
    chain = _chain(clause, _YES_NO_SCOPE)
    if chain[-1].i == root.i:
        return f"inside a yes/no question ('{text[-40:]}')"
    return None


def _embedded_in_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def _scope(clause: Token, through_speech: bool = False) -> list[Token]:
    """The clause and what it is embedded in, through links that pass modality down: open
    complements ("will use every effort to convince him to accept"), conjuncts and noun phrases.
    Reported speech (ccomp), relative and adverbial clauses keep their own modality."""
    out = [clause]
    current = clause
    for _ in range(14):
        if current.head.i == current.i:
            break
        purpose = current.dep_ == "advcl" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in current.children
        )
        speech = through_speech and current.dep_ == "ccomp"
        if current.dep_ not in _INHERIT and not purpose and not speech:
            break
        current = current.head
        out.append(current)
    return out


def _hypothetical(trigger: Token, clause: Token) -> str | None:
    for node in _scope(clause, through_speech=True):
        if any(c.dep_ == "advmod" and c.lower_ in {"why", "how"} for c in node.children):
            return None  # an embedded question presupposes its content ("why Haftar left ...")
        for child in node.children:
            if child.dep_ == "mark" and child.lower_ in CONDITIONAL_MARKS:
                return f"conditional clause ('{child.text} ...')"
            if child.dep_ == "aux" and child.lower_ in HYPOTHETICAL_MODALS:
                if child.lower_ == "would" and _reported_future(node):
                    continue  # "announced that it would observe the truce": future in the past
                return f"modal '{child.text}'"
    for child in trigger.children:
        if child.dep_ == "det" and child.lower_ in HYPOTHETICAL_DETERMINERS:
            return f"'{child.text} {trigger.text}' names no actual event"
    return None


def _reported_future(clause: Token) -> bool:
    head = clause.head
    return bool(clause.dep_ == "ccomp" and head.tag_ in {"VBD", "VBN"} and head.lemma_.lower() in REPORTING)


def _future(trigger: Token, clause: Token, tense: str | None) -> str | None:
    if tense == "future":
        return "future tense"
    if any(c.dep_ == "aux" and c.lower_ == "would" for c in clause.children) and _reported_future(clause):
        return f"reported intention ('{clause.head.text} ... would')"
    for child in trigger.children:
        if child.dep_ == "amod" and child.lower_ in FUTURE_ADJECTIVES:
            return f"'{child.text} {trigger.text}'"
    for node in _scope(clause):
        if node is not clause and _tense(node) == "future":
            return f"inside '{node.text}' (future)"
        if node.dep_ == "xcomp" and node.head.lemma_.lower() in INTENT_VERBS:
            return f"intended ('{node.head.text} to {node.text}')"
        if node.dep_ == "xcomp" and node.head.lemma_.lower() == "be":
            return "'is to' future"
    return None


def _negated(trigger: Token, clause: Token) -> str | None:
    for node in {trigger, clause}:
        for child in node.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return f"negated by '{child.text}'"
    if clause.dep_ == "pcomp" and clause.head.lower_ == "without":
        return f"'without {clause.text}'"
    if trigger.dep_ == "pobj" and trigger.head.lower_ == "without":
        return f"'without ... {trigger.text}'"
    if clause.dep_ == "xcomp" and clause.head.lemma_.lower() in REFUSAL_VERBS:
        return f"'{clause.head.text} to {clause.text}'"
    return None


def _tense(clause: Token) -> str | None:
    auxes = [c for c in clause.children if c.dep_ in {"aux", "auxpass"}]
    lowers = {a.lower_ for a in auxes}
    if lowers & FUTURE_AUX:
        return "future"
    if "going" in lowers and any(c.lower_ == "to" for c in auxes):
        return "future"
    tag = clause.tag_
    nonfinite = tag in {"VBG", "VB"} and not auxes
    if nonfinite and clause.dep_ in {"xcomp", "conj", "advcl", "pcomp", "acl"} and clause.head.i != clause.i:
        return _tense(_clause_of(clause.head))
    if tag in {"VBD", "VBN"} or any(a.tag_ == "VBD" for a in auxes) or lowers & {"has", "have", "had"}:
        return "past"
    if tag in {"VBZ", "VBP", "VBG"} or lowers & {"is", "are", "am"}:
        return "present"
    if clause.dep_ in {"xcomp", "conj", "advcl", "pcomp"} and clause.head.i != clause.i:
        return _tense(clause.head)
    return None
