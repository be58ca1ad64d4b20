"""Cutting sources into partitions the client plans and the workers read.

A partition names its input, never its text: a list of file paths, or a row range of one table or
JSON Lines file (byte offsets of its rows), so the client stays small and a worker reads only its
share. Partitions are numbered in input order; the second pass keeps that order.

| source                       | cut by                                       |
|------------------------------|----------------------------------------------|
| a folder, or a single file   | ``size`` files a partition                   |
| ``.jsonl`` / ``.ndjson``     | ``size`` lines, at line offsets              |
| ``.csv`` with a text column  | ``size`` rows, at row offsets (``tables``)   |
| ``.parquet``                 | ``size`` rows                                |
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ceasefire.errors import ConfigError, InputError, SourceNotFound
from ceasefire.models import Document, Rejected
from ceasefire.settings import Settings
from ceasefire.sources import read_sources, rejection
from ceasefire.sources.files import list_files
from ceasefire.sources.records import read_records
from ceasefire.sources.tables import csv_range_items, csv_row_offsets, parquet_row_count, table_items

LINES = (".jsonl", ".ndjson")


@dataclass(frozen=True, slots=True)
class Partition:
    """One unit of work: ``paths`` (files read whole) or a ``start``-``stop`` range of ``table``."""

    index: int
    kind: str  # files | jsonl | csv | parquet
    paths: tuple[str, ...] = ()
    table: str = ""
    start: int = 0
    stop: int = 0
    #: byte offsets where its rows begin and end (csv and jsonl): a worker seeks instead of scanning
    offsets: tuple[int, ...] = ()
    published: date | None = None

    @property
    def name(self) -> str:
        return f"p{self.index:06d}"

    @property
    def weight(self) -> int:
        """About how much work it is: its bytes (rows for Parquet), read from what planning saw."""
        if self.offsets:
            return self.offsets[-1] - self.offsets[0]
        if self.kind == "files":
            return sum(_size(p) for p in self.paths)
        return self.stop - self.start


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:  # a file that is not there is a rejection, read soon: it weighs little
        return 0


def largest_first(partitions: Sequence[Partition]) -> list[Partition]:
    """The order to hand partitions out in: heaviest first, so the last to finish are small ones and
    no worker waits long at the end for another's big one (ties in input order)."""
    return sorted(partitions, key=lambda p: (-p.weight, p.index))


def plan(sources: Sequence[str], size: int, published: date | None = None) -> list[Partition]:
    """The partitions of ``sources``, in input order."""
    if size < 1:
        raise ConfigError(f"--partition-size must be at least 1, got {size}")
    found: list[Partition] = []
    loose: list[str] = []

    def flush() -> None:
        for i in range(0, len(loose), size):
            found.append(
                Partition(len(found), "files", paths=tuple(loose[i : i + size]), published=published)
            )
        loose.clear()

    for spec in sources:
        path = Path(spec)
        if path.is_dir():
            loose.extend(str(f) for f in list_files(path))
            continue
        if not path.exists():
            raise SourceNotFound(spec, "no such file or directory")
        suffix = path.suffix.lower()
        if suffix not in (*LINES, ".csv", ".parquet"):
            loose.append(spec)
            continue
        flush()
        if suffix == ".parquet":
            rows = parquet_row_count(path)
            for start in range(0, rows, size):
                found.append(Partition(len(found), "parquet", table=spec, start=start, stop=min(rows, start + size),
                                       published=published))  # fmt: skip
            continue
        offsets = csv_row_offsets(path) if suffix == ".csv" else _line_offsets(path)
        rows = len(offsets) - 1
        kind = "csv" if suffix == ".csv" else "jsonl"
        for start in range(0, rows, size):
            stop = min(rows, start + size)
            found.append(Partition(len(found), kind, table=spec, start=start, stop=stop,
                                   offsets=(offsets[start], offsets[stop]), published=published))  # fmt: skip
    flush()
    return found


def read(partition: Partition, settings: Settings) -> Iterator[Document | Rejected]:
    """The raw documents of a partition (and a ``Rejected`` for each input that cannot be read)."""
    if partition.kind == "files":
        yield from read_sources(list(partition.paths), settings, published=partition.published)
        return
    path = Path(partition.table)
    if partition.kind == "parquet":
        items = table_items(path, source=partition.table, start=partition.start, stop=partition.stop)
    elif partition.kind == "csv":
        items = csv_range_items(
            path, partition.table, partition.offsets[0], partition.offsets[-1], partition.start
        )
    else:
        items = _jsonl_items(partition)
    for item in items:
        if isinstance(item, InputError):
            yield rejection(item)
            continue
        if item.published is None:
            item.published = partition.published
        yield item


def _jsonl_items(partition: Partition) -> Iterator[Document | InputError]:
    with Path(partition.table).open("rb") as handle:
        handle.seek(partition.offsets[0])
        body = handle.read(partition.offsets[-1] - partition.offsets[0])
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield InputError(
            partition.table, f"lines {partition.start + 1}-{partition.stop}: not UTF-8 ({exc.reason})"
        )
        return
    try:
        yield from read_records(text, source=partition.table)
    except InputError as err:
        yield err


def _line_offsets(path: Path) -> list[int]:
    """Byte offsets where each non-empty line starts, and the end of file last."""
    offsets, at = [], 0
    with path.open("rb") as handle:
        for line in handle:
            if line.strip():
                offsets.append(at)
            at += len(line)
    return [*offsets, at]
