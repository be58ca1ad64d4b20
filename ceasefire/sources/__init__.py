"""Sources: files, URLs, feeds, exports and standard input, turned into raw documents.

``read_sources`` reads each spec in turn (a file, a directory, an ``http(s)`` URL, ``-`` for
standard input) and yields documents; a bad input never stops the batch and is never dropped: it
becomes a ``Rejected`` value from stage ``source`` whose detail is the message of the matching
``InputError``. For exceptions instead, call ``read_file``, ``read_url`` or ``read_stdin``.

| module      | reads                                                     |
|-------------|-----------------------------------------------------------|
| files       | files and directories (size checked before reading)       |
| urls        | ``http(s)`` URLs (timeout, size cap, content-type check)  |
| decoding    | bytes to text: binary and encoding checks                 |
| formats     | which reader a text needs; the ``published`` fallback     |
| pages       | HTML pages (trafilatura) and plain text                   |
| feeds       | RSS and Atom feeds (feedparser)                           |
| records     | JSON Lines records                                        |
| exports     | Disqus and Blogger comment exports                        |
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import BinaryIO

from ceasefire.errors import (
    BinaryInput,
    FetchError,
    InputError,
    InputTooLarge,
    MalformedInput,
    SourceNotFound,
    UndecodableInput,
)
from ceasefire.models import Document, Rejected, stable_id
from ceasefire.settings import Settings
from ceasefire.sources.decoding import decode, read_capped
from ceasefire.sources.files import directory_items, file_items, read_file
from ceasefire.sources.formats import FORMATS, Item, check_fmt, collect, read_text
from ceasefire.sources.urls import is_url, read_url, url_items

__all__ = ["FORMATS", "read_file", "read_sources", "read_stdin", "read_url", "rejection"]

STDIN = "stdin"
_REASONS: tuple[tuple[type[InputError], str], ...] = (
    (InputTooLarge, "too_large"),
    (BinaryInput, "binary"),
    (UndecodableInput, "undecodable"),
    (MalformedInput, "malformed"),
    (SourceNotFound, "unreachable"),
    (FetchError, "unreachable"),
)


def read_sources(
    specs: Sequence[str],
    settings: Settings,
    *,
    published: date | None = None,
    fmt: str | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Document | Rejected]:
    """Documents of every spec in order, and a ``Rejected`` for each input that cannot be read.

    ``published`` is the date given to documents that carry none of their own; ``fmt`` forces a
    reader (``jsonl``, ``html``, ``text``, ``feed``); ``stdin`` replaces ``sys.stdin`` for ``-``.
    """
    check_fmt(fmt)
    for spec in specs:
        for item in _items(spec, settings, published=published, fmt=fmt, stdin=stdin):
            yield rejection(item) if isinstance(item, InputError) else item


def read_stdin(
    settings: Settings,
    *,
    published: date | None = None,
    fmt: str | None = None,
    stdin: BinaryIO | None = None,
) -> list[Document]:
    """Documents of standard input (JSON Lines with ``fmt="jsonl"``, else sniffed text or HTML)."""
    return collect(_stdin_items(settings, published=published, fmt=fmt, stdin=stdin))


def rejection(err: InputError) -> Rejected:
    """The ``Rejected`` value for an input error: its reason word and its full message.

    errors.py has no class of its own for empty input: the sources raise a plain ``InputError``
    (CF200) for it, and its message starts with "empty".
    """
    reason = next((word for kind, word in _REASONS if isinstance(err, kind)), "empty")
    return Rejected(
        doc_id=stable_id("source", err.source, err.problem),
        stage="source",
        reason=reason,
        detail=str(err),
        source=err.source,
    )


def _items(
    spec: str, settings: Settings, *, published: date | None, fmt: str | None, stdin: BinaryIO | None
) -> Iterator[Item]:
    if spec == "-":
        return _stdin_items(settings, published=published, fmt=fmt, stdin=stdin)
    if is_url(spec):
        return url_items(spec, settings, published=published, fmt=fmt)
    path = Path(spec)
    if path.is_dir():
        return directory_items(path, settings, source=spec, published=published, fmt=fmt)
    return file_items(path, settings, source=spec, origin=path.name, published=published, fmt=fmt)


def _stdin_items(
    settings: Settings, *, published: date | None, fmt: str | None, stdin: BinaryIO | None
) -> Iterator[Item]:
    stream = stdin if stdin is not None else sys.stdin.buffer
    try:
        text = decode(read_capped(stream, STDIN, settings), STDIN)
    except InputError as err:
        yield err
        return
    yield from read_text(text, source=STDIN, origin=STDIN, fmt=fmt, published=published)
