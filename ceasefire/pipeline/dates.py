"""When did an event happen? Read it off the event's sentence, against the publication date.

``resolve_date`` finds the temporal expressions of a sentence (patterns in ``datewords.py``), keeps
the ones that can date the event, ranks them by distance to the event's trigger and resolves the
best one:

* explicit dates ("April 4, 2019", "4 April", "2019-04-04", "14/4/2019", "January 2020", "in 2018",
  "in early March", "October last year"); a numeric date whose day/month order is ambiguous
  ("4/5/2019") is skipped;
* weekdays ("on Wednesday", "last Friday", "this Sunday", "next Tuesday"), relative days and periods
  ("yesterday", "last night", "earlier this month", "next week", "two days ago", "in two weeks");
* expressions relative to another date ("a day earlier", "the next day", "the following year"):
  against the nearest other date of the sentence fine enough for the unit, else the caller's
  ``reference`` (the stage passes the last day date of an earlier event), else, looking back only,
  the publication date; "two years later" with nothing to count from is no date.

Ranking: an expression led by "on/in/since/by/last/this/next..." (or one that stands on its own,
"yesterday") is preferred to a bare one; one led by "until/to/through/within" is the end of a span
and never dates the event; one in another clause (across ";", parentheses, a dash, ", which/who")
is never used; one in a comma aside before the trigger ("The truce, agreed in February, collapsed")
is never used, one in an aside after it only when nothing nearer fits; a conjunction between
expression and trigger ("held in 2015 and collapsed the following year") counts against it.

Direction, for expressions that leave it open (a bare weekday, a date or month without a year):
``tense == "past"`` looks back from publication, ``"future"`` forward; with no tense (or present), a
cue ("will", "plans", "upcoming", "next", "is to") between just before the trigger and the
expression looks forward; otherwise a weekday looks back and a date without a year takes the nearest
such date on either side.

Precision conventions: a ``week`` date is the Monday of that week, a ``month`` date the 1st, a
``year`` date 1 January. Hours ago count as the publication day.

``dateparser`` is called only for what the rules find but do not resolve themselves ("a fortnight
ago", "two decades ago"), with ``RELATIVE_BASE`` and ``PREFER_DATES_FROM`` by direction; the answers
are cached. A sentence without a digit, a month, a weekday or a relative word costs a few
microseconds; one with a date some tens.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from ceasefire.knowledge import datewords as words
from ceasefire.models import DateBasis, DatePrecision, Document, Event
from ceasefire.pipeline.stage import StageSpec

Direction = Literal["past", "future", "nearest"]
Resolved = tuple[date, DatePrecision, str]

_UNGOVERNED_PENALTY = 40
_ASIDE_PENALTY = 40
_CONJUNCTION_PENALTY = 20
_LEAD_WINDOW = 20
_CUE_WINDOW = 30


@dataclass(frozen=True, slots=True)
class DateResolution:
    """The date an expression of the sentence gives the event, and how it was read.

    ``text`` is the expression as written (with its leading preposition, "on Wednesday");
    ``start``/``end`` are its offsets within the sentence.
    """

    date: date
    precision: DatePrecision
    basis: DateBasis
    text: str
    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class _Mention:
    """An expression found in the sentence: its core ``match``, the words ``before`` it that belong
    to it ("last", "in early"), its span including them and a governing preposition."""

    kind: str
    match: re.Match[str]
    before: re.Match[str] | None
    start: int
    end: int
    governed: bool

    def group(self, name: str) -> str:
        """A named group of the core or of the words before it, lowercased ("" when absent)."""
        for found in (self.match, self.before):
            if found is not None and name in found.re.groupindex and found[name]:
                return " ".join(found[name].lower().split())
        return ""


@dataclass(frozen=True, slots=True)
class _Context:
    published: date | None
    direction: Direction
    base: date | None = None
    base_name: str = ""


class _Unanchored(Exception):
    """The expression is relative and there is no date to resolve it against."""


def resolve_date(
    sentence: str,
    anchor: int | None,
    published: date | None,
    tense: str | None = None,
    *,
    reference: date | None = None,
    foreign: list[tuple[int, int]] | None = None,
) -> DateResolution | None:
    """The date that governs the event at offset ``anchor`` of ``sentence``, or None.

    ``anchor`` is the trigger's offset within the sentence (None: the first governing expression).
    ``tense`` ("past", "present", "future") settles weekdays and dates without a year;
    ``reference`` dates "the next day" when the sentence has no day date of its own; an expression
    inside one of the ``foreign`` spans (a clause on another noun) dates that clause, not the event.
    """
    mentions = _mentions(sentence, set(words.WORD.findall(sentence.lower())))
    if foreign:
        mentions = [m for m in mentions if not any(s <= m.start and m.end <= e for s, e in foreign)]
    if not mentions:
        return None
    ranked = sorted(
        (score, mention.start, mention)
        for mention in mentions
        if (score := _score(mention, anchor, sentence)) is not None
    )
    for _, _, mention in ranked:
        context = _Context(published, _direction(sentence, mention, anchor, tense))
        try:
            if _needs_base(mention):
                got = _RESOLVERS[mention.kind](mention, _with_base(context, mention, mentions, reference))
            else:
                got = _RESOLVERS[mention.kind](mention, context)
        except _Unanchored:
            return None
        if got is not None:
            day, precision, how = got
            text = sentence[mention.start : mention.end]
            reason = f"resolved {text!r} {how}: {_describe(day, precision)}"
            return DateResolution(day, precision, "text", text, mention.start, mention.end, reason)
    return None


def _mentions(sentence: str, tokens: set[str]) -> list[_Mention]:
    digits = {"digit"} if words.DIGIT.search(sentence) else set()
    if not digits and tokens.isdisjoint(words.CUE_WORDS):
        return []  # the common case: no number, no month, weekday or relative word
    if digits and words.YEAR_DIGITS.search(sentence):
        digits.add("year")
    found: list[_Mention] = []
    for pattern in words.PATTERNS:
        if (pattern.digits and pattern.digits not in digits) or any(
            tokens.isdisjoint(c) for c in pattern.cues
        ):
            continue
        for match in pattern.core.finditer(sentence):
            mention = _mention(pattern, match, sentence)
            if mention is not None:
                found.append(mention)
    if len(found) > 1:  # where expressions overlap, the longest is the one written
        found.sort(key=lambda m: (m.start - m.end, m.start))
        kept: list[_Mention] = []
        for mention in found:
            if not any(mention.start < other.end and other.start < mention.end for other in kept):
                kept.append(mention)
        found = sorted(kept, key=lambda m: m.start)
    return found


def _mention(pattern: words.Pattern, match: re.Match[str], sentence: str) -> _Mention | None:
    start = match.start()
    if start and sentence[start - 1].isalnum():
        return None  # inside a word or a number ("Mayor", "2019 April")
    before = None
    if pattern.before is not None:
        before = pattern.before.search(sentence, max(0, start - _LEAD_WINDOW * 2), start)
        if before is not None and before.start() == start:
            before = None
    if before is None and pattern.needs_before:
        return None
    if before is not None:
        start = before.start()
    first = sentence[start : match.end()].split(None, 1)[0].lower()
    if first in words.EXCLUDING_LEADS:
        return None
    kind = pattern.kind
    governed = (
        first in words.GOVERNING_LEADS
        or kind in _STANDING_ALONE
        or (kind == "weekday" and before is not None)
    )
    lead = words.LEAD_WORD.search(sentence, max(0, start - _LEAD_WINDOW), start)
    word = lead["word"].lower() if lead else ""
    if word in words.EXCLUDING_LEADS:
        return None
    if kind == "relative_period" and lead is not None and (word == "the" or lead["the"]):
        return None  # "over the last week" is a span, not a date
    if kind == "relative_reference" and word in {"over", "within", "in", "for", "during"}:
        return None  # "over the next week"
    if lead is not None and word in words.GOVERNING_LEADS and not governed:
        start, governed = lead.start(), True
    return _Mention(kind, match, before, start, match.end(), governed)


_STANDING_ALONE = frozenset(
    {"relative_day", "part_of_day", "relative_period", "ago", "in_units", "relative_reference", "fallback"}
)


def _score(mention: _Mention, anchor: int | None, sentence: str) -> int | None:
    """Lower is better; None when the expression cannot date the event at ``anchor``."""
    penalty = 0 if mention.governed else _UNGOVERNED_PENALTY
    if anchor is None:
        return penalty * 1000 + mention.start
    if mention.end <= anchor:
        gap, between = anchor - mention.end, sentence[mention.end : anchor]
    elif mention.start >= anchor:
        gap, between = mention.start - anchor, sentence[anchor : mention.start]
    else:
        gap, between = 0, ""
    if words.CLAUSE_BREAK.search(words.ASIDE.sub(" ", between)):
        return None
    if words.CONJUNCTION.search(between):
        penalty += _CONJUNCTION_PENALTY  # "held in 2015 and collapsed the following year"
    left = sentence.rfind(",", 0, mention.start)
    in_aside = left >= 0 and bool(sentence[left + 1 : mention.start].strip())
    if in_aside and mention.end <= anchor and "," in between and words.ASIDE_START.match(sentence, left + 1):
        return None
    if in_aside and mention.start >= anchor and left >= anchor:
        penalty += _ASIDE_PENALTY
    return gap + penalty


def _direction(sentence: str, mention: _Mention, anchor: int | None, tense: str | None) -> Direction:
    """Which way an open expression points: by tense, else by a cue ("will", "plans to", "upcoming")
    in the stretch from just before the trigger to the expression, else to the nearest date."""
    if tense in ("past", "future"):
        return "past" if tense == "past" else "future"
    low = mention.start if anchor is None else min(anchor, mention.start)
    high = mention.end if anchor is None else max(anchor, mention.end)
    stretch = sentence[max(0, low - _CUE_WINDOW) : high].lower()
    if words.PAST_PLAN.search(stretch):
        return "nearest"
    if not words.FUTURE_WORDS.isdisjoint(words.WORD.findall(stretch)) or words.FUTURE_PHRASE.search(stretch):
        return "future"
    return "nearest"


def _needs_base(mention: _Mention) -> bool:
    if mention.kind == "relative_reference":
        return True
    if mention.kind == "ago":
        return mention.group("direction") in {"earlier", "later", "before", "after"}
    return mention.kind == "weekday" and mention.group("mod").startswith("the ")


def _with_base(
    context: _Context, mention: _Mention, mentions: list[_Mention], reference: date | None
) -> _Context:
    """The date "a day earlier" counts from: the nearest other date of the sentence as fine as its
    unit (a day for "the next day", a year will do for "the following year"), else ``reference``,
    else, for looking back only ("a day earlier", "the previous day"), the publication date. "Two
    years later" with nothing to count from is no date (``base`` None)."""
    unit = mention.group("unit") if mention.kind != "weekday" else "day"
    fine_enough = _FINE_ENOUGH.get(unit, _FINE_ENOUGH["day"])
    best: tuple[int, date, str] | None = None
    for other in mentions:
        if other is mention or _needs_base(other) or _apposition(mention, other):
            continue
        try:
            got = _RESOLVERS[other.kind](other, context)
        except _Unanchored:
            continue
        distance = abs(other.start - mention.start)
        if got is not None and got[1] in fine_enough and (best is None or distance < best[0]):
            best = (distance, got[0], f"{other.match.string[other.start : other.end]!r} ({got[0]})")
    if best is not None:
        return _Context(context.published, context.direction, best[1], best[2])
    if reference is not None:
        return _Context(
            context.published, context.direction, reference, f"the last dated event ({reference})"
        )
    forward = {mention.group("direction"), mention.group("mod"), mention.group("side")}
    if forward & {"later", "after", "next", "following", "the following"}:
        return context
    published = _published(context)
    return _Context(published, context.direction, published, f"publication date {published}")


def _apposition(mention: _Mention, other: _Mention) -> bool:
    """ "two years later, in 1953": the second names the same time, it is no base for the first."""
    return other.start >= mention.end and mention.match.string[mention.end : other.start].strip() == ","


_FINE_ENOUGH: dict[str, frozenset[str]] = {
    "day": frozenset({"day"}),
    "week": frozenset({"day", "week"}),
    "month": frozenset({"day", "month"}),
    "year": frozenset({"day", "month", "year"}),
}


def _published(context: _Context) -> date:
    if context.published is None:
        raise _Unanchored
    return context.published


def _against(context: _Context) -> str:
    return f"against publication date {_published(context)}"


# --- resolvers: one a pattern kind; each returns (date, precision, how) or None ---------------------


def _resolve_iso(mention: _Mention, context: _Context) -> Resolved | None:
    match = mention.match
    return _written(int(match["year"]), int(match["month"]), int(match["day"]))


def _resolve_numeric(mention: _Mention, context: _Context) -> Resolved | None:
    first, second, year = int(mention.group("a")), int(mention.group("b")), int(mention.group("year"))
    if first == second or (second > 12 >= first):
        return _written(year, first, second)
    if first > 12 >= second:
        return _written(year, second, first)
    return None  # "4/5/2019": April 5 or 4 May; better no date than a wrong one


def _written(year: int, month: int, day: int) -> Resolved | None:
    try:
        return date(year, month, day), "day", "as written"
    except ValueError:
        return None


def _resolve_day_of_month(mention: _Mention, context: _Context) -> Resolved | None:
    month = words.MONTHS[mention.group("month").rstrip(".")]
    day = int(mention.group("day").rstrip("stndrh"))
    if mention.group("year"):
        return _written(int(mention.group("year")), month, day)
    published = _published(context)
    options = []
    for year in range(published.year - 4, published.year + 5):
        try:
            options.append(date(year, month, day))
        except ValueError:
            continue
    if not options:
        return None
    chosen = _pick(options, options, published, context.direction)
    return chosen, "day", f"{_against(context)} ({_RULE[context.direction]})"


def _resolve_month_year(mention: _Mention, context: _Context) -> Resolved | None:
    month = words.MONTHS[mention.group("month").rstrip(".")]
    return date(int(mention.group("year")), month, 1), "month", "as written"


def _resolve_month(mention: _Mention, context: _Context) -> Resolved | None:
    month = words.MONTHS[mention.group("month")]
    published = _published(context)
    prep = mention.group("prep")
    here = published.year * 12 + published.month - 1
    starts = [date(year, month, 1) for year in (published.year - 1, published.year, published.year + 1)]
    index = {start: start.year * 12 + start.month - 1 for start in starts}
    if prep == "last":
        return max(s for s in starts if index[s] < here), "month", _against(context)
    if prep == "next":
        return min(s for s in starts if index[s] > here), "month", _against(context)
    if prep == "this":
        return date(published.year, month, 1), "month", _against(context)
    ends = [_period_end(start, "month") for start in starts]
    chosen = _pick(starts, ends, published, context.direction)
    return chosen, "month", f"{_against(context)} ({_RULE[context.direction]})"


def _resolve_month_of_year(mention: _Mention, context: _Context) -> Resolved | None:
    step = {"last": -1, "this": 0, "next": 1}[mention.group("rel")]
    year = _published(context).year + step
    return date(year, words.MONTHS[mention.group("month")], 1), "month", _against(context)


def _pick(starts: list[date], ends: list[date], published: date, direction: Direction) -> date:
    """The period (given by its first and last days) that ``direction`` points to from ``published``."""
    if direction == "past":
        return max(s for s in starts if s <= published)
    if direction == "future":
        return min(s for s, e in zip(starts, ends, strict=True) if e >= published)
    return min(starts, key=lambda s: (abs((s - published).days), s > published))


_RULE: dict[Direction, str] = {
    "past": "the latest such date up to publication",
    "future": "the first such date from publication on, future",
    "nearest": "the nearest such date",
}


def _resolve_year(mention: _Mention, context: _Context) -> Resolved | None:
    return date(int(mention.group("year")), 1, 1), "year", "as written"


def _resolve_weekday(mention: _Mention, context: _Context) -> Resolved | None:
    weekday = words.WEEKDAYS.get(mention.group("weekday"))
    if weekday is None:
        return None  # "Tonday": the core is loose on purpose, to be fast
    mod = mention.group("mod")
    relative = mod.startswith("the ")
    if relative and context.base is None:
        return None
    base = context.base if relative and context.base is not None else _published(context)
    back = (base.weekday() - weekday) % 7
    ahead = (weekday - base.weekday()) % 7
    if mod in {"last", "past", "this past", "the previous"}:
        day = base - timedelta(days=back or 7)
    elif mod in {"next", "coming", "this coming", "the following"}:
        day = base + timedelta(days=ahead or 7)
    elif mod == "this":
        day = base - timedelta(days=back) if context.direction == "past" else base + timedelta(days=ahead)
    else:
        day = base + timedelta(days=ahead) if context.direction == "future" else base - timedelta(days=back)
    return day, "day", f"against {context.base_name}" if relative else _against(context)


def _resolve_relative_day(mention: _Mention, context: _Context) -> Resolved | None:
    offset = words.RELATIVE_DAYS.get(mention.group("word"))
    if offset is None:
        return None
    side = mention.group("side")  # "the day before yesterday"
    offset += -1 if side == "before" else 1 if side == "after" else 0
    return _published(context) + timedelta(days=offset), "day", _against(context)


def _resolve_part_of_day(mention: _Mention, context: _Context) -> Resolved | None:
    part, mod = mention.group("part"), mention.group("mod")
    if part not in {"night", "morning", "afternoon", "evening"} or (mod == "this" and part == "night"):
        return None
    offset = -1 if mod == "last" else 0  # "last night", "this morning"
    return _published(context) + timedelta(days=offset), "day", _against(context)


def _resolve_relative_period(mention: _Mention, context: _Context) -> Resolved | None:
    published = _published(context)
    unit, mod = mention.group("unit"), mention.group("mod")
    if unit not in words.PERIOD_UNITS or (mention.group("prep") and unit != "weekend"):
        return None  # "on the year", "at the month"
    if unit == "weekend":
        return _weekend(published, mod, context.direction), "week", _against(context)
    step = {"last": -1, "this past": -1, "next": 1, "the coming": 1, "this coming": 1}.get(mod, 0)
    if unit == "week":
        return _week_of(published) + timedelta(weeks=step), "week", _against(context)
    if unit == "month":
        return _shift_months(published.replace(day=1), step), "month", _against(context)
    return date(published.year + step, 1, 1), "year", _against(context)


def _weekend(published: date, mod: str, direction: Direction) -> date:
    """The week of the weekend meant by "last/this/next weekend" or a bare "over the weekend"."""
    saturday = published - timedelta(days=(published.weekday() - 5) % 7)  # this weekend's or the last one
    if published.weekday() >= 5:  # publication falls on this weekend
        shift = {"last": -1, "this past": -1, "next": 1, "the coming": 1, "this coming": 1}.get(mod, 0)
    elif mod in {"last", "this past"}:
        shift = 0
    elif mod in {"next", "the coming", "this coming"}:
        shift = 1
    else:
        coming = direction == "future" or (mod == "this" and direction == "nearest")
        shift = 1 if coming else 0
    return _week_of(saturday + timedelta(weeks=shift))


def _resolve_ago(mention: _Mention, context: _Context) -> Resolved | None:
    side, unit = mention.group("direction"), mention.group("unit")
    if unit not in {"minute", "hour", "day", "week", "month", "year"}:
        return None
    if side in {"before", "after"} and not _ends_clause(mention.match):
        return None  # "two days before the vote": relative to the vote, whose date we do not know
    sign = -1 if side in {"ago", "earlier", "before"} else 1
    if side in {"ago", "from now"}:
        base, against = _published(context), _against(context)
    elif context.base is None:
        return None
    else:
        base, against = context.base, f"against {context.base_name}"
    return _offset(base, sign * _number(mention.group("number")), unit, against)


def _resolve_in_units(mention: _Mention, context: _Context) -> Resolved | None:
    """Only a plan is a date ("will meet in two weeks."); "killed in three days", "doubled in a
    week" and "in one day" are spans."""
    said, amount = mention.match.group(0).lower(), _number(mention.group("number"))
    if context.direction != "future" or not (said.endswith("time") or _ends_clause(mention.match)):
        return None
    if amount == 1 and mention.group("unit") == "day":
        return None
    return _offset(_published(context), amount, mention.group("unit"), _against(context))


def _resolve_relative_reference(mention: _Mention, context: _Context) -> Resolved | None:
    base = context.base
    if base is None:
        return None
    if mention.group("side"):
        sign, unit = (-1 if mention.group("side") == "before" else 1), "day"
    else:
        sign = -1 if mention.group("mod") in {"previous", "preceding"} else 1
        unit = mention.group("unit")
        unit = "day" if unit in {"morning", "evening", "night"} else unit
    return _offset(base, sign, unit, f"against {context.base_name}")


def _offset(base: date, amount: int, unit: str, against: str) -> Resolved:
    if unit in {"minute", "hour"}:
        return base, "day", against
    if unit == "day":
        return base + timedelta(days=amount), "day", against
    if unit == "week":
        return _week_of(base + timedelta(weeks=amount)), "week", against
    if unit == "month":
        return _shift_months(base.replace(day=1), amount), "month", against
    return date(base.year + amount, 1, 1), "year", against


def _resolve_fallback(mention: _Mention, context: _Context) -> Resolved | None:
    published = _published(context)
    prefer = "future" if context.direction == "future" else "past"
    got = _dateparser_date(" ".join(mention.match.group(0).split()), published, prefer)
    if got is None:
        return None
    day, precision = got
    return _start_of(day, precision), precision, f"with dateparser {_against(context)}"


@functools.lru_cache(maxsize=4096)
def _dateparser_date(text: str, base: date, prefer: str) -> tuple[date, DatePrecision] | None:
    """dateparser's reading of ``text`` against ``base``: slow (about 1 ms, 0.2 s the first time)."""
    from dateparser.date import DateDataParser  # imported on first need: most runs never need it

    settings = {"RELATIVE_BASE": datetime(base.year, base.month, base.day), "PREFER_DATES_FROM": prefer}
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    if data.date_obj is None:
        return None
    precision: DatePrecision = data.period if data.period in ("day", "week", "month", "year") else "day"
    found: date = data.date_obj.date()
    return found, precision


_RESOLVERS: dict[str, Callable[[_Mention, _Context], Resolved | None]] = {
    "iso": _resolve_iso,
    "numeric": _resolve_numeric,
    "month_day": _resolve_day_of_month,
    "day_month": _resolve_day_of_month,
    "month_year": _resolve_month_year,
    "month": _resolve_month,
    "month_of_year": _resolve_month_of_year,
    "year": _resolve_year,
    "weekday": _resolve_weekday,
    "relative_day": _resolve_relative_day,
    "part_of_day": _resolve_part_of_day,
    "relative_period": _resolve_relative_period,
    "ago": _resolve_ago,
    "in_units": _resolve_in_units,
    "relative_reference": _resolve_relative_reference,
    "fallback": _resolve_fallback,
}


def _ends_clause(match: re.Match[str]) -> bool:
    rest = match.string[match.end() :].lstrip()
    return not rest or rest[0] in ",.;:"


def _number(text: str) -> int:
    text = " ".join(text.lower().split())
    return int(text) if text.isdigit() else words.NUMBERS[text]


def _week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _shift_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _start_of(day: date, precision: DatePrecision) -> date:
    if precision == "week":
        return _week_of(day)
    if precision == "month":
        return day.replace(day=1)
    return date(day.year, 1, 1) if precision == "year" else day


def _period_end(start: date, precision: DatePrecision) -> date:
    if precision == "week":
        return start + timedelta(days=6)
    if precision == "month":
        return _shift_months(start.replace(day=1), 1) - timedelta(days=1)
    return date(start.year, 12, 31) if precision == "year" else start


def _describe(day: date, precision: DatePrecision) -> str:
    if precision == "week":
        return f"week of {day.isoformat()}"
    if precision == "month":
        return day.isoformat()[:7]
    return str(day.year) if precision == "year" else day.isoformat()


# --- the stage --------------------------------------------------------------------------------------


class ResolveDates:
    """Date each event from its sentence, or from the publication date when the sentence has none.

    Sets ``date``, ``date_precision``, ``date_basis``, ``date_text`` and adds a reason. Events are
    taken in document order; "the next day" counts from the last day date an earlier event got from
    its text. Comments are dated against their own time (``published_at``).

    Dates and modality must agree (ONTOLOGY: a date after publication only with future modality):

    * an event whose modality is already ``future`` is resolved looking forward;
    * a date after publication on an ``asserted`` (or ``historical``) event makes it ``future``;
    * a date after publication on a ``negated`` event ("will not meet on Sunday") is not kept: the
      event keeps its negation, which a tracker must not lose, and is dated by publication, when the
      refusal was stated;
    * ``question`` and ``hypothetical`` events keep their modality and their date: a tracker never
      reads them as facts, and the date says what was asked or supposed about;
    * a clearly historical date on an ``asserted`` event (an earlier year given as a year, or a date
      whose period ended more than 365 days before publication) makes it ``historical``;
    * with no date in the sentence, the publication date is used (``date_basis="publication"``), for
      future events too; with no publication date either, the date stays None.
    """

    spec = StageSpec.of("dates", 4, requires={"events"}, produces={"events.date"})

    def __call__(self, doc: Document) -> Document:
        published = publication_date(doc)
        reference: date | None = None
        for event in sorted(doc.events, key=lambda e: (e.evidence.start, e.trigger.start)):
            date_event(event, published, reference=reference)
            date_process_end(event, published)
            event.stages[self.spec.name] = self.spec.version
            if event.date_basis == "text" and event.date_precision == "day":
                reference = event.date
        return doc


def publication_date(doc: Document) -> date | None:
    """The date a document's relative dates count from: a comment's own time, else the publication."""
    if doc.published_at is not None and (doc.kind == "comment" or doc.published is None):
        return doc.published_at.date()
    return doc.published


def date_event(event: Event, published: date | None, *, reference: date | None = None) -> None:
    """Set the date fields of one event (the rules of ``ResolveDates``)."""
    sentence = event.evidence.text
    offset = event.trigger.start - event.evidence.start
    anchor = offset if 0 <= offset <= len(sentence) else None
    tense = "future" if event.modality == "future" else event.tense
    found = resolve_date(sentence, anchor, published, tense, reference=reference, foreign=event.foreign)
    if found is None:
        _date_by_publication(event, published, "no date in the sentence; publication date")
        return
    event.date, event.date_precision, event.date_basis = found.date, found.precision, found.basis
    event.date_text = found.text
    event.reasons.append(found.reason)
    if published is not None:
        _reconcile(event, found, published)


def date_process_end(event: Event, published: date | None) -> None:
    """Set ``process.until`` from the words that give the ceasefire's end ("until Oct. 2, 2022",
    "through Friday"): the first such day on or after the event's own date (an end is never
    before what it ends), or as written. Only a day is kept; "until October" says too little."""
    if event.until_text is None or event.process is None:
        return
    words_ = event.until_text.text
    core = re.sub(r"^\s*(?:until|till|til|untill|through|thru)\s+", "", words_, flags=re.IGNORECASE)
    start = event.date or published
    found = resolve_date(core, None, start, "future")
    if found is None or found.precision != "day" or (start is not None and found.date < start):
        return
    event.process = dataclasses.replace(event.process, until=found.date)
    event.reasons.append(f"ceasefire until {found.date.isoformat()} ({words_!r}, from {start})")


def _date_by_publication(event: Event, published: date | None, reason: str) -> None:
    event.date_text = None
    if published is None:
        event.date = event.date_precision = event.date_basis = None
        event.reasons.append("no date in the sentence and no publication date")
        return
    event.date, event.date_precision, event.date_basis = published, "day", "publication"
    event.reasons.append(reason)


def _reconcile(event: Event, found: DateResolution, published: date) -> None:
    if found.date > published:
        if event.modality in ("asserted", "historical"):
            event.reasons.append(
                f"{found.text!r} is after publication {published}: modality {event.modality} -> future"
            )
            event.modality = "future"
        elif event.modality == "negated":
            reason = (
                f"{found.text!r} is after publication {published} but the event is negated; publication date"
            )
            _date_by_publication(event, published, reason)
        return
    ended = _period_end(found.date, found.precision)
    earlier_year = found.precision == "year" and found.date.year < published.year
    if event.modality == "asserted" and (earlier_year or (published - ended).days > 365):
        event.reasons.append(f"{found.text!r} is long before publication {published}: modality -> historical")
        event.modality = "historical"
