"""Which peace processes an event bears on, and why.

An event links to a process when it happened in one of the process's countries, within its time
window, and either

- speaks of a ceasefire or talks (``mention``): from 30 days before the process was declared (calls
  and talks that lead to it) to 30 days after it ended; or
- is an act the process's terms ban, such as an attack (``scope``), from the day it took effect
  (or was declared) to the day it ended.

A process with no end date (the datasets leave many open) is taken to end a year after it began.

When a ceasefire is spoken of as accepted, declared, signed or in force and no process of the
registry covers that country and time, a ``discovered`` candidate is created for it, shown as such
until someone confirms or merges it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pycountry

from ceasefire.models import stable_id
from ceasefire.registry.process import Process
from ceasefire.tracker.signals import signal_of
from ceasefire.tracker.tracked import TrackedEvent

LEAD = timedelta(days=30)
#: how long a process with no end date is taken to bear on events after it started
HORIZON = timedelta(days=365)
_DISCOVERING = frozenset({"accept", "in_force"})


@dataclass(frozen=True, slots=True)
class Link:
    event_id: str
    process_id: str
    method: str  # mention | scope
    reason: str


@dataclass(slots=True)
class Linker:
    """Links events (in date order) to processes, discovering candidates as it goes."""

    processes: list[Process]
    #: candidates merged into another process: id -> the process they now point to
    merged: dict[str, str] = field(default_factory=dict)
    discovered: list[Process] = field(default_factory=list)
    _by_country: dict[str, list[Process]] = field(default_factory=dict)
    _by_id: dict[str, Process] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for process in self.processes:
            self._index(process)

    def process(self, process_id: str) -> Process:
        """A process of the registry or a candidate discovered so far, by id."""
        return self._by_id[process_id]

    def _index(self, process: Process) -> None:
        self._by_id[process.id] = process
        for country in process.countries:
            self._by_country.setdefault(country, []).append(process)

    def links(self, event: TrackedEvent) -> list[Link]:
        found: dict[str, Link] = {}
        # a ceasefire or talks belong to the parties' country wherever they met (or, parties unknown,
        # to the countries the document is about); violence belongs to its place
        where = event.countries
        if event.process is not None:
            where = where | (event.parties or event.doc_countries)
        for country in sorted(where):
            for process in self._by_country.get(country, []):
                link = link_for(event, process, country)
                if link is not None and process.id not in found:
                    found[process.id] = link
        if not found and (candidate := self._discover(event)) is not None:
            found[candidate] = Link(event.id, candidate, "mention", "revealed a ceasefire the registry lacks")
        return list(found.values())

    def _discover(self, event: TrackedEvent) -> str | None:
        """Id of the candidate process ``event`` reveals (made on first sight), if it reveals one."""
        if event.process is None or event.process[0] != "ceasefire" or signal_of(event) not in _DISCOVERING:
            return None
        # the conflict's country: where the document's events happen, else the parties', else the place's
        where = {event.main_country} if event.main_country else event.parties or event.countries
        if event.when is None or len(where) != 1:
            return None
        (country,) = where
        candidate_id = "found-" + stable_id(
            "discovered", country, event.when.year, event.when.month, length=10
        )
        if candidate_id in self.merged:
            return self.merged[candidate_id]
        name = _country_name(country)
        candidate = Process(
            id=candidate_id,
            name=f"{name} ceasefire, {event.when:%B %Y} (discovered)",
            kind="ceasefire",
            origin="discovered",
            countries=[country],
            declared=event.when,
            confirmed=False,
            note=f"revealed by event {event.id}: {event.sentence[:200]}",
        )
        self.discovered.append(candidate)
        self._index(candidate)
        return candidate.id


def link_for(event: TrackedEvent, process: Process, country: str) -> Link | None:
    """The link between ``event`` and ``process`` (in ``country``), or None when there is none."""
    when = event.when
    start = process.begun
    end = process.ended or (start + HORIZON if start is not None else None)
    if event.process is not None and event.process[0] in {"ceasefire", "talks"}:
        if when is not None and start is not None and when < start - LEAD:
            return None
        if when is not None and end is not None and when > end + LEAD:
            return None
        return Link(event.id, process.id, "mention",
                    f"speaks of {event.process[0]} ({event.process[1]}) in {country}{_on(when)}, "
                    f"within the window of {process.name}")  # fmt: skip
    if event.event in process.terms.banned:
        begin = process.in_force_from
        if when is None or (begin is not None and when < begin):
            return None
        if end is not None and when > end:
            return None
        return Link(event.id, process.id, "scope",
                    f"{event.event} in {country}{_on(when)}, while {process.name} was in force")  # fmt: skip
    return None


def _on(when: date | None) -> str:
    return f" on {when.isoformat()}" if when else ""


def _country_name(alpha2: str) -> str:
    country = pycountry.countries.get(alpha_2=alpha2)
    return str(getattr(country, "common_name", None) or country.name) if country else alpha2
