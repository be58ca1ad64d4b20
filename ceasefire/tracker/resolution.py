"""Resolving a batch of events to processes, in memory: the two passes and what they teach the processes.

1. Events that speak of a peace process, in date order (``Resolver.mention``). One that reveals a
   ceasefire nobody accounts for becomes a discovered candidate (``discover.py``); each linked
   report moves the day its process was last spoken of (dormancy, ``force.py``) and teaches a
   candidate its dates, parties and venues.
2. Between the passes, every process learns when it ends by its terms (``lifetime.terms_end``:
   lengths, extensions, expiry) and which newer process replaced it (``force.supersede``).
3. Acts (violence its terms ban, a party complying), against those lifetimes (``Resolver.act``).

``Tracker.run`` takes the events to resolve and, for an incremental refresh, the events already
linked to the processes (so that lengths and extensions told earlier still count).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from ceasefire.registry.process import Process
from ceasefire.tracker.discover import learn, new_candidate, reveals
from ceasefire.tracker.force import Lifetime, supersede, superseded_until
from ceasefire.tracker.lifetime import TermsEnd, terms_end
from ceasefire.tracker.resolve import COMPLIANCE, Feature, Link, Profile, Resolver
from ceasefire.tracker.sides import Sides
from ceasefire.tracker.signals import FACTUAL
from ceasefire.tracker.tracked import TrackedEvent

#: fetches the events already linked to the given processes: {process id: events}
Fetch = Callable[[set[str]], dict[str, list[TrackedEvent]]]


@dataclass(frozen=True, slots=True)
class Stored:
    """What an earlier refresh derived for a process (used by incremental refreshes)."""

    last_seen: date | None = None


@dataclass(slots=True)
class Resolution:
    links: list[Link] = field(default_factory=list)
    discovered: list[Process] = field(default_factory=list)
    #: process id -> events linked to it (this run's and, incrementally, the earlier ones)
    linked: dict[str, list[TrackedEvent]] = field(default_factory=dict)
    terms: dict[str, TermsEnd] = field(default_factory=dict)
    #: older process id -> the newer one that replaced it
    superseded: dict[str, Process] = field(default_factory=dict)
    #: processes whose links, lifetime or status this run may have changed
    touched: set[str] = field(default_factory=set)


class Tracker:
    """Holds the processes, their profiles and the resolver for one refresh."""

    def __init__(self, processes: Iterable[Process], sides: Sides, merged: Mapping[str, str] | None = None,
                 stored: Mapping[str, Stored] | None = None) -> None:  # fmt: skip
        self.sides = sides
        self.merged = dict(merged or {})
        self.stored = dict(stored or {})
        self.processes = {p.id: p for p in processes if p.kind == "ceasefire"}
        self._banned = frozenset(t for p in self.processes.values() for t in p.terms.banned) | {"ASSAULT"}
        self.resolver = Resolver([self.profile(p) for p in self.processes.values()], sides)
        self._apply_supersession()

    def profile(self, process: Process) -> Profile:
        stored = self.stored.get(process.id, Stored())
        parties = self.sides.sides([_ref(a) for a in process.actors_in("party")])
        mediators = self.sides.sides(
            [_ref(a) for a in (*process.actors_in("mediator"), *process.actors_in("guarantor"))]
        )
        hard = process.ended is not None and process.origin != "discovered"
        lifetime = Lifetime(process.in_force_from, process.ended, stored.last_seen, hard)
        months = frozenset((d.year, d.month) for d in (process.declared, process.effective) if d is not None)
        return Profile(process, parties, mediators, lifetime, None, months, process.ended)

    def run(self, events: Iterable[TrackedEvent], earlier: Fetch | None = None) -> Resolution:
        """Resolve ``events``; ``earlier`` fetches the events already linked to given processes (incremental)."""
        out = Resolution()
        fetched: set[str] = set()

        def complete() -> None:  # bring in what the touched processes already hold
            wanted = (set(out.linked) | out.touched) - fetched
            if earlier is not None and wanted:
                for pid, found in earlier(wanted).items():
                    have = {e.id for e in out.linked.get(pid, [])}
                    out.linked.setdefault(pid, []).extend(e for e in found if e.id not in have)
            fetched.update(wanted)

        acts: list[TrackedEvent] = []
        for event in sorted(events, key=lambda e: (e.when or date.max, e.id)):
            if event.process is not None:
                self._mention(event, out)
            elif event.event in COMPLIANCE or event.event in self._banned:
                acts.append(event)
        complete()
        self._settle(out)
        for event in acts:
            for link in self.resolver.act(event):
                self._keep(link, event, out)
        complete()
        for process in out.discovered:
            self.processes[process.id] = process
        return out

    # -- pass 1 ------------------------------------------------------------------------------------

    def _mention(self, event: TrackedEvent, out: Resolution) -> None:
        links = self.resolver.mention(event)
        if not links and reveals(event):
            candidate = new_candidate(event)
            if candidate is not None:
                candidate.id = self.merged.get(candidate.id, candidate.id)
                if candidate.id in self.resolver.profiles:  # merged into a known process: link there
                    profile = self.resolver.profiles[candidate.id]
                else:
                    out.discovered.append(candidate)
                    profile = self.profile(candidate)
                    self.resolver.add(profile)
                why = "revealed a ceasefire no known process accounts for"
                links = [Link(event.id, profile.id, "mention", "linked", 0, (_feature(why),))]
        for link in links:
            self._keep(link, event, out)
            if link.standing != "linked":
                continue
            profile = self.resolver.profiles[link.process_id]
            if profile.process.origin == "discovered" and not profile.process.confirmed:
                learn(profile.process, event)
                refreshed = self.profile(profile.process)
                profile.months = refreshed.months
                profile.lifetime = replace(profile.lifetime, begins=profile.process.in_force_from)
            if event.modality in FACTUAL and event.when is not None:
                seen = profile.lifetime.last_seen
                if seen is None or event.when > seen:
                    profile.lifetime = replace(profile.lifetime, last_seen=event.when)

    def _keep(self, link: Link, event: TrackedEvent, out: Resolution) -> None:
        out.links.append(link)
        out.touched.add(link.process_id)
        if link.standing == "linked":
            out.linked.setdefault(link.process_id, []).append(event)

    # -- between the passes ------------------------------------------------------------------------

    def _settle(self, out: Resolution) -> None:
        for pid in set(out.linked) | {p.id for p in out.discovered}:
            profile = self.resolver.profiles.get(pid)
            if profile is None:
                continue
            end = terms_end(profile.process, out.linked.get(pid, []))
            out.terms[pid] = end
            profile.terms_until = end.day
            profile.lifetime = replace(profile.lifetime, begins=profile.process.in_force_from, until=end.day,
                                       hard=end.hard)  # fmt: skip
        self._apply_supersession(out)

    def _apply_supersession(self, out: Resolution | None = None) -> None:
        """Which process replaced which, and so the last day each binds: its terms, or the day before its successor."""
        profiles = self.resolver.profiles
        found = supersede((p.process for p in profiles.values()), {k: p.parties for k, p in profiles.items()},
                          self._covers)  # fmt: skip
        for pid, profile in profiles.items():
            newer = found.get(pid)
            previous = profile.superseded_by
            cut = superseded_until(newer) if newer is not None else None
            profile.superseded_by = newer.id if newer is not None else None
            profile.lifetime = replace(profile.lifetime, superseded_by=profile.superseded_by, cut=cut)
            if out is not None:
                if newer is not None:
                    out.superseded[pid] = newer
                if previous != profile.superseded_by:
                    out.touched.add(pid)

    def _covers(self, newer: frozenset[str], older: frozenset[str]) -> bool:
        """Whether a newer process's parties take in every side of an older one (unknown parties: yes)."""
        if not older:
            return True
        return all(any(self.sides.matches(o, n) for n in newer) for o in older)


def _ref(actor: object) -> dict[str, object]:
    return {k: getattr(actor, k) for k in ("entity_id", "country", "sector")}


def _feature(why: str) -> Feature:
    return Feature("discovered", 0, why)
