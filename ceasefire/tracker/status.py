"""Where a ceasefire stands, by explicit rules over its evidence, as a timeline of changes.

Registry dates and events are taken together in true date order (the README documents the same):

1. ``proposed`` on the registry's declared date when it took effect later (or has no effective
   date); ``holding`` on its effective date.
2. A call for it or an acceptance before it is in force: ``proposed``. A signing: ``holding`` when
   no later start is known (a signed ceasefire binds from signing), else ``proposed``.
3. Reported in force, or extended: ``holding``.
4. A breach alleged or reported, a party rejecting it, the talks behind it suspended or boycotted,
   or any violence its terms ban while it binds: ``fragile``.
5. ``collapsed`` when a party or the fighting ends it (an end told without its running out), when
   the violence in a 7-day window reaches the pre-ceasefire baseline (weighted count, attacks that
   take ground or use air or artillery weighing 2, at least max(3, the weekly rate of the 30 days
   before it was declared), in at least two places, or twice that anywhere; with no violence
   known from before it, there is no baseline to reach), or when a newer ceasefire of the same
   conflict replaces it while it is fragile.
6. ``ended`` when it ran out by its terms: on its end date (registry, or the length the text gave,
   moved by extensions), on the day a source says it expired, or when a newer ceasefire replaced it
   while it held.

Only events told as facts move a status (``signals.FACTUAL``): questions, hypotheticals, plans and
negated events never do, and neither does anything dated before the ceasefire began except the
calls and acceptances that led to it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from ceasefire.registry.process import Process
from ceasefire.tracker.force import Lifetime, lifetime_of
from ceasefire.tracker.signals import SEVERE_MODES, Signal, signal_of
from ceasefire.tracker.tracked import TrackedEvent

Status = Literal["proposed", "holding", "fragile", "collapsed", "ended"]
WINDOW = timedelta(days=7)
BASELINE = timedelta(days=30)

_FRAGILITY: frozenset[Signal] = frozenset({"reject", "alleged", "violated", "suspended", "violence"})
_EVIDENCE_FOR: dict[Status, frozenset[Signal]] = {
    "proposed": frozenset({"call", "accept", "reject"}),
    "holding": frozenset({"in_force", "extended", "sign", "accept"}),
    "fragile": _FRAGILITY,
    "collapsed": _FRAGILITY | {"ended"},
    "ended": frozenset({"expired", "ended"}),
}
_ROAD: frozenset[Signal] = frozenset({"call", "accept", "sign"})
_FRAGILE_RULES: dict[Signal, str] = {
    "reject": "a party rejected it",
    "alleged": "a breach was alleged",
    "violated": "a breach was reported",
    "suspended": "the talks behind it were suspended",
}
_RANK: dict[Signal, int] = {
    "ended": 0, "expired": 0, "violated": 1, "alleged": 2, "suspended": 3, "reject": 4, "violence": 5,
    "extended": 6, "in_force": 6, "sign": 7, "accept": 7, "call": 8,
}  # fmt: skip
_TERMINAL = frozenset({"collapsed", "ended"})


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


@dataclass(frozen=True, slots=True)
class _Step:
    """One dated thing the rules look at: a registry date, an event's signal, an end."""

    at: date
    order: int  # registry dates, then events, then ends, on one day
    kind: str
    event: TrackedEvent | None = None
    signal: Signal | None = None
    note: str = ""


def timeline(process: Process, linked: list[TrackedEvent], baseline_events: int = 0,
             today: date | None = None, lifetime: Lifetime | None = None,
             terms_end: date | None = None, superseded: tuple[str, date] | None = None) -> Timeline:  # fmt: skip
    """The status history of a ceasefire from its registry dates and its linked events.

    ``baseline_events`` is the number of violent events in its countries in the 30 days before it
    was declared; ``today`` bounds everything (a date still to come is not applied). ``lifetime``
    says when it binds, ``terms_end`` when it runs out by its terms (default: the registry's end)
    and ``superseded`` which newer ceasefire replaced it and from when.
    """
    today = today or date.today()
    lifetime = lifetime or lifetime_of(process)
    terms_end = terms_end if terms_end is not None else process.ended
    out = Timeline(process.id)
    state: Status | None = None

    def move(status: Status, at: date, rule: str, evidence: tuple[str, ...] = ()) -> None:
        nonlocal state
        if status != state:
            out.changes.append(Change(status, at, rule, evidence))
            state = status

    steps = _steps(process, linked, today, terms_end, superseded)
    threshold = max(3, math.ceil(baseline_events * WINDOW.days / BASELINE.days))
    violent: list[TrackedEvent] = []
    signals: list[tuple[Signal, TrackedEvent]] = []
    for step in steps:
        at = step.at
        if step.kind == "declared":
            move("proposed", at, "declared (registry)")
        elif step.kind == "effective":
            if state in {None, "proposed"}:
                move("holding", at, "took effect (registry)")
        elif step.kind == "end":
            if state not in _TERMINAL:
                move("ended", at, step.note)
        elif step.kind == "superseded":
            if state == "fragile":
                move("collapsed", at, f"broke down: {step.note} while its breaches stood")
            elif state not in _TERMINAL:
                move("ended", at, step.note)
        else:
            assert step.event is not None and step.signal is not None
            event, signal, why = step.event, step.signal, (step.event.id,)
            signals.append((signal, event))
            if state in _TERMINAL:
                continue
            if signal in {"call", "accept"} and state is None:
                move("proposed", at, f"{signal} before it was in force", why)
            elif signal == "sign" and state in {None, "proposed"}:
                if process.effective is not None and process.effective > at:
                    move("proposed", at, "signed, to take effect later", why)
                else:
                    move("holding", at, "signed: it binds from signing", why)
            elif signal in {"in_force", "extended"} and state in {None, "proposed"}:
                move("holding", at, "reported in force" if signal == "in_force" else "extended", why)
            elif signal == "ended":
                ended_by = (
                    "a party declared it over" if event.record.get("actor") else "the fighting ended it"
                )
                move("collapsed", at, ended_by, why)
            elif signal == "expired":
                move("ended", at, "expired by its terms", why)
            elif signal in _FRAGILE_RULES and state in {None, "proposed", "holding"}:
                move("fragile", at, _FRAGILE_RULES[signal], why)
            elif signal == "violence" and lifetime.binds_on(at) and state in {"holding", "fragile"}:
                violent.append(event)
                recent = [e for e in violent if e.when is not None and at - e.when < WINDOW]
                weight = sum(2 if e.mode in SEVERE_MODES else 1 for e in recent)
                places = {(e.record.get("place") or {}).get("name") for e in recent} - {None}
                back = weight >= 2 * threshold or (weight >= threshold and len(places) >= 2)
                if baseline_events and back:
                    move("collapsed", at, f"violence back to its pre-ceasefire level ({weight} weighted events "
                                          f"in 7 days, baseline threshold {threshold})", tuple(e.id for e in recent))  # fmt: skip
                elif state == "holding":
                    move("fragile", at, "violence its terms ban while in force", why)
    current = out.current
    if current is not None:
        wanted = _EVIDENCE_FOR[current.status]
        chosen = [
            e.id for s, e in sorted(signals, key=lambda p: (_RANK[p[0]], p[1].when, p[1].id)) if s in wanted
        ]
        out.evidence = list(dict.fromkeys([*current.evidence, *chosen]))
    return out


def _steps(process: Process, linked: list[TrackedEvent], today: date, terms_end: date | None,
           superseded: tuple[str, date] | None) -> list[_Step]:  # fmt: skip
    steps: list[_Step] = []
    effective = process.effective
    if process.declared and process.declared <= today and (effective is None or effective > process.declared):
        steps.append(_Step(process.declared, 0, "declared"))
    if effective and effective <= today and process.origin != "discovered":
        steps.append(_Step(effective, 1, "effective"))
    begun = process.begun
    for event in linked:
        if event.when is None or event.when > today:
            continue
        signal = signal_of(event, process.terms.banned)
        if signal is None:
            continue
        if begun is not None and event.when < begun and signal not in _ROAD:
            continue  # before the ceasefire existed, only the road to it counts
        steps.append(_Step(event.when, 2, "event", event, signal))
    if terms_end is not None and terms_end <= today:
        why = (
            "ended by its terms (registry)"
            if terms_end == process.ended and process.origin != "discovered"
            else "ran out by its terms"
        )
        steps.append(_Step(terms_end, 3, "end", note=why))
    if superseded is not None and superseded[1] <= today:
        steps.append(_Step(superseded[1], 3, "superseded", note=f"replaced by {superseded[0]}"))
    return sorted(steps, key=lambda s: (s.at, s.order, s.event.id if s.event else ""))
