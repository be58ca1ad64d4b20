"""Is an event asserted, negated, hypothetical, future, or asked about? And its tense.

Read off the parse of the trigger's own clause, not the whole sentence: in "How did it happen that
Haftar left Moscow without signing?" the leaving is presupposed (asserted) while the sentence is a
question; in "Has the truce failed?" the failing is asked about. Dates can later turn an asserted
event into a future or historical one (``dates.py``).
"""

from __future__ import annotations

import re
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
        "due",
        "slated",
        "poised",
    ]
)
REFUSAL_VERBS = frozenset(["refuse", "decline", "fail", "reject"])
FUTURE_ADJECTIVES = frozenset(
    ["upcoming", "forthcoming", "planned", "scheduled", "proposed", "next", "future", "expected"]
)
HYPOTHETICAL_DETERMINERS = frozenset({"any"})
#: nouns whose infinitive names what is meant or asked, not what happened ("their readiness to sign")
INTENT_NOUNS = frozenset(
    ["readiness", "willingness", "intention", "intent", "plan", "commitment", "pledge", "promise", "offer",
     "desire", "determination", "bid", "attempt", "effort", "decision", "agreement", "call", "demand",
     "request", "appeal", "order", "threat", "vow", "aim", "goal", "right", "step", "move", "opportunity",
     "chance", "need", "proposal", "initiative", "mandate", "accord", "deal"]
)  # fmt: skip
#: verbs whose open complement is asked of someone, not done ("urged them to withdraw")
REQUEST_VERBS = frozenset(
    ["urge", "ask", "call", "demand", "press", "appeal", "implore", "insist", "encourage", "invite", "order",
     "instruct", "advise", "request", "require", "exhort", "beg", "plead"]
)  # fmt: skip
#: speech acts done by saying one wishes to do them ("I would like to announce", "I wish to thank")
PERFORMATIVES = frozenset(
    ["announce", "express", "thank", "congratulate", "welcome", "inform", "reiterate", "acknowledge",
     "convey", "commend", "recall", "underline", "emphasize", "emphasise", "stress", "note", "say", "state",
     "add", "highlight", "reaffirm", "assure", "remind", "salute", "praise"]
)  # fmt: skip
_WISHING = frozenset(["like", "love", "wish", "want"])
#: words before a noun that make its infinitive a fact ("the first country to recognise X")
_FACTUAL_RANKS = frozenset(["first", "last", "only", "second", "third", "latest"])
#: prepositions whose object is presupposed to have happened ("after the signing of the truce")
_PRESUPPOSING = frozenset(["after", "following", "since"])
#: verbs whose complement clause may stand before them ("'X attacked,' he said")
_FRONTING = REPORTING | frozenset(
    [
        "claim",
        "report",
        "tell",
        "write",
        "add",
        "allege",
        "accuse",
        "believe",
        "think",
        "note",
        "stress",
        "argue",
    ]
)
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
    if trigger.dep_ in {"pobj", "dobj"} and trigger.head.lower_ in _PRESUPPOSING:
        # "will reopen following the signing of the truce": what a time is counted from happened
        return ModalityReading("asserted", None, [f"'{trigger.head.text} the {trigger.text}' is presupposed"])
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
    Reported speech (ccomp), relative and adverbial clauses keep their own modality.

    Three links do not pass it: a finite verb conjoined to a bare infinitive has its own tense ("said
    they will resist and accused the army": the accusing is not future); an event after "after",
    "following" or "since" is presupposed ("will be settled following the signing of the truce");
    a complement clause before a verb that is no verb of saying is a misparse, not its content."""
    out = [clause]
    current = clause
    for _ in range(14):
        if current.head.i == current.i:
            break
        purpose = current.dep_ == "advcl" and _infinitive(current)
        speech = through_speech and current.dep_ == "ccomp" and _complement_of(current)
        if current.dep_ not in _INHERIT and not purpose and not speech:
            break
        if current.dep_ == "ccomp" and not _complement_of(current):
            break
        if current.dep_ == "conj" and current.tag_ in {"VBD", "VBZ", "VBP"} and current.head.tag_ == "VB":
            break
        if current.dep_ in {"pobj", "pcomp"} and current.head.lower_ in _PRESUPPOSING:
            break
        if current.dep_ == "prep" and current.lower_ in _PRESUPPOSING:
            break  # "following the signing": the preposition parsed as a verb
        current = current.head
        out.append(current)
    return out


def _infinitive(clause: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def _complement_of(clause: Token) -> bool:
    """``clause`` (a ccomp) is what its verb says: it follows the verb, or the verb is one of saying."""
    return clause.i > clause.head.i or clause.head.lemma_.lower() in _FRONTING


def _performative(node: Token) -> bool:
    """ "I would like to announce", "I wish to thank": the wish is the act, not a plan or a supposition."""
    return node.lemma_.lower() in _WISHING and any(
        c.dep_ == "xcomp" and c.lemma_.lower() in PERFORMATIVES for c in node.children
    )


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
                if child.lower_ == "would" and _performative(node):
                    continue  # "I would like to announce that ..."
                return f"modal '{child.text}'"
        if node.dep_ == "xcomp" and _obliged(node.head):
            return f"recommended ('{node.head.text} to {node.text}')"  # "the US needs to commit troops"
    for child in trigger.children:
        if child.dep_ == "det" and child.lower_ in HYPOTHETICAL_DETERMINERS:
            return f"'{child.text} {trigger.text}' names no actual event"
    imagined = _imagined(trigger)
    if imagined:
        return imagined
    return None


#: verbs of obligation: what someone needs or has to do, in the present, is advice, not a fact
_OBLIGING = frozenset(["need", "have", "ought"])
#: imperatives and leads that make what follows imagined ("Imagine the headline: ...", "I could see
#: the following happening:")
_IMAGINING = frozenset(["imagine", "picture", "suppose", "envisage", "envision", "assume", "pretend"])
SPECULATIVE_LEAD = re.compile(
    r"\b(?:could|might|may|would|imagine\w*|envisag\w+|possib\w+|scenarios?|what if|suppose|predict\w*|"
    r"likely|wish list|hypothetical\w*|foresee\w*|expect\w*|recommend\w*|should|need to|must)\b",
    re.IGNORECASE,
)


def _obliged(verb: Token) -> bool:
    """ "needs to", "have to", "ought to" in the present tense (not "had to strike", a fact)."""
    return bool(
        verb.lemma_.lower() in _OBLIGING and verb.tag_ in {"VBZ", "VBP", "VB"} and not _past_aux(verb)
    )


def _past_aux(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "VBD" for c in verb.children)


def _imagined(trigger: Token) -> str | None:
    """The trigger stands after a colon whose lead imagines or speculates, in the same sentence
    ('Imagine the headlines: "X and Y agree to a ceasefire"'), or its sentence opens with an
    imperative of imagining."""
    sent = trigger.sent
    first = sent[0] if sent[0].is_alpha else (sent[1] if len(sent) > 1 else sent[0])
    if first.lemma_.lower() in _IMAGINING and first.tag_ == "VB":
        return f"imagined ('{first.text} ...')"
    colon = next((t for t in sent if t.text == ":" and t.i < trigger.i), None)
    if colon is not None and SPECULATIVE_LEAD.search(trigger.doc[sent.start : colon.i].text):
        return "after a speculative lead and a colon"
    return None


def _reported_future(clause: Token) -> bool:
    head = clause.head
    return bool(clause.dep_ == "ccomp" and head.tag_ in {"VBD", "VBN"} and head.lemma_.lower() in REPORTING)


#: predicates of a copula that put its subject in the future ("the talks are due to be held")
_SCHEDULED = frozenset(["due", "set", "scheduled", "slated", "expected", "poised", "planned"])


def _future(trigger: Token, clause: Token, tense: str | None) -> str | None:
    if tense == "future":
        return "future tense"
    if trigger.dep_ in {"nsubj", "nsubjpass"} and any(
        c.dep_ in {"acomp", "attr", "xcomp"}
        and c.lemma_.lower() in _SCHEDULED
        and any(x.dep_ == "xcomp" for x in c.children)
        for c in clause.children
    ):
        return "scheduled ('due to', 'set to')"
    if any(c.dep_ == "aux" and c.lower_ == "would" for c in clause.children) and _reported_future(clause):
        return f"reported intention ('{clause.head.text} ... would')"
    for child in trigger.children:
        if child.dep_ == "amod" and child.lower_ in FUTURE_ADJECTIVES:
            return f"'{child.text} {trigger.text}'"
    for node in _scope(clause):
        if node is not clause and _tense(node) == "future":
            return f"inside '{node.text}' (future)"
        if node.dep_ == "xcomp" and node.head.lemma_.lower() in INTENT_VERBS and not _performative(node.head):
            return f"intended ('{node.head.text} to {node.text}')"
        if _asked_for(node, trigger):
            return f"asked for ('{node.head.text} ... to {node.text}')"
        if node.i == trigger.i and _for_to(node):
            return f"'for ... to {node.text}': wanted, not done"
        if node.dep_ == "xcomp" and node.head.lemma_.lower() == "be":
            return "'is to' future"
    return None


def _asked_for(node: Token, trigger: Token) -> bool:
    """The trigger is an infinitive someone is asked to do ("urged them to withdraw"): its own act is
    not done (what it acts on may be: "urged them to stop the attacks")."""
    return bool(
        node.i == trigger.i
        and _infinitive(node)
        and node.dep_ in {"xcomp", "advcl"}
        and node.head.lemma_.lower() in REQUEST_VERBS
    )


def _for_to(clause: Token) -> bool:
    """ "agreed for ships to enter", "vital for both sides to respect": a for-to infinitive, wanted."""
    if not _infinitive(clause):
        return False
    marked = any(c.dep_ == "mark" and c.lower_ == "for" for c in clause.children)
    return marked or (clause.dep_ == "pcomp" and clause.head.lower_ == "for")


def prospective(trigger: Token) -> str | None:
    """Why the act of an infinitive trigger is only meant or aimed at: "signed an accord to implement
    the truce", "the readiness of both parties to sign a peace agreement"; None otherwise.

    Told of a step in a peace process, such an infinitive is a plan: the accord is signed, the truce
    not yet implemented. Told of an action ("moved in to take control"), it usually came to pass, so
    the events stage asks this only for process events.
    """
    if not _infinitive(trigger) or trigger.head.i == trigger.i:
        return None
    if trigger.dep_ == "acl" and _meant(trigger.head):
        return f"meant ('{trigger.head.text} to {trigger.text}')"
    if trigger.dep_ == "advcl" and not _complement_of_be(trigger):
        return f"purpose ('to {trigger.text}')"
    return None


def _meant(noun: Token) -> bool:
    """A noun whose infinitive is meant, not done: "readiness to sign", "an accord to implement the
    truce"; not "the first country to recognise" (done)."""
    if any(c.lower_ in _FACTUAL_RANKS or c.ent_type_ == "ORDINAL" for c in noun.children):
        return False
    return noun.pos_ in {"NOUN", "PROPN"}


def _complement_of_be(clause: Token) -> bool:
    """ "The aim is to ...": an infinitive that is the predicate, handled as "is to" future."""
    return bool(clause.head.lemma_.lower() == "be")


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
