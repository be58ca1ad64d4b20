"""RSS and Atom feeds (read with feedparser): each entry becomes a document.

The entry's link, title, author and date are kept; its HTML (full content where the feed has it,
else the summary) is turned into text. The id comes from the entry's id or link and its text, so
the same feed read twice gives the same ids. An entry without text is an empty ``InputError`` value.
A feed that is not well-formed XML is read leniently (feedparser's loose parser) with a note on each
entry; when nothing readable is left it is a ``MalformedInput``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser

from ceasefire.errors import InputError, MalformedInput
from ceasefire.models import Document, content_hash, stable_id
from ceasefire.sources.markup import html_text

Item = Document | InputError


def read_feed(text: str, *, source: str) -> Iterator[Item]:
    """Documents of a feed's entries; raises ``MalformedInput`` when it is not a readable feed."""
    data = re.sub(r"^\s*<\?xml[^>]*\?>", "", text.lstrip("\ufeff")).encode("utf-8")
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False)
    entries: list[Any] = list(parsed.entries)
    if not entries:
        if parsed.bozo:
            problem = parsed.get("bozo_exception") or "unknown error"
            raise MalformedInput(source, f"not a readable RSS or Atom feed ({problem})")
        if not parsed.version:
            raise MalformedInput(source, "not an RSS or Atom feed")
        raise InputError(source, "empty: the feed has no entries")
    site = parsed.feed.get("title") or None
    bodies = [html_text(_entry_html(entry)) for entry in entries]
    broken = _syntax_error(parsed)
    if broken and not any(bodies):
        raise MalformedInput(source, f"not a readable RSS or Atom feed ({broken})")
    for number, (entry, body) in enumerate(zip(entries, bodies, strict=True), start=1):
        origin = entry.get("id") or entry.get("link") or f"{source}#{number}"
        if not body:
            yield InputError(source, f"empty: entry {number} ({origin}) has no text")
            continue
        moment = _moment(entry)
        doc = Document(
            id=stable_id(origin, content_hash(body)),
            text=body,
            source=source,
            url=entry.get("link") or None,
            title=entry.get("title") or None,
            author=entry.get("author") or None,
            site=site,
            published=moment.date() if moment else None,
            published_at=moment,
        )
        if broken:
            doc.notes.append(f"source: feed is not well-formed ({broken}); entry read leniently")
        yield doc


def _syntax_error(parsed: Any) -> str | None:
    """The feed's XML error, if any (an encoding override alone is not one)."""
    problem = parsed.get("bozo_exception") if parsed.bozo else None
    if problem is None or "encoding" in type(problem).__name__.lower():
        return None
    return str(problem) or type(problem).__name__


def _entry_html(entry: Any) -> str:
    contents = entry.get("content") or []
    values = [str(c.get("value", "")) for c in contents if str(c.get("value", "")).strip()]
    return "\n".join(values) if values else str(entry.get("summary") or "")


def _moment(entry: Any) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    year, month, day, hour, minute, second = (int(v) for v in parsed[:6])
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
