"""Which reader a piece of text needs, decided by content first and by its name or type second.

| format    | recognised by                                                                       |
|-----------|-------------------------------------------------------------------------------------|
| disqus    | a ``<disqus>`` root                                                                 |
| blogger   | an Atom ``<feed>`` with Blogger kind categories (``.../blogger/2008/kind#post``)    |
| feed      | an ``<rss>``, ``<feed>`` or ``<rdf:RDF>`` root, or an XML name or content type       |
| html      | markup, an ``.html`` name or an HTML content type                                   |
| records   | a ``.json``/``.jsonl`` name, a JSON content type, or ``fmt="jsonl"``                |
| text      | everything else                                                                     |

``read_text`` is the one path every source goes through: it picks the reader, turns a raised
``InputError`` into a value, and applies the ``published`` fallback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Literal

from ceasefire.errors import ConfigError, InputError
from ceasefire.models import Document
from ceasefire.sources.exports import BLOGGER_MARK, read_blogger_export, read_disqus_export
from ceasefire.sources.feeds import read_feed
from ceasefire.sources.pages import page_document, text_document
from ceasefire.sources.records import read_records

Item = Document | InputError
Format = Literal["disqus", "blogger", "feed", "html", "records", "text"]
Hint = Literal["html", "text", "xml", "json"]
#: what a user may ask for with ``fmt``
FORMATS: dict[str, Format] = {"jsonl": "records", "html": "html", "text": "text", "feed": "feed"}

_SUFFIX_HINTS: dict[str, Hint] = {
    ".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text", ".text": "text", ".md": "text",
    ".xml": "xml", ".rss": "xml", ".atom": "xml", ".json": "json", ".jsonl": "json", ".ndjson": "json",
}  # fmt: skip
_ROOT = re.compile(r"^(?:<\?.*?\?>|<!--.*?-->|<!doctype[^>]*>|\s)*<([\w:.-]+)", re.DOTALL)
_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf"})


def hint_for_suffix(suffix: str) -> Hint | None:
    return _SUFFIX_HINTS.get(suffix.lower())


def check_fmt(fmt: str | None) -> None:
    if fmt is not None and fmt not in FORMATS:
        raise ConfigError(f"unknown input format {fmt!r}; use one of {', '.join(FORMATS)}")


def detect_format(text: str, hint: Hint | None = None, fmt: str | None = None) -> Format:
    """The reader for ``text``: ``fmt`` if given, else its content, else ``hint``."""
    check_fmt(fmt)
    if fmt is not None:
        return FORMATS[fmt]
    head = text.lstrip("\ufeff \t\r\n")[:4096].lower()
    if head.startswith("<"):
        root = _ROOT.match(head)
        name = root[1] if root else ""
        if name == "disqus":
            return "disqus"
        if name in _FEED_ROOTS:
            return "blogger" if name == "feed" and BLOGGER_MARK in text else "feed"
        return "feed" if hint == "xml" and name != "html" else "html"
    if hint == "json":
        return "records"
    if hint == "xml":
        return "feed"
    return "html" if hint == "html" else "text"


def read_text(
    text: str,
    *,
    source: str,
    origin: str,
    url: str | None = None,
    hint: Hint | None = None,
    fmt: str | None = None,
    published: date | None = None,
) -> Iterator[Item]:
    """Documents (and per-record errors) of ``text``; a whole-input problem is yielded, not raised."""
    try:
        if not text.strip():
            raise InputError(source, "empty: no text to read")
        for item in _read(detect_format(text, hint, fmt), text, source, origin, url):
            if isinstance(item, Document) and item.published is None:
                item.published = published
            yield item
    except InputError as err:
        yield err


def _read(form: Format, text: str, source: str, origin: str, url: str | None) -> Iterable[Item]:
    if form == "disqus":
        return read_disqus_export(text, source=source)
    if form == "blogger":
        return read_blogger_export(text, source=source)
    if form == "feed":
        return read_feed(text, source=source)
    if form == "records":
        return read_records(text, source=source)
    if form == "html":
        return [page_document(text, source=source, origin=origin, url=url)]
    return [text_document(text, source=source, origin=origin, url=url)]


def collect(items: Iterable[Item]) -> list[Document]:
    """The documents of ``items``, raising the first ``InputError`` among them."""
    docs = []
    for item in items:
        if isinstance(item, InputError):
            raise item
        docs.append(item)
    return docs
