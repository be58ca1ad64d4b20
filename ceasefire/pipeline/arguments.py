"""Who did it, to whom, and where: argument spans read off a dependency parse.

Works on spaCy tokens of one parsed sentence. Offsets returned are character offsets within the
sentence; the events stage shifts them into the document.
"""

from __future__ import annotations

from typing import Any

from ceasefire.knowledge.lexicon import ACTOR_NOUNS, PLACE_PREPOSITIONS, WEAPON_NOUNS
from ceasefire.knowledge.placenames import not_a_place_after

Token = Any  # spaCy Token (spaCy ships no type stubs)

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "dative", "attr", "oprd"})
_CLAUSE_CUT = frozenset(
    {"relcl", "acl", "advcl", "punct", "cc", "conj", "appos", "prep", "parataxis", "ccomp"}
)
_LEADING_DROP = frozenset({"det", "punct", "cc", "predet", "case", "prep", "advmod"})
PRONOUNS = frozenset(
    [
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "you",
        "him",
        "her",
        "them",
        "us",
        "this",
        "that",
        "these",
        "those",
        "who",
        "which",
    ]
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PLACE_HEADS = frozenset(
    [
        "province",
        "governorate",
        "region",
        "district",
        "city",
        "town",
        "village",
        "airbase",
        "base",
        "airport",
        "airfield",
        "crossing",
        "port",
        "oblast",
        "state",
        "county",
        "border",
    ]
)


#: verbs whose "of" phrase belongs to them, not to their object ("accused Russia of war crimes")
_OF_COMPLEMENT_VERBS = frozenset(["accuse", "charge", "suspect", "convict", "acquit", "clear", "warn", "inform", "remind", "deprive", "rob", "strip", "notify"])  # fmt: skip


def phrase(token: Token, full: bool = False) -> tuple[int, int]:
    """Character span (within the sentence) of the noun phrase headed by ``token``.

    Left modifiers are kept (compounds, adjectives, possessives); relative clauses, conjuncts and
    prepositional phrases are cut, except "of" phrases inside names ("Minister of Interior").
    ``full`` keeps determiners and all prepositional phrases (the span convention of annotated data).
    """
    left = token.i
    for child in token.lefts:
        if child.dep_ in {"punct", "cc"} and not full:
            continue
        left = min(left, child.left_edge.i)
        break
    right = token.i
    of_is_verbs = token.dep_ == "dobj" and token.head.lemma_.lower() in _OF_COMPLEMENT_VERBS
    for child in token.rights:
        keep = child.dep_ not in _CLAUSE_CUT
        if child.dep_ == "prep" and (
            (child.lower_ == "of" and (full or _is_name_like(token) or _held_by(token)) and not of_is_verbs)
            or (full and child.lower_ in {"in", "near"})
        ):
            keep = True
        if child.dep_ == "appos" and (
            (full and child.pos_ == "PROPN") or (child.text.isupper() and len(child.text) <= 6)
        ):
            keep = True  # "(HNC)"; in full spans also ", Mahmoud Abbas"
        if child.dep_ == "punct" and full and child.text == "," and _appos_follows(child):
            continue
        if not keep:
            break
        right = max(right, child.right_edge.i)
    doc = token.doc
    for i in range(left, token.i):
        if doc[i].text in _DASHES:
            left = i + 1  # a dateline ("MOSCOW — Khalifa Haftar") is not part of the name
    while left < token.i and (
        (doc[left].dep_ in _LEADING_DROP and not full) or doc[left].is_punct or _correlative(doc[left])
    ):
        left += 1
    while right > token.i and doc[right].is_punct and doc[right].text not in {")"}:
        right -= 1
    if doc[right].text == ")" and "(" not in doc[left:right].text:
        right -= 1
    if full:
        right = _closing_bracket(doc, left, right)
    return doc[left].idx, doc[right].idx + len(doc[right].text)


#: things that belong to a party named after "of": "positions of the Palestinian security forces"
_HELD = frozenset(["position", "base", "post", "outpost", "headquarters", "stronghold", "checkpoint", "barracks", "convoy", "patrol", "member", "unit", "fighter", "office", "camp", "force", "troop", "militia", "loyalist", "supporter", "brigade"])  # fmt: skip


def _held_by(token: Token) -> bool:
    return bool(token.lemma_.lower() in _HELD)


def _correlative(token: Token) -> bool:
    """The "both" of "both India and Pakistan": it belongs to the coordination, not to the first name."""
    head = token.head
    return token.lower_ in {"both", "either", "neither"} and any(c.dep_ == "conj" for c in head.children)


def _closing_bracket(doc: Any, left: int, right: int) -> int:
    """Where a full span ends once a bracketed short form is taken in: "Lesotho Defence Force (LDF)",
    and a bracket the parse left outside is closed: "the Central African Republic (CAR" + ")"."""
    after = [t.text for t in doc[right + 1 : right + 4]]
    if "(" in doc[left : right + 1].text.split(")")[-1] and after[:1] == [")"]:
        return right + 1
    if len(after) == 3 and after[0] == "(" and after[2] == ")" and after[1].replace("-", "").isupper():
        return right + 3
    return right


def _appos_follows(comma: Token) -> bool:
    nxt = comma.nbor(1) if comma.i + 1 < len(comma.doc) else None
    return bool(nxt is not None and any(t.dep_ == "appos" for t in [nxt, *nxt.ancestors][:3]))


def _is_name_like(token: Token) -> bool:
    return bool(token.pos_ == "PROPN" or token.text[:1].isupper())


AGENT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
TARGET_NOUNS = frozenset(
    [
        "convoy",
        "base",
        "position",
        "village",
        "town",
        "city",
        "hospital",
        "school",
        "airport",
        "airbase",
        "checkpoint",
        "headquarters",
        "camp",
        "vehicle",
        "car",
        "bus",
        "home",
        "house",
        "building",
        "market",
        "mosque",
        "church",
        "clinic",
        "district",
        "neighbourhood",
        "neighborhood",
        "area",
        "outpost",
        "post",
        "office",
        "station",
        "compound",
        "facility",
        "plant",
        "port",
        "bridge",
        "road",
        "crossing",
        "tank",
        "ship",
        "aircraft",
        "plane",
        "jet",
        "drone",
        "helicopter",
        "stronghold",
        "bastion",
        "enclave",
        "neighbourhood",
        "target",
        "depot",
    ]
)


_NOT_AGENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
TIME_WORDS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "tomorrow", "week", "month", "year", "day", "night", "morning", "evening"])  # fmt: skip
_DASHES = frozenset({"—", "–", "--"})


#: nominal events whose "of" phrase is the target ("the bombardment of the town")
_OF_TARGET = frozenset(["bombardment", "shelling", "siege", "blockade", "bombing", "capture", "occupation", "invasion", "release", "arrest", "detention", "killing"])  # fmt: skip
#: what carries a force's fire; named with its owner it stands for that force ("Russian warplanes")
CARRIERS = frozenset(["warplane", "jet", "aircraft", "drone", "helicopter", "gunship", "plane", "bomber", "artillery", "tank", "warship", "gunboat", "sniper", "battery", "uav"])  # fmt: skip
RELATIONAL_NOUNS = frozenset(
    ["rival", "counterpart", "opponent", "enemy", "foe", "adversary", "successor", "predecessor"]
)


def agentive(token: Token, target: bool = False) -> Token | None:
    """``token`` when it can name an actor (or, with ``target``, a thing attacked); else the actor it
    stands for ("the vow of Erdoğan" -> Erdoğan), or None for abstract nouns ("efforts")."""
    if (
        token.ent_type_ in _NOT_AGENTS
        or token.lower_ in TIME_WORDS
        or not any(c.isalnum() for c in token.text)
    ):
        return None  # also an emoji or a symbol ("🕊️ We call on ...")
    if token.text.isupper() and token.i + 1 < len(token.doc) and token.doc[token.i + 1].text in _DASHES:
        # a dateline parsed as the subject ("MOSCOW — Khalifa Haftar, commander of ..., flew")
        named = next(
            (c for c in token.children if c.dep_ in {"appos", "npadvmod", "compound"} and c.i > token.i), None
        )
        named = named or next((t for t in token.doc[token.i + 2 :] if t.pos_ == "PROPN"), None)
        while named is not None and named.dep_ == "compound" and named.head.i != named.i:
            named = named.head  # "Khalifa" -> "Haftar"
        return agentive(named, target) if named is not None else None
    if token.pos_ in {"PROPN", "PRON"} or token.ent_type_ in AGENT_LABELS:
        return token
    lemma = token.lemma_.lower()
    if lemma in WEAPON_NOUNS | CARRIERS:
        for acl in (c for c in token.children if c.dep_ == "acl" and c.tag_ == "VBN"):
            for agent in (
                g for p in acl.children if p.dep_ == "agent" or p.lower_ == "by" for g in p.children
            ):
                if agent.dep_ == "pobj":
                    return agentive(agent, target)  # "a roadside bomb planted by the militants"
        if (
            not target
            and lemma in CARRIERS
            and any(
                c.dep_ in {"amod", "compound", "nmod", "poss"}
                and (c.ent_type_ in AGENT_LABELS or c.pos_ == "PROPN")
                for c in token.children
            )
        ):
            return token  # "Russian warplanes", "a GNA drone", "Saudi-led coalition aircraft": their force
    if lemma in RELATIONAL_NOUNS:
        # "his rival, Fayez al-Sarraj": the name, not the possessor, is the actor
        named = next((c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        return named
    if lemma in ACTOR_NOUNS or (target and lemma in TARGET_NOUNS):
        return token
    if target:
        return None
    for child in token.children:
        if child.dep_ == "nmod" and child.pos_ == "PROPN" and child.ent_type_ in {"ORG", "GPE", "NORP"}:
            return child  # "the NDF and heavy air cover" parsed as one phrase around "cover"
        if child.dep_ == "poss":
            return agentive(child)
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return agentive(pobj)
    return None


def timelike(token: Token) -> bool:
    """A date, time, amount or count ("on Friday", "for USD 1 million"): never a party."""
    return bool(token.ent_type_ in _NOT_AGENTS or token.lower_ in TIME_WORDS)


def with_conjuncts(token: Token) -> list[Token]:
    """``token`` and the tokens conjoined to it ("Cairo, Abu Dhabi, and Riyadh")."""
    out = [token]
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in {"PROPN", "NOUN", "PRON"}:
            out.extend(with_conjuncts(child))
    return out


def clause_head(token: Token) -> Token:
    """The verb that governs ``token``'s clause (the token itself when it is a verb)."""
    current = token
    for _ in range(12):
        if current.pos_ in {"VERB", "AUX"} or current.dep_ == "ROOT":
            return current
        current = current.head
    return current


def subject_of(verb: Token) -> tuple[Token | None, bool]:
    """The doer of ``verb``: its subject, a passive agent, or the subject it shares.

    Returns (token, passive). Follows conjunctions ("rebels announced ... and launched ..."),
    open complements ("Haftar needed to attack"), participles ("..., launching an assault") and
    relative clauses ("rebels, who accuse ...").
    """
    passive = any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in verb.children)
    passive = passive or (verb.dep_ == "acl" and verb.tag_ == "VBN")
    if passive:
        for child in verb.children:
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj, True
        return None, True
    current = verb
    if verb.dep_ == "conj" and verb.tag_ == "VBD" and verb.head.tag_ == "VB" and verb.head.dep_ == "ccomp":
        # "said his men would hold the line and blamed the militia": the past verb is the speaker's
        # own act, misparsed as a conjunct of the reported one
        current = verb.head.head
    for _ in range(6):
        for child in current.children:
            if child.dep_ in SUBJECT_DEPS and child.lower_ not in {"there"}:
                if child.lower_ in {"who", "which", "that"} and current.dep_ == "relcl":
                    return current.head, False
                return child, False
        if current.dep_ == "xcomp":
            controller = object_of(current.head)
            if controller is not None and controller.pos_ in {"PROPN", "NOUN", "PRON"}:
                return controller, False  # "convince Haftar to accept", "require Turkey to consider"
        if current.dep_ == "pcomp" and current.head.head.i != current.head.i:
            current = current.head.head  # "left ... without signing"
            continue
        if current.dep_ in {"conj", "xcomp", "advcl", "acl"} and current.head is not current:
            if current.dep_ == "acl" and current.head.pos_ in {"NOUN", "PROPN"}:
                return (None, True) if current.tag_ == "VBN" else (current.head, False)
            current = current.head
            continue
        if current.dep_ == "relcl":
            return current.head, False
        break
    return None, False


#: nouns that carry the real target in a prepositional phrase ("a request for X", "support from X")
CARRIER_NOUNS = frozenset(
    ["request", "invitation", "appeal", "call", "support", "demand", "plea", "offer", "bid", "proposal"]
)


def object_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in OBJECT_DEPS:
            if child.lemma_.lower() in CARRIER_NOUNS:
                for prep in (c for c in child.children if c.dep_ == "prep"):
                    pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                    if pobj is not None and (pobj.pos_ == "PROPN" or pobj.ent_type_):
                        return pobj
            return child
    for child in verb.children:
        if child.dep_ in PASSIVE_SUBJECT_DEPS:
            return child
    return None


def prep_objects(token: Token, preps: frozenset[str] | set[str]) -> list[Token]:
    """Objects of the prepositions ``preps`` attached to ``token``."""
    out: list[Token] = []
    for child in token.children:
        if child.dep_ in {"prep", "dative"} and child.lower_ in preps:  # "lent money to Sudan": dative
            out.extend(g for g in child.children if g.dep_ == "pobj")
    return out


def noun_actor(noun: Token) -> Token | None:
    """Doer of a nominal event: "Haftar's march", "the raid by southern forces", "Russian airstrikes"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    agents = prep_objects(noun, {"by", "from"})
    if agents:
        return agents[0]
    for child in noun.children:
        if child.dep_ in {"amod", "compound"} and child.ent_type_ in {"NORP", "GPE", "ORG"}:
            return child
    return None


def noun_recipient(noun: Token) -> Token | None:
    """Who a nominal event is done to: "attacks on X", "sanctions against X", "the bombardment of X"."""
    preps = {"against", "on", "upon", "with", "targeting"}
    if noun.lemma_.lower() in _OF_TARGET:
        preps.add("of")
    targets = prep_objects(noun, preps)
    return targets[0] if targets else None


def place_mentions(trigger: Token, exclude: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Candidate place spans for an event, best first: prepositional places on the trigger or its
    clause, then places inside the clause, then the rest of the sentence by distance."""
    doc = trigger.doc
    head = clause_head(trigger)
    spans: list[tuple[int, int, int]] = []  # (rank, start, end)
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        start, end = _extend_place(ent)
        if any(s <= start < e or s < end <= e for s, e in exclude) or not_a_place_after(doc.text, end):
            continue  # also "the US dollar", "Russian-made": a currency or a maker, not a place
        if _agent_of_another(ent.root, trigger):
            continue  # "the truce brokered by Saudi Arabia": a party, not where the fighting was
        root = ent.root
        rank = 3
        if root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPOSITIONS:
            anchor = root.head.head
            if anchor in (trigger, head) or anchor.head in (trigger, head):
                rank = 0
            elif _dominates(head, root):
                rank = 1
        elif _dominates(head, root):
            rank = 2
        distance = abs(root.i - trigger.i)
        spans.append((rank * 1000 + distance, start, end))
    for token in doc:
        # a name after a place preposition that the tagger left untagged or mistook for a person or a
        # product ("near Manbij", "near Tessalit (Kidal)"): the gazetteer decides whether it is a place
        if (
            token.pos_ == "PROPN"
            and token.dep_ == "pobj"
            and (token.head.lower_ in _NAME_PLACE_PREPOSITIONS or _named_place_of(token))
            and token.ent_type_ not in _NOT_PLACES
        ):
            start, end = _name_span(token)
            if not any(s <= start < e or s < end <= e for _, s, e in spans) and not any(
                s <= start < e for s, e in exclude
            ):
                # on the event's own verb, right after its tagged places; elsewhere, after all of them
                anchor = token.head.head
                attached = anchor in (trigger, head) or anchor.head in (trigger, head)
                spans.append(((500 if attached else 5000) + abs(token.i - trigger.i), start, end))
    for token in doc:
        # un-tagged names heading a place noun: "the Tamanhint airbase", "Latakia province"
        if token.lower_ in PLACE_HEADS and token.i > 0 and doc[token.i - 1].pos_ == "PROPN":
            start, _ = _name_span(doc[token.i - 1])  # "Salah al-Din district", "Kafr Nabl district"
            end = token.idx + len(token.text)
            if not any(s <= start < e for _, s, e in spans) and not any(s <= start < e for s, e in exclude):
                rank = 2 if _dominates(head, token) else 3
                if token.head in (trigger, head) or token.head.head in (trigger, head):
                    rank = 0
                spans.append((rank * 1000 + abs(token.i - trigger.i), start, end))
    spans.sort()
    return [(s, e) for _, s, e in spans]


_ARTICLES = frozenset(
    ["al", "el", "ad", "ar", "as", "ash", "an", "at", "az", "e", "i", "ul", "ed", "es", "ez"]
)
#: prepositions after which a bare name is read as a place even when the tagger did not say so
_NAME_PLACE_PREPOSITIONS = frozenset(["in", "near", "at", "outside", "around", "inside", "into", "towards", "toward", "across"])  # fmt: skip
#: entity types that are never places, whatever preposition they follow
_NOT_PLACES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY", "NORP", "EVENT", "LAW", "LANGUAGE", "WORK_OF_ART"})  # fmt: skip


#: nouns whose "of" phrase names a place: "the villages of Nubl and al-Zahra", "the town of Kafr Nabl"
_PLACE_OF = frozenset(["village", "town", "city", "district", "area", "region", "province", "governorate", "neighbourhood", "neighborhood", "suburb", "outskirts", "countryside", "municipality", "port", "island"])  # fmt: skip


_BEARINGS = frozenset(["north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east", "north-west", "south-east", "south-west", "outside", "edge", "west-northwest"])  # fmt: skip


def _agent_of_another(token: Token, trigger: Token) -> bool:
    """``token`` is the doer of a passive verb that is not the trigger ("brokered by Saudi Arabia")."""
    head = token.head
    return bool(
        token.dep_ == "pobj"
        and (head.dep_ == "agent" or (head.lower_ == "by" and head.head.tag_ == "VBN"))
        and head.head.i != trigger.i
    )


def _named_place_of(token: Token) -> bool:
    """ "the villages of Nubl", "the town of Kafr Nabl", "north of Aleppo": a place, by its "of"."""
    head = token.head
    return bool(head.lower_ == "of" and head.head.lemma_.lower() in _PLACE_OF | _BEARINGS)


def _name_span(token: Token) -> tuple[int, int]:
    """The name a proper noun ends: its compound words before it, and parts joined to it by a
    hyphen without spaces ("Baghlan-e Jadid", "Kafr Nabl")."""
    doc = token.doc
    first = token
    for i in range(token.i - 1, -1, -1):
        t = doc[i]
        if t.pos_ == "PROPN" and (
            (t.head.i in range(i + 1, token.i + 1) and t.dep_ in {"compound", "flat"}) or t.i == first.i - 1
        ):
            first = t
        elif t.text == "-" and not t.whitespace_ and i > 0 and not doc[i - 1].whitespace_:
            continue
        elif (
            not t.whitespace_
            and i + 1 < len(doc)
            and doc[i + 1].text == "-"
            and (t.pos_ == "PROPN" or t.lower_ in _ARTICLES)
        ):
            first = t  # "Baghlan-e", "al-" of "Salah al-Din"
        else:
            break
    return first.idx, token.idx + len(token.text)


def _extend_place(ent: Any) -> tuple[int, int]:
    doc = ent.doc
    end_tok = ent.end
    if end_tok < len(doc) and doc[end_tok].lower_ in PLACE_HEADS:
        end_tok += 1
        if end_tok < len(doc) and doc[end_tok - 1].lower_ == "air" and doc[end_tok].lower_ == "base":
            end_tok += 1
    elif end_tok + 1 < len(doc) and doc[end_tok].lower_ == "air" and doc[end_tok + 1].lower_ == "base":
        end_tok += 2
    last = doc[end_tok - 1]
    return doc[ent.start].idx, last.idx + len(last.text)


def _dominates(head: Token, token: Token) -> bool:
    current = token
    for _ in range(20):
        if current is head or current.i == head.i:
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False
