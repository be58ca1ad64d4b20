"""How long a ceasefire binds, from its registry dates and what the text says of its length.

- The registry's end date binds (``hard``). Without one, a length the text gives ("a seven-day
  ceasefire", ``process.duration``) runs from the day it took effect (``soft``: it may have been
  extended without the sources saying so).
- An extension moves the end: to the day it gives (``process.until``), or by its length from the
  later of the old end and the day it was agreed. It never starts a new ceasefire, and the same
  extension reported again (the same length, within ``SAME_EXTENSION`` days) counts once.
- A source saying it expired fixes the end on that day; one still speaking of it as in force,
  extended or breached after a soft end shows it lasted at least that long.
- A newer ceasefire of the same conflict ends it the day before it began (``force.supersede``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from ceasefire.registry.process import Process
from ceasefire.tracker.signals import signal_of
from ceasefire.tracker.tracked import TrackedEvent

_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?)?$")
#: reports of an extension of the same length this close together are one extension
SAME_EXTENSION = timedelta(days=7)
#: signals that show a ceasefire still existed on their day
_ALIVE = frozenset({"in_force", "extended", "alleged", "violated", "suspended"})


@dataclass(frozen=True, slots=True)
class TermsEnd:
    """The end by its terms (None: open-ended), whether the registry gave it, and why."""

    day: date | None
    hard: bool
    why: str = ""


def add_duration(start: date, duration: str) -> date | None:
    """``start`` plus an ISO 8601 duration ("P7D", "P2M", "P1W", "PT72H"); None when it cannot be read."""
    match = _DURATION.match(duration.strip().upper())
    if match is None or not any(match.groups()):
        return None
    years, months, weeks, days, hours = (int(g) if g else 0 for g in match.groups())
    month_index = start.month - 1 + months + 12 * years
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) + timedelta(weeks=weeks, days=days + -(-hours // 24))


def terms_end(process: Process, linked: Iterable[TrackedEvent]) -> TermsEnd:
    """When ``process`` ends by its terms, given the events linked to it (see the module docstring)."""
    events = sorted((e for e in linked if e.when is not None), key=lambda e: (e.when, e.id))
    end = TermsEnd(process.ended, True, "registry end date") if process.ended else TermsEnd(None, False)
    start = process.in_force_from
    extensions: list[tuple[date, str]] = []
    for event in events:
        signal = signal_of(event)
        assert event.when is not None
        terms = event.terms
        if signal == "expired":
            return TermsEnd(event.when, True, f"expired on {event.when} (event {event.id})")
        if signal == "extended":
            until = _day(terms.get("until"))
            length = terms.get("duration")
            if until is None and length:
                if any(d == length and event.when - day <= SAME_EXTENSION for day, d in extensions):
                    continue  # the same extension, told again
                extensions.append((event.when, length))
                base = max(end.day or event.when, event.when)
                until = add_duration(base, length)
            if until is None:
                end = TermsEnd(None, False, f"extended for a time not stated (event {event.id})")
            else:
                end = TermsEnd(until, end.hard and process.ended is not None,
                               f"extended to {until} (event {event.id})")  # fmt: skip
        elif end.day is None and start is not None and signal in {"accept", "sign", "in_force"}:
            until = _day(terms.get("until")) or (
                add_duration(start, terms["duration"]) if terms.get("duration") else None
            )
            if until is not None:
                end = TermsEnd(
                    until,
                    False,
                    f"its length ({terms.get('duration') or 'until ' + str(until)}, event {event.id})",
                )
        elif signal in _ALIVE and end.day is not None and not end.hard and event.when > end.day:
            end = TermsEnd(event.when, False, f"still spoken of on {event.when} (event {event.id})")
    return end


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
