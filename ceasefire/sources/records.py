"""JSON Lines records (or a JSON array of them) as documents.

A record is ``{"id", "text", "published"?, "url"?, "title"?, "author"?, "kind"?}``; ``id`` and
``text`` are required and the record's id is kept as the document id. A bad line is reported as an
``InputError`` value naming the file and line, and the other lines go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, get_args

from ceasefire.errors import InputError, MalformedInput
from ceasefire.models import DocKind, Document

Item = Document | InputError
KINDS: tuple[str, ...] = get_args(DocKind)
_OPTIONAL_TEXT = ("url", "title", "author")


def read_records(text: str, *, source: str) -> Iterator[Item]:
    """One document or one error per record; raises an empty ``InputError`` when there are none."""
    body = text.lstrip("\ufeff")
    whole = _whole(body, source)
    if whole is not None:
        numbered = [(f"item {i}", record) for i, record in enumerate(whole, start=1)]
    else:
        numbered = []
        for lineno, line in enumerate(body.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                numbered.append((f"line {lineno}", json.loads(line)))
            except json.JSONDecodeError as exc:
                err = MalformedInput(source, f"line {lineno}: not valid JSON ({exc})")
                err.__cause__ = exc
                numbered.append((f"line {lineno}", err))
    if not numbered:
        raise InputError(source, "empty: no records")
    for where, record in numbered:
        if isinstance(record, InputError):
            yield record
            continue
        try:
            yield record_document(record, source=source, where=where)
        except InputError as err:
            yield err


def _whole(body: str, source: str) -> list[Any] | None:
    """The records of a JSON array, or of one object spread over several lines; None for JSON Lines."""
    stripped = body.strip()
    if stripped.startswith("["):
        try:
            records = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise MalformedInput(source, f"not valid JSON ({exc})") from exc
        return records if isinstance(records, list) else [records]
    if stripped.startswith("{") and "\n" in stripped:
        try:
            return [json.loads(stripped)]
        except json.JSONDecodeError:
            return None  # JSON Lines, or broken: read line by line
    return None


def record_document(record: Any, *, source: str, where: str = "record") -> Document:
    """The document of one parsed record; raises ``MalformedInput`` (or an empty ``InputError``)."""
    if not isinstance(record, dict):
        raise MalformedInput(source, f"{where}: a record must be a JSON object, not {type(record).__name__}")
    doc_id, text = record.get("id"), record.get("text")
    if not isinstance(doc_id, (str, int)) or isinstance(doc_id, bool) or str(doc_id).strip() == "":
        raise MalformedInput(source, f'{where}: record has no "id" (a string or number is required)')
    if not isinstance(text, str):
        raise MalformedInput(source, f'{where}: record {doc_id} has no "text" string')
    if not text.strip():
        raise InputError(source, f"{where}: empty: record {doc_id} has no text")
    for name in _OPTIONAL_TEXT:
        if record.get(name) is not None and not isinstance(record[name], str):
            raise MalformedInput(source, f'{where}: record {doc_id}: "{name}" must be a string')
    kind = record.get("kind", "article")
    if kind not in KINDS:
        raise MalformedInput(source, f'{where}: record {doc_id}: "kind" must be one of {", ".join(KINDS)}')
    published, published_at = _published(record.get("published"), source, f"{where}: record {doc_id}")
    return Document(
        id=str(doc_id),
        text=text,
        kind=kind,
        source=source,
        url=record.get("url"),
        title=record.get("title"),
        author=record.get("author"),
        published=published,
        published_at=published_at,
    )


def _published(value: Any, source: str, where: str) -> tuple[date | None, datetime | None]:
    if value is None:
        return None, None
    if isinstance(value, str):
        try:
            if len(value.strip()) == 10:
                return date.fromisoformat(value.strip()), None
            moment = datetime.fromisoformat(value.strip())
            return moment.date(), moment
        except ValueError:
            pass
    raise MalformedInput(source, f'{where}: "published" must be an ISO date or date-time, got {value!r}')
