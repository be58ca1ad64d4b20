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
_DENIALS = ("deny", "denie", "denied", "reject", "dismiss", "refute", "rebuff")


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
        sectors = {a.get("sector") for a in event.record.get("actor", [])}
        stance = "observed" if sectors & _OBSERVERS else "alleged"
    elif event.event == "REJECT" and event.record["trigger"]["text"].lower().startswith(_DENIALS):
        stance = "denied"
    if stance is None:
        return []
    about = ", ".join(event.names("recipient")) or None
    claimants = event.names("actor") or ["(unnamed source)"]
    return [Claim(event.id, name, stance, about, event.doc_id) for name in dict.fromkeys(claimants)]
