"""The ETH/PRIO Civil Conflict Ceasefire dataset (CSV) as ``Process`` values.

One row of the dataset is one actor in one ceasefire; a ceasefire is a ``uniq_id`` (``cf_id``
alone repeats across countries). Each ``uniq_id`` becomes one process, ``eth-prio-<uniq_id>``:

- parties: every row's ``actor_name`` (deduplicated, in file order);
- mediators: ``mediator_send`` split on commas outside brackets and quotes (``0`` none, ``-1``
  unknown, a lone ``other`` dropped; a lower-case piece after a piece of four or more words is
  prose that goes on, not a new name: "committee of elders at the conference on peace, security
  and development in Kivu" stays one mediator);
- countries: ``location`` as ISO alpha-2, through ``LOCATIONS`` for the dataset's UCDP-style
  spellings ("DR Congo (Zaire)") and pycountry for the rest;
- dates: ``cf_dec_*`` declared, ``cf_effect_*`` effective, ``end_*`` ended. A year of 0 or -1 gives
  None (0 is "not applicable", e.g. a ceasefire that never took effect; -1 unknown). A month or day
  of 0 or -1 is taken as the first of the year or month, and a day past the month's end (the file
  has 31 February and 31 June) as its last day; each such guess is written in ``note``. When the
  rows of one ceasefire disagree, declared and effective take the earliest date and ended the
  latest, and ``note`` says so;
- written: the ``written`` column. As far as the codebook is known here, 1 is a written ceasefire
  and 2 a ceasefire within a written (wider) agreement: both give True. 0 ("no written text
  found": it includes ceasefires that PA-X holds as texts) and -1 (unknown) give None, never
  False; rows that disagree give None;
- external ids: ``eth_prio_uniq_id``, ``eth_prio_cf_id``, ``ucdp_conflict`` (``ucdp_acd_id``),
  ``ucdp_dyad`` and ``pax_agt_id`` (``pax_id``), each with every distinct value of the rows;
- name: "<location> ceasefire, <declared date>"; no aliases (the dataset has no specific names,
  and "the ceasefire" would match everything). The ``cf_pp`` text goes into ``note``.

A given ``Catalogue`` resolves each party and mediator name (with the process's countries as
context) to an entity id, country and sector; names it does not know keep ``entity_id`` None.
"""

from __future__ import annotations

import calendar
import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pycountry

from ceasefire.errors import MalformedInput, SourceNotFound, UndecodableInput
from ceasefire.registry.process import ActorRole, Process, ProcessActor

if TYPE_CHECKING:
    from ceasefire.knowledge.catalogue import Catalogue

#: the dataset's location spellings that pycountry does not know -> ISO alpha-2
LOCATIONS: dict[str, str] = {
    "Bosnia-Herzegovina": "BA", "Cambodia (Kampuchea)": "KH", "DR Congo (Zaire)": "CD",
    "Ivory Coast": "CI", "Macedonia": "MK", "Myanmar (Burma)": "MM", "Russia (Soviet Union)": "RU",
    "Serbia (Yugoslavia)": "RS", "Turkey": "TR", "Yemen (North Yemen)": "YE",
}  # fmt: skip
COLUMNS = (
    "uniq_id", "cf_id", "location", "actor_name", "ucdp_acd_id", "ucdp_dyad", "pax_id",
    "cf_dec_yr", "cf_dec_month", "cf_dec_day", "cf_effect_yr", "cf_effect_month", "cf_effect_day",
    "end_yr", "end_month", "end_day", "written", "mediator_send", "cf_pp",
)  # fmt: skip
#: read when present: 1 marks a partial ceasefire (some parties or fronts only)
PARTIAL = "partial"
_DATES = {
    "declared": ("cf_dec_yr", "cf_dec_month", "cf_dec_day"),
    "effective": ("cf_effect_yr", "cf_effect_month", "cf_effect_day"),
    "ended": ("end_yr", "end_month", "end_day"),
}
_WRITTEN = {"1": True, "2": True}
_TITLES = frozenset({"chairman", "chairmain", "chair", "president", "head", "leader", "minister",
                     "envoy", "secretary", "representative", "commander", "governor"})  # fmt: skip
_ABSENT = frozenset({"", "-1", "0"})
_CF_PP_ABSENT = frozenset({"", "-1", "0", "none", "n/a", "na"})


class _Day(NamedTuple):
    """A date and how much of it the file gives: "day", "month" (day guessed) or "year"."""

    value: date
    precision: str


@dataclass(frozen=True, slots=True)
class Record:
    """One data row of a CSV file: ``line`` is where it starts in the file (the header is line 1)."""

    source: str
    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def error(self, column: str, problem: str) -> MalformedInput:
        return MalformedInput(self.source, f"line {self.line}, column {column}: {problem}")

    def integer(self, column: str) -> int:
        """The column as a whole number; an empty cell is -1 (unknown), text is an error."""
        text = self.get(column)
        if not text:
            return -1
        if not re.fullmatch(r"-?\d+(\.0+)?", text):
            raise self.error(column, f"{text!r} is not a whole number")
        return int(text.split(".")[0])


def csv_records(path: Path, required: Sequence[str]) -> Iterator[Record]:
    """The rows of a UTF-8 CSV file (a byte-order mark is allowed) that must have ``required`` columns.

    Raises ``SourceNotFound``, ``UndecodableInput`` or ``MalformedInput`` naming the file and line.
    """
    source = str(path)
    if not path.is_file():
        raise SourceNotFound(source, "no such file")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
            missing = [c for c in required if c not in header]
            if missing:
                raise MalformedInput(
                    source,
                    f"not the expected CSV: line 1 lacks the column(s) {', '.join(missing)}"
                    f" (found {', '.join(header[:8]) or 'nothing'}{'...' if len(header) > 8 else ''})",
                )
            start = reader.line_num + 1
            for values in reader:
                if None in values:
                    raise MalformedInput(source, f"line {start}: more cells than the header has columns")
                yield Record(source, start, values)
                start = reader.line_num + 1
        except UnicodeDecodeError as exc:
            raise UndecodableInput(source, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
        except csv.Error as exc:
            raise MalformedInput(source, f"line {reader.line_num}: not valid CSV ({exc})") from exc


def read_eth_prio(path: Path, catalogue: Catalogue | None = None) -> list[Process]:
    """One process per ``uniq_id`` of the ETH/PRIO ceasefire CSV at ``path``, in file order."""
    groups: dict[str, list[Record]] = {}
    for record in csv_records(Path(path), COLUMNS):
        uniq_id = record.get("uniq_id")
        if not uniq_id:
            raise record.error("uniq_id", "empty")
        groups.setdefault(uniq_id, []).append(record)
    return [_process(uniq_id, records, catalogue) for uniq_id, records in groups.items()]


def location_country(location: str) -> str | None:
    """The ISO alpha-2 code of a dataset ``location`` ("DR Congo (Zaire)" -> "CD"), None if unknown."""
    name = location.strip()
    if name in LOCATIONS:
        return LOCATIONS[name]
    for candidate in (name, re.sub(r"\s*\(.*\)$", "", name)):
        try:
            return str(pycountry.countries.lookup(candidate).alpha_2)
        except LookupError:
            continue
    return None


def resolve_actors(
    names: Iterable[str], role: ActorRole, countries: Sequence[str], catalogue: Catalogue | None
) -> list[ProcessActor]:
    """``names`` as actors of ``role``, resolved through ``catalogue`` when one is given.

    ``countries`` are ISO alpha-2 codes: the catalogue gets them as alpha-3 context.
    """
    if catalogue is None:
        return [ProcessActor(name, role) for name in names]
    context = frozenset(alpha3 for code in countries if (alpha3 := _alpha3(code)))
    actors = []
    for name in names:
        ref = catalogue.resolve(name, context)
        actors.append(ProcessActor(name, role, ref.entity_id, ref.country, ref.sector))
    return actors


def split_names(text: str) -> list[str]:
    """The names in a comma-separated cell, commas inside brackets and quotes kept (see module doc)."""
    pieces: list[str] = []
    depth, quoted, current = 0, False, ""
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        if char == "," and depth == 0 and not quoted:
            pieces.append(current)
            current = ""
        else:
            current += char
    pieces.append(current)
    names: list[str] = []
    for raw in pieces:
        piece = raw.strip()
        if len(piece) > 1 and piece[0] == piece[-1] == '"':
            piece = piece[1:-1].strip()
        if not piece or piece.casefold() == "other":
            continue
        if names and _continues(names[-1], piece):
            names[-1] = f"{names[-1]}, {piece}"
        else:
            names.append(piece)
    return names


def _continues(previous: str, piece: str) -> bool:
    """Whether ``piece`` goes on the prose or title of ``previous`` rather than naming another actor."""
    first, *rest = piece.split()
    if not first[0].islower() or (first in ("the", "a", "an") and rest and rest[0][0].isupper()):
        return False
    return first.casefold() in _TITLES or len(previous.split()) >= 4


def _process(uniq_id: str, records: list[Record], catalogue: Catalogue | None) -> Process:
    first = records[0]
    location = first.get("location")
    country = location_country(location)
    countries = [country] if country else []
    notes: list[str] = []
    if country is None:
        notes.append(f"location {location!r} is not a known country")
    dates = {what: _dates(records, what, notes) for what in _DATES}
    declared = min(dates["declared"], default=None)  # _Day compares by its date first
    effective = min(dates["effective"], default=None)
    ended = max(dates["ended"], default=None)
    parties = _unique(r.get("actor_name") for r in records)
    mediators = _unique(
        name
        for r in records
        if r.get("mediator_send") not in _ABSENT
        for name in split_names(r.get("mediator_send"))
    )
    texts = _unique(r.get("cf_pp") for r in records if r.get("cf_pp").casefold() not in _CF_PP_ABSENT)
    return Process(
        id=f"eth-prio-{uniq_id}",
        name=_name(location, declared),
        kind="ceasefire",
        origin="eth-prio",
        countries=countries,
        actors=resolve_actors(parties, "party", countries, catalogue)
        + resolve_actors(mediators, "mediator", countries, catalogue),
        declared=None if declared is None else declared.value,
        effective=None if effective is None else effective.value,
        ended=None if ended is None else ended.value,
        written=_written(records),
        external_ids=_external_ids(uniq_id, records),
        note="\n".join([*texts, *_unique(notes)]),
        partial=any(r.get(PARTIAL) == "1" for r in records),
    )


def _dates(records: list[Record], what: str, notes: list[str]) -> list[_Day]:
    """The distinct ``what`` dates of the rows; guesses and disagreements go into ``notes``."""
    found: list[_Day] = []
    for record in records:
        day = _date(record, what, notes)
        if day is not None and day.value not in [d.value for d in found]:
            found.append(day)
    if len(found) > 1:
        chosen = "latest" if what == "ended" else "earliest"
        listed = ", ".join(sorted(d.value.isoformat() for d in found))
        notes.append(f"{what}: the rows give {listed}; the {chosen} is used")
    return found


def _date(record: Record, what: str, notes: list[str]) -> _Day | None:
    year_col, month_col, day_col = _DATES[what]
    year, month, day = (record.integer(c) for c in _DATES[what])
    if year <= 0:
        return None
    if not 1000 <= year <= 2999:
        raise record.error(year_col, f"{year} is not a year")
    if month <= 0:
        notes.append(f"{what}: only the year {year} is known; 1 January is used")
        return _Day(date(year, 1, 1), "year")
    if month > 12:
        raise record.error(month_col, f"{month} is not a month")
    if day <= 0:
        notes.append(f"{what}: only the month {year}-{month:02d} is known; the 1st is used")
        return _Day(date(year, month, 1), "month")
    if day > 31:
        raise record.error(day_col, f"{day} is not a day of the month")
    last = calendar.monthrange(year, month)[1]
    if day > last:
        notes.append(f"{what}: the file gives day {day} of {year}-{month:02d}; day {last} is used")
        return _Day(date(year, month, last), "day")
    return _Day(date(year, month, day), "day")


def _written(records: list[Record]) -> bool | None:
    values = {_WRITTEN.get(r.get("written")) for r in records}
    return values.pop() if len(values) == 1 else None


def _external_ids(uniq_id: str, records: list[Record]) -> dict[str, list[str]]:
    ids = {
        "eth_prio_uniq_id": [uniq_id],
        "eth_prio_cf_id": _unique(r.get("cf_id") for r in records),
        "ucdp_conflict": _unique(
            r.get("ucdp_acd_id") for r in records if r.get("ucdp_acd_id") not in _ABSENT
        ),
        "ucdp_dyad": _unique(r.get("ucdp_dyad") for r in records if r.get("ucdp_dyad") not in _ABSENT),
        "pax_agt_id": _unique(r.get("pax_id") for r in records if r.get("pax_id") not in _ABSENT),
    }
    return {scheme: values for scheme, values in ids.items() if values}


def _name(location: str, declared: _Day | None) -> str:
    """The name, as precise as the declared date is known: "Syria ceasefire, 23 February 2016"."""
    place = re.sub(r"\s*\(.*\)$", "", location.strip()) or "Unknown location"
    if declared is None:
        return f"{place} ceasefire"
    day = declared.value
    when = {"day": f"{day.day} {calendar.month_name[day.month]} {day.year}",
            "month": f"{calendar.month_name[day.month]} {day.year}", "year": str(day.year)}  # fmt: skip
    return f"{place} ceasefire, {when[declared.precision]}"


def _alpha3(alpha2: str) -> str | None:
    country = pycountry.countries.get(alpha_2=alpha2)
    return None if country is None else str(country.alpha_3)


def _unique(values: Iterable[str]) -> list[str]:
    """Non-empty values, first spelling kept, without repeats (compared case-insensitively)."""
    seen: set[str] = set()
    kept = []
    for value in values:
        key = " ".join(value.split()).casefold()
        if key and key not in seen:
            seen.add(key)
            kept.append(" ".join(value.split()))
    return kept
