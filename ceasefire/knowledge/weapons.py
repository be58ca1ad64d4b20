"""Means of violence named in a sentence: the PLOVER assault mode and the ACLED sub-event both read them."""

from __future__ import annotations

import re

#: weapon class -> pattern; order is priority (a suicide car bomb is a suicide attack first)
WEAPON_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        (
            "chemical",
            r"\b(?:chemical (?:weapon|attack|agent|munition)s?|nerve (?:gas|agent)|sarin|chlorine|"
            r"mustard gas|toxic gas|poison(?:ous)? gas|gas attack|vx)\b",
        ),
        ("suicide", r"\bsuicide\b|\bself-immolat|\bblew (?:himself|herself|themselves) up\b|\bvbied\b"),
        ("grenade", r"\bgrenades?\b|\brpg\b"),
        (
            "aerial",
            r"\b(?:air ?strikes?|air[- ]raids?|warplanes?|fighter jets?|jets?|drones?|helicopters?|"
            r"aircraft|bombers?|barrel bombs?|aerial|air force|airstrikes?|air-strikes?|"
            r"dropped bombs?|bombed from the air|uavs?|gunships?)\b",
        ),
        (
            "explosive",
            r"\b(?:ieds?|improvised explosive|roadside bombs?|car bombs?|landmines?|land mines?|mines?|"
            r"explosive devices?|booby[- ]trap\w*|sticky bombs?|bomb blast|planted bombs?|"
            r"explosives?|detonat\w+|bombs? (?:\w+ ){0,5}?(?:exploded|detonated|went off|blew up)|"
            r"(?:hidden|concealed|planted|placed|magnetic|time|timed|motorcycle|motorbike|bicycle|"
            r"parcel|letter) bombs?|bombs? (?:hidden|concealed|planted|placed|attached))\b",
        ),
        (
            "artillery",
            r"\b(?:shell(?:s|ed|ing)?|artillery|mortars?|rockets?|missiles?|howitzers?|katyusha|"
            r"grad|projectiles?|bombard\w*|cannon|tank fire|heavy weapons?|shelling)\b",
        ),
        (
            "firearms",
            r"\b(?:shot|shoot\w*|gun\w*|rifles?|fired|firing|opened fire|sniper\w*|bullets?|"
            r"ak-47|machine[- ]guns?|pistols?)\b",
        ),
    )
)

#: weapon class -> PLOVER ASSAULT mode
ASSAULT_MODES = {
    "chemical": "CBRN",
    "suicide": "suicide-attack",
    "grenade": "explosives",
    "aerial": "aerial",
    "explosive": "explosives",
    "artillery": "heavy-weapons",
    "firearms": "firearms",
}


def weapons_in(text: str) -> list[str]:
    """Weapon classes named in ``text``, in priority order."""
    return [name for name, pattern in WEAPON_PATTERNS if pattern.search(text)]
