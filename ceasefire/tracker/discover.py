"""Ceasefires the registry lacks: candidates the text reveals, named after their conflict, never their venue.

A ceasefire told as accepted, declared, signed or in force that no known process accounts for (none
began within days of it, none is named) becomes a ``discovered`` candidate, shown as such until
someone confirms or merges it. It belongs to the conflict of its document (``conflict_countries``):
where the fighting parties come from and the violence happens. The Jeddah talks are Sudan's, not
Saudi Arabia's; a truce agreed in Moscow between Armenia and Azerbaijan is theirs. Its name says
the conflict's countries and parties and its month: "Sudan ceasefire: Sudanese Armed Forces and
Rapid Support Forces, May 2023 (discovered)".

As its events link, a candidate learns its dates (declared: the first acceptance or signing; in
force: the first report of it in force), its parties (the fighting sides its events name), its
mediators (other states and bodies that announce it) and its venues (places abroad it was agreed).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import Any

import pycountry

from ceasefire.models import stable_id
from ceasefire.registry.process import ActorRole, Process, ProcessActor
from ceasefire.tracker.sides import ARMED_SECTORS, COMBATANT_SECTORS, STATE_SECTORS
from ceasefire.tracker.signals import FACTUAL
from ceasefire.tracker.tracked import TrackedEvent

#: phases whose factual report reveals a ceasefire
REVEALING = frozenset({"accepted", "declared", "signed", "in_force"})
#: names pycountry gives only in long or ambiguous forms
_SHORT_NAMES = {"CD": "DR Congo", "CG": "Republic of the Congo", "RU": "Russia"}
#: violent PLOVER types whose place marks where a conflict is fought
_FIGHTING = frozenset({"ASSAULT", "COERCE"})


def conflict_countries(records: Iterable[dict[str, Any]], mentioned: Iterable[str] = ()) -> frozenset[str]:
    """ISO alpha-2 codes of the conflict a document's events are about (see the module docstring).

    Fighting forces (armed forces, rebels, militias) and violence placed in a town count twice;
    violence placed only in a country once, and a government once, both only where fighting forces
    or violence in a town also point; countries within half the top weight are kept. When nothing
    points anywhere, the countries the document ``mentioned``, less those that only appear as
    governments (mediators, hosts), are the conflict.
    """
    records = list(records)
    weight: Counter[str] = Counter()
    governments: Counter[str] = Counter()
    broad: Counter[str] = Counter()
    for record in records:
        for role in ("actor", "recipient"):
            for ref in record.get(role) or []:
                code = alpha2(ref.get("country"))
                sector = ref.get("sector")
                if code is None or sector not in COMBATANT_SECTORS:
                    continue
                if sector == "GOV":
                    governments[code] += 1
                elif sector in ARMED_SECTORS or sector in STATE_SECTORS:
                    weight[code] += 2
        place = record.get("place") or {}
        if record.get("event") in _FIGHTING and place.get("country"):
            if place.get("precision") == "country":
                broad[place["country"]] += 1
            else:
                weight[place["country"]] += 2
    for code, count in (*governments.items(), *broad.items()):
        if code in weight:
            weight[code] += count
    if not weight:
        rest = frozenset(mentioned) - set(governments)
        return rest or frozenset(mentioned)
    top = max(weight.values())
    return frozenset(code for code, w in weight.items() if w * 2 >= top)


def reveals(event: TrackedEvent) -> bool:
    """Whether ``event`` tells, as news, that a ceasefire was agreed, signed or took effect on a known day,
    week or month ("declared many times since 2014" is history told in passing, not a new ceasefire)."""
    process = event.process
    return (
        process is not None
        and process[0] == "ceasefire"
        and process[1] in REVEALING
        and event.modality == "asserted"
        and event.when is not None
        and event.record.get("date_precision", "day") != "year"
    )


def new_candidate(event: TrackedEvent) -> Process | None:
    """A discovered candidate for the ceasefire ``event`` reveals, or None when its conflict is unknown."""
    countries = sorted(event.conflict) or sorted(_party_countries(event)) or sorted(event.countries)
    if not countries or event.when is None:
        return None
    candidate = Process(
        id="found-" + stable_id("discovered", *countries, event.when.isoformat(), length=10),
        name="",
        kind="ceasefire",
        origin="discovered",
        countries=countries,
        confirmed=False,
        note=f"revealed by event {event.id}: {event.sentence[:200]}",
    )
    learn(candidate, event)
    return candidate


def learn(candidate: Process, event: TrackedEvent) -> None:
    """What a linked event tells a discovered candidate: dates, parties, mediators, venues; renames it."""
    process, when = event.process, event.when
    if process is None or when is None or event.modality not in FACTUAL:
        return
    phase = process[1]
    if phase in {"accepted", "declared", "signed"} and (
        candidate.declared is None or when < candidate.declared
    ):
        candidate.declared = when
    if phase == "in_force" and (candidate.effective is None or when < candidate.effective):
        candidate.effective = when
        if candidate.declared is None or candidate.declared > when:
            candidate.declared = when
    if phase in REVEALING or phase == "extended":
        home = set(candidate.countries)
        known: set[tuple[str, object]] = {(a.role, a.entity_id or a.name) for a in candidate.actors}
        for ref in [*event.record.get("actor", []), *event.record.get("recipient", [])]:
            role = _role(ref, home)
            if role is None or not (ref.get("name") or ref.get("entity_id")):
                continue
            key = (role, ref.get("entity_id") or ref.get("name"))
            if key not in known:
                known.add(key)
                candidate.actors.append(ProcessActor(str(ref.get("name") or ref.get("text")), role,
                                                     ref.get("entity_id"), ref.get("country"), ref.get("sector")))  # fmt: skip
        place = event.place
        abroad = place.get("country") and place["country"] not in home and place.get("precision") != "country"
        if abroad and place.get("name") and place["name"] not in candidate.venues:
            candidate.venues.append(str(place["name"]))
    candidate.name = candidate_name(candidate)


def candidate_name(candidate: Process) -> str:
    """ "<countries> ceasefire: <party> and <party>, <Month YYYY> (discovered)"."""
    countries = " / ".join(country_name(c) for c in candidate.countries)
    parties = [a.name for a in candidate.actors_in("party")][:3]
    start = candidate.begun
    month = f", {start:%B %Y}" if isinstance(start, date) else ""
    between = f": {' and '.join(parties)}" if parties else ""
    return f"{countries} ceasefire{between}{month} (discovered)"


def _role(ref: dict[str, Any], home: set[str]) -> ActorRole | None:
    """A party when a fighting side of the conflict's countries, a mediator when a state or body from elsewhere."""
    code = alpha2(ref.get("country"))
    sector = ref.get("sector")
    if code in home and sector in COMBATANT_SECTORS:
        return "party"
    if (code is not None and code not in home and sector in {"GOV", "IGO"}) or ref.get("country") in {
        "IGO",
        "UNO",
    }:
        return "mediator"
    return None


def _party_countries(event: TrackedEvent) -> set[str]:
    return {
        code
        for role in ("actor", "recipient")
        for ref in event.record.get(role, [])
        if ref.get("sector") in COMBATANT_SECTORS - {"GOV"} and (code := alpha2(ref.get("country")))
    }


@cache
def alpha2(alpha3: str | None) -> str | None:
    """ISO alpha-2 for an actor's alpha-3 country; None for IGO and other PLOVER codes."""
    country = pycountry.countries.get(alpha_3=alpha3) if alpha3 and len(alpha3) == 3 else None
    return str(country.alpha_2) if country else None


@cache
def country_name(alpha2_code: str) -> str:
    """A country's short name: "Palestine" (not "Palestine, State of"), "Syria"."""
    if alpha2_code in _SHORT_NAMES:
        return _SHORT_NAMES[alpha2_code]
    country = pycountry.countries.get(alpha_2=alpha2_code)
    if country is None:
        return alpha2_code
    name = str(getattr(country, "common_name", None) or country.name)
    return name.split(",")[0].removesuffix(" Arab Republic")
