"""CSV upload -> reports: one data row a report; a bad row becomes a ``RowError`` and the rest go on.

The header names the columns (case-insensitive, surrounding spaces ignored), in any order::

    client_id, occurred_at, time_precision, lat, lon, place, country, own_position, source_type,
    text, event_type, weapons, alleged_responsible, reporter_name, reporter_contact, attachments

``occurred_at``, ``source_type`` and ``text`` are required, and either ``lat`` + ``lon`` or ``place``.
Empty cells are absent; ``weapons`` and ``attachments`` (SHA-256 hex) are ``;``-separated. A row
without a ``client_id`` is found again by the intake's keyed content hash, so uploading the same
file twice is a no-op (no id is derived here from its cells: they hold the reporter's name).
A file that cannot be read as a whole (not UTF-8, binary, a missing or unknown column, too many
rows) raises an ``InputError``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from ceasefire.errors import InputTooLarge, MalformedInput
from ceasefire.monitor.intake import RowError, parse_timestamp
from ceasefire.monitor.schemas import ReportIn, payload_errors

COLUMNS: tuple[str, ...] = (
    "client_id", "occurred_at", "time_precision", "lat", "lon", "place", "country", "own_position",
    "source_type", "text", "event_type", "weapons", "alleged_responsible", "reporter_name",
    "reporter_contact", "attachments",
)  # fmt: skip
REQUIRED: tuple[str, ...] = ("occurred_at", "source_type", "text")
SOURCE = "CSV upload"
_LOCATION_KEYS = ("lat", "lon", "place", "own_position")
_PLAIN_KEYS = ("text", "event_type", "alleged_responsible")


def reports_from_csv(data: bytes, *, max_rows: int = 5000) -> list[ReportIn | RowError]:
    """Every data row of a CSV upload as a ``ReportIn``, or a ``RowError`` naming its bad fields.

    Raises ``MalformedInput`` for a file that is not UTF-8 CSV text or whose header lacks a required
    column or has an unknown one, and ``InputTooLarge`` past ``max_rows`` rows (blank rows not counted).
    """
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    results: list[ReportIn | RowError] = []
    try:
        columns = _header(reader)
        for number, cells in _data_rows(reader):
            if len(results) >= max_rows:
                raise InputTooLarge(SOURCE, f"more than {max_rows} rows; split the file and upload each part")
            results.append(_row(number, columns, cells))
    except csv.Error as exc:
        raise MalformedInput(SOURCE, f"line {reader.line_num}: {exc}") from exc
    return results


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise MalformedInput(
            SOURCE, "binary data (NUL bytes), not UTF-8 CSV text; export the sheet as 'CSV UTF-8'"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MalformedInput(
            SOURCE, f"not UTF-8 text (bad byte at offset {exc.start}); export the sheet as 'CSV UTF-8'"
        ) from exc


def _header(reader: Iterator[list[str]]) -> list[str]:
    first = next(reader, None)
    if first is None or not any(cell.strip() for cell in first):
        raise MalformedInput(SOURCE, "no header row; the first line names the columns")
    columns = [cell.strip().lower() for cell in first]
    unknown = [
        repr(c) if c else f"(blank header in column {i})"
        for i, c in enumerate(columns, 1)
        if c not in COLUMNS
    ]
    if unknown:
        raise MalformedInput(
            SOURCE, f"unknown column {', '.join(unknown)}; known columns: {', '.join(COLUMNS)}"
        )
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise MalformedInput(SOURCE, f"column {', '.join(map(repr, repeated))} appears more than once")
    missing = [c for c in REQUIRED if c not in columns]
    if "place" not in columns:
        missing += [c for c in ("lat", "lon") if c not in columns]
    if missing:
        raise MalformedInput(
            SOURCE,
            f"missing required column {', '.join(map(repr, missing))} "
            "(required: occurred_at, source_type, text, and lat + lon or place)",
        )
    return columns


def _data_rows(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """(1-based data row, cells), skipping blank rows but counting them so numbers match the sheet."""
    for number, cells in enumerate(reader, start=1):
        if any(cell.strip() for cell in cells):
            yield number, cells


def _row(number: int, columns: list[str], cells: list[str]) -> ReportIn | RowError:
    values = {col: cell.strip() for col, cell in zip(columns, cells, strict=False) if cell.strip()}
    given_id = values.get("client_id")
    if len(cells) > len(columns):
        return RowError(number, given_id, [f"row: {len(cells)} values for {len(columns)} columns"])
    fields, errors = _fields(values)
    fields["client_id"] = given_id
    try:
        report = ReportIn.model_validate(fields)
    except ValidationError as exc:
        known = {line.split(":", 1)[0] for line in errors}
        errors += [line for line in payload_errors(exc) if line.split(":", 1)[0] not in known]
    if errors:
        return RowError(number, given_id, errors)
    return report


def _fields(values: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """``ReportIn`` fields from a row's non-empty cells, and the errors found while converting them."""
    fields: dict[str, Any] = {k: values[k] for k in _PLAIN_KEYS if k in values}
    for key in ("source_type", "time_precision"):
        if key in values:
            fields[key] = values[key].lower()
    fields["location"] = _location(values)
    for key in ("weapons", "attachments"):
        if key in values:
            fields[key] = _split(values[key])
    if "reporter_name" in values or "reporter_contact" in values:
        fields["reporter"] = _reporter(values)
    errors: list[str] = []
    if "occurred_at" in values:
        try:
            fields["occurred_at"] = parse_timestamp(values["occurred_at"])
        except ValueError as exc:
            errors.append(f"occurred_at: {exc}")
    return fields, errors


def _location(values: dict[str, str]) -> dict[str, str]:
    location = {k: values[k] for k in _LOCATION_KEYS if k in values}
    if "country" in values:
        location["country"] = values["country"].upper()
    return location


def _reporter(values: dict[str, str]) -> dict[str, str]:
    """A reporter named by ``reporter_name``, else by the contact itself."""
    contact = values.get("reporter_contact")
    reporter = {"name": values.get("reporter_name") or contact or ""}
    if contact:
        reporter["contact"] = contact
    return reporter


def _split(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(";") if item.strip()]
