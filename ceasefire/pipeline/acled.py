"""ACLED event and sub-event types (codebook names) for the events ACLED would code.

The decision reads the PLOVER event and mode, the actors' sectors, and cue words of the event's
sentence (means of attack, who was hit, what was done to protesters). Events ACLED does not code
(statements, meetings, accusations) get no ACLED type.
"""

from __future__ import annotations

import bisect
import re

from ceasefire.knowledge.lexicon import CIVILIAN_NOUNS, COMBATANT_NOUNS
from ceasefire.knowledge.weapons import weapons_in
from ceasefire.models import AcledType, Document, Event
from ceasefire.pipeline.events import CHARGED_ATTACK
from ceasefire.pipeline.stage import StageSpec
from ceasefire.pipeline.triggers import ATTRIBUTED

BATTLES = "Battles"
REMOTE = "Explosions/Remote violence"
CIVILIANS = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

SUB_EVENTS: dict[str, str] = {
    "Armed clash": BATTLES,
    "Government regains territory": BATTLES,
    "Non-state actor overtakes territory": BATTLES,
    "Chemical weapon": REMOTE,
    "Air/drone strike": REMOTE,
    "Suicide bomb": REMOTE,
    "Shelling/artillery/missile attack": REMOTE,
    "Remote explosive/landmine/IED": REMOTE,
    "Grenade": REMOTE,
    "Sexual violence": CIVILIANS,
    "Attack": CIVILIANS,
    "Abduction/forced disappearance": CIVILIANS,
    "Peaceful protest": PROTESTS,
    "Protest with intervention": PROTESTS,
    "Excessive force against protesters": PROTESTS,
    "Violent demonstration": RIOTS,
    "Mob violence": RIOTS,
    "Agreement": STRATEGIC,
    "Arrests": STRATEGIC,
    "Change to group/activity": STRATEGIC,
    "Disrupted weapons use": STRATEGIC,
    "Headquarters or base established": STRATEGIC,
    "Looting/property destruction": STRATEGIC,
    "Non-violent transfer of territory": STRATEGIC,
    "Other": STRATEGIC,
}

_WEAPON_SUB = {
    "chemical": "Chemical weapon",
    "suicide": "Suicide bomb",
    "aerial": "Air/drone strike",
    "grenade": "Grenade",
    "explosive": "Remote explosive/landmine/IED",
    "artillery": "Shelling/artillery/missile attack",
}


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_WEAPON_WORDS = (
    r"(?:weapons?|arms|ammunition|ammo|munitions?|explosives?|ieds?|improvised explosive|"
    r"bombs?|devices?|(?:land)?mines?|grenades?|rockets?|missiles?|guns?|firearms?|rifles?|"
    r"pistols?|revolvers?|cartridges?|rounds|shells|mortars?|detonators?|caches?|arsenal|ordnance|tnt)"
)
_DISRUPT_VERBS = (
    r"(?:found|find\w*|discover\w*|uncover\w*|recover\w*|seiz\w+|confiscat\w+|defus\w+|"
    r"dismantl\w+|intercept\w*|clear\w*|removed?|destroy\w*|neutrali[sz]\w+|impound\w*|"
    r"unearth\w*|shot down|downed|foil\w*|thwart\w*|detected)"
)
DISRUPTED = _rx(
    rf"\b(?:{_DISRUPT_VERBS} (?:\S+ ){{0,8}}?{_WEAPON_WORDS}|{_WEAPON_WORDS} (?:\S+ ){{0,6}}?"
    rf"(?:was |were |have been |has been |had been )?{_DISRUPT_VERBS}|bomb disposal|demin\w+|"
    rf"controlled explosion|weapons? cache|arms cache|cache of)\b"
)
DOWNED = _rx(
    r"\b(?:(?:shot|shoot\w*|brought|bring\w*) down|downed|intercept\w*)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:drones?|uavs?|aircraft|(?:air)?planes?|jets?|helicopters?|missiles?|rockets?|projectiles?|"
    r"quadcopters?)\b"
)
#: a monitor's count of blasts or breaches ("the SMM recorded 40 explosions"): shelling, not a clash
OBSERVED = _rx(r"\b(?:record\w*|observ\w*|heard|hear\w*|register\w*|count\w*|monitor\w*|logg\w*|noted)\b")
_COUNTED = ("explosion", "violation", "blast", "detonation", "impact", "breach")
_DEVICES = _rx(r"\b(?:ieds?|improvised|mines?|landmines?|bombs?|explosive devices?|suicide|grenades?)\b")
#: civilians clashing with the police: a riot, not a battle
RIOT = _rx(
    r"\b(?:workers|residents|students|youths?|protesters|demonstrators|villagers|supporters|rioters|"
    r"crowds?|fans|locals|inhabitants|people|traders|vendors)\s+(?:[\w-]+\s+){0,3}?clash\w*\s+with\s+"
    r"(?:the\s+)?(?:riot\s+)?(?:police|security forces|gendarmes?|troops|soldiers|officers)\b|"
    r"\bclash\w*\s+(?:[\w-]+\s+){0,3}?between\s+(?:[\w-]+\s+){0,2}?(?:police|security forces)\s+and\s+"
    r"(?:[\w-]+\s+){0,2}?(?:protesters|demonstrators|residents|students|youths|workers|villagers)\b"
)
_CASUALTY_PASSIVE = re.compile(
    r"([A-Za-z][\w'’\- ]{0,60}?)\s+(?:were|was|had been|have been|has been|are|is)\s+(?:\w+\s+)?"
    r"(?:killed|wounded|injured|hurt|shot|abducted|kidnapped|executed|beheaded|massacred)\b",
    re.IGNORECASE,
)
_CASUALTY_OBJECT = re.compile(
    r"\b(?:kill\w*|wound\w*|injur\w*|shot dead|shooting dead|execut\w*|behead\w*|massacr\w*)\s+"
    r"(?:(?:at least|around|about|some|nearly|over|more than|up to)\s+)?(?:\d+|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|several|dozens of|scores of|hundreds of|a|an|the|his|her|their)?\s*"
    r"((?:[\w-]+\s+){0,2}[\w-]+)",
    re.IGNORECASE,
)
#: places whose attack is an attack on civilians when no armed victim is named
CIVILIAN_PLACES = frozenset(
    ["village", "house", "home", "market", "school", "hospital", "clinic", "mosque", "church", "bus",
     "camp", "farm", "shop", "wedding", "funeral", "community", "neighbourhood", "neighborhood", "centre",
     "center", "residence", "homestead", "hamlet", "settlement", "compound"]
)  # fmt: skip
CIVILIAN_VICTIMS = _rx(
    r"\b(?:civilians?|villagers?|residents?|worshippers?|students?|children|women|farmers?|"
    r"journalists?|passengers?|shoppers|pedestrians?|teachers?|doctors?|aid workers?|"
    r"family|families|man|woman|boy|girl|people|unarmed|shopkeeper|trader|herders?)\b"
)
REGAIN = _rx(
    r"\b(?:recaptur\w+|retak\w+|retook|regain\w*|liberat\w+|reclaim\w*|took back|taken back|"
    r"back under (?:government|army) control)\b"
)
OVERTAKE = _rx(
    r"\b(?:captur\w+|seiz\w+|took control|taken control|taking control|overr[au]n\w*|"
    r"took over|taken over|fell to|gain\w* control|advanced? into|stormed)\b"
)
#: force that stops a protest without serious harm (ACLED: protest with intervention)
INTERVENTION = _rx(
    r"\b(?:dispers\w+|tear ?gas\w*|water cannons?|rubber bullets|batons?|broke up|break\w* up|cordon\w*|"
    r"pepper[- ]spray\w*|stun grenades?|suppress\w*|chas\w+|dragg?\w*|detain\w*|arrest\w*|rounded up|"
    r"forcibly (?:removed|cleared|evicted)|cleared (?:the|a) (?:square|camp|sit-in|road))\b"
)
#: arrests and detentions only count as intervention when the authorities make them at the protest
SECURITY = _rx(
    r"\b(?:police\w*|security forces|security personnel|soldiers|troops|army|gendarme\w*|authorities|"
    r"national guard|guards?|officers|riot squad|military)\b"
)
_ARRESTS_ONLY = _rx(r"\b(?:detain\w*|arrest\w*|rounded up)\b")
#: force that kills or seriously injures protesters (ACLED: excessive force against protesters)
EXCESSIVE = _rx(
    r"\b(?:killed|killing|shot dead|shot and killed|gunned down|opened fire|fired live|live (?:ammunition|fire|"
    r"rounds|bullets)|died|dead|deaths?|fatal\w*|seriously (?:injured|wounded)|serious injuries|critically|"
    r"excessive force|brutal\w*|violently (?:suppress|disperse|attack|beat)\w*|violent crackdown|"
    r"beat\w* (?:[\w-]+\s+){0,3}?to death|dozens (?:of \w+ )?(?:were )?(?:injured|wounded)|"
    r"(?:injured|wounded) (?:dozens|scores|hundreds))\b"
)
#: what violent protesters do (ACLED: violent demonstration); riot police and burning tyres are not it
VIOLENT_PROTEST = _rx(
    r"\b(?:riot(?:s|ed|ing|ers?)?(?! (?:police|gear|squad|control|shields?))|stones?|rocks?|pelt\w*|"
    r"torch\w*|set fire to|set (?:\w+ ){1,3}on fire(?<!tires on fire)(?<!tyres on fire)|"
    r"burn\w* (?!tires|tyres)(?:[\w-]+ ){0,2}(?:cars?|vehicles?|buildings?|offices?|shops?|stations?|"
    r"houses?|banks?|property)|vandali\w+|smash\w*|clash\w*|scuffle\w*|fought|petrol bombs?|molotov|hurl\w*|"
    r"threw|thrown|throwing|projectiles?|fireworks|violent(?:ly)? (?:protest|demonstrat|clash|riot)\w*|loot\w*|"
    r"damag\w+|stormed|breach\w*|pull\w* down|tore down|confronted|attacked (?:the )?police)\b"
)
MOB = _rx(
    r"\b(?:mob|lynch\w*|vigilante\w*|angry crowd|mob justice|jungle justice|"
    r"(?:villagers|residents|locals|crowds?|a group of (?:villagers|residents|youths))\s+(?:[\w-]+\s+){0,2}?"
    r"(?:attack\w*|beat\w*|kill\w*|burn\w*|torch\w*|stone\w*)|beat\w* (?:[\w-]+\s+){0,4}?to death|"
    r"on suspicion of (?:theft|stealing|witchcraft|kidnapping|robbery|being))\b"
)
SEXUAL = _rx(r"\b(?:rap(?:e|ed|es|ing)|sexual\w*|sexually)\b")
ABDUCT = _rx(r"\b(?:abduct\w*|kidnap\w*|disappear\w*|hostages?|taken captive|missing)\b")
PROPERTY = _rx(
    r"\b(?:loot\w*|torch\w*|burn\w* (?:down )?(?:\w+ ){0,3}(?:houses?|homes?|shops?|vehicles?|"
    r"buildings?|property|villages?|crops)|set (?:\w+ ){0,3}on fire|destroy\w* (?:\w+ ){0,3}"
    r"(?:houses?|homes?|property|shops?|buildings?|crops)|vandali\w+|demolish\w*|ransack\w*|"
    r"pillag\w+|razed?)\b"
)
HEADQUARTERS = _rx(
    r"\b(?:(?:establish\w*|set up|sets up|setting up|opened|open\w* a|built|build\w*) (?:\w+ ){0,3}"
    r"(?:headquarters|base|bases|camp|camps|office|outpost|checkpoints?|post))\b"
)
GROUP_CHANGE = _rx(
    r"\b(?:merg\w+|defect\w*|form\w* (?:a |an )?new|new (?:group|faction|leader|coalition|"
    r"alliance)|split\w*|disband\w*|dissol\w+|renam\w+|pledg\w+ allegiance|joined forces|"
    r"announc\w+ (?:the )?(?:formation|creation|establishment)|recruit\w*|appoint\w+|"
    r"named (?:as )?(?:the )?new|elected (?:as )?(?:the )?new|suspend\w* (?:its|their) "
    r"(?:activities|operations)|resum\w+ (?:its|their) (?:activities|operations)|"
    r"leader (?:was )?killed|surrender\w*)\b"
)
TRANSFER = _rx(
    r"\b(?:withdr[ae]w\w*|pull\w* out|hand\w* (?:over )?(?:control|(?:\w+ ){0,3}(?:positions?|areas?|towns?|"
    r"city|villages?|bases?|checkpoints?|territory|posts?|neighbou?rhoods?|districts?))|handover|"
    r"evacuat\w+ (?:from|their)|vacat\w+|retreat\w*|without (?:a )?(?:fight|resistance)|redeploy\w*)\b"
)
AGREEMENT = _rx(
    r"\b(?:agreement|agreed|deal|accord|treaty|truce|cease-?fire|ceasefire|peace (?:deal|pact)|"
    r"signed|prisoner (?:swap|exchange)|exchange of prisoners|memorandum|pact|reconcil\w+|"
    r"released? (?:\w+ ){0,3}(?:prisoners|detainees|hostages)|"
    r"exchang\w+ (?:\w+ ){0,3}(?:prisoners|detainees|bodies|captives|hostages)|surrender\w*)\b"
)
#: talks that ACLED records as an agreement: peace talks, ceasefire talks, talks with armed groups
PEACE_TALKS = _rx(
    r"\b(?:peace|cease-?fire|truce|reconciliation|rebels?|insurgents?|armed groups?|militants?)\b"
)
STATE_FORCES = _rx(
    r"\b(?:army|troops|troopers|soldiers|military|government forces|security forces|regime forces|"
    r"police|armed forces|national guard|marines|gendarmes?|tatmadaw|pro-government|loyalist)\b"
)
NON_STATE = _rx(
    r"\b(?:rebels?|insurgents?|militants?|jihadists?|terrorists?|militias?|fighters|guerrillas?)\b"
)
PROTEST_CONTEXT = _rx(
    r"\b(?:protest\w*|demonstrat\w+|rall(?:y|ies|ied)|rioters?|riots?|marchers|sit-ins?|"
    r"gilets jaunes|yellow vests?)\b"
)
PROTESTERS_HIT = _rx(
    r"\b(?:(?:protesters?|demonstrators?|marchers|students|crowds?)\W+(?:\w+ ){0,3}(?:were |was )?"
    r"(?:killed|shot|shot dead|gunned down)|(?:opened fire|fired live \w+|fired) "
    r"(?:\w+ ){0,2}(?:on|at|into) (?:\w+ ){0,2}(?:protesters|demonstrators|crowds?|marchers)|"
    r"live (?:ammunition|fire|rounds))\b"
)
NOT_CONFLICT = _rx(
    r"\b(?:earthquake|flood\w*|landslide|cyclone|hurricane|typhoon|storm|tornado|tsunami|volcan\w+|"
    r"wildfire|blaze|fire broke out|caught fire|accident\w*|crash\w*|derail\w*|collapsed?|"
    r"gas leak|leak|stampede|drown\w*|heatwave|outbreak|epidemic|pandemic|robber\w*|"
    r"smuggl\w+|cartel|drug|theft|fraud|burglar\w*|factory|plant|refinery|mine blast|boiler|"
    r"gas (?:cylinder|container|tank|canister|explosion|pipeline)s?|cooking gas|propane|furnace|fire ?fighters?|"
    r"ammonium nitrate|warehouse|fireworks|collision|collided|capsiz\w+|short circuit|electrical fault)\b"
)
ATTACK_WORDS = _rx(
    r"\b(?:attack\w*|militants?|insurgents?|rebels?|terror\w*|gunmen|troops|soldiers|"
    r"bomb(?:ed|ing|er)s?|shell\w*|air ?strikes?|ambush\w*|jihadists?|suicide)\b"
)
ARRESTS = _rx(
    r"\b(?:arrest\w*|detain\w*|detention|custody|apprehend\w*|round(?:ed)? up|jailed|"
    r"taken into custody|captured)\b"
)


class AcledTypes:
    """Assign ACLED event and sub-event types."""

    spec = StageSpec.of("acled", 6, requires={"events"}, produces={"events.acled"})

    def __call__(self, doc: Document) -> Document:
        starts = [s.start for s in doc.sentences]
        for event in doc.events:
            sub = classify(event, _following(doc, starts, event.evidence.end))
            if sub is not None:
                event.acled = AcledType(SUB_EVENTS[sub], sub)
        return doc


def _following(doc: Document, starts: list[int], end: int) -> str:
    """The sentence after an event's sentence, where a short report tells its casualties."""
    after = bisect.bisect_left(starts, end)
    return doc.sentences[after].text if after < len(doc.sentences) else ""


def classify(event: Event, following: str = "") -> str | None:
    """ACLED sub-event type of ``event``, or None when ACLED would not code it. ``following`` is the
    next sentence of the document (casualties: "3 soldiers were killed")."""
    text = event.evidence.text
    kind = event.event
    if kind == "ACCUSE" and any(r.startswith(CHARGED_ATTACK) for r in event.reasons):
        kind = "ASSAULT"  # "the ministry said the rebels shelled the town": ACLED codes the shelling
    if ATTRIBUTED in event.reasons:
        return None  # the attack told as someone's responsibility is an attribution, not a new attack
    if event.mode == "seize-weapons" or (
        kind in {"ASSAULT", "MOBILIZE", "COERCE"} and (DISRUPTED.search(text) or DOWNED.search(text))
    ):
        return "Disrupted weapons use"
    if event.mode == "base":
        return "Headquarters or base established"
    if kind == "MOBILIZE" and event.mode in {"troops", "organize"} and not _patrol(event):
        return "Change to group/activity"
    if kind == "RETREAT" and event.mode == "defect":
        return "Change to group/activity"
    if kind in {"ASSAULT", "PROTEST", "COERCE"} and PROTEST_CONTEXT.search(text):
        return _protest(text, event, following)
    if kind == "ASSAULT" and MOB.search(text):
        return "Mob violence"
    if kind == "ASSAULT" and RIOT.search(text):
        return "Violent demonstration"
    if kind == "RETREAT" and event.trigger.text.lower().startswith("surrender"):
        return "Agreement"  # ACLED records surrenders as agreements
    if kind == "ASSAULT" and NOT_CONFLICT.search(text) and not ATTACK_WORDS.search(text):
        return None
    if kind == "ASSAULT":
        return _violence(event, text, following)
    if kind == "PROTEST":
        return _protest(text, event, following)
    if kind == "COERCE":
        if event.mode == "crowd-control" or re_protest(text):
            return (
                "Excessive force against protesters"
                if EXCESSIVE.search(text)
                else "Protest with intervention"
            )
        if ARRESTS.search(text) or event.trigger.text.lower().startswith(
            ("arrest", "detain", "jail", "imprison")
        ):
            return "Arrests"
        if event.mode == "seize" and OVERTAKE.search(text):
            return _territory(event, text)
        return None
    if kind == "MOBILIZE" and HEADQUARTERS.search(text):
        return "Headquarters or base established"
    if kind == "RETREAT" and event.process is None and TRANSFER.search(text):
        return "Non-violent transfer of territory"
    if (
        event.process is not None
        and event.process.kind in {"ceasefire", "agreement"}
        and event.process.phase in {"accepted", "declared", "signed", "in_force", "extended", "implemented"}
    ):
        return "Agreement"
    if kind in {"AGREE", "SUPPORT", "RETREAT", "CONCEDE"} and AGREEMENT.search(event.scope or text):
        return "Agreement"
    if (
        kind == "CONSULT"
        and event.process is not None
        and event.process.kind == "talks"
        and event.process.phase in {"held", "resumed"}
        and PEACE_TALKS.search(text)
    ):
        return "Agreement"  # ACLED codes peace talks as an agreement
    if HEADQUARTERS.search(text):
        return "Headquarters or base established"
    if kind in {"SUPPORT", "AGREE", "CONCEDE", "MOBILIZE"} and GROUP_CHANGE.search(text):
        return "Change to group/activity"
    return None


def re_protest(text: str) -> bool:
    return bool(re.search(r"\b(?:protest\w*|demonstrat\w+|rall(?:y|ies)|marchers|crowds?)\b", text, re.I))


def _violence(event: Event, text: str, following: str = "") -> str:
    trigger = event.trigger.text.lower()
    if SEXUAL.search(text) and (event.mode == "abuse" or "rap" in trigger or "sexual" in text.lower()):
        return "Sexual violence"
    if re_protest(text) and EXCESSIVE.search(text):
        return "Excessive force against protesters"
    if MOB.search(text):
        return "Mob violence"
    if trigger.startswith(_COUNTED) and OBSERVED.search(text) and not _DEVICES.search(text):
        return "Shelling/artillery/missile attack"  # "the SMM recorded 40 explosions near X"
    scope = event.scope or text
    for weapon in weapons_in(scope):
        if weapon in _WEAPON_SUB:
            return _WEAPON_SUB[weapon]
    if (event.mode == "abuse" and ABDUCT.search(text)) or trigger.startswith(("abduct", "kidnap")):
        return "Abduction/forced disappearance"
    if event.mode == "occupy" or (OVERTAKE.search(scope) and not ABDUCT.search(text)):
        return _territory(event, text)  # the clause's own capture, before weapons told elsewhere
    for weapon in weapons_in(text):
        if weapon in _WEAPON_SUB:
            return _WEAPON_SUB[weapon]
    if OVERTAKE.search(text) and not ABDUCT.search(text):
        return _territory(event, text)
    if event.mode == "destroy" or (
        PROPERTY.search(text) and not re.search(r"\bkill\w*|\bdead\b", text, re.I)
    ):
        return "Looting/property destruction"
    if RIOT.search(text):
        return "Violent demonstration"
    if _civilian_target(event, text, following):
        return "Attack"
    return "Armed clash"


def _patrol(event: Event) -> bool:
    return event.trigger.text.lower().startswith("patrol")


def victims(event: Event, text: str, following: str = "") -> set[str]:
    """Words naming who was hit: the event's recipients, and who the sentence or the next one says
    was killed, wounded or taken ("3 soldiers were killed", "killing 8 civilians")."""
    parts = [r.text for r in event.recipient]
    for chunk in (text, following):
        parts += [m.group(1).split(",")[-1] for m in _CASUALTY_PASSIVE.finditer(chunk)]
        parts += [m.group(1) for m in _CASUALTY_OBJECT.finditer(chunk)]
    return {w for part in parts for w in re.findall(r"[a-z]+", part.lower())}


_CIVIC_LEADERS = _rx(
    r"\b(?:social|community|tribal|religious|local|indigenous|union|village|youth|women's|human rights|"
    r"civil society|land rights|environmental)\s+(?:leaders?|activists?|defenders?|figures?|elders?)\b"
)


def _civilian_target(event: Event, text: str, following: str = "") -> bool:
    sectors = {r.sector for r in event.recipient if r.sector}
    if sectors & {"CVL", "REF", "MED", "EDU", "REL", "HLH", "NGO", "BUS"}:
        return True
    if sectors & {"MIL", "REB", "UAF", "COP", "SPY"}:
        return False
    if any(_CIVIC_LEADERS.search(r.text) for r in event.recipient):
        return True  # "a social leader", "a tribal elder": not a commander
    hit = victims(event, text, following)
    armed, unarmed = hit & COMBATANT_NOUNS, hit & CIVILIAN_NOUNS
    if armed or unarmed:
        return bool(unarmed and not armed)
    if hit & CIVILIAN_PLACES:
        return True
    return bool(CIVILIAN_VICTIMS.search(text) and not re.search(r"\bclash\w*|\bgun ?battle|\bexchange of fire",
                                                                 text, re.I))  # fmt: skip


def _territory(event: Event, text: str) -> str:
    """Who took the ground: the state (with its allies) regains it; a non-state group overtakes it.
    Without a resolved actor, the words of the taker or of the one driven out decide."""
    state = any(a.sector in {"GOV", "MIL", "COP"} for a in event.actor)
    rebels = any(a.sector in {"REB", "UAF", "OPP"} for a in event.actor)
    if not (state or rebels):
        state = any(STATE_FORCES.search(a.text) for a in event.actor)
        rebels = any(a.sector in {"REB", "UAF", "OPP"} for a in event.recipient) and not state
        if not event.actor and not rebels:
            state = bool(
                STATE_FORCES.search(text) and not NON_STATE.search(text.split(event.trigger.text)[0])
            )
        if rebels and not event.actor:
            return "Government regains territory"  # the rebels were driven out
    if state or (REGAIN.search(text) and not rebels):
        return "Government regains territory"
    return "Non-state actor overtakes territory"


def _protest(text: str, event: Event, following: str = "") -> str:
    """Which of the protest and riot types (ACLED's order: a mob; protesters who are violent, even
    when forces kill some of them; force that kills or maims peaceful protesters; force that stops
    them; else peaceful). Force against a protest event is judged on its own clause (a march that
    mourns last month's dead was peaceful) and on the next sentence when that one tells what
    happened to the protesters."""
    own = event.scope or text if event.event == "PROTEST" else text
    if event.event == "PROTEST" and _PROTESTERS_AGAIN.search(following):
        own, text = f"{own} {following}", f"{text} {following}"
    if MOB.search(text):
        return "Mob violence"
    if RIOT.search(text) or event.mode == "riot" or VIOLENT_PROTEST.search(text):
        return "Violent demonstration"
    forced = event.event in {"ASSAULT", "COERCE"} or bool(SECURITY.search(own))
    if PROTESTERS_HIT.search(own) or (forced and EXCESSIVE.search(own)):
        return "Excessive force against protesters"
    if _intervened(own) or event.event == "COERCE":
        return "Protest with intervention"
    return "Peaceful protest"


_PROTESTERS_AGAIN = _rx(
    r"\b(?:protesters?|demonstrators?|marchers|participants|they|them|crowds?|rally|protest)\b"
)


def _intervened(text: str) -> bool:
    """Authorities stopped the protest: dispersal means, or arrests made by the police."""
    found = [m.group(0) for m in INTERVENTION.finditer(text)]
    if not found:
        return False
    if all(_ARRESTS_ONLY.fullmatch(word) for word in found):
        return bool(SECURITY.search(text)) and not re.search(r"\brelease of\b", text, re.I)
    return True


def primary_acled(doc: Document) -> str | None:
    """The one ACLED sub-event type that stands for a short document (a news snippet): the first
    ACLED-coded event that is asserted (or historical), else the first ACLED-coded event at all.

    The lead event of a news text comes first; measured on CASE 2021 this beats ranking the
    types by specificity.
    """
    typed = [e for e in doc.events if e.acled is not None]
    factual = [e for e in typed if e.modality in {"asserted", "historical"}]
    chosen = (factual or typed)[:1]
    if not chosen or chosen[0].acled is None:
        return None
    sub = chosen[0].acled.sub_event_type
    if sub in PROTEST_ORDER:  # one protest told in several sentences is as violent as its worst part
        told = [e.acled.sub_event_type for e in factual or typed if e.acled is not None]
        sub = min((t for t in told if t in PROTEST_ORDER), key=PROTEST_ORDER.index)
    return sub


#: protest and riot types, the one that decides first first (ACLED codebook)
PROTEST_ORDER = (
    "Mob violence",
    "Violent demonstration",
    "Excessive force against protesters",
    "Protest with intervention",
    "Peaceful protest",
)
