"""HXL-tagged CSV: human headers on the first row, HXL hashtags on the second, one event a row after.

The Humanitarian Exchange Language (hxlstandard.org) tags a column with a hashtag and attributes so
that tools (HXL Proxy, HDX, Quick Charts) can find "the latitude" or "the country code" in any
file. Every event is written, whatever its modality or place; cells the record does not fill are
empty. Several values in one cell (two actors) are ``"; "``-joined.

| header | hashtag | from |
|---|---|---|
| Event ID | ``#event+id`` | ``id`` |
| Date | ``#date+occurred`` | ``date`` |
| Date precision | ``#date+precision`` | ``date_precision`` |
| Event type | ``#event+type`` | ACLED event type (what HDX's conflict data uses), empty when ACLED would not code it |
| Sub-event type | ``#event+type+sub`` | ACLED sub-event type |
| PLOVER event | ``#event+type+plover`` | ``event`` |
| PLOVER mode | ``#event+mode+plover`` | ``mode`` |
| Context | ``#event+context`` | ``context`` |
| Modality | ``#event+modality`` | ``modality`` (HXL's bare ``#modality`` is a delivery modality, cash or in kind) |
| Process kind | ``#activity+type+process`` | ``process.kind`` |
| Process phase | ``#status+process`` | ``process.phase`` |
| Process IDs | ``#activity+process+code`` | ids of the linked peace processes |
| Actor | ``#actor+name`` | actors' names (text as written where unresolved) |
| Actor code | ``#actor+code`` | actors' ``country`` (alpha-3 or IGO, UNO...) |
| Actor sector | ``#actor+type`` | actors' PLOVER sectors |
| Recipient | ``#actor+name+recipient`` | recipients' names |
| Recipient code | ``#actor+code+recipient`` | recipients' ``country`` |
| Country code | ``#country+code`` | the place's country, ISO alpha-3 (HXL's convention) |
| Country | ``#country+name`` | the place's country name |
| Location | ``#loc+name`` | ``place.name`` |
| GeoNames ID | ``#loc+code+geonames`` | ``place.geonameid`` |
| Location precision | ``#geo+precision`` | ``place.precision`` |
| Latitude | ``#geo+lat`` | ``place.lat`` |
| Longitude | ``#geo+lon`` | ``place.lon`` |
| Evidence | ``#description`` | the evidence sentence |
| Confidence | ``#meta+confidence`` | ``confidence`` |
| Document ID | ``#meta+id`` | the evidence's ``doc_id`` |
| Source | ``#meta+source`` | the document's site, else its URL, else its source |
| URL | ``#meta+url`` | the document's URL |
| Published | ``#date+reported`` | the document's publication date |

The recipient is ``#actor+...+recipient`` rather than ``#affected``: HXL's ``#affected`` counts
people affected (a number), and a recipient is an actor. There is no ``#adm1+name`` column: the
place record does not name its first-level division, and a guess would be wrong as often as not.

Write to a stream opened with ``newline=""``: rows end in CRLF and fields are quoted as RFC 4180 says.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from ceasefire.exports.cells import SafeWriter
from ceasefire.exports.rows import (
    ExportRow,
    acled_of,
    actor_field,
    actor_names,
    country,
    evidence_of,
    joined,
    place_of,
    process_of,
    publication,
)

#: (human header, HXL hashtag, key of ``hxl_row``)
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("Event ID", "#event+id", "id"),
    ("Date", "#date+occurred", "date"),
    ("Date precision", "#date+precision", "date_precision"),
    ("Event type", "#event+type", "acled_event_type"),
    ("Sub-event type", "#event+type+sub", "acled_sub_event_type"),
    ("PLOVER event", "#event+type+plover", "event"),
    ("PLOVER mode", "#event+mode+plover", "mode"),
    ("Context", "#event+context", "context"),
    ("Modality", "#event+modality", "modality"),
    ("Process kind", "#activity+type+process", "process_kind"),
    ("Process phase", "#status+process", "process_phase"),
    ("Process IDs", "#activity+process+code", "processes"),
    ("Actor", "#actor+name", "actor"),
    ("Actor code", "#actor+code", "actor_code"),
    ("Actor sector", "#actor+type", "actor_sector"),
    ("Recipient", "#actor+name+recipient", "recipient"),
    ("Recipient code", "#actor+code+recipient", "recipient_code"),
    ("Country code", "#country+code", "country_code"),
    ("Country", "#country+name", "country"),
    ("Location", "#loc+name", "location"),
    ("GeoNames ID", "#loc+code+geonames", "geonameid"),
    ("Location precision", "#geo+precision", "place_precision"),
    ("Latitude", "#geo+lat", "lat"),
    ("Longitude", "#geo+lon", "lon"),
    ("Evidence", "#description", "evidence"),
    ("Confidence", "#meta+confidence", "confidence"),
    ("Document ID", "#meta+id", "doc_id"),
    ("Source", "#meta+source", "source"),
    ("URL", "#meta+url", "url"),
    ("Published", "#date+reported", "published"),
)
HEADERS: tuple[str, ...] = tuple(header for header, _, _ in COLUMNS)
HASHTAGS: tuple[str, ...] = tuple(tag for _, tag, _ in COLUMNS)


def write_hxl_csv(rows: Iterable[ExportRow], out: TextIO) -> int:
    """Write the header row, the hashtag row and one row per event; return how many events."""
    writer = SafeWriter(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerow(HASHTAGS)
    count = 0
    for row in rows:
        cells = hxl_row(row)
        writer.writerow(_cell(cells.get(key)) for _, _, key in COLUMNS)
        count += 1
    return count


def hxl_row(row: ExportRow) -> dict[str, Any]:
    """The values of one event's row, by the keys of ``COLUMNS``."""
    event, document = row.event, row.document
    acled = acled_of(event)
    kind, phase = process_of(event)
    place = place_of(event)
    where = country(place.get("country"))
    evidence = evidence_of(event)
    context = event.get("context")
    return {
        "id": event.get("id"),
        "date": event.get("date"),
        "date_precision": event.get("date_precision"),
        "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"),
        "event": event.get("event"),
        "mode": event.get("mode"),
        "context": joined(str(c) for c in context) if isinstance(context, list) else None,
        "modality": event.get("modality"),
        "process_kind": kind,
        "process_phase": phase,
        "processes": joined(row.processes),
        "actor": joined(actor_names(event.get("actor"))),
        "actor_code": joined(actor_field(event.get("actor"), "country")),
        "actor_sector": joined(actor_field(event.get("actor"), "sector")),
        "recipient": joined(actor_names(event.get("recipient"))),
        "recipient_code": joined(actor_field(event.get("recipient"), "country")),
        "country_code": where.alpha3 if where else place.get("country"),
        "country": where.name if where else None,
        "location": place.get("name") or place.get("text"),
        "geonameid": place.get("geonameid"),
        "place_precision": place.get("precision"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "evidence": evidence.get("text"),
        "confidence": event.get("confidence"),
        "doc_id": evidence.get("doc_id") or document.get("id"),
        "source": publication(document),
        "url": document.get("url"),
        "published": document.get("published"),
    }


def _cell(value: Any) -> str | int | float:
    if value is None:
        return ""
    return value if isinstance(value, str | int | float) else str(value)
