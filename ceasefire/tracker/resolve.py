"""Which peace process an event bears on: candidates ranked by the evidence, with the features that decided.

An event is resolved only when the evidence points at one process. Candidates are the processes of
the event's countries (its place, its parties' and its document's conflict), and each earns
features, every one kept with its reason:

- ``named``: the sentence names the process: a place a local truce binds beside a process noun
  ("the Homs truce", "a ceasefire in Homs"), its venue ("the Moscow ceasefire", "agreed in
  Moscow"), its month ("the February truce"); ``title``: a distinctive title of it. Only a title
  reaches a process outside its window of dates;
- ``parties``: the event's actors or recipients are among its parties (one side, or both: the dyad),
  or a mediator of it speaks (``mediator``);
- ``scope``: the event happened in its countries, or in a place its local scope names;
- ``time``: declared (or in force) within days of the event, else in force on that day;
- ``earlier``: the sentence speaks of a "first", "previous" or "earlier" truce, and this one had
  been replaced by then;
- ``mutual``: it binds two sides or more; an unqualified "the ceasefire" means the mutual truce,
  not one faction's declaration; ``partial`` (-1): a truce the registry marks partial, when the
  event names none of its parties.

Talks and agreements bear on a ceasefire only through its parties or its name.

Hard limits come first (``force.py`` defines them): a local truce is never a candidate outside its
places unless named; violence links only to a process in force and in scope that day; a mention only
to one whose window (30 days before it began to 30 days after it stopped binding) holds the date.

The highest score links when it reaches ``THRESHOLD`` with at least one feature beyond time and
breadth (``ANCHORS``: a date alone never links). Equal scores go to the newest of the tied
processes when they share a side (a newer truce of the same dyad), and stay ``ambiguous`` otherwise:
each tied process is shown as a candidate, and none counts the event.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from ceasefire.registry.process import Process
from ceasefire.tracker.force import Lifetime, breaches, in_scope
from ceasefire.tracker.sides import Sides
from ceasefire.tracker.signals import BEGINNING
from ceasefire.tracker.tracked import TrackedEvent

LEAD = timedelta(days=30)
#: a beginning phase within this many days of a process's start is that process's beginning
NEAR_DAYS = 3
CLOSE_DAYS = 10
THRESHOLD = 2
#: features that tie an event to a process beyond its dates: at least one is needed to link
ANCHORS = frozenset({"scope", "parties", "named", "title", "start", "mediator"})
#: PLOVER types whose link rests on the terms: violence (banned) and steps of compliance
COMPLIANCE = frozenset({"RETREAT"})
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")  # fmt: skip
_PROCESS_NOUN = r"(?:cease-?fire|truce|cessation|armistice|hudna|pause|agreement|deal|accord|talks|deal)"
_MONTH_NAMED = re.compile(
    rf"\b({'|'.join(_MONTHS)})(?:\s+\d{{1,2}})?(?:,?\s+(\d{{4}}))?(?:'s)?\s+(?:\w+\s+)?{_PROCESS_NOUN}\b"
    rf"|\b{_PROCESS_NOUN}\s+(?:\w+\s+){{0,3}}?(?:of|in|on|since|from)\s+(?:\d{{1,2}}\s+)?({'|'.join(_MONTHS)})"
    rf"(?:\s+\d{{1,2}})?(?:,?\s+(\d{{4}}))?\b",
    re.I,
)
#: an extension, renewal or implementation accord continues a ceasefire in force: it never starts one
_CONTINUATION = re.compile(r"\b(?:implement\w*|extension|extend\w*|renew\w*|prolong\w*|reinstat\w*)\b", re.I)
#: phases that speak of a ceasefire that has begun
AFTER_START = frozenset({"in_force", "extended", "violation_alleged", "violated", "ended"})
#: phases that open a ceasefire (or turn down its opening): they speak of one that is starting
OPENING = frozenset({"called", "accepted", "declared", "signed", "rejected"})
_NOUN = re.compile(rf"\b{_PROCESS_NOUN}\b", re.I)
_EARLIER_WORDS = frozenset(
    {"first", "previous", "earlier", "former", "prior", "old", "last", "initial", "original"}
)
_DEFINITE = frozenset({"the", "this", "that", "its", "their", "existing", "current"})
_NEW_WORDS = frozenset({"new", "another", "second", "third", "fresh", "renewed"})


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    weight: int
    why: str

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "weight": self.weight, "why": self.why}


@dataclass(frozen=True, slots=True)
class Link:
    event_id: str
    process_id: str
    method: str  # mention | scope
    standing: str  # linked | ambiguous
    score: int
    features: tuple[Feature, ...]

    @property
    def reason(self) -> str:
        head = "ambiguous between equally strong candidates; " if self.standing == "ambiguous" else ""
        return head + "; ".join(f.why for f in self.features)


@dataclass(slots=True)
class Profile:
    """What the resolver knows of one process: its parties' sides and its lifetime so far."""

    process: Process
    parties: frozenset[str]
    mediators: frozenset[str]
    lifetime: Lifetime
    superseded_by: str | None = None
    months: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    #: the last day it binds by its own terms (registry end, a length the text gave, extensions)
    terms_until: date | None = None

    @property
    def id(self) -> str:
        return self.process.id

    def window(self) -> tuple[date | None, date | None]:
        """The days a mention of it may fall on: 30 days before it began to 30 days after it stopped."""
        begun = self.process.begun
        start = begun - LEAD if begun else None
        last = self.lifetime.last_day
        if self.lifetime.until is not None and not self.lifetime.hard and self.superseded_by is None:
            last = self.lifetime.dormant_after  # a length the text gave may have been extended unseen
        return start, (last + LEAD if last is not None and last < date.max - LEAD else last)


class Resolver:
    """Ranks the processes an event may bear on and decides (see the module docstring)."""

    def __init__(self, profiles: Iterable[Profile], sides: Sides) -> None:
        self.sides = sides
        self.profiles: dict[str, Profile] = {}
        self._by_country: dict[str, list[Profile]] = {}
        for profile in profiles:
            self.add(profile)

    def add(self, profile: Profile) -> None:
        self.profiles[profile.id] = profile
        for country in profile.process.countries:
            self._by_country.setdefault(country, []).append(profile)

    def candidates(self, countries: Iterable[str]) -> list[Profile]:
        seen: dict[str, Profile] = {}
        for country in sorted(set(countries)):
            for profile in self._by_country.get(country, []):
                seen.setdefault(profile.id, profile)
        return list(seen.values())

    # -- mentions: the event speaks of a ceasefire, talks or an agreement --------------------------

    def mention(self, event: TrackedEvent) -> list[Link]:
        """Links of an event that speaks of a peace process (empty when nothing reaches the threshold)."""
        where = event.countries | event.parties | event.conflict | event.doc_countries
        scored = [(self._mention_features(event, p), p) for p in self.candidates(where)]
        return self._decide(event, "mention", [(f, p) for f, p in scored if f is not None])

    def _mention_features(self, event: TrackedEvent, profile: Profile) -> list[Feature] | None:
        process, when = profile.process, event.when
        named = self._named(event, profile)
        titled = any(f.name == "title" for f in named)
        if process.local and not named:
            return None
        start, stop = profile.window()
        if when is not None and not titled and ((start and when < start) or (stop and when > stop)):
            return None
        begun = process.begun
        if (
            when
            and begun
            and event.process
            and event.process[1] in AFTER_START
            and when < begun - timedelta(days=NEAR_DAYS)
        ):
            return None  # nothing can be in force, breached, extended or ended before it began
        time = self._time_features(event, profile)
        qualifier = qualifier_of(event)
        fresh = qualifier == "new" and event.process is not None and event.process[1] in BEGINNING
        known = qualifier == "definite" and any(f.name == "time" and f.weight >= 2 for f in time)
        if (_opening(event) or fresh) and not (named or known) and not any(f.name == "start" for f in time):
            return None  # a call, acceptance or signing far from its start, or "a new truce", is another ceasefire
        parties = self._party_features(event, profile)
        if event.process and event.process[0] != "ceasefire" and not (named or parties):
            return None  # talks and agreements bear on a ceasefire through its parties or its name
        features = [*named, *parties, *time]
        if process.partial and not parties and not named:
            features.append(
                Feature("partial", -1, "a partial truce, and the event names none of its parties")
            )
        elif len(profile.parties) >= 2:
            features.append(
                Feature("mutual", 1, "agreed between sides (an unqualified mention means the mutual truce)")
            )
        place = event.place
        if place.get("country") in process.countries:
            features.append(
                Feature("scope", 1, f"{place.get('name') or place['country']} is in its countries")
            )
        elif event.conflict & set(process.countries):
            features.append(
                Feature(
                    "scope",
                    1,
                    f"its document's conflict ({', '.join(sorted(event.conflict))}) is in its countries",
                )
            )
        elif event.doc_countries & set(process.countries):
            features.append(Feature("document", 1, "its document speaks of its countries"))
        if when and qualifier == "earlier" and profile.superseded_by and not profile.lifetime.binds_on(when):
            features.append(
                Feature("earlier", 2, f"speaks of an earlier truce; replaced by {profile.superseded_by}")
            )
        return features

    def _time_features(self, event: TrackedEvent, profile: Profile) -> list[Feature]:
        when, process = event.when, profile.process
        if when is None:
            return []
        phase = event.process[1] if event.process else ""
        start = process.effective if phase == "in_force" and process.effective else process.declared
        start = start or process.begun
        if (phase in BEGINNING or phase in OPENING) and start is not None and not _continues(event):
            days = abs((when - start).days)
            if days <= NEAR_DAYS:
                return [Feature("start", 3, f"{phase} on {when}, {days} day(s) from its start on {start}")]
            if days <= CLOSE_DAYS:
                return [Feature("start", 2, f"{phase} on {when}, {days} days from its start on {start}")]
        if profile.lifetime.binds_on(when):
            return [Feature("time", 2, f"in force on {when}")]
        return [Feature("time", 1, f"{when} is within 30 days of its dates")]

    # -- acts: violence its terms ban, and steps of compliance -------------------------------------

    def act(self, event: TrackedEvent) -> list[Link]:
        """Links of an event that is an act a ceasefire bears on: violence it bans, a party complying."""
        if event.when is None or event.modality != "asserted":
            return []  # a plan, a question, or history told in passing is no report of an act
        where = event.countries | event.conflict if not event.place.get("country") else event.countries
        scored = []
        for profile in self.candidates(where):
            features = self._act_features(event, profile)
            if features is not None:
                scored.append((features, profile))
        return self._decide(event, "scope", scored)

    def _act_features(self, event: TrackedEvent, profile: Profile) -> list[Feature] | None:
        process, when = profile.process, event.when
        assert when is not None
        violent = breaches(process, event.event)
        if not violent and event.event not in COMPLIANCE:
            return None
        if not profile.lifetime.binds_on(when):
            return None
        place = event.place
        country = place.get("country") or next(iter(sorted(event.conflict & set(process.countries))), None)
        if not in_scope(process, country, place.get("lat"), place.get("lon"), place.get("name")):
            return None
        features = [Feature("time", 1, f"in force on {when}")]
        if process.local:
            features.append(Feature("scope", 2, f"{place.get('name')} is a place it binds"))
        else:
            features.append(Feature("scope", 1, f"{place.get('name') or country} is in its countries"))
        parties = self._party_features(event, profile)
        if (not violent or process.partial) and not any(f.name == "parties" for f in parties):
            return None  # a withdrawal, or violence against a partial truce, counts only when a party's
        return features + parties

    # -- shared ------------------------------------------------------------------------------------

    def _party_features(self, event: TrackedEvent, profile: Profile) -> list[Feature]:
        met = self.sides.meet(event.sides, profile.parties)
        features = []
        if len(met) >= 2:
            features.append(Feature("parties", 3, f"both sides are its parties ({', '.join(sorted(met))})"))
        elif met:
            features.append(Feature("parties", 2, f"{next(iter(met))} is one of its parties"))
        if self.sides.meet(event.actor_sides, profile.mediators):
            features.append(Feature("mediator", 1, "a mediator of it speaks"))
        return features

    def _named(self, event: TrackedEvent, profile: Profile) -> list[Feature]:
        text, process = event.sentence, profile.process
        found = []
        places = [p.name for p in process.places if _beside_process_noun(p.name, text)]
        if places:
            found.append(Feature("named", 3, f"names the place it binds ({', '.join(places)})"))
        venue = next((v for v in process.venues if _beside_process_noun(v, text, venue=True)), None)
        if venue:
            found.append(Feature("named", 3, f"names its venue, {venue}"))
        for match in _MONTH_NAMED.finditer(text):
            month = _MONTHS.index((match.group(1) or match.group(3)).casefold()) + 1
            year_text = match.group(2) or match.group(4)
            if any(m == month and (year_text is None or int(year_text) == y) for y, m in profile.months):
                found.append(Feature("named", 3, f"names its month ({match.group(0)})"))
                break
        folded = text.casefold()
        for alias in (process.name, *process.aliases):
            if _distinctive(alias) and _word_in(alias.casefold(), folded):
                found.append(Feature("title", 4, f"names it ({alias})"))
                break
        return found

    def _decide(
        self, event: TrackedEvent, method: str, scored: list[tuple[list[Feature], Profile]]
    ) -> list[Link]:
        ranked = sorted(
            (
                (sum(f.weight for f in fs), fs, p)
                for fs, p in scored
                if sum(f.weight for f in fs) >= THRESHOLD and any(f.name in ANCHORS for f in fs)
            ),
            key=lambda t: (-t[0], -(t[2].process.begun or date.min).toordinal(), t[2].id),
        )
        if not ranked:
            return []
        best = ranked[0][0]
        tied = [(s, fs, p) for s, fs, p in ranked if s == best]
        if len(tied) > 1:
            newest = tied[0][2]
            if all(p is newest or self._same_dyad(newest, p) for _, _, p in tied):
                fs = [
                    *tied[0][1],
                    Feature("recency", 0, f"the newest of {len(tied)} tied processes of its dyad"),
                ]
                return [Link(event.id, newest.id, method, "linked", best, tuple(fs))]
            return [Link(event.id, p.id, method, "ambiguous", s, tuple(fs)) for s, fs, p in tied]
        score, fs, profile = ranked[0]
        return [Link(event.id, profile.id, method, "linked", score, tuple(fs))]

    def _same_dyad(self, a: Profile, b: Profile) -> bool:
        return bool(a.parties & b.parties) or not (a.parties and b.parties)


def qualifier_of(event: TrackedEvent) -> str | None:
    """``earlier`` for "a first/previous truce", ``new`` for "a new/second truce", ``definite`` for "the
    truce", "its ceasefire" (one the reader knows): read on the process noun nearest the event's trigger,
    so a sentence about two truces gives each event its own."""
    text = event.sentence
    evidence, trigger = event.record.get("evidence") or {}, event.record.get("trigger") or {}
    at = int(trigger.get("start", 0)) - int(evidence.get("start", 0)) if trigger else 0
    nouns = list(_NOUN.finditer(text))
    if not nouns:
        return None
    noun = min(nouns, key=lambda m: abs(m.start() - at))
    before = re.findall(r"[\w-]+", text[max(0, noun.start() - 40) : noun.start()].casefold())[-3:]
    if _EARLIER_WORDS & set(before):
        return "earlier"
    if _NEW_WORDS & set(before):
        return "new"
    if _DEFINITE & set(before[-2:]):
        return "definite"
    return None


def _continues(event: TrackedEvent) -> bool:
    process = event.process
    return process is not None and (
        process[1] == "extended" or _CONTINUATION.search(event.sentence) is not None
    )


def _opening(event: TrackedEvent) -> bool:
    process = event.process
    return process is not None and process[1] in OPENING and not _continues(event)


def _beside_process_noun(name: str, text: str, venue: bool = False) -> bool:
    """Whether ``text`` refers to a process by ``name``: "the Homs truce", "Homs's ceasefire", "the ceasefire in
    Homs", and for a venue also "agreed in Moscow". "A ceasefire around Aleppo" is not one: an indefinite
    article speaks of a ceasefire to come, not of the one agreed there."""
    word = re.escape(name)
    before = rf"(?:\bthe\s+(?<!\w){word}|(?<!\w){word}'s)\s+(?:[\w-]+\s+){{0,2}}?{_PROCESS_NOUN}"
    after = (
        rf"\bthe\s+(?:[\w-]+\s+){{0,2}}?{_PROCESS_NOUN}\s+(?:[\w-]+\s+){{0,3}}?(?:in|of|for|around|at)\s+"
        rf"(?:the\s+)?(?:city\s+of\s+)?{word}(?!\w)"
    )
    agreed = (
        rf"\b(?:agreed|signed|reached|brokered|concluded|announced)\s+(?:[\w-]+\s+){{0,3}}?in\s+{word}(?!\w)"
    )
    patterns = [before, after, *([agreed] if venue else [])]
    return any(re.search(p, text, re.I) for p in patterns)


def _word_in(needle: str, haystack: str) -> bool:
    return bool(needle) and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack) is not None


_GENERIC = frozenset({"ceasefire", "cease-fire", "truce", "agreement", "the", "of", "on", "in", "and", "for",
                      "between", "a", "an", "statement", "cessation", "hostilities", "discovered", "accord",
                      "deal", "peace", "talks", "humanitarian", "untitled", "document", "joint"})  # fmt: skip


def _distinctive(alias: str) -> bool:
    """An alias specific enough to name the process when written (two words beyond the generic ones)."""
    words = [w for w in re.findall(r"[\w'-]+", alias.casefold()) if w not in _GENERIC and not w.isdigit()]
    return len(words) >= 2 and len(alias) <= 80 and not any(m in alias.casefold() for m in _MONTHS)
