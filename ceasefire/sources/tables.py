"""Tables of articles: CSV with a text column, and Parquet, one document per row.

A row is a record (``records.record_document``) whose fields come from the table's columns:

- ``text``: the column named ``text`` (required);
- ``id``: the column ``id``, else an unnamed first column (a data frame's index, as pandas writes
  it), else the row's number in the file ("row 17"); ids are kept as written;
- ``published``: ``published``, ``date`` or ``publication_date``; ``url``, ``title``, ``author``
  when present.

A CSV is split into row ranges by byte offsets without parsing it (``csv_row_offsets``: a newline
outside quotes ends a row, RFC 4180), so a batch hands a worker a path and a range, never the text.
A Parquet file is split by row groups. A bad row is an ``InputError`` value naming the file and
row; the other rows go on.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ceasefire.errors import InputError, MalformedInput, SourceNotFound
from ceasefire.models import Document
from ceasefire.sources.records import record_document

Item = Document | InputError
SUFFIXES = (".csv", ".parquet")
_ID_COLUMNS = ("id",)
_DATE_COLUMNS = ("published", "date", "publication_date")
_OPTIONAL = ("url", "title", "author")
csv.field_size_limit(1 << 30)


def is_table(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def csv_row_offsets(path: Path) -> list[int]:
    """Byte offsets where each data row of a CSV starts (after the header), and the end of file last."""
    offsets: list[int] = []
    quoted, at, row_start, header_done = False, 0, 0, False
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            for i, byte in enumerate(chunk):
                if byte == 0x22:  # "
                    quoted = not quoted
                elif byte == 0x0A and not quoted:  # \n outside quotes ends a row
                    if header_done:
                        offsets.append(row_start)
                    header_done = True
                    row_start = at + i + 1
            at += len(chunk)
    if header_done and row_start < at:
        offsets.append(row_start)
    return [*offsets, at]


def table_items(path: Path, *, source: str, start: int = 0, stop: int | None = None) -> Iterator[Item]:
    """The documents of rows ``start`` to ``stop`` (row numbers from 0, header excluded) of a table."""
    if not path.is_file():
        yield SourceNotFound(source, "no such file")
        return
    if path.suffix.lower() == ".parquet":
        yield from _parquet_items(path, source, start, stop)
        return
    offsets = csv_row_offsets(path)
    stop = len(offsets) - 1 if stop is None else min(stop, len(offsets) - 1)
    if start < stop:
        yield from csv_range_items(path, source, offsets[start], offsets[stop], start)
    else:
        yield from csv_range_items(path, source, 0, 0, start)


def csv_range_items(path: Path, source: str, begin: int, end: int, first: int) -> Iterator[Item]:
    """The rows of a CSV between byte offsets ``begin`` and ``end`` (row offsets from ``csv_row_offsets``),
    the first of them row number ``first``: a batch partition reads its share only."""
    with path.open("rb") as handle:
        header_bytes = handle.readline()
        try:
            header = next(csv.reader([header_bytes.decode("utf-8-sig")]))
        except (UnicodeDecodeError, StopIteration) as exc:
            yield MalformedInput(source, f"line 1: not a CSV header ({exc})")
            return
        if "text" not in header:
            yield MalformedInput(
                source, f"line 1: a table of articles needs a 'text' column (found {', '.join(header[:8])})"
            )
            return
        if begin >= end:
            return
        handle.seek(begin)
        body = handle.read(end - begin)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield MalformedInput(source, f"rows from {first}: not UTF-8 ({exc.reason})")
        return
    for number, values in enumerate(csv.reader(io.StringIO(text, newline="")), start=first):
        if not values:
            continue
        yield _row(dict(zip(header, values, strict=False)), header, number, source)


def _parquet_items(path: Path, source: str, start: int, stop: int | None) -> Iterator[Item]:
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several unrelated types for a bad file
        yield MalformedInput(source, f"not a Parquet file ({exc})")
        return
    header = table.schema_arrow.names
    if "text" not in header:
        yield MalformedInput(
            source, f"a table of articles needs a 'text' column (found {', '.join(header[:8])})"
        )
        return
    number = 0
    for batch in table.iter_batches(batch_size=1024):
        for row in batch.to_pylist():
            if number >= start and (stop is None or number < stop):
                yield _row({k: None if v is None else str(v) for k, v in row.items()}, header, number, source)
            number += 1
        if stop is not None and number >= stop:
            return


def parquet_row_count(path: Path) -> int:
    import pyarrow.parquet as pq

    return int(pq.ParquetFile(path).metadata.num_rows)


def _row(values: dict[str, Any], header: Sequence[str], number: int, source: str) -> Item:
    record: dict[str, Any] = {"text": values.get("text") or ""}
    ident = next((values[c] for c in _ID_COLUMNS if values.get(c)), None)
    if (
        ident is None
        and header
        and header[0] in ("", "Unnamed: 0", "__index_level_0__")
        and values.get(header[0])
    ):
        ident = values[header[0]]
    record["id"] = str(ident) if ident is not None else f"row {number}"
    published = next((values[c] for c in _DATE_COLUMNS if values.get(c)), None)
    if published:
        record["published"] = str(published).strip()[:10]
    for column in _OPTIONAL:
        if values.get(column):
            record[column] = values[column]
    try:
        return record_document(record, source=source, where=f"row {number}")
    except InputError as err:
        return err
