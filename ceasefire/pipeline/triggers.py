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

from ceasefire.knowledge import lexicon as lx
from ceasefire.knowledge.lexicon import Cue

Token = Any

#: nouns that stand for a process verb ("ceasefire acceptance", "the collapse of the talks")
NOMINALIZATIONS: dict[str, str] = {
    "acceptance": "accept", "rejection": "reject", "signing": "sign", "violation": "violate",
    "breach": "breach", "collapse": "collapse", "breakdown": "collapse", "suspension": "suspend",
    "resumption": "resume", "extension": "extend", "implementation": "implement", "call": "call",
    "declaration": "declare", "failure": "fail", "end": "end", "expiry": "expire", "lapse": "lapse",
    "pause": "pause", "postponement": "postpone", "boycott": "boycott", "renewal": "renew",
    "prolongation": "prolong", "announcement": "announce",
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


#: prepositions by which an agreement names its subject ("the Agreement on a Short-Term Ceasefire")
_ABOUT_PREPS = frozenset({"on", "for", "of"})


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
    if any(w in left for w in ("cease", "truce")) and lx.PROCESS_NOUNS.get(lemma) != "talks":
        return "ceasefire"  # "a ceasefire agreement" (but "ceasefire talks" are talks)
    if lemma == "cessation":
        tail = " ".join(t.lower_ for t in noun.subtree if t.i > noun.i)
        return "ceasefire" if "hostilities" in tail or "fighting" in tail or not tail else None
    if lemma in lx.PAUSES:
        return "ceasefire" if _stops_hostilities(noun) else None
    kind = lx.PROCESS_NOUNS.get(lemma)
    if kind == "agreement" and lemma in _WEAK_AGREEMENT and not any(w in left for w in _PEACE_WORDS):
        return None
    if kind == "agreement" and any(process_kind(t) == "ceasefire" for t in _of_objects(noun, _ABOUT_PREPS)):
        return "ceasefire"  # "the Agreement on a Short-Term Ceasefire" is a ceasefire agreement
    return kind


def _of_objects(noun: Token, preps: frozenset[str]) -> list[Token]:
    """Objects of the prepositions ``preps`` on ``noun``."""
    return [
        g
        for p in noun.children
        if p.dep_ == "prep" and p.lower_ in preps
        for g in p.children
        if g.dep_ == "pobj"
    ]


def _stops_hostilities(noun: Token) -> bool:
    """ "a pause in (the) fighting", "a halt to hostilities", "a humanitarian pause"."""
    if any(c.dep_ == "amod" and c.lower_ in lx.PAUSE_ADJECTIVES for c in noun.children):
        return True
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in {"in", "of", "to", "on"}):
        for obj in (g for g in prep.children if g.dep_ in {"pobj", "pcomp"}):
            if obj.lemma_.lower() in lx.HOSTILITIES or obj.lower_ in lx.HOSTILITIES:
                return True
    return False


def extension_kind(noun: Token) -> str | None:
    """The kind of process an extension noun extends ("a two-day extension of the truce")."""
    return _nominal_process(noun) if noun.lemma_.lower() in EXTENSIONS else None


_RELATIVE_PRONOUNS = frozenset(["which", "that", "who"])


def antecedent(token: Token) -> Token:
    """The noun a relative pronoun stands for ("the truce, which was renewed" -> truce), else itself."""
    clause = token.head
    if token.lower_ in _RELATIVE_PRONOUNS and clause.dep_ == "relcl" and clause.head.i != clause.i:
        return clause.head
    return token


def shared_subject(verb: Token) -> Token | None:
    """The subject of ``verb``; a conjunct with none shares its first verb's ("the truce held and
    then collapsed"); a relative pronoun stands for its noun."""
    found = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    owner = verb
    if found is None and verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
        owner = verb.head
        found = next((c for c in owner.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if found is None and verb.dep_ == "xcomp" and not any(c.dep_ == "dobj" for c in verb.head.children):
        owner = verb.head  # "the truce is set to take effect", "talks are expected to resume"
        found = next((c for c in owner.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if found is None or found.lower_ not in _RELATIVE_PRONOUNS:
        return found
    return antecedent(found) if owner.dep_ == "relcl" else found


def _passive_like(verb: Token) -> bool:
    """A passive ("was renewed") or a bare participle that acts as one ("concluded but never respected")."""
    deps = {c.dep_ for c in verb.children}
    return "auxpass" in deps or "nsubjpass" in deps or (verb.tag_ == "VBN" and not deps & {"aux", "dobj"})


def _process_object(verb: Token) -> Token | None:
    candidates = [antecedent(c) for c in verb.children if c.dep_ in {"dobj", "nsubjpass", "attr", "dative"}]
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        candidates.append(verb.head)  # "the ceasefire agreed in Moscow", "a truce signed in Pretoria"
    if not candidates and verb.dep_ == "conj" and _passive_like(verb):
        shared = shared_subject(verb)  # "which was first enforced ... and was renewed for two months"
        candidates += [shared] if shared is not None else []
    for prep in (c for c in verb.children if c.dep_ in {"prep", "prt"}):
        if prep.lower_ in {"for", "to", "on", "of", "into", "from", "toward", "towards", "with", "out", "by"}:
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
    if lemma in _RESPONSES:
        # "responded positively to the proposal for a truce" is an acceptance, "negatively" a rejection
        manner = next((c.lower_ for c in tok.children if c.lower_ in _ANSWERS), None)
        lemma = _ANSWERS.get(manner or "", lemma)
    presented = _presented_proposal(tok, lemma)
    if presented is not None:
        return presented
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
    subject = shared_subject(tok)
    subject_kind = process_kind(subject) if subject is not None else None
    if (
        subject is not None
        and subject_kind is not None
        and (reduced := _reduced_passive(tok, subject, subject_kind))
    ):
        return reduced
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
        if child.dep_ == "advcl":  # "called for both armies to withdraw": "for" parsed as the clause's mark
            key = (lemma, next((m.lower_ for m in child.children if m.dep_ == "mark"), ""))
            if key in lx.PHRASAL and lx.PHRASAL[key].event == "REQUEST":
                return Candidate(tok, lx.PHRASAL[key], None, set(), None, [f"phrasal '{tok.text} {key[1]}'"])
            continue
        particle = child.dep_ == "advmod" and child.lower_ in _PARTICLES  # "drove back" parsed as an adverb
        if (child.dep_ in {"prt", "prep", "dobj"} or particle) and key in lx.PHRASAL:
            noun = child if child.dep_ == "dobj" else None  # "lifted sanctions against Iran"
            absorbed = {child.i} if noun is not None else set()
            cue = lx.PHRASAL[key]
            moved = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if particle and cue.event == "ASSAULT" and moved is not None and not _can_be_driven(moved):
                continue  # "pushed back the elections": put off, not driven off
            if noun is not None and cue.mode == "crowd-control" and _chemical(noun):
                cue = lx.Cue("ASSAULT", "CBRN", lx.MIL, 0.7)  # "used mustard gas", not tear gas
            return Candidate(tok, cue, None, absorbed, noun, [f"phrasal '{tok.text} {child.text}'"])
    if (fired := _firing(tok)) is not None:
        return fired
    if (ceasing := _ceasing(tok)) is not None:
        return ceasing
    if (crowd := _crowd_act(tok)) is not None:
        return crowd
    if (taken := _taken_away(tok)) is not None:
        return taken
    if lemma in lx.LIGHT_VERBS:
        for child in tok.children:
            if child.dep_ in {"dobj", "nsubjpass"} and child.lemma_.lower() in lx.NOUNS:
                cue = lx.NOUNS[child.lemma_.lower()]
                if child.lemma_.lower() == "strike" and _labour_strike(child):
                    cue = lx.Cue("PROTEST", "strike", ("political",), 0.6)  # "started a hunger strike"
                return Candidate(tok, cue, None, {child.i}, child, [f"'{tok.text} ... {child.text}'"])
    base = lemma if lemma in lx.VERBS else _base_form(tok.lower_)  # the lemmatizer misses "raped"
    if base in lx.VERBS:
        return Candidate(tok, lx.VERBS[base], None, set(), None, [f"verb '{tok.text}'"])
    own = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if own is not None and own.lemma_.lower() in lx.PROTESTERS and lemma in lx.PROTEST_ACTS:
        return Candidate(
            tok,
            lx.Cue("PROTEST", None, ("political",), 0.6),
            None,
            set(),
            None,
            [f"'{own.text} {tok.text}'"],
        )
    if tok.lemma_.lower() in lx.ARRIVALS and own is not None and _relief_cargo(own):
        # "a convoy of trucks carrying medicine arrived in X", "aid trucks entered X"
        return Candidate(tok, lx.Cue("AID", None, ("humanitarian",), 0.6), None, set(), None,
                         [f"relief cargo '{own.text} {tok.text}'"])  # fmt: skip
    return None


_PARTICLES = frozenset(["back", "out", "down", "up", "off", "away"])
#: verbs that deliver a weapon onto a target ("dropped barrel bombs", "launched rockets", "lobbed mortars")
_DELIVERING = frozenset(["fire", "drop", "launch", "lob", "hurl", "rain", "unleash"])
#: places taken from an enemy ("freed several villages from IS", "cleared the district of militants")
_TERRITORY = frozenset(["area", "village", "town", "city", "district", "neighbourhood", "neighborhood", "territory", "region", "land", "hill", "hilltop", "position", "quarter", "suburb", "countryside", "outskirts"])  # fmt: skip


_CEASING = frozenset(["cease", "stop", "halt", "end", "suspend", "freeze"])


def _ceasing(tok: Token) -> Candidate | None:
    """ "to cease all hostilities", "agreed to halt their offensive", "stopped the fighting": fighting
    that stops is a ceasefire kept (or, asked or agreed, called or accepted)."""
    if tok.lemma_.lower() not in _CEASING:
        return None
    stopped = next((c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}), None)
    if stopped is None or (
        stopped.lemma_.lower() not in lx.HOSTILITIES and stopped.lower_ not in lx.HOSTILITIES
    ):
        return None
    cue = Cue("RETREAT", "ceasefire", _context_for("ceasefire"), 0.7)
    return Candidate(tok, cue, ("ceasefire", "in_force"), {stopped.i}, stopped,
                     [f"'{tok.text} ... {stopped.text}': hostilities stop"], [tok, stopped])  # fmt: skip


def _can_be_driven(noun: Token) -> bool:
    """Fighters or a group that can be driven back or out (not a date, a vote or a plan)."""
    return bool(
        noun.pos_ in {"PROPN", "PRON"}
        or noun.ent_type_ in {"ORG", "NORP", "GPE", "PERSON"}
        or _head_noun(noun) in lx.ACTOR_NOUNS | lx.COMBATANT_NOUNS
    )


def _chemical(noun: Token) -> bool:
    return any(t.lower_ in lx.CHEMICALS for t in noun.subtree)


def _firing(tok: Token) -> Candidate | None:
    """ "fired 122mm artillery at the positions of X", "fired with unspecified weapons on X", "fired on
    the crowd", "dropped barrel bombs", "chlorine was used as a weapon", "freed villages from IS": a
    weapon delivered, or fired at someone, is an attack (firing a person is not)."""
    lemma = tok.lemma_.lower()
    if tok.pos_ != "VERB":
        return None
    objects = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
    if lemma in {"use", "unleash", "deploy"} and any(_chemical(o) for o in objects):
        return Candidate(tok, lx.Cue("ASSAULT", "CBRN", lx.MIL, 0.7), None, set(), None,
                         [f"'{tok.text}' a chemical weapon"])  # fmt: skip
    if lemma in {"free", "liberate", "clear", "purge", "cleanse"} and any(
        _head_noun(o) in _TERRITORY for o in objects
    ):
        return Candidate(tok, lx.Cue("ASSAULT", "occupy", lx.MIL, 0.6), None, set(), None,
                         [f"'{tok.text}' territory"])  # fmt: skip
    if lemma not in _DELIVERING:
        return None
    weapons = [o for o in objects if _head_noun(o) in lx.FIRED or _chemical(o)]
    weapons += [t for t in _of_objects(tok, frozenset({"with"})) if _head_noun(t) in lx.FIRED]
    aimed = [t for t in _of_objects(tok, lx.FIRED_AT) if not _is_time(t)] if lemma == "fire" else []
    if objects and not weapons and objects[0].dep_ == "dobj":
        return None  # "fired the minister", "fired tear gas" (a phrasal of its own)
    if not weapons and not aimed:
        return None
    what = weapons[0].text if weapons else f"at {aimed[0].text}"
    return Candidate(tok, lx.Cue("ASSAULT", None, lx.MIL, 0.7), None, set(), None, [f"'{tok.text}' {what}"])


def _is_time(tok: Token) -> bool:
    return bool(tok.ent_type_ in {"DATE", "TIME"})


_STREETS = frozenset(["street", "streets", "square", "road"])


def _crowd_act(tok: Token) -> Candidate | None:
    """ "hundreds gathered outside parliament", "women marched through the capital", "thousands took
    to the streets": a crowd's gathering is a protest (a meeting of leaders is not a crowd)."""
    lemma = tok.lemma_.lower()
    subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subject is None and tok.dep_ == "conj":
        subject = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    if subject is None or _crowd_head(subject) not in lx.CROWDS:
        return None
    streets = [t for t in _of_objects(tok, frozenset({"to", "into", "onto", "in"})) if t.lower_ in _STREETS]
    if lemma in lx.CROWD_ACTS or (lemma in {"take", "pour", "spill", "flood"} and streets):
        cue = lx.Cue("PROTEST", None, ("political",), 0.6)
        return Candidate(tok, cue, None, set(), None, [f"crowd '{subject.text} {tok.text}'"])
    return None


def _crowd_head(subject: Token) -> str:
    """ "Tens of thousands of opponents" -> opponent; "hundreds" -> hundred; "people" -> people."""
    lemma = _head_noun(subject)
    if lemma in {"hundred", "thousand", "dozen", "tens", "scores", "score", "million", "group"}:
        inner = [t for t in _of_objects(subject, frozenset({"of"}))]
        if inner:
            return _crowd_head(inner[0])
    return lemma


_VEHICLES = frozenset(["car", "van", "vehicle", "truck", "bus", "wagon", "jeep"])
_SECURITY = frozenset(["police", "security", "military", "army", "prison"])


def _taken_away(tok: Token) -> Candidate | None:
    """ "dragged into police cars", "bundled into a security van": taken into custody (an arrest)."""
    if tok.lemma_.lower() not in {"drag", "bundle", "push", "force", "throw", "take", "load", "haul"}:
        return None
    for vehicle in _of_objects(tok, frozenset({"into", "onto", "in"})):
        if vehicle.lemma_.lower() in _VEHICLES and any(
            c.lower_ in _SECURITY for c in vehicle.children if c.dep_ in {"compound", "amod"}
        ):
            cue = lx.Cue("COERCE", "arrest", ("legal",), 0.6)
            return Candidate(tok, cue, None, set(), None, [f"'{tok.text} into {vehicle.text}': an arrest"])
    return None


def _relief_cargo(vehicle: Token) -> bool:
    """``vehicle`` is a convoy, truck, ship or shipment that carries relief (its own words say so)."""
    if vehicle.lemma_.lower() not in lx.CARRIERS_OF_GOODS:
        return False
    return any(t.lemma_.lower() in lx.RELIEF_GOODS for t in vehicle.subtree)


#: verbs of answering a proposal, and what answering it one way or the other means
_RESPONSES = frozenset(["respond", "react", "reply", "answer"])
_ANSWERS = {"positively": "accept", "favourably": "accept", "favorably": "accept", "affirmatively": "accept",
            "negatively": "reject"}  # fmt: skip
#: verbs of handing a proposal to the parties ("presented a peace plan", "shared a draft")
_PRESENTING = frozenset(["present", "submit", "share", "table", "circulate", "hand", "send", "deliver", "unveil", "put"])  # fmt: skip
_PROPOSALS = frozenset(["proposal", "plan", "draft", "initiative", "roadmap", "blueprint", "framework"])
_PROPOSED_PHASE = {"ceasefire": "called", "agreement": "proposed", "talks": "planned"}


def _presented_proposal(tok: Token, lemma: str) -> Candidate | None:
    """A mediator's step: "shared with the parties a proposal for a truce agreement", "presented a
    peace plan" (CONSULT: mediation), with the process it proposes."""
    if lemma not in _PRESENTING or tok.pos_ != "VERB":
        return None
    things = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
    things += _of_objects(tok, frozenset({"with"}))  # "presented the parties with a draft plan"
    for thing in things:
        if thing.lemma_.lower() not in _PROPOSALS:
            continue
        kind = process_kind(thing) or next(
            (k for t in _of_objects(thing, frozenset({"for", "on", "of"})) for k in [process_kind(t)] if k),
            None,
        )
        if kind is not None:
            phase = _PROPOSED_PHASE[kind]
            cue = Cue("CONSULT", None, _context_for(kind), 0.7)
            nouns = [thing, *(t for t in thing.subtree if t.i != thing.i and process_kind(t))]
            return Candidate(tok, cue, (kind, phase), {thing.i}, thing,
                             [f"'{tok.text} ... {thing.text}': proposal of {kind}"], [tok, *nouns])  # fmt: skip
    return None


def _reduced_passive(tok: Token, subject: Token, kind: str) -> Candidate | None:
    """ "The ceasefire agreed in Moscow (has collapsed)": a verb done *to* a process, with the process
    parsed as its subject (a reduced relative read as the main verb). A process does not agree,
    sign or broker; only verbs with no object of their own and no entry for a process subject."""
    lemma = tok.lemma_.lower()
    if tok.tag_ not in {"VBD", "VBN"} or lemma in lx.PROCESS_SUBJECT_VERBS or subject.dep_ != "nsubj":
        return None
    if any(c.dep_ in {"dobj", "ccomp", "xcomp", "attr", "acomp", "aux"} for c in tok.children):
        return None
    found = _process_cue(lemma, lx.PROCESS_VERBS, kind)
    if found is None or found[0].event not in {"AGREE", "SUPPORT", "CONCEDE"}:
        return None
    cue, phase = found
    return Candidate(tok, cue, (kind, phase), {subject.i}, subject,
                     [f"'{subject.text} {tok.text}' (a {kind} {tok.text} by others): {kind} {phase}"], [tok, subject])  # fmt: skip


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
        "burst",
        "salvo",
        "volley",
        "round",
        "barrage",
        "type",
    }:
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                return str(pobj.lemma_.lower())
    return lemma


def _mentions(tok: Token, lemmas: set[str]) -> bool:
    return any(t.lemma_.lower() in lemmas for t in tok.subtree)


def noun_candidate(tok: Token) -> Candidate | None:
    if tok.dep_ == "compound" or tok.pos_ not in {"NOUN", "PROPN"} or tok.ent_type_ == "DATE":
        return None  # a date is no event ("beyond March")
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
    if (joined := _hyphened(tok)) in lx.NOUNS:
        return Candidate(tok, lx.NOUNS[joined], None, set(), None, [f"noun '{joined}'"])  # "a sit-in"
    if lemma == "strike" and _labour_strike(tok):
        cue = lx.Cue("PROTEST", "strike", ("political",), 0.6)
        return Candidate(tok, cue, None, set(), None, [f"'{tok.text}': a strike of workers"])
    if lemma in _ENQUIRIES and any(c.lower_ in _NOT_INQUIRING for c in tok.children):
        return None  # "for media inquiries, contact ..."
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
        reasons = [f"noun '{tok.text}'"]
        if lx.NOUNS[lemma].event == "ASSAULT" and _attributed(tok):
            reasons.append(ATTRIBUTED)  # "claimed responsibility for the attack": told, not reported anew
        return Candidate(tok, lx.NOUNS[lemma], None, set(), None, reasons)
    return None


_ENQUIRIES = frozenset(["inquiry", "enquiry", "query"])
_NOT_INQUIRING = frozenset(
    ["media", "press", "customer", "business", "general", "sales", "other", "editorial"]
)
_STRIKERS = frozenset(["general", "hunger", "labour", "labor", "workers", "worker", "teachers", "doctors", "nationwide", "indefinite", "sit-down", "transport", "union"])  # fmt: skip


#: nouns whose "for"/"in"/"behind" object is an attack referred to, not told: "responsibility for
#: the attack", "involvement in the bombing", "the group behind the blast"
_ATTRIBUTING = frozenset(["responsibility", "responsible", "involvement", "involved", "blame", "credit", "role", "hand", "complicity", "culpability", "suspect", "mastermind", "perpetrator", "culprit", "link", "behind"])  # fmt: skip


#: the reason an attack noun carries when it is named as what someone is responsible for
ATTRIBUTED = "an attack named as what someone is responsible for"


def _attributed(tok: Token) -> bool:
    """An attack noun named as what someone is (or is not) responsible for."""
    head = tok.head
    if tok.dep_ != "pobj" or head.lower_ not in {"for", "in", "behind", "of", "to"}:
        return False
    owner = head.head
    return bool(owner.lemma_.lower() in _ATTRIBUTING or head.lower_ == "behind")


def _hyphened(tok: Token) -> str:
    """ "sit-in" when ``tok`` is the "in" of a hyphened compound the tokenizer split; else ''."""
    doc = tok.doc
    if (
        tok.i >= 2
        and doc[tok.i - 1].text == "-"
        and not doc[tok.i - 2].whitespace_
        and not doc[tok.i - 1].whitespace_
    ):
        return f"{doc[tok.i - 2].lower_}-{tok.lower_}"
    return ""


def _labour_strike(tok: Token) -> bool:
    """ "a general strike", "a hunger strike", "went on strike", "a teachers' strike": a protest."""
    if any(c.lower_ in _STRIKERS for c in tok.children if c.dep_ in {"amod", "compound", "poss", "nmod"}):
        return True
    head = tok.head
    return bool(
        tok.dep_ == "pobj"
        and head.lower_ == "on"
        and head.head.lemma_.lower() in {"go", "be", "remain", "stay", "continue"}
    )


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


def _in_a_name(tok: Token) -> bool:
    """A capitalised word inside a proper name, not a verb ("the Coalition to Support Legitimacy")."""
    if tok.i == tok.sent.start or not tok.text[:1].isupper() or tok.text.isupper():
        return False
    if tok.ent_type_ in {"ORG", "WORK_OF_ART", "LAW", "FAC"} and tok.pos_ in {"VERB", "AUX"}:
        return True
    doc = tok.doc
    before = doc[tok.i - 1]
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return bool(
        tok.pos_ in {"VERB", "AUX"}
        and (before.text[:1].isupper() or before.lower_ in {"to", "for", "of"})
        and after is not None
        and after.text[:1].isupper()
        and after.pos_ == "PROPN"
    )


def find_candidates(sent: Any) -> list[Candidate]:
    """Triggers of one parsed sentence, after folding the ones that belong to another."""
    found: dict[int, Candidate] = {}
    for tok in sent:
        if _in_a_name(tok):
            continue
        if tok.pos_ in {"VERB", "AUX"}:
            cand = verb_candidate(tok)
        elif tok.pos_ == "ADJ":
            cand = adjective_candidate(tok)
        else:
            cand = noun_candidate(tok)
        if cand is not None and not (cand.cue.event == "ASSAULT" and cand.process is None and _stopped(tok)):
            found[tok.i] = cand
    for cand in found.values():
        if cand.cue.event == "ASSAULT" and cand.process is None and (breach := _in_breach(cand.token)):
            cand.process = ("ceasefire", "violated")
            cand.reasons.append(f"'{cand.token.text}' {breach[0]}: ceasefire violated")
            cand.absorbed |= {breach[1].i}  # "in violation of the ceasefire" is this attack's violation
    absorbed: set[int] = set()
    for cand in found.values():
        absorbed |= cand.absorbed
    for i, cand in list(found.items()):
        tok = cand.token
        complement = _complement(tok)
        head = found.get(complement.head.i) if complement is not None else None
        if head is not None and head.token.lemma_.lower() in _INTENT_HEADS | _REQUEST_HEADS:
            _fold_intent(head, cand)  # "agreed to withdraw", "called on them to adhere to and respect"
            absorbed.add(i)
            continue
        head = found.get(tok.head.i) if tok.head.i != tok.i else None
        if head is None:
            continue
        if (
            (tok.dep_ == "pcomp" and head.cue.event == "ACCUSE")
            or _accused_of(tok, head)
            or (tok.dep_ == "pobj" and tok.head.lower_ == "of" and head.cue.event == "ACCUSE")
        ):
            _fold_allegation(head, cand)
            absorbed.add(i)
    for i, cand in list(found.items()):
        # "accused the government of breaking the ceasefire", "blamed the militia for breaking it":
        # pcomp hangs off "of"/"for", which may hang off the accused ("accused forces of ...")
        grand = cand.token.head.head if cand.token.head.lower_ in {"of", "for"} else None
        if grand is not None and grand.i not in found and grand.dep_ == "dobj":
            grand = grand.head
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


def _complement(tok: Token) -> Token | None:
    """The open complement ``tok`` is or is conjoined in ("agreed to withdraw", "urged them to adhere to
    and respect the truce": an xcomp or an infinitive of purpose), else None."""
    first = tok
    while first.dep_ == "conj" and first.head.i != first.i and first.head.pos_ in {"VERB", "AUX"}:
        first = first.head
    if first.dep_ == "xcomp":
        return first
    if first.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in first.children):
        return first if first.head.lemma_.lower() in _REQUEST_HEADS else None
    return None


def _stopped(tok: Token) -> bool:
    """``tok`` names fighting that stops, not fighting that happens: "a pause in (the) fighting",
    "an end to the fighting", "a lull in fighting", a headline's "Pause in Fighting Begins". (The
    object of a verb, "must end attacks on X", is fighting that goes on, and stays an event.)"""
    head = tok.head
    if tok.dep_ in {"pobj", "pcomp"} and head.dep_ == "prep" and head.lower_ in {"in", "of", "to", "on"}:
        return head.head.lemma_.lower() in lx.STOPPING or head.head.lower_ in lx.STOPPING
    return False


#: prepositions that set an act against a ceasefire ("despite the truce", "in violation of the truce")
_AGAINST = frozenset(["despite", "notwithstanding"])
_IN_BREACH = frozenset(["violation", "breach", "defiance", "contravention"])
_OWN_CLAUSE_CUT = frozenset({"ccomp", "relcl", "parataxis", "csubj", "acl"})


def _in_breach(tok: Token) -> tuple[str, Token] | None:
    """Why an attack breaks a ceasefire by its own words: "despite the truce", "in violation of the
    ceasefire", "minutes after the ceasefire took effect"; None when its words do not say so. A noun
    that is the subject takes its verb's words ("despite the truce, fighting flared")."""
    stack = [tok]
    first = tok
    while first.dep_ == "conj" and first.head.i != first.i and first.pos_ not in {"VERB", "AUX"}:
        first = first.head  # "combat and air strikes were reported despite the truce"
    if first.pos_ not in {"VERB", "AUX"} and first.dep_ in {"nsubj", "nsubjpass"}:
        stack.append(first.head)
    while stack:
        node = stack.pop()
        for child in node.children:
            if child.dep_ in _OWN_CLAUSE_CUT:
                continue
            stack.append(child)
            if child.dep_ == "prep" and child.lower_ in _AGAINST | {"in"}:
                for obj in (g for g in child.children if g.dep_ == "pobj"):
                    if child.lower_ in _AGAINST and "ceasefire" in (process_kind(obj), extension_kind(obj)):
                        return f"'{child.text} the {obj.text}'", obj
                    of = _of_objects(obj, frozenset({"of"}))
                    if obj.lemma_.lower() in _IN_BREACH and any(process_kind(t) == "ceasefire" for t in of):
                        return f"'in {obj.text} of' a ceasefire", obj
            if child.dep_ == "advcl" and _after_taking_effect(child):
                return "after the ceasefire took effect", child
    return None


def _after_taking_effect(clause: Token) -> bool:
    """ "after/since the ceasefire took effect / came into force / began"."""
    if not any(m.dep_ == "mark" and m.lower_ in {"after", "since"} for m in clause.children):
        return False
    doer = shared_subject(clause)
    if doer is None or process_kind(doer) != "ceasefire":
        return False
    lemma = clause.lemma_.lower()
    return lemma in {"begin", "start"} or (
        lemma in {"take", "come", "go", "enter"} and _mentions(clause, {"effect", "force"})
    )


#: "guilty of": the acts are charged, not told ("responsible for a blast" presupposes the blast)
ACCUSING_ADJECTIVES = frozenset(["guilty", "culpable"])
#: what someone may be held guilty of: any act of violence, and crimes and abuses named as such
_WRONGS = frozenset(["crime", "atrocity", "abuse", "violation", "massacre", "genocide", "cleansing"])


def adjective_candidate(tok: Token) -> Candidate | None:
    """ "X are guilty of rapes, torture and killings": an accusation, not an assault told as fact."""
    if tok.lemma_.lower() not in ACCUSING_ADJECTIVES:
        return None
    wrongs = [
        w
        for obj in _of_objects(tok, frozenset({"of", "for"}))
        for w in [obj, *(c for c in obj.subtree if c.dep_ == "conj")]
        if w.lemma_.lower() in _WRONGS or lx.NOUNS.get(w.lemma_.lower(), Cue("")).event == "ASSAULT"
    ]
    if not wrongs:
        return None
    absorbed = {t.i for w in wrongs for t in w.subtree}
    cue = Cue("ACCUSE", "allege", ("human_rights",), 0.6)
    return Candidate(tok, cue, None, absorbed, None, [f"'{tok.text} of {wrongs[0].text}': an accusation"])


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
