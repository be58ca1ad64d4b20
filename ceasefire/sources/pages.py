"""Web pages and plain text as documents: main text and metadata with trafilatura, raw markup kept.

An HTML page keeps its markup in ``Document.html`` so the Threads stage can find the reader
comments that trafilatura left out of the body. Paragraphs are separated by a blank line.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from ceasefire.errors import InputError, MalformedInput
from ceasefire.models import Document, content_hash, stable_id
from ceasefire.sources.markup import html_text

_TAG = re.compile(r"<(?:[a-zA-Z][\w:-]*|!--|!doctype)[\s>/]", re.IGNORECASE)


def text_document(text: str, *, source: str, origin: str, url: str | None = None) -> Document:
    """A plain-text document; the text is kept as read (line ends normalised), for Clean to tidy."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(source, "empty: no text to read")
    return Document(id=stable_id(origin, content_hash(text)), text=text, source=source, url=url)


def page_document(markup: str, *, source: str, origin: str, url: str | None = None) -> Document:
    """The main text and metadata of an HTML page; raises ``MalformedInput`` or an empty ``InputError``."""
    if not _TAG.search(markup):
        raise MalformedInput(source, "no HTML elements found in what should be an HTML page")
    extracted = _extract(markup, url)
    text = _paragraphs(str(extracted.get("text") or ""))
    if not text:
        text = _visible_text(markup, source)
    if not text:
        raise InputError(source, "empty: the page has no readable text")
    return Document(
        id=stable_id(origin, content_hash(text)),
        text=text,
        source=source,
        url=url or _str(extracted.get("url")),
        title=_str(extracted.get("title")),
        author=_str(extracted.get("author")),
        site=_str(extracted.get("sitename")),
        published=_date(extracted.get("date")),
        html=markup,
    )


def _extract(markup: str, url: str | None) -> dict[str, Any]:
    result = trafilatura.bare_extraction(
        markup,
        url=url,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
        deduplicate=False,
    )
    if result is None:
        return {}
    return dict(result.as_dict()) if hasattr(result, "as_dict") else dict(result)


def _visible_text(markup: str, source: str) -> str:
    """Fallback when trafilatura finds no main text: every visible block of the body."""
    try:
        root = lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as exc:
        raise MalformedInput(source, f"HTML that cannot be parsed ({exc})") from exc
    body = root.find("body")
    return html_text(body if body is not None else root)


def _paragraphs(text: str) -> str:
    """trafilatura puts one block a line; a blank line between blocks keeps paragraphs visible."""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _str(value: object) -> str | None:
    return (str(value).strip() or None) if value else None


def _date(value: object) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
