"""What every exporter reads: one stored event with its document header and linked processes.

Also the few readings of a row the formats share (actor names, the place's country in the forms
the formats want, the publication time) and the incremental JSON array writer of the two JSON
formats. Nothing here holds more than one row.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, NamedTuple, TextIO

import pycountry


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One event to export, as stored."""

    event: dict[str, Any]  # Event.to_json() record
    document: dict[str, Any]  # Document.header_json()
    processes: tuple[str, ...] = ()  # ids of the peace processes the event is linked to


#: an exporter writes rows to a text stream as it reads them and returns how many events it wrote
Exporter = Callable[[Iterable[ExportRow], TextIO], int]


class Country(NamedTuple):
    """A country in the forms exports need: ACLED's short name, ISO alpha-3 and ISO numeric."""

    name: str
    alpha3: str
    numeric: int | None


#: names ACLED (and most readers) use where pycountry's ISO name differs ("Russian Federation")
_SHORT_NAMES: dict[str, str] = {
    "RU": "Russia", "PS": "Palestine", "CD": "Democratic Republic of Congo", "CG": "Republic of Congo",
    "TR": "Turkey", "KR": "South Korea", "KP": "North Korea", "LA": "Laos", "VN": "Vietnam",
    "MD": "Moldova", "TW": "Taiwan", "CZ": "Czech Republic", "CI": "Ivory Coast", "BN": "Brunei",
    "FM": "Micronesia", "SZ": "eSwatini", "CV": "Cape Verde",
}  # fmt: skip


@lru_cache(maxsize=512)
def country(alpha2: str | None) -> Country | None:
    """The country of an ISO alpha-2 code (GeoNames' ``XK`` is Kosovo), or None when unknown."""
    if not alpha2:
        return None
    code = alpha2.upper()
    if code == "XK":  # not in ISO 3166; GeoNames and the HXL/HDX convention use XK / XKX
        return Country("Kosovo", "XKX", None)
    record = pycountry.countries.get(alpha_2=code)
    if record is None:
        return None
    name = _SHORT_NAMES.get(code) or getattr(record, "common_name", None) or record.name
    return Country(str(name), str(record.alpha_3), int(record.numeric))


def place_of(event: dict[str, Any]) -> dict[str, Any]:
    """The event's place record, or an empty dict when the text names no place."""
    place = event.get("place")
    return place if isinstance(place, dict) else {}


def coordinates(event: dict[str, Any]) -> tuple[float, float] | None:
    """``(lat, lon)`` of the event's place when both are finite numbers in range, else None."""
    place = place_of(event)
    lat, lon = place.get("lat"), place.get("lon")
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        return None
    lat, lon = float(lat), float(lon)
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def actor_names(actors: Any) -> list[str]:
    """The resolved name of each actor, or the text as written where none was resolved."""
    if not isinstance(actors, list):
        return []
    return [str(a.get("name") or a.get("text") or "") for a in actors if isinstance(a, dict)]


def actor_field(actors: Any, key: str) -> list[str]:
    """One field of each actor that has it (``country``, ``sector``)."""
    if not isinstance(actors, list):
        return []
    return [str(a[key]) for a in actors if isinstance(a, dict) and a.get(key)]


def joined(values: Iterable[str]) -> str:
    """Several values in one cell: ``"; "``-separated, as ACLED writes associated actors."""
    return "; ".join(v for v in values if v)


def process_of(event: dict[str, Any]) -> tuple[str, str]:
    """``(kind, phase)`` of the event's process, empty strings when it has none."""
    process = event.get("process")
    if not isinstance(process, dict):
        return "", ""
    return str(process.get("kind") or ""), str(process.get("phase") or "")


def evidence_of(event: dict[str, Any]) -> dict[str, Any]:
    """The event's evidence record (doc_id, text, start, end)."""
    evidence = event.get("evidence")
    return evidence if isinstance(evidence, dict) else {}


def acled_of(event: dict[str, Any]) -> dict[str, Any]:
    """The event's ACLED type record, or an empty dict when ACLED would not code the event."""
    acled = event.get("acled")
    return acled if isinstance(acled, dict) else {}


def published_at(document: dict[str, Any]) -> datetime | None:
    """The document's publication time (a bare date is its midnight, naive times are UTC)."""
    value = document.get("published")
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def publication(document: dict[str, Any]) -> str:
    """Who published the document: its site, else its URL, else the source it was read from."""
    return str(document.get("site") or document.get("url") or document.get("source") or "")


def write_json_array(
    items: Iterable[dict[str, Any]], out: TextIO, *, before: str = "", after: str = ""
) -> int:
    """Write ``items`` as a JSON array, one item a line, as they come; return how many.

    ``before`` and ``after`` enclose the array (``{"features": `` and ``}``). Valid JSON for any
    number of items (``[]`` for none). Non-finite numbers raise ValueError rather than write the
    ``NaN`` that JSON does not have.
    """
    count = 0
    out.write(before + "[")
    for item in items:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(item, ensure_ascii=False, allow_nan=False))
        count += 1
    out.write(("\n]" if count else "]") + after + "\n")
    return count
