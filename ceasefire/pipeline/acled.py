"""ACLED event and sub-event types (codebook names) for the events ACLED would code.

The decision reads the PLOVER event and mode, the actors' sectors, and cue words of the event's
sentence (means of attack, who was hit, what was done to protesters). Events ACLED does not code
(statements, meetings, accusations) get no ACLED type.
"""

from __future__ import annotations

import re

from ceasefire.knowledge.weapons import weapons_in
from ceasefire.models import AcledType, Document, Event
from ceasefire.pipeline.stage import StageSpec

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
INTERVENTION = _rx(
    r"\b(?:dispers\w+|tear ?gas|water cannons?|rubber bullets|baton|arrested|detained|"
    r"broke up|break up|cordon\w*|pepper spray)\b"
)
EXCESSIVE = _rx(
    r"\b(?:killed|shot dead|opened fire|live (?:ammunition|fire|rounds)|beat\w*|wounded|injured|"
    r"brutal\w*|fired on|shooting)\b"
)
VIOLENT_PROTEST = _rx(
    r"\b(?:riot\w*|stones?|rocks?|pelt\w*|torch\w*|set fire|set on fire|burn\w*|light fires|"
    r"vandali\w+|smash\w*|clash\w*|scuffle\w*|fought|petrol bombs?|molotov|hurl\w*|"
    r"threw|thrown|throwing|projectiles?|fireworks|violent\w*|loot\w*|damag\w+|stormed|"
    r"breach\w*|pull\w* down|tore down|confronted|blocked roads|shut down roads)\b"
)
MOB = _rx(r"\b(?:mob|lynch\w*|vigilante\w*|angry crowd|villagers attacked|crowd attacked|mob justice)\b")
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
    r"\b(?:withdr[ae]w\w*|pull\w* out|handed over|hand\w* over|handover|evacuat\w+ (?:from|their)|"
    r"vacat\w+|retreat\w*|without (?:a )?(?:fight|resistance)|redeploy\w*)\b"
)
AGREEMENT = _rx(
    r"\b(?:agreement|agreed|deal|accord|treaty|truce|cease-?fire|ceasefire|peace (?:deal|pact)|"
    r"signed|prisoner (?:swap|exchange)|exchange of prisoners|memorandum|pact|reconcil\w+|"
    r"released? (?:\w+ ){0,3}(?:prisoners|detainees|hostages))\b"
)
PROTEST_CONTEXT = _rx(
    r"\b(?:protest\w*|demonstrat\w+|rall(?:y|ies|ied)|rioters?|riots?|marchers|sit-ins?|"
    r"gilets jaunes|yellow vests?)\b"
)
PROTESTERS_HIT = _rx(
    r"\b(?:(?:protesters?|demonstrators?|marchers|students|crowds?)\W+(?:\w+ ){0,3}(?:were |was )?"
    r"(?:killed|shot|shot dead|gunned down|beaten)|(?:opened fire|fired live \w+|fired) "
    r"(?:\w+ ){0,2}(?:on|at|into) (?:\w+ ){0,2}(?:protesters|demonstrators|crowds?|marchers)|"
    r"live (?:ammunition|fire|rounds))\b"
)
NOT_CONFLICT = _rx(
    r"\b(?:earthquake|flood\w*|landslide|cyclone|hurricane|typhoon|storm|tornado|tsunami|volcan\w+|"
    r"wildfire|blaze|fire broke out|caught fire|accident\w*|crash\w*|derail\w*|collapsed?|"
    r"gas leak|leak|stampede|drown\w*|heatwave|outbreak|epidemic|pandemic|robber\w*|"
    r"smuggl\w+|cartel|drug|theft|fraud|burglar\w*|factory|plant|refinery|mine blast|boiler)\b"
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

    spec = StageSpec.of("acled", 2, requires={"events"}, produces={"events.acled"})

    def __call__(self, doc: Document) -> Document:
        for event in doc.events:
            sub = classify(event)
            if sub is not None:
                event.acled = AcledType(SUB_EVENTS[sub], sub)
        return doc


def classify(event: Event) -> str | None:
    """ACLED sub-event type of ``event``, or None when ACLED would not code it."""
    text = event.evidence.text
    kind = event.event
    if event.mode == "seize-weapons" or (
        kind in {"ASSAULT", "MOBILIZE", "COERCE"} and DISRUPTED.search(text)
    ):
        return "Disrupted weapons use"
    if event.mode == "base":
        return "Headquarters or base established"
    if kind in {"ASSAULT", "PROTEST", "COERCE"} and PROTEST_CONTEXT.search(text):
        return _protest(text, event)
    if kind == "ASSAULT" and NOT_CONFLICT.search(text) and not ATTACK_WORDS.search(text):
        return None
    if kind == "ASSAULT":
        return _violence(event, text)
    if kind == "PROTEST":
        return _protest(text, event)
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
    if HEADQUARTERS.search(text):
        return "Headquarters or base established"
    if kind in {"SUPPORT", "AGREE", "CONCEDE", "MOBILIZE"} and GROUP_CHANGE.search(text):
        return "Change to group/activity"
    return None


def re_protest(text: str) -> bool:
    return bool(re.search(r"\b(?:protest\w*|demonstrat\w+|rall(?:y|ies)|marchers|crowds?)\b", text, re.I))


def _violence(event: Event, text: str) -> str:
    trigger = event.trigger.text.lower()
    if SEXUAL.search(text) and (event.mode == "abuse" or "rap" in trigger or "sexual" in text.lower()):
        return "Sexual violence"
    if re_protest(text) and EXCESSIVE.search(text):
        return "Excessive force against protesters"
    if MOB.search(text):
        return "Mob violence"
    weapons = weapons_in(event.scope or text) or weapons_in(text)
    for weapon in weapons:
        if weapon in _WEAPON_SUB:
            return _WEAPON_SUB[weapon]
    if (event.mode == "abuse" and ABDUCT.search(text)) or trigger.startswith(("abduct", "kidnap")):
        return "Abduction/forced disappearance"
    if event.mode == "occupy" or (OVERTAKE.search(text) and not ABDUCT.search(text)):
        return _territory(event, text)
    if event.mode == "destroy" or (
        PROPERTY.search(text) and not re.search(r"\bkill\w*|\bdead\b", text, re.I)
    ):
        return "Looting/property destruction"
    if _civilian_target(event, text):
        return "Attack"
    return "Armed clash"


def _civilian_target(event: Event, text: str) -> bool:
    sectors = {r.sector for r in event.recipient if r.sector}
    if sectors & {"CVL", "REF", "MED", "EDU", "REL", "HLH", "NGO", "BUS"}:
        return True
    if sectors & {"MIL", "REB", "UAF", "COP", "SPY"}:
        return False
    return bool(CIVILIAN_VICTIMS.search(text) and not re.search(r"\bclash\w*|\bgun ?battle|\bexchange of fire",
                                                                 text, re.I))  # fmt: skip


def _territory(event: Event, text: str) -> str:
    state = any(a.sector in {"GOV", "MIL"} for a in event.actor)
    rebels = any(a.sector in {"REB", "UAF", "OPP"} for a in event.actor)
    if (REGAIN.search(text) and not rebels) or (state and not rebels):
        return "Government regains territory"
    return "Non-state actor overtakes territory"


def _protest(text: str, event: Event) -> str:
    """Which of the protest and riot types: who was violent, and what the authorities did."""
    if MOB.search(text):
        return "Mob violence"
    if PROTESTERS_HIT.search(text):
        return "Excessive force against protesters"
    if event.mode == "riot" or VIOLENT_PROTEST.search(text):
        return "Violent demonstration"
    if INTERVENTION.search(text):
        return "Protest with intervention"
    return "Peaceful protest"


def primary_acled(doc: Document) -> str | None:
    """The one ACLED sub-event type that stands for a short document (a news snippet): the first
    ACLED-coded event that is asserted (or historical), else the first ACLED-coded event at all.

    The lead event of a news text comes first; measured on CASE 2021 this beats ranking the
    types by specificity.
    """
    typed = [e for e in doc.events if e.acled is not None]
    factual = [e for e in typed if e.modality in {"asserted", "historical"}]
    chosen = (factual or typed)[:1]
    return chosen[0].acled.sub_event_type if chosen and chosen[0].acled else None
