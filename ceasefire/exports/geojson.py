"""GeoJSON (RFC 7946): a FeatureCollection with one Point Feature per event that has coordinates.

An event whose place is null, or has no latitude and longitude (or ones out of range), is skipped:
a Feature without a geometry would not show on a map. Coordinates are WGS 84 ``[longitude,
latitude]`` (RFC 7946 section 3.1.1: longitude first). Every modality is written; filter on the
``modality`` property before treating a point as something that happened.

Each Feature's ``id`` is the event id and its ``properties`` are flat (strings, numbers, nulls), so
that GIS tools show them as columns:

``id``, ``event``, ``mode``, ``modality``, ``process_kind``, ``process_phase``, ``date``,
``date_precision``, ``actor`` / ``recipient`` (names, ``"; "``-joined), ``actor_country`` /
``recipient_country``, ``place_name``, ``place_precision``, ``country`` (alpha-2),
``acled_event_type``, ``acled_sub_event_type``, ``evidence`` (the sentence), ``doc_id``, ``url``,
``published``, ``processes`` (linked process ids, ``"; "``-joined), ``confidence``.

The collection is written as the rows come, one Feature a line; write to a UTF-8 stream (RFC 7946
section 11).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from ceasefire.exports.rows import (
    ExportRow,
    acled_of,
    actor_field,
    actor_names,
    coordinates,
    evidence_of,
    joined,
    place_of,
    process_of,
    write_json_array,
)


def write_geojson(rows: Iterable[ExportRow], out: TextIO) -> int:
    """Write a FeatureCollection of the rows that have coordinates; return how many Features."""
    return write_json_array(
        features(rows), out, before='{"type": "FeatureCollection", "features": ', after="}"
    )


def features(rows: Iterable[ExportRow]) -> Iterator[dict[str, Any]]:
    """The Feature of each row that has coordinates, lazily."""
    for row in rows:
        found = feature(row)
        if found is not None:
            yield found


def feature(row: ExportRow) -> dict[str, Any] | None:
    """The Point Feature of one event, or None when its place has no coordinates."""
    point = coordinates(row.event)
    if point is None:
        return None
    lat, lon = point
    return {
        "type": "Feature",
        "id": row.event.get("id"),
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties(row),
    }


def properties(row: ExportRow) -> dict[str, Any]:
    """The flat properties of one event's Feature."""
    event, document = row.event, row.document
    kind, phase = process_of(event)
    place = place_of(event)
    acled = acled_of(event)
    evidence = evidence_of(event)
    return {
        "id": event.get("id"),
        "event": event.get("event"),
        "mode": event.get("mode"),
        "modality": event.get("modality"),
        "process_kind": kind or None,
        "process_phase": phase or None,
        "date": event.get("date"),
        "date_precision": event.get("date_precision"),
        "actor": joined(actor_names(event.get("actor"))),
        "actor_country": joined(actor_field(event.get("actor"), "country")),
        "recipient": joined(actor_names(event.get("recipient"))),
        "recipient_country": joined(actor_field(event.get("recipient"), "country")),
        "place_name": place.get("name") or place.get("text"),
        "place_precision": place.get("precision"),
        "country": place.get("country"),
        "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"),
        "evidence": evidence.get("text"),
        "doc_id": evidence.get("doc_id") or document.get("id"),
        "url": document.get("url"),
        "published": document.get("published"),
        "processes": joined(row.processes),
        "confidence": event.get("confidence"),
    }
