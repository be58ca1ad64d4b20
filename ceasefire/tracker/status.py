"""Where a ceasefire stands, by explicit rules over its evidence, as a timeline of changes.

Rules, applied in date order (the README documents the same):

1. From the registry: ``proposed`` on the declared date when it took effect later (or has no
   effective date), ``holding`` on the effective date, ``ended`` on its end date (unless it had
   collapsed already).
2. A call for, acceptance, declaration or signing before it is in force: ``proposed``.
3. Reported in force (observed, respected, implemented): ``holding``.
4. A breach alleged or reported, a party rejecting it, or the talks behind it suspended or
   boycotted, or any violence its terms ban after it took effect: ``fragile``.
5. ``collapsed`` when a party declares it over, or when the violence in a 7-day window reaches the
   pre-ceasefire baseline: weighted count (attacks that take ground or use air or artillery weigh
   2) at least max(3, the weekly rate of the 30 days before it was declared), in at least two
   places, or twice that anywhere.

Only events told as facts move a status (``signals.FACTUAL``): questions, hypotheticals, plans and
negated events never do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from ceasefire.registry.process import Process
from ceasefire.tracker.signals import SEVERE_MODES, Signal, signal_of
from ceasefire.tracker.tracked import TrackedEvent

Status = Literal["proposed", "holding", "fragile", "collapsed", "ended"]
WINDOW = timedelta(days=7)
BASELINE = timedelta(days=30)

_FRAGILITY: frozenset[Signal] = frozenset({"reject", "alleged", "violated", "suspended", "violence"})
_EVIDENCE_FOR: dict[Status, frozenset[Signal]] = {
    "proposed": frozenset({"call", "accept", "reject"}),
    "holding": frozenset({"in_force", "accept"}),
    "fragile": _FRAGILITY,
    "collapsed": _FRAGILITY | {"ended"},
    "ended": frozenset({"ended"}),
}


@dataclass(frozen=True, slots=True)
class Change:
    status: Status
    at: date
    rule: str
    evidence: tuple[str, ...]  # event ids


@dataclass(slots=True)
class Timeline:
    process_id: str
    changes: list[Change] = field(default_factory=list)
    #: event ids that bear out the current status, most telling first
    evidence: list[str] = field(default_factory=list)

    @property
    def current(self) -> Change | None:
        return self.changes[-1] if self.changes else None


def timeline(process: Process, linked: list[TrackedEvent], baseline_events: int = 0,
             today: date | None = None) -> Timeline:  # fmt: skip
    """The status history of a ceasefire from its registry dates and its linked events.

    ``baseline_events`` is the number of violent events in its countries in the 30 days before it
    was declared; ``today`` bounds registry end dates (an end date still to come is not applied).
    """
    today = today or date.today()
    out = Timeline(process.id)
    state: Status | None = None

    def move(status: Status, at: date, rule: str, evidence: tuple[str, ...] = ()) -> None:
        nonlocal state
        if status != state:
            out.changes.append(Change(status, at, rule, evidence))
            state = status

    effective = process.effective
    if process.declared and (effective is None or effective > process.declared):
        move("proposed", process.declared, "declared (registry)")
    if effective and effective <= today:
        move("holding", effective, "took effect (registry)")
    threshold = max(3, math.ceil(baseline_events * WINDOW.days / BASELINE.days))
    violent: list[TrackedEvent] = []
    signals: list[tuple[Signal, TrackedEvent]] = []
    dated = sorted((e for e in linked if e.when is not None), key=lambda e: (e.when, e.id))
    for event in dated:
        signal = signal_of(event, process.terms.banned)
        if signal is None or event.when is None:
            continue
        signals.append((signal, event))
        at, why = event.when, (event.id,)
        if process.begun is not None and at < process.begun and signal not in {"call", "accept"}:
            continue  # before the ceasefire existed, only the road to it counts
        in_force = state in {"holding", "fragile"} or (effective is not None and at >= effective)
        if signal in {"call", "accept"} and state is None:
            move("proposed", at, f"{signal} before it was in force", why)
        elif signal == "in_force" and state in {None, "proposed"}:
            move("holding", at, "reported in force", why)
        elif signal == "ended" and state != "ended":
            move("collapsed", at, "a party declared it over", why)
        elif signal in {"reject", "alleged", "violated", "suspended"} and state in {
            None,
            "proposed",
            "holding",
        }:
            move("fragile", at, _FRAGILE_RULES[signal], why)
        elif signal == "violence" and in_force and state in {"holding", "fragile"}:
            violent.append(event)
            recent = [e for e in violent if e.when is not None and at - e.when < WINDOW]
            weight = sum(2 if e.mode in SEVERE_MODES else 1 for e in recent)
            places = {(e.record.get("place") or {}).get("name") for e in recent} - {None}
            if weight >= 2 * threshold or (weight >= threshold and len(places) >= 2):
                move("collapsed", at, f"violence back to its pre-ceasefire level ({weight} weighted events "
                                      f"in 7 days, baseline threshold {threshold})", tuple(e.id for e in recent))  # fmt: skip
            elif state == "holding":
                move("fragile", at, "violence its terms ban while in force", why)
    if process.ended and process.ended <= today and state != "collapsed":
        move("ended", process.ended, "ended by its terms (registry)")
    current = out.current
    if current is not None:
        wanted = _EVIDENCE_FOR[current.status]
        chosen = [
            e.id for s, e in sorted(signals, key=lambda p: (_RANK[p[0]], p[1].when, p[1].id)) if s in wanted
        ]
        out.evidence = list(dict.fromkeys([*current.evidence, *chosen]))
    return out


_FRAGILE_RULES: dict[Signal, str] = {
    "reject": "a party rejected it",
    "alleged": "a breach was alleged",
    "violated": "a breach was reported",
    "suspended": "the talks behind it were suspended",
}
_RANK: dict[Signal, int] = {
    "ended": 0, "violated": 1, "alleged": 2, "suspended": 3, "reject": 4, "violence": 5,
    "in_force": 6, "accept": 7, "call": 8,
}  # fmt: skip
