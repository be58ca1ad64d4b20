"""What an event says about a ceasefire: a call, an acceptance, a signing, a breach alleged, violence, an end.

Only events told as facts move a status: questions, hypotheticals, plans and denials never do. An
end is ``expired`` when the ceasefire ran out by its terms ("the truce expired", "lapsed") and
``ended`` when a party or the fighting ended it ("the army suspended the truce", "it collapsed").
"""

from __future__ import annotations

from typing import Literal

from ceasefire.tracker.tracked import TrackedEvent

Signal = Literal[
    "call", "accept", "sign", "in_force", "extended", "reject", "alleged", "violated", "suspended", "ended",
    "expired", "violence",
]  # fmt: skip

#: modalities that report something as having happened
FACTUAL = frozenset({"asserted", "historical"})

_PHASES: dict[tuple[str, str], Signal] = {
    ("ceasefire", "called"): "call",
    ("ceasefire", "accepted"): "accept",
    ("ceasefire", "declared"): "accept",
    ("ceasefire", "signed"): "sign",
    ("ceasefire", "in_force"): "in_force",
    ("ceasefire", "extended"): "extended",
    ("ceasefire", "rejected"): "reject",
    ("ceasefire", "violation_alleged"): "alleged",
    ("ceasefire", "violated"): "violated",
    ("ceasefire", "ended"): "ended",
    ("talks", "suspended"): "suspended",
    ("talks", "boycotted"): "suspended",
    ("agreement", "rejected"): "reject",
    ("agreement", "violation_alleged"): "alleged",
    ("agreement", "violated"): "violated",
    ("agreement", "implemented"): "in_force",
}

#: phases that begin a ceasefire: an event in one of them, far from any known ceasefire's start, reveals a new one
BEGINNING = frozenset({"called", "accepted", "declared", "signed", "in_force"})
#: trigger words of an end by the ceasefire's own terms
_EXPIRY = ("expir", "laps", "ran out", "run out", "runs out", "elaps")

#: modes of a violent event that weigh double (ground taken, air and artillery)
SEVERE_MODES = frozenset({"occupy", "aerial", "heavy-weapons"})


def signal_of(event: TrackedEvent, banned: tuple[str, ...] = ("ASSAULT",)) -> Signal | None:
    """The signal ``event`` gives, or None when it says nothing a status could rest on."""
    if event.modality not in FACTUAL:
        return None
    if event.process is not None:
        found = _PHASES.get(event.process)
        if found == "ended" and event.trigger.casefold().startswith(_EXPIRY):
            return "expired"
        if found is not None:
            return found
    if event.event in banned:
        return "violence"
    return None
