"""Files and directories: text, HTML, JSON Lines, feeds and exports on disk.

The size is checked with ``stat`` before a byte is read, so a file over the limit costs nothing.
A directory is read recursively in sorted order, skipping hidden files and folders; each file's
origin (which its document ids hang on) is its path relative to the directory given, so the
same tree gives the same ids wherever it lies.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ceasefire.errors import InputError, SourceNotFound
from ceasefire.models import Document
from ceasefire.settings import Settings
from ceasefire.sources.decoding import check_size, decode, read_capped
from ceasefire.sources.formats import Item, collect, hint_for_suffix, read_text
from ceasefire.sources.tables import is_table, table_items


def read_file(
    path: str | Path,
    settings: Settings,
    *,
    published: date | None = None,
    fmt: str | None = None,
    origin: str | None = None,
) -> list[Document]:
    """The documents of one file; raises the ``InputError`` subclass that says what is wrong."""
    path = Path(path)
    return collect(
        file_items(path, settings, source=str(path), origin=origin or path.name, published=published, fmt=fmt)
    )


def read_bytes(path: Path, source: str, settings: Settings) -> bytes:
    """The file's bytes, after checking that it exists and is within the size limit."""
    try:
        size = path.stat().st_size
        check_size(source, size, settings)
        with path.open("rb") as stream:
            return read_capped(stream, source, settings)
    except FileNotFoundError as exc:
        raise SourceNotFound(source, "no such file or directory") from exc
    except IsADirectoryError as exc:
        raise SourceNotFound(source, "a directory where a file was expected") from exc
    except PermissionError as exc:
        raise SourceNotFound(source, "permission denied") from exc


def file_items(
    path: Path, settings: Settings, *, source: str, origin: str, published: date | None, fmt: str | None
) -> Iterator[Item]:
    """Documents and per-record errors of one file; a whole-file problem is yielded as an error.

    A table (CSV with a text column, Parquet) is read row by row, so its size is not capped as a
    whole; each row is a document (``tables.py``).
    """
    if is_table(path) and fmt is None:
        for item in table_items(path, source=source):
            if isinstance(item, Document) and item.published is None:
                item.published = published
            yield item
        return
    try:
        text = decode(read_bytes(path, source, settings), source)
    except InputError as err:
        yield err
        return
    yield from read_text(
        text, source=source, origin=origin, hint=hint_for_suffix(path.suffix), fmt=fmt, published=published
    )


def directory_items(
    path: Path, settings: Settings, *, source: str, published: date | None, fmt: str | None
) -> Iterator[Item]:
    """Every visible file under ``path``, in sorted order."""
    files = list_files(path)
    if not files:
        yield InputError(source, "empty: the directory holds no files (hidden ones are skipped)")
    for file in files:
        relative = file.relative_to(path).as_posix()
        yield from file_items(
            file,
            settings,
            source=str(Path(source) / relative),
            origin=relative,
            published=published,
            fmt=fmt,
        )


def list_files(root: Path) -> list[Path]:
    """Files under ``root``, recursively, sorted by relative path; hidden files and folders skipped."""
    found = []
    for file in root.rglob("*"):
        relative = file.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or not file.is_file():
            continue
        found.append(file)
    return sorted(found, key=lambda f: f.relative_to(root).as_posix())
