"""What an event says about a ceasefire: a call, an acceptance, a breach alleged, violence, an end.

Only events told as facts move a status: questions, hypotheticals, plans and denials never do.
"""

from __future__ import annotations

from typing import Literal

from ceasefire.tracker.tracked import TrackedEvent

Signal = Literal[
    "call", "accept", "in_force", "reject", "alleged", "violated", "suspended", "ended", "violence"
]

#: modalities that report something as having happened
FACTUAL = frozenset({"asserted", "historical"})

_PHASES: dict[tuple[str, str], Signal] = {
    ("ceasefire", "called"): "call",
    ("ceasefire", "accepted"): "accept",
    ("ceasefire", "declared"): "accept",
    ("ceasefire", "signed"): "accept",
    ("ceasefire", "in_force"): "in_force",
    ("ceasefire", "rejected"): "reject",
    ("ceasefire", "violation_alleged"): "alleged",
    ("ceasefire", "violated"): "violated",
    ("ceasefire", "ended"): "ended",
    ("talks", "suspended"): "suspended",
    ("talks", "boycotted"): "suspended",
    ("agreement", "rejected"): "reject",
}

#: modes of a violent event that weigh double (ground taken, air and artillery)
SEVERE_MODES = frozenset({"occupy", "aerial", "heavy-weapons"})


def signal_of(event: TrackedEvent, banned: tuple[str, ...] = ("ASSAULT",)) -> Signal | None:
    """The signal ``event`` gives, or None when it says nothing a status could rest on."""
    if event.modality not in FACTUAL:
        return None
    if event.process is not None:
        found = _PHASES.get(event.process)
        if found is not None:
            return found
    if event.event in banned:
        return "violence"
    return None
