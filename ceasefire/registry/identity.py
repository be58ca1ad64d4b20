"""One real ceasefire, one process: grouping the registry's source records.

The datasets record one ceasefire several times. ETH/PRIO has a row per declaring side, so a truce
both sides declared on the same day is two ``uniq_id``s; PA-X holds the written agreement of a
ceasefire that ETH/PRIO also has. Records are grouped (union-find) when

- ``pax``: an ETH/PRIO record points at a PA-X agreement (``pax_id``), or a manual record names the
  same external id as another record;
- ``declarations``: two ETH/PRIO records of one conflict (same country, a UCDP conflict id in
  common) were declared within ``DECLARATION_DAYS`` of each other by different sides
  (no party in common);
- ``same date``: a PA-X ceasefire agreement of the same conflict is dated within ``DECLARATION_DAYS``
  of an ETH/PRIO ceasefire's declaration or entry into force: the closest pairs first, one agreement
  to a ceasefire (local agreements signed the same week stay apart).

Each group becomes one process whose id is that of its primary record (a manual entry, else the
earliest ETH/PRIO record, else the PA-X agreement), carrying every record in ``records`` and each
side's declaration in ``declarations`` (``unilateral`` when a record names one side, ``mutual``
when it names several). The other records' names become aliases, so "the Cessation of Hostilities
in Syria" of the PA-X title still names the process.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from ceasefire.registry.process import Declaration, NamedPlace, Process, ProcessActor

DECLARATION_DAYS = 3
_PRIORITY = {"manual": 0, "eth-prio": 1, "pax": 2, "discovered": 3}
_LINKING_SCHEMES = ("eth_prio_uniq_id", "pax_agt_id")


@dataclass(slots=True)
class _Groups:
    """Union-find over record indexes, remembering why each pair was joined."""

    parent: list[int]
    why: dict[int, list[str]] = field(default_factory=dict)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int, reason: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
        self.why.setdefault(min(a, b), []).append(reason)


def group_records(records: Iterable[Process]) -> list[Process]:
    """The processes ``records`` make, one per real ceasefire, each with its records and declarations."""
    items = sorted(records, key=_primary_key)
    groups = _Groups(list(range(len(items))))
    _join_by_ids(items, groups)
    _join_declarations(items, groups)
    _join_agreements(items, groups)
    members: dict[int, list[Process]] = {}
    for i, record in enumerate(items):
        members.setdefault(groups.find(i), []).append(record)
    return [merge_records(group) for group in members.values()]


def merge_records(group: list[Process]) -> Process:
    """One process from the records of one ceasefire (the first is the primary)."""
    primary = sorted(group, key=_primary_key)[0]
    if len(group) == 1:
        return replace(primary, records=[primary.record()], declarations=_declarations(primary))
    others = [r for r in group if r is not primary]
    declared = _earliest(r.declared for r in group)
    effective = _earliest(r.effective for r in group)
    ended = max((r.ended for r in group if r.ended), default=None)
    external: dict[str, list[str]] = {}
    for record in group:
        for scheme, values in record.external_ids.items():
            external.setdefault(scheme, [])
            external[scheme] += [v for v in values if v not in external[scheme]]
    national = [r for r in group if not r.local]
    notes = [primary.note, *(f"{r.id}: {r.note}" for r in others if r.note)]
    return replace(
        primary,
        aliases=_unique([*primary.aliases, *(a for r in others for a in (r.name, *r.aliases))]),
        countries=_unique(c for r in group for c in r.countries),
        areas=[a for r in group for a in r.areas],
        actors=_unique_actors(a for r in group for a in r.actors),
        declared=declared,
        effective=effective,
        ended=ended,
        written=True if any(r.written for r in group) else primary.written,
        external_ids={k: sorted(v) for k, v in external.items()},
        note="\n".join(n for n in notes if n),
        local=not national,
        partial=all(r.partial for r in group if r.origin == "eth-prio")
        and any(r.origin == "eth-prio" for r in group),
        places=_unique_places(p for r in group for p in r.places),
        venues=_unique(v for r in group for v in r.venues),
        declarations=[d for r in sorted(group, key=_primary_key) for d in _declarations(r)],
        records=[r.record() for r in sorted(group, key=_primary_key)],
    )


def _join_by_ids(items: list[Process], groups: _Groups) -> None:
    """Records naming the same ETH/PRIO or PA-X id (ETH/PRIO's ``pax_id``, a manual entry's ids)."""
    owner: dict[tuple[str, str], int] = {}
    for i, record in enumerate(items):
        for scheme in _LINKING_SCHEMES:
            for value in record.external_ids.get(scheme, []):
                key = (scheme, value)
                if key in owner and _same_conflict(items[owner[key]], record):
                    groups.join(owner[key], i, f"{scheme} {value} in common")
                else:
                    owner.setdefault(key, i)


def _join_declarations(items: list[Process], groups: _Groups) -> None:
    """ETH/PRIO declarations of one conflict by different sides within a few days."""
    eth = [i for i, r in enumerate(items) if r.origin == "eth-prio" and r.declared is not None]
    eth.sort(key=lambda i: items[i].declared or date.min)
    for n, i in enumerate(eth):
        a = items[i]
        for j in eth[n + 1 :]:
            b = items[j]
            assert a.declared is not None and b.declared is not None
            if (b.declared - a.declared).days > DECLARATION_DAYS:
                break
            if _same_conflict(a, b, strict=True) and not _parties(a) & _parties(b):
                groups.join(i, j, f"declared within {DECLARATION_DAYS} days by different sides")


def _join_agreements(items: list[Process], groups: _Groups) -> None:
    """Each PA-X ceasefire agreement to the ETH/PRIO ceasefire of its conflict closest in date, one to one."""
    by_country: dict[str, list[int]] = {}
    for i, record in enumerate(items):
        if record.origin == "eth-prio":
            for country in record.countries:
                by_country.setdefault(country, []).append(i)
    sizes = Counter(groups.find(i) for i in range(len(items)))
    pairs = []
    for j, agreement in enumerate(items):
        if agreement.origin != "pax" or agreement.declared is None or sizes[groups.find(j)] > 1:
            continue  # already grouped by an id its ETH/PRIO record gives
        for i in sorted({i for c in agreement.countries for i in by_country.get(c, [])}):
            days = _days_apart(items[i], agreement.declared)
            if days is not None and days <= DECLARATION_DAYS and _same_conflict(items[i], agreement):
                pairs.append((days, i, j))
    taken: set[int] = {
        groups.find(i) for i in range(len(items)) if items[i].origin == "pax" and sizes[groups.find(i)] > 1
    }
    for days, i, j in sorted(pairs):
        if groups.find(i) in taken or groups.find(j) != j:
            continue
        groups.join(i, j, f"same conflict, dated within {days} days")
        taken.add(groups.find(i))


def _days_apart(record: Process, day: date) -> int | None:
    gaps = [abs((d - day).days) for d in (record.declared, record.effective) if d is not None]
    return min(gaps) if gaps else None


def _same_conflict(a: Process, b: Process, strict: bool = False) -> bool:
    """Same country and, where both give UCDP conflict ids, one in common (``strict``: both must give)."""
    if not set(a.countries) & set(b.countries):
        return False
    ca, cb = set(a.external_ids.get("ucdp_conflict", [])), set(b.external_ids.get("ucdp_conflict", []))
    if strict:
        return bool(ca & cb)
    return not (ca and cb) or bool(ca & cb)


def _parties(record: Process) -> set[str]:
    return {a.entity_id or a.name.casefold() for a in record.actors_in("party")}


def _declarations(record: Process) -> list[Declaration]:
    parties = record.actors_in("party")
    kind: Literal["unilateral", "mutual"] = "mutual" if len(parties) > 1 else "unilateral"
    return [Declaration(a.name, record.declared, record.id, kind) for a in parties]


def _primary_key(record: Process) -> tuple[int, date, str]:
    return (_PRIORITY.get(record.origin, 9), record.declared or date.max, record.id)


def _earliest(days: Iterable[date | None]) -> date | None:
    return min((d for d in days if d is not None), default=None)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def _unique_actors(actors: Iterable[ProcessActor]) -> list[ProcessActor]:
    seen: dict[tuple[str, str], ProcessActor] = {}
    for actor in actors:
        key = (actor.role, actor.entity_id or actor.name.casefold())
        seen.setdefault(key, actor)
    return list(seen.values())


def _unique_places(places: Iterable[NamedPlace]) -> list[NamedPlace]:
    return list({p.name.casefold(): p for p in places}.values())
