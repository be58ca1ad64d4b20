"""Exports of stored events in the formats the field reads, written as the rows come.

    plover-json   plover_json.py  JSON array: the event record + PLOVER/POLECAT field names
    acled-csv     acled_csv.py    CSV under ACLED's column names (only events ACLED would code)
    geojson       geojson.py      RFC 7946 FeatureCollection of the events that have coordinates
    hxl-csv       hxl_csv.py      CSV with an HXL hashtag row under the headers

Deconfliction notifications (not events) have their own HXL CSV writer in ``hxl_notifications.py``
(``ceasefire deconflict export``, ``GET /api/v1/deconfliction/export.csv``).

Every exporter takes an iterable of ``ExportRow`` (the event record, its document header, the ids
of its linked processes) and a text stream, writes each row before reading the next (constant
memory however many rows), and returns how many events it wrote. Open files for the CSV formats
with ``newline=""`` and for all of them with ``encoding="utf-8"``::

    with open("events.geojson", "w", encoding="utf-8", newline="") as out:
        written = export(rows, "geojson", out)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ceasefire.errors import ConfigError
from ceasefire.exports.acled_csv import write_acled_csv
from ceasefire.exports.geojson import write_geojson
from ceasefire.exports.hxl_csv import write_hxl_csv
from ceasefire.exports.plover_json import write_plover_json
from ceasefire.exports.rows import Exporter, ExportRow

FORMATS: dict[str, Exporter] = {
    "plover-json": write_plover_json,
    "acled-csv": write_acled_csv,
    "geojson": write_geojson,
    "hxl-csv": write_hxl_csv,
}

__all__ = ["FORMATS", "ExportRow", "Exporter", "export"]


def export(rows: Iterable[ExportRow], fmt: str, out: TextIO) -> int:
    """Write ``rows`` to ``out`` in the format named ``fmt``; return how many events were written.

    Raises ConfigError, naming the formats there are, before reading any row when ``fmt`` is unknown.
    """
    try:
        exporter = FORMATS[fmt]
    except KeyError as exc:
        choices = ", ".join(FORMATS)
        raise ConfigError(f"unknown export format {fmt!r}: choose one of {choices}") from exc
    return exporter(rows, out)
