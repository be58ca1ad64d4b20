"""Find event triggers in one parsed sentence and decide what each one means.

A trigger is a verb ("attacked", "called for"), a verb with the noun it governs ("launched an
offensive", "signed a cease-fire agreement") or a noun ("the raid on April 18"). When the object is
a peace process (a ceasefire, talks, an agreement) the verb also fixes the process phase
(``lexicon.PROCESS_VERBS``). Some triggers fold into another: the object noun of a light verb,
the "breaking the ceasefire" inside "accused X of breaking the ceasefire", the "withdraw" inside
"agreed to withdraw".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ceasefire.pipeline import lexicon as lx
from ceasefire.pipeline.lexicon import Cue

Token = Any

#: nouns that stand for a process verb ("ceasefire acceptance", "the collapse of the talks")
NOMINALIZATIONS: dict[str, str] = {
    "acceptance": "accept", "rejection": "reject", "signing": "sign", "violation": "violate",
    "breach": "breach", "collapse": "collapse", "breakdown": "collapse", "suspension": "suspend",
    "resumption": "resume", "extension": "extend", "implementation": "implement", "call": "call",
    "declaration": "declare", "failure": "fail", "end": "end", "expiry": "expire", "lapse": "lapse",
    "pause": "pause", "postponement": "postpone", "boycott": "boycott", "renewal": "renew",
    "prolongation": "prolong",
}  # fmt: skip
#: nouns for a longer run of a process ("a two-day extension of the truce", "the truce renewal")
EXTENSIONS = frozenset(["extension", "renewal", "prolongation"])
#: what acting on an extension means, by the phase the verb gives the process itself: agreeing to,
#: announcing or signing an extension extends the ceasefire (ONTOLOGY: extended)
_EXTENDING = {"accepted": "AGREE", "declared": "AGREE", "signed": "SUPPORT"}
_SUBJECT_STYLE = frozenset({"collapse", "fail", "end", "expire", "lapse"})
#: nouns through which a verb reaches a process ("calls for a ceasefire", "efforts toward talks")
_CARRIERS = frozenset(["call", "appeal", "demand", "effort", "proposal", "plan", "push", "bid", "initiative", "offer", "request", "hope", "attempt", "prospect", "chance"])  # fmt: skip
_WEAK_AGREEMENT = frozenset(
    ["plan", "proposal", "initiative", "settlement", "protocol", "roadmap", "memorandum"]
)
_PEACE_WORDS = ("peace", "cease", "truce", "political", "de-escalation", "humanitarian", "ceasefire")
_INTENT_HEADS = frozenset(
    ["agree", "promise", "pledge", "vow", "offer", "threaten", "refuse", "decline", "fail"]
)
_REQUEST_HEADS = frozenset(["urge", "ask", "call", "demand", "press", "appeal", "implore", "insist"])
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
CONFLICTUAL = frozenset({"ASSAULT", "COERCE", "SANCTION", "PROTEST", "MOBILIZE"})


@dataclass(slots=True)
class Candidate:
    token: Token
    cue: Cue
    process: tuple[str, str] | None = None
    absorbed: set[int] = field(default_factory=set)
    object_token: Token | None = None
    reasons: list[str] = field(default_factory=list)
    #: the trigger and the process nouns it acts on, whose modifiers say how long the process runs
    anchors: list[Token] = field(default_factory=list)


def process_kind(noun: Token) -> str | None:
    """'ceasefire', 'talks' or 'agreement' when ``noun`` names a peace process."""
    lemma = noun.lemma_.lower()
    left = " ".join(t.lower_ for t in noun.subtree if t.i < noun.i)
    if lemma == "fire" and "cease" in left:
        return "ceasefire"
    if any(w in left for w in ("cease", "truce")):
        return "ceasefire"
    if lemma == "cessation":
        tail = " ".join(t.lower_ for t in noun.subtree if t.i > noun.i)
        return "ceasefire" if "hostilities" in tail or "fighting" in tail or not tail else None
    kind = lx.PROCESS_NOUNS.get(lemma)
    if kind == "agreement" and lemma in _WEAK_AGREEMENT and not any(w in left for w in _PEACE_WORDS):
        return None
    return kind


def extension_kind(noun: Token) -> str | None:
    """The kind of process an extension noun extends ("a two-day extension of the truce")."""
    return _nominal_process(noun) if noun.lemma_.lower() in EXTENSIONS else None


def _process_object(verb: Token) -> Token | None:
    candidates = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass", "attr", "dative"}]
    for prep in (c for c in verb.children if c.dep_ in {"prep", "prt"}):
        if prep.lower_ in {"for", "to", "on", "of", "into", "from", "toward", "towards", "with", "out"}:
            candidates.extend(g for g in prep.children if g.dep_ == "pobj")
    for xcomp in (c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "NOUN"):
        candidates.append(xcomp)
    for noun in candidates:
        if process_kind(noun) or extension_kind(noun):
            return noun
        if noun.lemma_.lower() in _CARRIERS:
            for prep in (c for c in noun.children if c.dep_ == "prep"):
                for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                    if process_kind(pobj):
                        return pobj
    return None


def _mode_for(event: str, kind: str) -> str | None:
    if kind == "ceasefire":
        return {"REQUEST": "yield", "REJECT": "yield", "RETREAT": "ceasefire", "ACCUSE": "allege"}.get(event)
    return "allege" if event == "ACCUSE" else None


def _context_for(kind: str) -> tuple[str, ...]:
    return ("diplomatic", "peacekeeping") if kind == "ceasefire" else ("diplomatic",)


def _process_cue(
    lemma: str, table: dict[str, dict[str, tuple[str, str]]], kind: str
) -> tuple[Cue, str] | None:
    entry = table.get(lemma, {}).get(kind)
    if entry is None:
        return None
    event, phase = entry
    return Cue(event, _mode_for(event, kind), _context_for(kind), 0.75), phase


def verb_candidate(tok: Token) -> Candidate | None:
    lemma = tok.lemma_.lower()
    if tok.dep_ in {"aux", "auxpass", "amod", "compound"}:
        return None
    obj = _process_object(tok)
    if obj is not None:
        extended = extension_kind(obj)
        kind = process_kind(obj) or extended or ""
        found = _process_cue(lemma, lx.PROCESS_VERBS, kind)
        if found:
            cue, phase = found
            if extended and phase in _EXTENDING:
                event = _EXTENDING[phase]
                cue, phase = Cue(event, _mode_for(event, kind), cue.context, cue.strength), "extended"
            inner = [t for t in obj.subtree if t.i != obj.i and process_kind(t)] if extended else []
            return Candidate(
                tok, cue, (kind, phase), {obj.i}, obj, [f"'{tok.text} ... {obj.text}': {kind} {phase}"],
                [tok, obj, *inner],
            )  # fmt: skip
    subject = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    subject_kind = process_kind(subject) if subject is not None else None
    if subject is not None and subject_kind is not None:
        kind = subject_kind
        if lemma in {"take", "come", "go"} and not _mentions(tok, {"effect", "force"}):
            pass
        elif lemma == "be":
            for child in tok.children:
                found = _process_cue(child.lemma_.lower(), lx.PROCESS_STATES, kind)
                if found is None and child.dep_ == "prep":
                    pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                    found = (
                        _process_cue(pobj.lemma_.lower(), lx.PROCESS_STATES, kind)
                        if pobj is not None
                        else None
                    )
                if found:
                    return _subject_process(tok, subject, kind, found, f"'{subject.text} ... {child.text}'")
        elif found := _process_cue(lemma, lx.PROCESS_SUBJECT_VERBS, kind):
            return _subject_process(tok, subject, kind, found, f"'{subject.text} {tok.text}'")
    if tok.pos_ != "VERB":
        return None
    thing = next((c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}), None)
    if thing is not None:
        for verbs, nouns, rule_cue in lx.OBJECT_RULES:
            if lemma in verbs and _head_noun(thing) in nouns:
                # the object is what was acted on ("freed prisoners"), not an event of its own
                return Candidate(tok, rule_cue, None, set(), None, [f"'{tok.text} ... {thing.text}'"])
    for child in tok.children:
        key = (lemma, child.lemma_.lower())
        if child.dep_ in {"prt", "prep", "dobj"} and key in lx.PHRASAL:
            noun = child if child.dep_ == "dobj" else None  # "lifted sanctions against Iran"
            absorbed = {child.i} if noun is not None else set()
            return Candidate(
                tok, lx.PHRASAL[key], None, absorbed, noun, [f"phrasal '{tok.text} {child.text}'"]
            )
    if lemma in lx.LIGHT_VERBS:
        for child in tok.children:
            if child.dep_ in {"dobj", "nsubjpass"} and child.lemma_.lower() in lx.NOUNS:
                cue = lx.NOUNS[child.lemma_.lower()]
                return Candidate(tok, cue, None, {child.i}, child, [f"'{tok.text} ... {child.text}'"])
    if lemma not in lx.VERBS:
        lemma = _base_form(tok.lower_)  # the lemmatizer misses some forms ("raped" -> "rap")
    if lemma in lx.VERBS:
        return Candidate(tok, lx.VERBS[lemma], None, set(), None, [f"verb '{tok.text}'"])
    if subject is not None and subject.lemma_.lower() in lx.PROTESTERS and lemma in lx.PROTEST_ACTS:
        return Candidate(
            tok,
            lx.Cue("PROTEST", None, ("political",), 0.6),
            None,
            set(),
            None,
            [f"'{subject.text} {tok.text}'"],
        )
    return None


def _subject_process(tok: Token, subject: Token, kind: str, found: tuple[Cue, str], words: str) -> Candidate:
    """A trigger whose subject is the process itself ("the truce took effect", "the talks collapsed")."""
    cue, phase = found
    return Candidate(
        tok, cue, (kind, phase), {subject.i}, subject, [f"{words}: {kind} {phase}"], [tok, subject]
    )


def _base_form(word: str) -> str:
    if word in lx.IRREGULAR_BASES:
        return lx.IRREGULAR_BASES[word]
    for suffix, repl in (
        ("ied", "y"),
        ("ed", "e"),
        ("ed", ""),
        ("ing", "e"),
        ("ing", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and (base := word[: -len(suffix)] + repl) in lx.VERBS:
            return base
    return word


def _head_noun(tok: Token) -> str:
    """Lemma of the noun that matters: "a cache of weapons" -> weapon, "dozens of guns" -> gun."""
    lemma = str(tok.lemma_.lower())
    if lemma in {
        "cache",
        "number",
        "dozen",
        "dozens",
        "amount",
        "quantity",
        "lot",
        "stockpile",
        "haul",
        "kind",
    }:
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                return str(pobj.lemma_.lower())
    return lemma


def _mentions(tok: Token, lemmas: set[str]) -> bool:
    return any(t.lemma_.lower() in lemmas for t in tok.subtree)


def noun_candidate(tok: Token) -> Candidate | None:
    if tok.dep_ == "compound" or tok.pos_ not in {"NOUN", "PROPN"}:
        return None
    lemma = tok.lemma_.lower()
    verb = NOMINALIZATIONS.get(lemma)
    if verb is not None:
        kind = _nominal_process(tok)
        if kind is None and verb in {"violate", "breach"} and _sentence_mentions_ceasefire(tok):
            kind = "ceasefire"
        if kind:
            table = lx.PROCESS_SUBJECT_VERBS if verb in _SUBJECT_STYLE else lx.PROCESS_VERBS
            found = _process_cue(verb, table, kind)
            if found:
                cue, phase = found
                inner = [t for t in tok.subtree if t.i != tok.i and process_kind(t)]
                return Candidate(
                    tok, cue, (kind, phase), {t.i for t in inner}, None, [f"'{tok.text}' of {kind}: {phase}"],
                    [tok, *inner],
                )  # fmt: skip
    kind = process_kind(tok)
    if kind == "talks" and lemma in lx.NOUNS:
        return Candidate(tok, lx.NOUNS[lemma], ("talks", "held"), set(), None, [f"talks '{tok.text}'"], [tok])
    if lemma == "march" and any(
        c.dep_ == "prep" and c.lower_ in {"on", "toward", "towards"} for c in tok.children
    ):
        # "Haftar's march on Tripoli" is an offensive, not a protest march
        return Candidate(
            tok, lx.Cue("ASSAULT", None, ("military",), 0.6), None, set(), None, ["'march on' an objective"]
        )
    if lemma in lx.NOUNS and kind is None:
        return Candidate(tok, lx.NOUNS[lemma], None, set(), None, [f"noun '{tok.text}'"])
    return None


def _sentence_mentions_ceasefire(tok: Token) -> bool:
    return any(process_kind(t) == "ceasefire" for t in tok.sent)


def _nominal_process(noun: Token) -> str | None:
    """The process a nominal event is of; a ceasefire first ("the extension of the Agreement on a
    Short-Term Ceasefire" extends a ceasefire)."""
    kinds: list[str] = []
    for child in noun.children:
        if child.dep_ in {"compound", "amod", "nmod", "poss"} and (kind := process_kind(child)):
            kinds.append(kind)
        if child.lower_ in {"ceasefire", "truce"}:
            kinds.append("ceasefire")
        if child.dep_ == "prep" and child.lower_ in {"of", "to", "for", "in", "on"}:
            for pobj in (g for g in child.children if g.dep_ == "pobj"):
                if (kind := process_kind(pobj)) and (child.lower_ != "on" or kind == "ceasefire"):
                    kinds.append(kind)
    return "ceasefire" if "ceasefire" in kinds else next(iter(kinds), None)


def find_candidates(sent: Any) -> list[Candidate]:
    """Triggers of one parsed sentence, after folding the ones that belong to another."""
    found: dict[int, Candidate] = {}
    for tok in sent:
        cand = verb_candidate(tok) if tok.pos_ in {"VERB", "AUX"} else noun_candidate(tok)
        if cand is not None:
            found[tok.i] = cand
    absorbed: set[int] = set()
    for cand in found.values():
        absorbed |= cand.absorbed
    for i, cand in list(found.items()):
        tok = cand.token
        head = found.get(tok.head.i) if tok.head.i != tok.i else None
        if head is None:
            continue
        head_lemma = head.token.lemma_.lower()
        if tok.dep_ == "xcomp" and head_lemma in _INTENT_HEADS | _REQUEST_HEADS:
            _fold_intent(head, cand)
            absorbed.add(i)
        elif (
            (tok.dep_ == "pcomp" and head.cue.event == "ACCUSE")
            or _accused_of(tok, head)
            or (tok.dep_ == "pobj" and tok.head.lower_ == "of" and head.cue.event == "ACCUSE")
        ):
            _fold_allegation(head, cand)
            absorbed.add(i)
    for i, cand in list(found.items()):
        # "accused the government of breaking the ceasefire": pcomp hangs off "of"
        grand = cand.token.head.head if cand.token.head.lower_ == "of" else None
        if (
            grand is not None
            and grand.i in found
            and found[grand.i].cue.event == "ACCUSE"
            and i not in absorbed
        ):
            _fold_allegation(found[grand.i], cand)
            absorbed.add(i)
    for i in list(absorbed):
        cand = found.get(i)
        if cand is not None and cand.token.dep_ in {"pcomp", "pobj"}:
            # the content of an accusation is alleged, and so is all that hangs from it
            absorbed |= {t.i for t in cand.token.subtree}
    return [c for i, c in sorted(found.items()) if i not in absorbed]


def _accused_of(tok: Token, head: Candidate) -> bool:
    return bool(head.cue.event == "ACCUSE" and tok.head.lower_ == "of")


def _fold_intent(head: Candidate, inner: Candidate) -> None:
    head.reasons.append(f"'{head.token.text} to {inner.token.text}' folded into one {head.cue.event}")
    if inner.process and head.process is None:
        kind, phase = inner.process
        event = head.cue.event
        if event == "AGREE" and phase == "extended":
            pass  # "agreed to extend the truce": the agreement is the extension
        elif event == "AGREE":
            phase = {"ceasefire": "accepted", "talks": "planned", "agreement": "proposed"}[kind]
        elif event == "REJECT":
            phase = {"ceasefire": "rejected", "talks": "boycotted", "agreement": "rejected"}[kind]
        elif event == "REQUEST":
            phase = {"ceasefire": "called", "talks": "planned", "agreement": "proposed"}[kind]
        head.process = (kind, phase)
        head.anchors = [head.token, *inner.anchors]
        head.cue = Cue(
            head.cue.event, _mode_for(head.cue.event, kind) or head.cue.mode, _context_for(kind), 0.75
        )
    elif head.cue.mode is None and inner.cue.event in COOPERATIVE | CONFLICTUAL:
        head.cue = Cue(
            head.cue.event, inner.cue.mode or inner.cue.event.lower(), head.cue.context, head.cue.strength
        )


def _fold_allegation(head: Candidate, inner: Candidate) -> None:
    head.reasons.append(f"'{inner.token.text}' is the content of the accusation")
    if inner.process:
        kind, _ = inner.process
        head.process = ("ceasefire" if kind == "ceasefire" else kind, "violation_alleged")
        head.cue = Cue("ACCUSE", "allege", _context_for(kind), 0.8)
    elif inner.cue.event == "ASSAULT" and head.process is None:
        head.cue = Cue("ACCUSE", "allege", head.cue.context, head.cue.strength)
