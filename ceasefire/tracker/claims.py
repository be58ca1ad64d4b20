"""Each source's stance on a ceasefire, side by side: who alleges, who denies, who observed.

A party's accusation of a breach is an ``alleged`` claim; a denial (a REJECT of an accusation) is
``denied``; an international body or monitor reporting a breach is ``observed``. Claims are never
merged into one number: each is kept with its claimant and its document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ceasefire.tracker.tracked import TrackedEvent

Stance = Literal["alleged", "denied", "observed"]

#: PLOVER sectors of bodies whose reports are observations rather than a party's allegation
_OBSERVERS = frozenset({"IGO", "UNO", "NGO", "MED"})
#: PLOVER codes standing for international bodies in place of a country (a UN mission: UNO)
_BODIES = frozenset({"UNO", "IGO"})
_DENIALS = ("deny", "denie", "denied", "dismiss", "refute")
_REJECTIONS = ("reject", "rebuff")


def _denies(trigger: str, phase: str) -> bool:
    """A denial verb always denies; "rejected" denies only when the ceasefire itself is not what is rejected."""
    return trigger.startswith(_DENIALS) or (phase != "rejected" and trigger.startswith(_REJECTIONS))


@dataclass(frozen=True, slots=True)
class Claim:
    event_id: str
    claimant: str
    stance: Stance
    about: str | None
    doc_id: str


def claims_of(event: TrackedEvent) -> list[Claim]:
    if event.modality not in {"asserted", "historical"} or event.process is None:
        return []
    kind, phase = event.process
    if kind != "ceasefire":
        return []
    stance: Stance | None = None
    if phase in {"violation_alleged", "violated"}:
        actors = event.record.get("actor", [])
        observed = any(a.get("sector") in _OBSERVERS or a.get("country") in _BODIES for a in actors)
        stance = "observed" if observed else "alleged"
    elif event.event == "REJECT" and _denies(event.record["trigger"]["text"].lower(), phase):
        stance = "denied"
    if stance is None:
        return []
    about = ", ".join(event.names("recipient")) or None
    claimants = event.names("actor") or ["(unnamed source)"]
    return [Claim(event.id, name, stance, about, event.doc_id) for name in dict.fromkeys(claimants)]
