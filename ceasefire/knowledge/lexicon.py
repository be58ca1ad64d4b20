"""Trigger words: which verbs and nouns can carry which PLOVER event, and the process nouns.

The tables follow the PLOVER manual's event definitions (and the CAMEO verb classes behind them).
They are general English, written for the project; nothing here is aimed at an evaluation item.
``prefilter`` is built from the same tables, so a sentence is parsed only when it holds a word
that could trigger an event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Cue:
    """What a trigger word means: PLOVER event, mode and contexts, and how strongly it says so."""

    event: str
    mode: str | None = None
    context: tuple[str, ...] = ()
    strength: float = 0.6


def _cues(event: str, words: str, mode: str | None = None, context: tuple[str, ...] = (),
          strength: float = 0.6) -> dict[str, Cue]:  # fmt: skip
    cue = Cue(event, mode, context, strength)
    return {w.replace("_", " "): cue for w in words.split()}


MIL = ("military",)
DIP = ("diplomatic",)

VERBS: dict[str, Cue] = {
    **_cues("AGREE", "agree accept pledge promise commit consent undertake propose", context=DIP),
    **_cues("AGREE", "offer", context=DIP, strength=0.5),
    **_cues(
        "CONSULT", "meet negotiate discuss consult confer mediate host telephone phone convene", context=DIP
    ),
    **_cues("CONSULT", "visit", mode="visit", context=DIP),
    **_cues("CONSULT", "talk", context=DIP, strength=0.5),
    **_cues(
        "SUPPORT",
        "sign ratify endorse praise commend back support welcome recognize recognise thank "
        "congratulate defend hail applaud laud reaffirm forgive upgrade approve",
        context=DIP,
    ),
    **_cues("CONCEDE", "concede ease relax yield grant", context=DIP),
    **_cues("CONCEDE", "resign abdicate", mode="leader", context=("political",)),
    **_cues(
        "RETREAT",
        "withdraw retreat demobilize demobilise disarm release free reopen dismantle surrender de-escalate",
        context=MIL,
    ),
    **_cues("COOPERATE", "cooperate collaborate coordinate share partner", context=DIP),
    **_cues(
        "AID",
        "aid provide supply deliver donate airlift evacuate rescue shelter fund finance lend loan",
        context=("humanitarian",),
    ),
    **_cues(
        "REQUEST",
        "urge convince persuade demand ask appeal request press pressure plead seek insist implore",
        context=DIP,
    ),
    **_cues(
        "ACCUSE",
        "accuse blame condemn denounce criticize criticise allege deplore slam decry fault censure charge",
        mode="allege",
        context=DIP,
    ),
    **_cues("ACCUSE", "investigate probe", mode="investigate", context=("legal",)),
    **_cues("ACCUSE", "sue indict prosecute", mode="lawsuit", context=("legal",)),
    **_cues("ACCUSE", "rebuke reprimand lambaste chastise", mode="allege", context=DIP, strength=0.5),
    **_cues(
        "REJECT",
        "reject refuse decline dismiss deny veto rebuff spurn ignore renege snub oppose",
        context=DIP,
    ),
    **_cues("THREATEN", "threaten warn", context=DIP),
    **_cues(
        "SANCTION",
        "sanction embargo sever expel freeze blacklist suspend cancel boycott withhold downgrade",
        context=DIP,
    ),
    **_cues("PROTEST", "protest demonstrate rally picket", context=("political",)),
    **_cues("PROTEST", "riot barricade", mode="riot", context=("political",)),
    **_cues(
        "MOBILIZE",
        "mobilize mobilise deploy amass reinforce station patrol conscript recruit",
        mode="troops",
        context=MIL,
    ),
    **_cues(
        "COERCE",
        "arrest detain confiscate ban outlaw deport evict blockade besiege imprison jail censor",
        context=("legal",),
    ),
    **_cues("COERCE", "seize", mode="seize", context=MIL, strength=0.5),
    **_cues("COERCE", "disperse", mode="crowd-control", context=("political",)),
    **_cues(
        "ASSAULT",
        "attack kill strike shoot shell bomb fight clash ambush raid storm assault hit target pound "
        "bombard massacre execute assassinate wound injure behead invade overrun stab slaughter lynch "
        "beat snipe",
        context=MIL,
    ),
    **_cues("ASSAULT", "torture rape abduct kidnap", mode="abuse", context=("human_rights",)),
    **_cues("ASSAULT", "explode detonate", mode="explosives", context=MIL),
    **_cues(
        "ASSAULT", "capture recapture retake regain liberate reclaim overrun", mode="occupy", context=MIL
    ),
    **_cues("RETREAT", "defect", mode="defect", context=MIL),
    **_cues("MOBILIZE", "merge disband dissolve", mode="organize", context=MIL, strength=0.5),
    **_cues(
        "ASSAULT", "burn loot destroy torch vandalize vandalise", mode="destroy", context=MIL, strength=0.5
    ),
}

#: phrasal verbs: (verb, particle or preposition) -> cue; checked before the bare verb
PHRASAL: dict[tuple[str, str], Cue] = {
    ("call", "for"): Cue("REQUEST", None, DIP),
    ("call", "on"): Cue("REQUEST", None, DIP),
    ("pull", "out"): Cue("RETREAT", "withdraw", MIL),
    ("pull", "back"): Cue("RETREAT", "withdraw", MIL),
    ("walk", "out"): Cue("REJECT", None, DIP),
    ("break", "off"): Cue("SANCTION", "relations", DIP),
    ("blow", "up"): Cue("ASSAULT", "explosives", MIL),
    ("open", "fire"): Cue("ASSAULT", "firearms", MIL),
    ("gun", "down"): Cue("ASSAULT", "firearms", MIL),
    ("lay", "down"): Cue("RETREAT", "disarm", MIL),
    ("crack", "down"): Cue("COERCE", "repression", ("political",)),
    ("hand", "over"): Cue("RETREAT", "return", MIL),
    ("step", "down"): Cue("CONCEDE", "leader", ("political",)),
    ("take", "control"): Cue("ASSAULT", "occupy", MIL),
    ("take", "over"): Cue("ASSAULT", "occupy", MIL),
    ("lift", "siege"): Cue("RETREAT", None, MIL),
    ("break", "siege"): Cue("ASSAULT", None, MIL),
    ("break", "blockade"): Cue("ASSAULT", None, MIL),
    ("lift", "blockade"): Cue("RETREAT", None, MIL),
    ("lift", "curfew"): Cue("CONCEDE", None, ("political",)),
    ("lift", "sanction"): Cue("CONCEDE", None, DIP),
    ("lift", "ban"): Cue("CONCEDE", None, ("political",)),
    ("impose", "sanction"): Cue("SANCTION", None, DIP),
    ("impose", "curfew"): Cue("COERCE", "curfew", ("political",)),
    ("impose", "embargo"): Cue("SANCTION", None, DIP),
    ("send", "troop"): Cue("MOBILIZE", "troops", MIL),
    ("send", "force"): Cue("MOBILIZE", "troops", MIL),
    ("send", "aid"): Cue("AID", None, ("humanitarian",)),
    ("send", "weapon"): Cue("AID", "military", MIL),
    ("send", "arm"): Cue("AID", "military", MIL),
    ("give", "aid"): Cue("AID", None, ("humanitarian",)),
    ("exchange", "fire"): Cue("ASSAULT", "firearms", MIL),
    ("exchange", "gunfire"): Cue("ASSAULT", "firearms", MIL),
    ("trade", "fire"): Cue("ASSAULT", "firearms", MIL),
    ("beat", "up"): Cue("ASSAULT", None, MIL),
    ("fire", "rocket"): Cue("ASSAULT", "heavy-weapons", MIL),
    ("fire", "missile"): Cue("ASSAULT", "heavy-weapons", MIL),
    ("fire", "shell"): Cue("ASSAULT", "heavy-weapons", MIL),
    ("fire", "mortar"): Cue("ASSAULT", "heavy-weapons", MIL),
    ("fire", "gas"): Cue("COERCE", "crowd-control", ("political",)),
    ("use", "gas"): Cue("COERCE", "crowd-control", ("political",)),
    ("strike", "deal"): Cue("AGREE", None, DIP),
    ("push", "back"): Cue("ASSAULT", "occupy", MIL),
    ("drive", "back"): Cue("ASSAULT", "occupy", MIL),
    ("push", "out"): Cue("ASSAULT", "occupy", MIL),
    ("drive", "out"): Cue("ASSAULT", "occupy", MIL),
    ("establish", "control"): Cue("ASSAULT", "occupy", MIL),
    ("seize", "control"): Cue("ASSAULT", "occupy", MIL),
    ("gain", "control"): Cue("ASSAULT", "occupy", MIL),
    ("regain", "control"): Cue("ASSAULT", "occupy", MIL),
}

WEAPON_NOUNS = frozenset(
    [
        "weapon",
        "arm",
        "ammunition",
        "ammo",
        "munition",
        "explosive",
        "bomb",
        "device",
        "ied",
        "mine",
        "landmine",
        "grenade",
        "rocket",
        "missile",
        "gun",
        "firearm",
        "rifle",
        "pistol",
        "revolver",
        "cartridge",
        "round",
        "shell",
        "mortar",
        "detonator",
        "cache",
        "arsenal",
        "ordnance",
        "tnt",
    ]
)
CAPTIVE_NOUNS = frozenset(["prisoner", "detainee", "hostage", "captive", "body", "remains"])
UNIT_NOUNS = frozenset(["force", "unit", "group", "brigade", "battalion", "organisation", "organization", "militia", "entity", "faction", "wing", "division", "regiment", "command", "coalition", "alliance"])  # fmt: skip
BASE_NOUNS = frozenset(
    [
        "base",
        "post",
        "outpost",
        "camp",
        "headquarters",
        "barracks",
        "position",
        "checkpoint",
        "garrison",
        "station",
    ]
)

#: (verbs, object nouns) -> cue: what a verb means depends on what it acts on
OBJECT_RULES: tuple[tuple[frozenset[str], frozenset[str], Cue], ...] = (
    (frozenset(["find", "discover", "uncover", "recover", "seize", "confiscate", "defuse", "dismantle", "intercept", "clear", "remove", "destroy", "neutralize", "neutralise", "impound", "unearth", "locate", "detect"]),
     WEAPON_NOUNS, Cue("COERCE", "seize-weapons", ("military",), 0.7)),
    (frozenset(["establish", "set", "build", "open", "construct", "erect", "install"]),
     BASE_NOUNS, Cue("MOBILIZE", "base", ("military",), 0.7)),
    (frozenset(["exchange", "swap", "release", "free", "hand", "return"]),
     CAPTIVE_NOUNS, Cue("RETREAT", "release", ("humanitarian",), 0.7)),
    (frozenset(["form", "create", "establish", "set", "launch", "found"]),
     UNIT_NOUNS, Cue("MOBILIZE", "organize", ("military",), 0.6)),
)  # fmt: skip

PROTESTERS = frozenset(["protester", "demonstrator", "rioter", "activist", "marcher", "crowd", "student"])
#: who gathers, marches or chants in a protest when the text does not call them protesters
CROWDS = PROTESTERS | frozenset(
    ["people", "resident", "worker", "woman", "supporter", "villager", "family", "relative", "citizen",
     "youth", "farmer", "teacher", "doctor", "nurse", "employee", "retiree", "pensioner", "graduate",
     "opponent", "hundred", "thousand", "dozen", "tens", "trader", "vendor", "driver", "mother", "local",
     "inhabitant", "parent", "striker", "unionist", "member", "fan", "veteran", "refugee", "victim"]
)  # fmt: skip
#: acts of a crowd that make a protest event ("hundreds gathered outside the parliament")
CROWD_ACTS = frozenset(["gather", "march", "assemble", "converge", "chant", "rally", "demonstrate", "picket"])
#: what is fired at someone: a verb "fire" with one of these as object, or "with" one, is an attack
FIRED = frozenset(
    ["artillery", "mortar", "shell", "round", "rocket", "missile", "grenade", "bullet", "shot", "salvo",
     "volley", "projectile", "munition", "weapon", "gun", "rifle", "arm", "launcher", "rpg", "cannon",
     "howitzer", "tank", "ammunition", "fire", "burst", "barrage", "mine", "bomb", "barrel", "explosive",
     "cluster", "warhead", "drone", "torpedo"]
)  # fmt: skip
#: words that make a gas or a weapon chemical ("mustard gas", "chlorine munitions")
CHEMICALS = frozenset(["mustard", "sarin", "chlorine", "nerve", "toxic", "poison", "poisonous", "chemical", "vx", "phosgene", "cyanide"])  # fmt: skip
#: where a fired weapon is aimed: "fired at/on/into/towards the positions of X"
FIRED_AT = frozenset(["at", "on", "upon", "into", "toward", "towards", "against", "over"])
#: what protesters do that makes a protest event ("protesters blocked roads", "students marched")
PROTEST_ACTS = frozenset(
    [
        "march",
        "gather",
        "block",
        "chant",
        "take",
        "occupy",
        "rally",
        "shout",
        "sit",
        "hold",
        "stage",
        "burn",
        "throw",
        "hurl",
    ]
)

#: verbs whose object names the event ("launched an offensive", "held talks", "staged a protest")
LIGHT_VERBS = frozenset(
    [
        "carry",
        "launch",
        "conduct",
        "stage",
        "mount",
        "wage",
        "hold",
        "resume",
        "continue",
        "escalate",
        "step",
        "intensify",
        "begin",
        "start",
        "unleash",
        "perpetrate",
        "commit",
        "claim",
        "announce",
        "order",
        "organize",
        "organise",
        "lead",
        "join",
    ]
)

NOUNS: dict[str, Cue] = {
    **_cues(
        "ASSAULT",
        "attack assault offensive strike raid ambush clash fighting battle skirmish firefight "
        "gunbattle gunfight shooting gunfire massacre killing assassination invasion incursion violence combat",
        context=MIL,
    ),
    **_cues(
        "ASSAULT", "airstrike air_strike bombardment bombing airraid air_raid", mode="aerial", context=MIL
    ),
    **_cues("ASSAULT", "shelling barrage", mode="heavy-weapons", context=MIL),
    **_cues("ASSAULT", "explosion blast detonation", mode="explosives", context=MIL),
    **_cues("ASSAULT", "abduction kidnapping rape torture", mode="abuse", context=("human_rights",)),
    **_cues("PROTEST", "protest demonstration rally march sit-in die-in walkout", context=("political",)),
    **_cues("PROTEST", "riot unrest", mode="riot", context=("political",)),
    **_cues("CONSULT", "talk negotiation meeting summit conference visit consultation dialogue", context=DIP),
    **_cues(
        "MOBILIZE",
        "mobilization mobilisation deployment buildup build-up reinforcement",
        mode="troops",
        context=MIL,
    ),
    **_cues("COERCE", "arrest detention curfew blockade crackdown siege", context=("political",)),
    **_cues("RETREAT", "withdrawal pullout retreat", mode="withdraw", context=MIL),
    **_cues("ACCUSE", "accusation allegation condemnation", mode="allege", context=DIP),
    **_cues("ACCUSE", "investigation inquiry probe", mode="investigate", context=("legal",)),
    **_cues("REJECT", "rejection refusal", context=DIP),
    **_cues("THREATEN", "threat ultimatum", context=DIP),
    **_cues("SANCTION", "boycott", context=DIP),
    **_cues("CONSULT", "mediation", context=DIP),
    **_cues("SANCTION", "sanction embargo", context=DIP),
    **_cues("REQUEST", "appeal", context=DIP, strength=0.5),
}

#: nouns that name a peace process, by kind
PROCESS_NOUNS: dict[str, str] = {
    **{w: "ceasefire" for w in ("ceasefire", "cease-fire", "truce", "armistice", "cessation", "cease")},
    **{w: "talks" for w in ("talk", "negotiation", "conference", "summit", "dialogue", "consultation",
                            "mediation")},
    **{w: "agreement" for w in ("agreement", "deal", "accord", "treaty", "pact", "memorandum", "roadmap",
                                "plan", "settlement", "protocol", "initiative", "proposal")},
}  # fmt: skip

#: relief arriving: verbs of arrival, the vehicles that carry goods, and the goods that make it aid
ARRIVALS = frozenset(["arrive", "enter", "reach", "cross"])
CARRIERS_OF_GOODS = frozenset(["truck", "lorry", "convoy", "shipment", "consignment", "vessel", "ship", "airlift", "cargo"])  # fmt: skip
RELIEF_GOODS = frozenset(["aid", "relief", "humanitarian", "food", "fuel", "medicine", "medical", "medication", "supply", "water", "flour", "wheat", "grain", "vaccine", "tent", "blanket", "gas"])  # fmt: skip

#: what is stopped when fighting stops: "a pause in the fighting", "a halt to hostilities"
HOSTILITIES = frozenset(["fighting", "hostility", "hostilities", "combat", "violence", "attack", "bombing", "bombardment", "shelling", "strike", "airstrike", "operation", "war", "warfare", "clash", "firing", "fire", "shooting", "offensive"])  # fmt: skip
#: nouns that name a ceasefire when they stop hostilities ("a four-day pause in fighting") or say so
#: by their adjective ("a humanitarian pause", "an operational pause")
PAUSES = frozenset(["pause", "halt"])
PAUSE_ADJECTIVES = frozenset(["humanitarian", "operational"])
#: nouns whose "in/of/to" object is fighting that stops, not fighting that happens ("an end to the
#: fighting", "a lull in fighting", "a pause in fighting")
STOPPING = frozenset(["pause", "halt", "cessation", "end", "lull", "stop", "suspension", "respite", "break", "ceasefire", "cease-fire", "truce", "de-escalation", "reduction", "ending"])  # fmt: skip

#: what a verb does to a process, by process kind -> phase
PROCESS_VERBS: dict[str, dict[str, tuple[str, str]]] = {
    # verb lemma: {process kind: (event, phase)}
    "call": {"ceasefire": ("REQUEST", "called"), "talks": ("REQUEST", "planned")},
    "urge": {"ceasefire": ("REQUEST", "called"), "talks": ("REQUEST", "planned")},
    "demand": {"ceasefire": ("REQUEST", "called")},
    "appeal": {"ceasefire": ("REQUEST", "called")},
    "push": {"ceasefire": ("REQUEST", "called")},
    "seek": {"ceasefire": ("REQUEST", "called")},
    "propose": {"ceasefire": ("AGREE", "called"), "agreement": ("AGREE", "proposed"), "talks": ("AGREE", "planned")},
    "agree": {"ceasefire": ("AGREE", "accepted"), "agreement": ("AGREE", "proposed"), "talks": ("AGREE", "planned")},
    "accept": {"ceasefire": ("AGREE", "accepted"), "agreement": ("AGREE", "proposed"), "talks": ("AGREE", "planned")},
    "reach": {"ceasefire": ("AGREE", "accepted"), "agreement": ("SUPPORT", "signed")},
    "broker": {"ceasefire": ("AGREE", "accepted"), "agreement": ("SUPPORT", "signed")},
    "conclude": {"agreement": ("SUPPORT", "signed"), "talks": ("CONSULT", "held")},
    "strike": {"agreement": ("SUPPORT", "signed"), "ceasefire": ("AGREE", "accepted")},
    "sign": {"ceasefire": ("SUPPORT", "signed"), "agreement": ("SUPPORT", "signed")},
    "ratify": {"ceasefire": ("SUPPORT", "signed"), "agreement": ("SUPPORT", "signed")},
    "declare": {"ceasefire": ("CONCEDE", "declared")},
    "announce": {"ceasefire": ("CONCEDE", "declared"), "talks": ("CONSULT", "planned")},
    "observe": {"ceasefire": ("RETREAT", "in_force")},
    "respect": {"ceasefire": ("RETREAT", "in_force"), "agreement": ("COOPERATE", "implemented")},
    "implement": {"ceasefire": ("RETREAT", "in_force"), "agreement": ("COOPERATE", "implemented")},
    # an extension or renewal belongs to the running ceasefire and moves its end (ONTOLOGY: extended)
    "extend": {"ceasefire": ("AGREE", "extended"), "agreement": ("AGREE", "implemented")},
    "renew": {"ceasefire": ("AGREE", "extended")},
    "prolong": {"ceasefire": ("AGREE", "extended")},
    "maintain": {"ceasefire": ("RETREAT", "in_force")},
    **{verb: {"ceasefire": ("RETREAT", "in_force")} for verb in ("abide", "adhere", "comply", "honour", "honor", "uphold", "enforce")},
    "reject": {"ceasefire": ("REJECT", "rejected"), "agreement": ("REJECT", "rejected"), "talks": ("REJECT", "boycotted")},
    "refuse": {"ceasefire": ("REJECT", "rejected"), "agreement": ("REJECT", "rejected"), "talks": ("REJECT", "boycotted")},
    "ignore": {"ceasefire": ("REJECT", "rejected"), "agreement": ("REJECT", "rejected")},
    "dismiss": {"ceasefire": ("REJECT", "rejected"), "agreement": ("REJECT", "rejected")},
    "boycott": {"talks": ("REJECT", "boycotted"), "ceasefire": ("REJECT", "rejected")},
    "violate": {"ceasefire": ("ASSAULT", "violated"), "agreement": ("ASSAULT", "violated")},
    "breach": {"ceasefire": ("ASSAULT", "violated"), "agreement": ("ASSAULT", "violated")},
    "break": {"ceasefire": ("ASSAULT", "violated"), "agreement": ("ASSAULT", "violated")},
    "hold": {"talks": ("CONSULT", "held")},
    "attend": {"talks": ("CONSULT", "held")},
    "join": {"talks": ("CONSULT", "held")},
    "open": {"talks": ("CONSULT", "held")},
    "host": {"talks": ("CONSULT", "held")},
    "resume": {"talks": ("CONSULT", "resumed"), "ceasefire": ("RETREAT", "in_force")},
    "restart": {"talks": ("CONSULT", "resumed")},
    "pause": {"talks": ("REJECT", "suspended")},
    "suspend": {"talks": ("REJECT", "suspended"), "agreement": ("REJECT", "rejected"), "ceasefire": ("REJECT", "ended")},
    "postpone": {"talks": ("REJECT", "suspended")},
    "halt": {"talks": ("REJECT", "suspended")},
    "abandon": {"talks": ("REJECT", "suspended"), "ceasefire": ("REJECT", "ended"), "agreement": ("REJECT", "rejected")},
    "quit": {"talks": ("REJECT", "suspended")},
    "invite": {"talks": ("CONSULT", "planned")},
    "end": {"ceasefire": ("REJECT", "ended")},
    "blow": {"ceasefire": ("REJECT", "ended"), "talks": ("REJECT", "suspended")},  # "the truce was blown up"
    "scrap": {"ceasefire": ("REJECT", "ended"), "agreement": ("REJECT", "rejected")},
}  # fmt: skip

#: intransitive verbs whose *subject* is the process ("the truce took effect", "talks collapsed")
PROCESS_SUBJECT_VERBS: dict[str, dict[str, tuple[str, str]]] = {
    "hold": {"ceasefire": ("RETREAT", "in_force")},
    "take": {"ceasefire": ("RETREAT", "in_force")},
    "come": {"ceasefire": ("RETREAT", "in_force")},
    "go": {"ceasefire": ("RETREAT", "in_force")},
    "begin": {"ceasefire": ("RETREAT", "in_force"), "talks": ("CONSULT", "held")},
    "start": {"ceasefire": ("RETREAT", "in_force"), "talks": ("CONSULT", "held")},
    "collapse": {"ceasefire": ("REJECT", "ended"), "talks": ("REJECT", "suspended"), "agreement": ("REJECT", "rejected")},
    "fail": {"ceasefire": ("REJECT", "ended"), "talks": ("REJECT", "suspended"), "agreement": ("REJECT", "rejected")},
    "falter": {"ceasefire": ("REJECT", "ended"), "talks": ("REJECT", "suspended")},
    "end": {"ceasefire": ("REJECT", "ended"), "talks": ("CONSULT", "held")},
    "expire": {"ceasefire": ("REJECT", "ended")},
    "lapse": {"ceasefire": ("REJECT", "ended")},
    "resume": {"talks": ("CONSULT", "resumed")},
    "open": {"talks": ("CONSULT", "held")},
    "convene": {"talks": ("CONSULT", "held")},
    "stall": {"talks": ("REJECT", "suspended")},
}  # fmt: skip

#: process-subject predicates with a copula: "the ceasefire was effectively over"
PROCESS_STATES: dict[str, dict[str, tuple[str, str]]] = {
    "over": {"ceasefire": ("REJECT", "ended"), "talks": ("REJECT", "suspended")},
    "dead": {"ceasefire": ("REJECT", "ended"), "talks": ("REJECT", "suspended")},
    "effect": {"ceasefire": ("RETREAT", "in_force")},
    "force": {"ceasefire": ("RETREAT", "in_force")},
    "place": {"ceasefire": ("RETREAT", "in_force")},
}


#: what rebels, troops, police... are: role nouns an actor phrase can head
ACTOR_NOUNS = frozenset(
    [
        "government",
        "regime",
        "army",
        "military",
        "force",
        "troop",
        "soldier",
        "militia",
        "militant",
        "rebel",
        "fighter",
        "insurgent",
        "jihadist",
        "police",
        "policeman",
        "officer",
        "official",
        "minister",
        "ministry",
        "president",
        "leader",
        "commander",
        "general",
        "envoy",
        "ambassador",
        "diplomat",
        "delegation",
        "representative",
        "spokesman",
        "spokesperson",
        "spokeswoman",
        "opposition",
        "protester",
        "demonstrator",
        "activist",
        "student",
        "worker",
        "villager",
        "resident",
        "civilian",
        "people",
        "refugee",
        "migrant",
        "child",
        "victim",
        "family",
        "journalist",
        "farmer",
        "company",
        "group",
        "faction",
        "coalition",
        "alliance",
        "party",
        "movement",
        "council",
        "committee",
        "court",
        "parliament",
        "mission",
        "monitor",
        "observer",
        "man",
        "woman",
        "gunman",
        "attacker",
        "assailant",
        "bomber",
        "terrorist",
        "authority",
        "administration",
        "state",
        "country",
        "side",
        "member",
        "personnel",
        "unit",
        "brigade",
        "battalion",
        "division",
        "squad",
        "patrol",
        "team",
        "agency",
        "organisation",
        "organization",
        "union",
        "nation",
        "power",
        "backer",
        "ally",
        "partner",
        "mediator",
        "guarantor",
        "sponsor",
        "intelligence",
        "service",
        "navy",
        "elder",
        "chief",
        "cleric",
        "imam",
        "priest",
        "pastor",
        "teacher",
        "doctor",
        "nurse",
        "trader",
        "shopkeeper",
        "businessman",
        "driver",
        "passenger",
        "worshipper",
        "pilgrim",
        "herder",
        "boy",
        "girl",
        "person",
        "teenager",
        "youth",
        "guard",
        "gendarme",
        "ranger",
        "peacekeeper",
        "policeman",
        "militiaman",
        "guerrilla",
        "sniper",
        "lawyer",
        "judge",
        "mayor",
        "governor",
        "chairman",
        "candidate",
        "politician",
        "paramedic",
        "volunteer",
    ]
)

#: people who are not combatants: victims whose naming makes an attack violence against civilians
CIVILIAN_NOUNS = frozenset(
    ["civilian", "villager", "resident", "worshipper", "student", "child", "children", "woman", "women",
     "farmer", "journalist", "passenger", "man", "men", "boy", "girl", "people", "person", "elder",
     "teacher", "doctor", "nurse", "trader", "shopkeeper", "herder", "pastoralist", "pilgrim", "priest",
     "pastor", "imam", "cleric", "family", "displaced", "refugee", "migrant", "worker", "driver",
     "shepherd", "fisherman", "fishermen", "teenager", "infant", "baby", "girl", "wife", "son", "daughter",
     "relative", "mother", "father", "businessman", "merchant", "lawyer", "activist", "tribesman",
     "tribesmen", "villagers", "individual", "youth", "local", "vendor", "motorist", "pedestrian",
     "inhabitant", "chief", "volunteer", "paramedic", "medic", "official", "candidate", "mayor"]
)  # fmt: skip
#: people who bear arms: victims whose naming keeps an attack a battle
COMBATANT_NOUNS = frozenset(
    ["soldier", "troop", "troops", "militant", "fighter", "rebel", "police", "policeman", "policemen",
     "officer", "gendarme", "guard", "militia", "militiaman", "militiamen", "insurgent", "terrorist",
     "jihadist", "ranger", "peacekeeper", "commander", "personnel", "force", "forces", "gunman",
     "gunmen", "attacker", "assailant", "bomber", "combatant", "guerrilla", "guerrillas", "recruit",
     "serviceman", "servicemen", "sniper", "member", "members", "army", "cadre", "operative", "agent"]
)  # fmt: skip

#: light verbs that introduce a nominal event; prepositions that attach places to an event
PLACE_PREPOSITIONS = frozenset(["in", "at", "near", "outside", "inside", "around", "across", "into", "toward", "towards", "from", "on", "to", "off", "within", "throughout", "along", "over"])  # fmt: skip

#: past forms the lemmatizer sometimes leaves alone -> base form
IRREGULAR_BASES = {
    "struck": "strike", "shot": "shoot", "fought": "fight", "met": "meet", "held": "hold", "took": "take",
    "sought": "seek", "overran": "overrun", "withdrew": "withdraw", "withdrawn": "withdraw", "broke": "break",
    "blew": "blow", "froze": "freeze", "undertook": "undertake", "hit": "hit", "bombed": "bomb",
    "laid": "lay", "lent": "lend", "slew": "slay",
}  # fmt: skip

_IRREGULAR = (
    "met fought struck shot hit sent broke broken blew blown withdrew withdrawn overran overrun "
    "sought undertook undertaken froze frozen burnt lent"
)


#: object-rule verbs too common to mark a sentence by themselves ("set up a base" is found by "base")
_COMMON_VERBS = frozenset(["set", "open", "build", "hand", "return", "form", "create", "launch", "found", "free", "release", "find", "clear", "remove", "install", "locate", "detect"])  # fmt: skip


def _forms(word: str, verb: bool = True) -> set[str]:
    """Inflected forms of a lemma, generously (over-generation only costs a parse)."""
    forms = {word, word + "s", word + "es"}
    if word.endswith("y"):
        forms.add(word[:-1] + "ies")
    if not verb:
        return forms
    forms |= {word + "ed", word + "d", word + "ing"}
    if word.endswith("e"):
        forms.add(word[:-1] + "ing")
    if word.endswith("y"):
        forms.add(word[:-1] + "ied")
    if len(word) > 2 and word[-1] not in "aeiouwy" and word[-2] in "aeiou" and word[-3] not in "aeiou":
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


#: verbs of breaking a process, which mark a sentence even when it names the process by a pronoun or
#: a word of its own ("X violated the operational pause")
_BREAKING = frozenset(["violate", "breach"])
#: trigger words left out of the prefilter: too common to mark a sentence alone ("US-backed")
_TOO_COMMON = frozenset({"back"})
_MARKER_NOUNS = frozenset(
    [
        "convoy",
        "truck",
        "lorry",
        "shipment",
        "base",
        "outpost",
        "headquarters",
        "barracks",
        "garrison",
        "prisoner",
        "detainee",
        "hostage",
        "captive",
        "troop",
    ]
)


def _prefilter_pattern() -> re.Pattern[str]:
    verbs: set[str] = (set(VERBS) - _TOO_COMMON) | PROTEST_ACTS & {"march", "rally", "chant"}
    for verb_set, _nouns, _ in OBJECT_RULES:
        verbs |= verb_set - _COMMON_VERBS
    verbs |= _BREAKING
    nouns: set[str] = set(NOUNS) | set(PROCESS_NOUNS) | PROTESTERS | _MARKER_NOUNS | PAUSES
    nouns |= WEAPON_NOUNS - {"round", "shell", "arm", "device", "mine"}
    words = {f for v in verbs for f in _forms(v)} | {f for n in nouns for f in _forms(n, verb=False)}
    for verb, rest in PHRASAL:
        forms = _forms(verb) | {form for form, base in IRREGULAR_BASES.items() if base == verb}
        words |= {f"{form} {tail}" for form in forms for tail in _forms(rest, verb=False)}
    words |= set(_IRREGULAR.split()) | {form for form, base in IRREGULAR_BASES.items() if base in VERBS}
    words |= (
        _forms("fire")
        | {f for v in CROWD_ACTS for f in _forms(v)}
        | {"sit-in", "die-in", "took to the streets"}
    )
    words |= CHEMICALS | {
        f for v in ("drop", "lob", "hurl", "unleash", "liberate", "free") for f in _forms(v)
    }
    words |= {
        "cease-fire",
        "hostilities",
        "took control",
        "took over",
        "tear gas",
        "called for",
        "called on",
        "observation post",
        "observation posts",
        "military post",
        "military posts",
    }
    alternation = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)


PREFILTER = _prefilter_pattern()


def prefilter(sentence: str) -> bool:
    """True when the sentence holds a word that might trigger an event (cheap; many false positives)."""
    return PREFILTER.search(sentence) is not None
