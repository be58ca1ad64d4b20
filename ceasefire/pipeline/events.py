"""The events stage: one ``Event`` per trigger, with its type, mode, process, modality and arguments.

Actors and recipients are kept as written here (``ActorRef.text`` with offsets); the actors
stage resolves them. Place mentions are listed best first for the places stage; dates are left
to the dates stage.
"""

from __future__ import annotations

import re
from typing import Any

from ceasefire.knowledge import lexicon as lx
from ceasefire.knowledge.weapons import ASSAULT_MODES, weapons_in
from ceasefire.models import ActorRef, Document, Event, Evidence, ProcessRef, Sentence, Span, stable_id
from ceasefire.pipeline import arguments as args
from ceasefire.pipeline.durations import duration_of, end_of
from ceasefire.pipeline.modality import SPECULATIVE_LEAD, prospective, read_modality
from ceasefire.pipeline.stage import StageSpec
from ceasefire.pipeline.triggers import CONFLICTUAL, COOPERATIVE, EXTENSIONS, Candidate, find_candidates
from ceasefire.pipeline.violations import claimant, unkept

Token = Any

_RECIPIENT_PREPS = {
    "CONSULT": {"with"}, "COOPERATE": {"with"}, "AGREE": {"with", "to"}, "SUPPORT": {"for"},
    "ASSAULT": {"against", "on", "at", "upon"}, "COERCE": {"against", "on"}, "ACCUSE": {"against"},
    "THREATEN": {"against"}, "SANCTION": {"against", "on"}, "PROTEST": {"against", "outside"},
    "AID": {"to", "for"}, "MOBILIZE": {"against", "toward", "towards"}, "REQUEST": {"on", "to"},
    "REJECT": {"from"}, "RETREAT": {"from"},
}  # fmt: skip
_INTENT_MARKERS = frozenset(
    ["promise", "pledge", "vow", "offer", "ready", "prepared", "willing", "intend", "plan", "agree"]
)


class ExtractEvents:
    """Code the events of every parsed sentence (see ``triggers`` for what counts as a trigger)."""

    spec = StageSpec.of("events", 9, requires={"parses"}, produces={"events"})

    def __call__(self, doc: Document) -> Document:
        doc.events = []
        imagined = speculative_items(doc)
        for index in sorted(doc.parses):
            sentence = doc.sentences[index]
            for cand in find_candidates(doc.parses[index]):
                event = build_event(doc, sentence, cand)
                if index in imagined and event.modality in {"asserted", "future"}:
                    event.modality = "hypothetical"
                    event.reasons.append("an item of a list under a speculative lead ('I could see ...:')")
                doc.events.append(event)
        return doc


_BULLET = re.compile(r"^\s*(?:[-–—•*·▪►]|\d{1,2}[.)]|[a-z][.)])\s+")


def speculative_items(doc: Document) -> set[int]:
    """Indexes of the sentences that are items of a list introduced by a speculative lead ending
    with a colon ("I could see the following happening:", "Possible outcomes:")."""
    found: set[int] = set()
    open_lead = False
    for index, sentence in enumerate(doc.sentences):
        text = sentence.text.strip()
        if open_lead and _BULLET.match(text):
            found.add(index)
            continue
        open_lead = text.endswith(":") and SPECULATIVE_LEAD.search(text) is not None
    return found


def build_event(doc: Document, sentence: Sentence, cand: Candidate) -> Event:
    tok = cand.token
    offset = sentence.start
    reading = read_modality(tok)
    event_type, mode = cand.cue.event, cand.cue.mode
    process = cand.process
    reasons = list(cand.reasons) + reading.reasons
    modality = reading.modality

    # PLOVER: a negated signing or acceptance of a ceasefire is a rejection ("left without signing")
    if modality == "negated" and event_type in {"SUPPORT", "AGREE"} and process and process[0] != "talks":
        event_type, mode, modality = "REJECT", "yield" if process[0] == "ceasefire" else None, "asserted"
        process = (process[0], "rejected")
        reasons.append("negated signing/acceptance coded as REJECT (PLOVER)")
    # PLOVER: a promise of cooperation is AGREE, a promise of force is THREATEN
    elif modality == "future" and _promised(tok):
        if event_type in COOPERATIVE:
            reasons.append(f"promised {event_type} coded as AGREE (PLOVER)")
            event_type, mode = "AGREE", mode or cand.cue.event.lower()
        elif event_type in CONFLICTUAL:
            reasons.append(f"announced {event_type} coded as THREATEN (PLOVER)")
            event_type, mode = "THREATEN", mode or cand.cue.event.lower()
    if process and modality == "asserted" and (aim := prospective(tok)):
        modality = "future"  # "signed an accord to implement the truce": the implementing is a plan
        reasons.append(aim)
    if process and process[0] == "talks" and process[1] == "held" and modality == "future":
        process = ("talks", "planned")
    if unkept(tok, process, modality):
        event_type, mode, modality, process = "ASSAULT", None, "asserted", ("ceasefire", "violated")
        reasons.append(f"'{tok.text}' negated: a ceasefire not kept is violated")
    accuser = None
    if process and process[1] == "violated" and modality in {"asserted", "historical"}:
        accuser = claimant(tok)
        if accuser is not None:
            event_type, mode, process = "ACCUSE", "allege", (process[0], "violation_alleged")
            reasons.append(f"violation told in the words of '{accuser.text}': alleged (ACCUSE)")
    elif event_type == "ASSAULT" and process is None and modality == "asserted" and _under_truce(doc):
        accuser = claimant(tok)
        if accuser is not None and _party_voice(accuser):
            event_type, mode, process = "ACCUSE", "allege", ("ceasefire", "violation_alleged")
            reasons.append(f"{CHARGED_ATTACK} '{accuser.text}', a party: alleged")
        else:
            accuser = None

    scope = _scope_text(tok)
    if event_type == "ASSAULT" and mode in {None, "occupy", "destroy"}:
        found = weapons_in(scope)
        if found and mode is None:
            mode = ASSAULT_MODES[found[0]]
            reasons.append(f"means of attack: {found[0]}")

    actor_tokens, recipient_tokens = participants(cand, "ASSAULT" if accuser is not None else event_type)
    if accuser is not None:
        # the speaker accuses; the one said to have broken the ceasefire is accused
        recipient_tokens = actor_tokens
        actor_tokens = [t for t in args.with_conjuncts(accuser) if args.agentive(t) is not None]
    actors = [_actor(t, offset) for t in actor_tokens]
    recipients = [_actor(t, offset) for t in recipient_tokens]
    exclude = [
        (a.start - offset, a.end - offset) for a in actors if a.start is not None and a.end is not None
    ]
    if event_type not in {"ASSAULT", "COERCE", "MOBILIZE", "RETREAT"}:
        exclude += [
            (r.start - offset, r.end - offset)
            for r, t in zip(recipients, recipient_tokens, strict=True)
            if r.start is not None and r.end is not None and not _located_in(t)
        ]  # "met with Russia" is not in Russia; "lifted the curfew in Montenegro" is
    places = [
        Span(doc.text[s + offset : e + offset], s + offset, e + offset)
        for s, e in args.place_mentions(tok, exclude)
    ]

    trigger = Span(tok.text, tok.idx + offset, tok.idx + len(tok.text) + offset)
    ref, until_text = _process_ref(process, cand, doc, offset)
    if ref is not None and ref.duration is not None:
        reasons.append(f"ceasefire length {ref.duration}")
    context = list(
        dict.fromkeys(cand.cue.context + (("peacekeeping",) if process and process[0] == "ceasefire" else ()))
    )
    confidence = cand.cue.strength + (0.1 if actors else -0.1) + (0.05 if recipients else 0.0)
    return Event(
        event=event_type,
        mode=mode,
        context=context,
        process=ref,
        modality=modality,
        tense=reading.tense,  # type: ignore[arg-type]
        actor=actors,
        recipient=recipients,
        place_mentions=places,
        evidence=Evidence(doc.id, sentence.text, sentence.start, sentence.end),
        trigger=trigger,
        confidence=max(0.05, min(confidence, 0.95)),
        reasons=reasons,
        id=stable_id(doc.id, trigger.start, trigger.end, event_type),
        depth=depth(tok),
        scope=scope,
        foreign=foreign_clauses(tok),
        until_text=until_text,
    )


def _process_ref(
    process: tuple[str, str] | None, cand: Candidate, doc: Document, offset: int
) -> tuple[ProcessRef | None, Span | None]:
    """The event's process, with the ceasefire's length when its words give it, and the words that
    give its end (resolved by the dates stage)."""
    if process is None:
        return None, None
    kind, phase = process
    if kind != "ceasefire":
        return ProcessRef(kind, phase), None
    nouns = [t for t in cand.anchors if t.pos_ in {"NOUN", "PROPN"}]
    verbs = [t for t in dict.fromkeys([cand.token, *cand.anchors]) if t.pos_ in {"VERB", "AUX"}]
    extensions = [t for t in nouns if t.lemma_.lower() in EXTENSIONS]
    duration = duration_of(verbs, nouns, phase, extensions)
    end = end_of(verbs, nouns, phase)
    until = (
        None
        if end is None
        else Span(doc.text[end[0] + offset : end[1] + offset], end[0] + offset, end[1] + offset)
    )
    return ProcessRef(kind, phase, duration=duration), until


_NESTED = frozenset({"relcl", "advcl", "ccomp", "acl", "parataxis"})


def foreign_clauses(tok: Token) -> list[tuple[int, int]]:
    """Character spans of the participle and relative clauses of the sentence that modify another
    noun than the trigger and do not hold it: what they tell happened at another time."""
    spans = []
    for t in tok.sent:
        if t.dep_ not in {"acl", "relcl"} or t.head.i == tok.i or tok.i in {x.i for x in t.subtree}:
            continue
        left, right = t.left_edge, t.right_edge
        spans.append((left.idx - tok.sent.start_char, right.idx + len(right.text) - tok.sent.start_char))
    return spans


def _scope_text(tok: Token) -> str:
    """The trigger's clause without the clauses nested in it: what the event's own words say."""
    head = args.clause_head(tok)
    if tok.pos_ not in {"VERB", "AUX"} and tok.dep_ in {"pobj", "dobj", "nsubj", "nsubjpass", "attr"}:
        head = tok.head if tok.dep_ != "pobj" else tok.head.head
    skip: set[int] = set()
    for t in head.subtree:
        if t.dep_ in _NESTED and t.i != head.i and tok.i not in {x.i for x in t.subtree}:
            skip |= {x.i for x in t.subtree}
        if t.dep_ == "conj" and t.pos_ in {"VERB", "AUX"} and tok.i not in {x.i for x in t.subtree}:
            skip |= {x.i for x in t.subtree}
    return " ".join(t.text for t in head.subtree if t.i not in skip)


def depth(tok: Token) -> int:
    """How deep a token sits in its parse: 0 for the main verb."""
    steps, current = 0, tok
    while current.head.i != current.i and steps < 30:
        # an adverbial clause ("staged protests to demand reforms") sits below its clause's objects
        steps, current = steps + (2 if current.dep_ == "advcl" else 1), current.head
    return steps


def _promised(tok: Token) -> bool:
    clause = args.clause_head(tok)
    if any(c.dep_ == "aux" and c.lower_ in {"will", "shall", "'ll"} for c in clause.children):
        return args.subject_of(clause)[0] is not None
    head = clause.head
    return bool(clause.dep_ == "xcomp" and head.lemma_.lower() in _INTENT_MARKERS)


def participants(
    cand: Candidate, event_type: str, agents_only: bool = True
) -> tuple[list[Token], list[Token]]:
    tok = cand.token
    actor: Token | None = None
    recipient: Token | None = None
    skip = cand.absorbed
    if tok.pos_ in {"VERB", "AUX"}:
        actor, passive = args.subject_of(tok)
        if passive:
            recipient = next((c for c in tok.children if c.dep_ in args.PASSIVE_SUBJECT_DEPS), None)
            if recipient is None and tok.dep_ == "acl" and tok.head.pos_ in {"NOUN", "PROPN"}:
                recipient = tok.head  # "the army, backed by the militia": the militia backs the army
        else:
            obj = args.object_of(tok)
            recipient = obj if obj is not None and obj.i not in skip else None
        if cand.object_token is not None and recipient is None:
            found = args.noun_recipient(cand.object_token)
            recipient = found
            if actor is None:
                actor = args.noun_actor(cand.object_token)
    else:
        actor = args.noun_actor(tok)
        recipient = args.noun_recipient(tok)
        head = tok.head
        if actor is None and tok.dep_ in {"dobj", "attr"} and head.pos_ == "VERB":
            actor, _ = args.subject_of(head)
        if recipient is None and tok.dep_ == "pobj" and head.head.pos_ == "VERB" and _harms(head.head):
            # "in the attack, two soldiers were killed" (not "after the bombing, patrols were seen")
            victims = [c for c in head.head.children if c.dep_ in args.PASSIVE_SUBJECT_DEPS]
            recipient = victims[0] if victims else None
        if recipient is None and tok.dep_ == "nsubj" and head.pos_ == "VERB":
            recipient = args.object_of(head)
        if recipient is None and tok.pos_ == "ADJ":
            recipient, _ = args.subject_of(args.clause_head(tok))  # "both armies are guilty of torture"
    if recipient is None or args.agentive(recipient, target=True) is None or _own(recipient, event_type):
        kept = None if recipient is not None and _amount(recipient) else recipient  # never "$5 million"
        recipient = _party_in_phrase(tok, recipient, event_type, agents_only) or kept
        if recipient is not None and _own(recipient, event_type):
            recipient = None if agents_only else recipient
    if recipient is not None and recipient.lower_ in _RELATIVES:
        clause = args.clause_head(recipient)
        recipient = clause.head if clause.dep_ == "relcl" else None  # "the market, which was hit"
    if recipient is not None and recipient.lower_ in _REFLEXIVES:
        recipient = None  # "blew himself up": the doer, not a target
    proposal = cand.object_token
    if recipient is None and agents_only and proposal is not None and proposal.lemma_.lower() in _PROPOSALS:
        recipient = next(iter(_author(proposal)), None)  # "rejected a Kenyan peace plan"
    if recipient is None and agents_only:
        recipient = fallback_recipient(cand, event_type)
    if actor is not None and actor.i in skip:
        actor = None  # "a truce which comes into effect": the process itself is no actor
    if actor is None:
        actor = _speaker(tok)
    elif actor.lower_ in _REPORTED_PRONOUNS and (speaker := _speaker(tok)) is not None:
        actor = actor if speaker.lower_ in args.PRONOUNS else speaker  # "X said they had agreed": X
    if actor is not None and agents_only:
        actor = args.agentive(actor)
    if actor is not None and cand.process and cand.process[0] == "talks" and actor.dep_ == "compound":
        actor = None  # "the Moscow talks": a venue, not a party
    if recipient is not None and agents_only:
        recipient = args.agentive(recipient, target=True)
    actors = args.with_conjuncts(actor) if actor is not None else []
    recipients = args.with_conjuncts(recipient) if recipient is not None else []
    if cand.process is not None and recipient is not None and cand.object_token is not None:
        recipients = [r for r in recipients if r.i != cand.object_token.i]
    return actors, recipients


#: the reason an attack carries when a party's words make it a charge (ACLED still codes the attack)
CHARGED_ATTACK = "an attack under a truce told in the words of"
_TRUCE_WORDS = re.compile(r"\b(?:cease-?fires?|truces?|armistice|cessation of hostilities)\b", re.IGNORECASE)
#: speakers who report, not parties who accuse: monitors, witnesses, the press
_REPORTERS = frozenset(["monitor", "observer", "mission", "witness", "resident", "source", "journalist", "reporter", "media", "observatory", "activist", "medic", "doctor", "agency", "report", "correspondent", "analyst", "smm", "un", "unmiss", "ocha", "icrc", "committee"])  # fmt: skip


def _under_truce(doc: Document) -> bool:
    """The document speaks of a ceasefire or truce: an attack a party reports in it is a charge."""
    return _TRUCE_WORDS.search(doc.text) is not None


def _party_voice(speaker: Token) -> bool:
    """A speaker who is a party (a state, its ministry, an armed group), not one who reports."""
    words = {t.lemma_.lower() for t in speaker.subtree}
    if words & _REPORTERS or speaker.lower_ in args.PRONOUNS:
        return False
    return speaker.ent_type_ in {"GPE", "ORG", "NORP"} or speaker.lemma_.lower() in _PARTY_NOUNS


_PARTY_NOUNS = frozenset(["government", "ministry", "army", "military", "force", "rebel", "spokesman", "spokeswoman", "spokesperson", "command", "commander", "official", "militia", "side", "authority", "president", "minister"])  # fmt: skip


def _located_in(token: Token) -> bool:
    return bool(token.dep_ == "pobj" and token.head.lower_ in {"in", "into", "inside"})


def _harms(verb: Token) -> bool:
    """A verb of harm: its passive subject was hit by the event named in its adverbial."""
    lemma = verb.lemma_.lower()
    return lemma in _HARM or lx.VERBS.get(lemma, lx.Cue("")).event in {"ASSAULT", "COERCE"}


_HARM = frozenset(["kill", "wound", "injure", "hurt", "damage", "destroy", "hit", "harm", "displace", "affect", "maim", "trap", "bury", "burn"])  # fmt: skip
_REPORTED_PRONOUNS = frozenset(["they", "it", "we"])
_RELATIVES = frozenset(["which", "who", "whom", "that"])
_REFLEXIVES = frozenset(
    ["himself", "herself", "itself", "themselves", "themself", "myself", "ourselves", "yourself"]
)
_OWN_MEANS = frozenset(["RETREAT", "MOBILIZE", "AID"])
_POSSESSIVES = frozenset(["its", "their", "his", "her", "our"])


def _own(obj: Token, event_type: str) -> bool:
    """The doer's own forces or means ("withdrew its troops", "sent their aid", "withdrew
    peacekeepers from Sinai"): not a recipient."""
    if event_type in {"RETREAT", "MOBILIZE"} and obj.lemma_.lower() in _FORCES and obj.dep_ == "dobj":
        return True
    return event_type in _OWN_MEANS and any(
        c.dep_ == "poss" and c.lower_ in _POSSESSIVES for c in obj.children
    )


_FORCES = frozenset(["troop", "force", "soldier", "peacekeeper", "personnel", "unit", "police", "policeman", "fighter", "militiaman", "brigade", "battalion", "contingent", "army", "guard", "reinforcement"])  # fmt: skip


#: prepositions after a thing that name who it is for, against or from ("sanctions against X")
_CARRIED_PREPS = frozenset({"for", "to", "against", "on", "from", "of", "by", "with"})


def _party_in_phrase(tok: Token, thing: Token | None, event_type: str, agents_only: bool) -> Token | None:
    """The party when the object is a thing: "pledged support to the Palestinians", "called for
    sanctions against China", "rejected accusations by the US", "withdrew its troops from Abyei"."""
    preps = _RECIPIENT_PREPS.get(event_type, set()) | {"to", "for", "with", "against", "on"}
    attached = [t for t in args.prep_objects(tok, preps) if not args.timelike(t)]
    carriers = [] if thing is None else args.with_conjuncts(thing)
    carriers += [t for t in attached if args.agentive(t, target=True) is None]
    carried = [t for c in carriers for t in args.prep_objects(c, _CARRIED_PREPS) if not args.timelike(t)]
    found = [t for t in attached + carried if args.agentive(t, target=True) is not None]
    if not found and agents_only and thing is not None and thing.lemma_.lower() in _PROPOSALS:
        found = _author(thing)  # "rejected a US offer", "Saddam Hussein's proposal for a truce"
    if not found and tok.lemma_.lower() in _ASKING:
        asked = _clause_subject(tok)  # "demanded that the government end curbs"
        found = [asked] if asked is not None and args.agentive(asked, target=True) is not None else []
    if found or agents_only:
        return found[0] if found else None
    if thing is not None and thing.lemma_.lower() in _CLAIMS:
        # "denied charges by the clergymen": the accuser is acted on (the parse may hang "by" on the verb)
        claimants = args.prep_objects(thing, {"by", "from"}) + args.prep_objects(tok, {"by"})
        if claimants:
            return claimants[0]
    hoped = _clause_subject(thing if thing is not None else tok)
    if hoped is None and thing is not None and tok.lemma_.lower() not in SPEECH_VERBS:
        # "expressed optimism Wednesday that the timeline ...": the clause parsed on the verb
        later = _clause_subject(tok)
        hoped = later if later is not None and later.i > thing.i else None
    if hoped is not None and (thing is not None or tok.lemma_.lower() not in SPEECH_VERBS):
        return hoped  # "hoped (that) the new government would ...", "expressed surprise that the Post ..."
    if thing is None:
        felt = [t for a in tok.children if a.dep_ == "acomp" for t in args.prep_objects(a, _FELT_ABOUT)]
        attached += [t for t in felt if not args.timelike(t)]  # "is skeptical of the plan"
        return attached[0] if attached else None
    given_to = [t for t in args.prep_objects(tok, _GIVEN_TO) if not args.timelike(t)]
    if not given_to and _given(thing):
        given_to = [t for c in _held(thing) for t in args.prep_objects(c, _GIVEN_TO) if not args.timelike(t)]
        given_to = given_to or _helped(tok)
    if given_to:
        return given_to[0]  # the thing is what was given: "gave $2 million to the farm sector"
    if any(c.dep_ == "poss" and c.lower_ not in args.PRONOUNS | _POSSESSIVES for c in thing.children):
        return None  # "rejected Trump's comments on ...": the named party's act is itself the target
    for acl in (c for c in thing.children if c.dep_ == "acl" and c.tag_ == "VBG"):
        addressed = args.object_of(acl) or next(iter(args.prep_objects(acl, {"on", "upon"})), None)
        if addressed is not None:
            return addressed  # "issued a statement calling on the council to ..."
    things = args.with_conjuncts(thing) + args.prep_objects(thing, {"of"})  # "a state of emergency in X"
    about = args.prep_objects(tok, _ABOUT) + [t for c in things for t in args.prep_objects(c, _ABOUT)]
    about += [
        t for c in [tok, *things] for g in _gerunds(c, _ABOUT) for t in [_gerund_party(g)] if t is not None
    ]
    about = [t for t in about if t.pos_ in {"NOUN", "PROPN", "PRON"} and not args.timelike(t)]
    if about:
        return about[0]  # "lifted restrictions on foreign workers", "expressed concern about the talks"
    named = [t for t in attached + carried if t.pos_ == "PROPN" or t.ent_type_ in args.PLACE_LABELS]
    return named[0] if named else None


#: things a party puts forward, whose author is the one acted on when they are answered
_PROPOSALS = frozenset(["offer", "request", "proposal", "plan", "demand", "appeal", "invitation", "call", "initiative", "ultimatum", "bid", "proposition", "suggestion", "plea", "overture", "draft", "formula", "peace"])  # fmt: skip
#: verbs whose that-clause subject is the one asked ("demanded that X end the curbs")
_ASKING = frozenset(["demand", "urge", "ask", "insist", "request", "call", "press", "appeal", "want"])
_AUTHOR_LABELS = frozenset({"GPE", "ORG", "NORP", "PERSON"})


def _author(thing: Token) -> list[Token]:
    """Who put a thing forward: its possessor or a name before it ("North Korea's demand", "a US
    offer", "a Senegalese peace plan", "a United Nations appeal")."""
    for child in thing.children:
        if child.dep_ == "poss" and child.lower_ not in _POSSESSIVES and args.agentive(child) is not None:
            return [child]
    for child in thing.children:
        if child.dep_ in {"compound", "amod", "nmod"} and (
            child.ent_type_ in _AUTHOR_LABELS or (child.pos_ == "PROPN" and child.i < thing.i)
        ):
            return [child]
    return []


def fallback_recipient(cand: Candidate, event_type: str) -> Token | None:
    """Who or what an event is aimed at when its own words name no party:

    * the party of the act it folds in ("threatened to ban opposition candidates", "offered to
      negotiate with the president", "promised aid to Mozambique");
    * a protest's purpose ("a hunger strike to protest the president's failure");
    * the place it is done in or to, for acts on a population or territory ("imposed a curfew in
      Cizre", "lifted the curfew in Montenegro", "arrived in Amman") - PLOVER's target there.
    """
    tok = cand.token
    verb = args.clause_head(tok) if tok.pos_ not in {"VERB", "AUX"} else tok
    inner = [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
    if event_type == "PROTEST":
        inner += [c for c in verb.children if c.dep_ in {"advcl", "acl"} and c.pos_ == "VERB"]
        inner += [c for c in tok.children if c.dep_ in {"acl", "relcl"} and c.pos_ == "VERB"]
    for clause in inner:
        for candidate in _aimed_at(clause, event_type):
            return candidate
    if event_type in _AT_PLACES:
        places = [
            t for t in args.prep_objects(verb, {"in", "to", "into", "on"}) if t.ent_type_ in {"GPE", "LOC"}
        ]
        if not places and verb.i != tok.i:
            places = [
                t for t in args.prep_objects(tok, {"in", "to", "into", "on"}) if t.ent_type_ in {"GPE", "LOC"}
            ]
        if places:
            return places[0]
    return None


#: events whose target, when no party is named, is the place they are done in
_AT_PLACES = frozenset(["COERCE", "CONCEDE", "SANCTION", "MOBILIZE", "AID", "RETREAT", "THREATEN"])


def _aimed_at(clause: Token, event_type: str) -> list[Token]:
    """The parties an embedded act is aimed at: its object (or the author of a thing object), or a
    party after one of its prepositions, or a place it is done in."""
    found: list[Token] = []
    obj = args.object_of(clause)
    if obj is not None:
        if args.agentive(obj, target=True) is not None and obj.lower_ not in args.PRONOUNS:
            found.append(obj)
        found += _author(obj)
        found += [
            t for t in args.prep_objects(obj, _CARRIED_PREPS) if args.agentive(t, target=True) is not None
        ]
    found += [
        t for t in args.prep_objects(clause, {"with", "to", "against", "on", "from", "in", "into"})
        if args.agentive(t, target=True) is not None or t.ent_type_ in {"GPE", "LOC"}
    ]  # fmt: skip
    return [t for t in found if not args.timelike(t)]


def _given(thing: Token) -> bool:
    """``thing`` is an amount or means handed over, not a party: "$2 million", "emergency aid"."""
    return (
        args.timelike(thing)
        or thing.lemma_.lower() in _GIFTS
        or any(args.timelike(t) for t in args.prep_objects(thing, {"of"}))
    )


def _held(thing: Token) -> list[Token]:
    """The thing, its conjuncts and what it measures ("a shipment of ventilators", "$5m in aid")."""
    things = args.with_conjuncts(thing)
    return things + [t for c in things for t in args.prep_objects(c, {"of", "in"})]


def _helped(tok: Token) -> list[Token]:
    """Who a gift is meant to help: "donated $1 million to assist Ethiopia", "aid to help Haiti"."""
    clauses = [
        c for c in tok.subtree if c.dep_ in {"advcl", "xcomp", "relcl", "acl"} and c.lemma_.lower() in _HELP
    ]
    found = [o for c in clauses for o in [args.object_of(c)] if o is not None]
    return [o for o in found if args.agentive(o, target=True) is not None or o.ent_type_ in args.PLACE_LABELS]


def _amount(token: Token) -> bool:
    """A sum, share, measure or time ("$5 million", "94 %", "Monday"), which no one can be acted on as."""
    return bool(token.ent_type_ in _AMOUNTS or token.lower_ in args.TIME_WORDS)


_AMOUNTS = frozenset({"MONEY", "PERCENT", "QUANTITY", "DATE", "TIME"})


#: things a donor hands over whose receiver is the target ("gave aid to X", "sent supplies to X")
_GIFTS = frozenset(["aid", "assistance", "support", "supply", "equipment", "fund", "funding", "donation", "grant", "loan", "relief", "help"])  # fmt: skip
#: verbs of a purpose clause whose object is the one a gift is for ("to help Haiti")
_HELP = frozenset(["help", "assist", "support", "aid", "benefit"])


def _gerunds(token: Token, preps: frozenset[str]) -> list[Token]:
    """Gerunds after the prepositions ``preps`` on ``token``: "pessimism over holding talks"."""
    return [
        g for p in token.children if p.dep_ == "prep" and p.lower_ in preps for g in p.children
        if g.dep_ == "pcomp" and g.tag_ == "VBG"
    ]  # fmt: skip


def _gerund_party(gerund: Token) -> Token | None:
    """Who a gerund is about: its party ("holding talks with the US") or its object ("bringing the standoff")."""
    obj = args.object_of(gerund)
    carried = [] if obj is None else args.prep_objects(obj, {"with", "against", "on"})
    parties = [
        t for t in carried + args.prep_objects(gerund, {"with", "against"}) if args.agentive(t) is not None
    ]
    return parties[0] if parties else obj


def _clause_subject(token: Token) -> Token | None:
    """The subject of the that-clause ``token`` governs: "hoped (that) Bolton would", "surprise that the Post published"."""
    for clause in token.children:
        if clause.dep_ in {"ccomp", "acl"} and clause.pos_ in {"VERB", "AUX"}:
            subject = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subject is not None and subject.lower_ not in args.PRONOUNS:
                return subject
    return None


#: things someone claims or demands of the doer, whose author is the one acted on ("rejected demands by X")
_CLAIMS = frozenset(["charge", "accusation", "allegation", "claim", "demand", "criticism", "complaint"])
#: prepositions after a predicate adjective that name what it is about ("skeptical of", "angry at")
_FELT_ABOUT = frozenset(["of", "about", "over", "at", "with", "on", "regarding", "toward", "towards", "for"])
#: prepositions that name who receives the thing a verb moves ("sent aid to X", "flew medicine into X")
_GIVEN_TO = frozenset({"to", "into"})
#: prepositions that name what an act on a thing, or a feeling, is about or where it applies
_ABOUT = frozenset(
    ["on", "about", "over", "at", "against", "with", "regarding", "concerning", "toward", "towards", "in"]
)


SPEECH_VERBS = frozenset(
    [
        "say",
        "announce",
        "declare",
        "state",
        "claim",
        "tell",
        "report",
        "insist",
        "argue",
        "warn",
        "write",
        "confirm",
    ]
)


def _speaker(tok: Token) -> Token | None:
    """Who made the claim an actorless event comes from ("HNC said the ceasefire was over")."""
    clause = args.clause_head(tok)
    for _ in range(3):
        if clause.dep_ != "ccomp":
            return None
        clause = clause.head
        if clause.lemma_.lower() in SPEECH_VERBS:
            return args.subject_of(clause)[0]
    return None


def _actor(token: Token, offset: int) -> ActorRef:
    start, end = args.phrase(token)
    text = token.doc.text[start:end]
    for mark in ("'s", "’s"):  # "the governor's (offer)": the party, not its possessive
        if text.endswith(mark) and len(text) > len(mark):
            text, end = text[: -len(mark)], end - len(mark)
    return ActorRef(text=text, start=start + offset, end=end + offset)
