"""ACLED-style CSV: one row per event ACLED would code, under the column names of ACLED's data export.

Which events: those with an ACLED type (``acled`` not null) whose ``modality`` is ``asserted`` or
``historical``. An event with no ACLED type is one ACLED would not code (a statement, a meeting, an
accusation) and is skipped; so is a question, a hypothetical, a future or a negated event, since an
ACLED row says that something happened (``factual_only=False`` keeps them, marked in ``tags``).

How the columns are filled (empty where the record does not say):

| column | from |
|---|---|
| event_id_cnty | ISO alpha-3 of the place's country + the event id (``LBY3f2a...``), the id alone without a country |
| event_date, year | ``date`` (ISO ``YYYY-MM-DD``, as ACLED's API writes it) |
| time_precision | ``date_precision``: day 1, week 2, month 3, year 3 (ACLED's coarsest is the month) |
| disorder_type | from the event and sub-event type as ACLED's codebook assigns it |
| event_type, sub_event_type | ``acled`` |
| actor1, assoc_actor_1 | first actor's name; the others' names, ``"; "``-joined |
| actor2, assoc_actor_2 | the same for ``recipient`` |
| inter1, inter2 | ACLED's numeric actor type (the codebook's 1-8) of the first actor, from its PLOVER sector: 1 state forces (GOV MIL COP SPY JUD LEG), 2 rebels (REB SEP), 3 political militias (UAF), 5 rioters / 6 protesters (the first actor of a Riots / Protests event when its sector says nothing else or says civilian), 7 civilians (CVL REF MED EDU REL HLH NGO BUS LAB HRI), 8 external/other forces (IGO UNO IMG, and state forces of a country other than the place's) |
| interaction | the two inter codes, smaller first (``17``); ``10 * inter1`` with no second actor |
| civilian_targeting | ``Civilian targeting`` for violence against civilians, excessive force against protesters, and explosions or mob violence whose first recipient is civilian |
| iso, country | ISO numeric and short name of the place's country (pycountry) |
| region, admin1, admin2, admin3, source_scale, fatalities | empty: the record carries none of them (an empty ``fatalities`` is "not counted", not zero) |
| location, latitude, longitude | the place's name and coordinates |
| geo_precision | ``place.precision``: exact or city 1, region 2, country 3 |
| source | the document's site, else its URL, else its source |
| notes | the evidence sentence |
| tags | ``plover=EVENT-mode; process=kind/phase; modality=...; processes=id,id``: what ACLED has no column for |
| timestamp | unix time of the document's publication, else of the export |

Write to a stream opened with ``newline=""``: rows end in CRLF and fields are quoted as RFC 4180 says.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, TextIO

from ceasefire.exports.cells import SafeWriter
from ceasefire.exports.rows import (
    ExportRow,
    acled_of,
    actor_names,
    country,
    evidence_of,
    joined,
    place_of,
    process_of,
    publication,
    published_at,
)
from ceasefire.monitor import clock

COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)  # fmt: skip

FACTUAL = frozenset({"asserted", "historical"})
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
GEO_PRECISION = {"exact": 1, "city": 1, "region": 2, "country": 3}

STATE, REBELS, MILITIA, RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL = 1, 2, 3, 5, 6, 7, 8
_INTER: dict[str, int] = {
    **dict.fromkeys(("GOV", "MIL", "COP", "SPY", "JUD", "LEG"), STATE),
    **dict.fromkeys(("REB", "SEP"), REBELS),
    "UAF": MILITIA,
    **dict.fromkeys(("CVL", "REF", "MED", "EDU", "REL", "HLH", "NGO", "BUS", "LAB", "HRI"), CIVILIANS),
    **dict.fromkeys(("IGO", "UNO", "IMG"), EXTERNAL),
}
_VIOLENCE = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})


def write_acled_csv(
    rows: Iterable[ExportRow],
    out: TextIO,
    *,
    factual_only: bool = True,
    exported_at: datetime | None = None,
) -> int:
    """Write a header and one ACLED-style row per codable event; return how many events were written."""
    now = exported_at or clock.now()
    writer = SafeWriter(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        if not codable(row.event, factual_only=factual_only):
            continue
        cells = acled_row(row, now)
        writer.writerow(cells.get(column, "") for column in COLUMNS)
        count += 1
    return count


def codable(event: dict[str, Any], *, factual_only: bool = True) -> bool:
    """Whether ACLED would code the event: it has an ACLED type (and, by default, it happened)."""
    if not acled_of(event):
        return False
    return not factual_only or (event.get("modality") or "asserted") in FACTUAL


def acled_row(row: ExportRow, exported_at: datetime) -> dict[str, Any]:
    """The ACLED columns of one event that has an ACLED type (missing columns are empty)."""
    event, document = row.event, row.document
    acled = acled_of(event)
    event_type, sub_event = str(acled.get("event_type") or ""), str(acled.get("sub_event_type") or "")
    place = place_of(event)
    where = country(place.get("country"))
    actors, recipients = actor_names(event.get("actor")), actor_names(event.get("recipient"))
    inter1 = _inter(event.get("actor"), where.alpha3 if where else None)
    inter2 = _inter(event.get("recipient"), where.alpha3 if where else None)
    if event_type in {"Protests", "Riots"} and actors and inter1 in {None, CIVILIANS}:
        inter1 = PROTESTERS if event_type == "Protests" else RIOTERS
    date = str(event.get("date") or "")
    moment = published_at(document) or exported_at
    return {
        "event_id_cnty": f"{where.alpha3 if where else ''}{event.get('id') or ''}",
        "event_date": date,
        "year": date[:4],
        "time_precision": TIME_PRECISION.get(str(event.get("date_precision")), ""),
        "disorder_type": disorder_type(event_type, sub_event),
        "event_type": event_type,
        "sub_event_type": sub_event,
        "actor1": actors[0] if actors else "",
        "assoc_actor_1": joined(actors[1:]),
        "inter1": inter1 or "",
        "actor2": recipients[0] if recipients else "",
        "assoc_actor_2": joined(recipients[1:]),
        "inter2": inter2 or "",
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": _civilian_targeting(event_type, sub_event, inter2),
        "iso": where.numeric if where and where.numeric is not None else "",
        "country": where.name if where else "",
        "location": place.get("name") or place.get("text") or "",
        "latitude": _number(place.get("lat")),
        "longitude": _number(place.get("lon")),
        "geo_precision": GEO_PRECISION.get(str(place.get("precision")), "") if place else "",
        "source": publication(document),
        "notes": evidence_of(event).get("text") or "",
        "tags": _tags(row),
        "timestamp": int(moment.timestamp()),
    }


def disorder_type(event_type: str, sub_event: str) -> str:
    """ACLED's disorder type of an event type (codebook 2022-)."""
    if sub_event == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if event_type == "Protests" or sub_event == "Violent demonstration":
        return "Demonstrations"
    if event_type in _VIOLENCE or event_type == "Riots":
        return "Political violence"
    return "Strategic developments" if event_type == "Strategic developments" else ""


def _inter(actors: Any, place_alpha3: str | None) -> int | None:
    """The ACLED actor type of the first actor of a list, from its PLOVER sector."""
    if not isinstance(actors, list) or not actors or not isinstance(actors[0], dict):
        return None
    first = actors[0]
    inter = _INTER.get(str(first.get("sector")))
    abroad = place_alpha3 is not None and first.get("country") not in {None, place_alpha3}
    return EXTERNAL if inter == STATE and abroad else inter


def _interaction(inter1: int | None, inter2: int | None) -> int | str:
    if inter1 is None:
        return ""
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def _civilian_targeting(event_type: str, sub_event: str, inter2: int | None) -> str:
    if event_type == "Violence against civilians" or sub_event == "Excessive force against protesters":
        return "Civilian targeting"
    if inter2 == CIVILIANS and (event_type == "Explosions/Remote violence" or sub_event == "Mob violence"):
        return "Civilian targeting"
    return ""


def _tags(row: ExportRow) -> str:
    event = row.event
    plover = "-".join(str(p) for p in (event.get("event"), event.get("mode")) if p)
    kind, phase = process_of(event)
    tags = [
        f"plover={plover}" if plover else "",
        f"process={kind}/{phase}" if kind else "",
        f"modality={event.get('modality') or 'asserted'}",
        f"processes={','.join(row.processes)}" if row.processes else "",
    ]
    return joined(tags)


def _number(value: Any) -> float | str:
    return float(value) if isinstance(value, int | float) else ""
