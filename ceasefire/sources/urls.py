"""URLs fetched with httpx: a timeout, a size cap while streaming, and a content-type check.

Accepted types are HTML, plain text, RSS/Atom/XML and JSON/JSON Lines; any other is a
``FetchError`` naming the URL and the type. A missing host or a refused connection is a
``SourceNotFound``; an HTTP error status or a timeout is a ``FetchError``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import httpx

from ceasefire.errors import FetchError, InputError, SourceNotFound
from ceasefire.models import Document
from ceasefire.settings import Settings
from ceasefire.sources.decoding import decode, too_large
from ceasefire.sources.formats import Hint, Item, collect, read_text

ACCEPTED: dict[str, Hint] = {
    "text/html": "html", "application/xhtml+xml": "html", "text/plain": "text",
    "application/rss+xml": "xml", "application/atom+xml": "xml", "application/rdf+xml": "xml",
    "application/xml": "xml", "text/xml": "xml",
    "application/json": "json", "application/x-ndjson": "json", "application/jsonl": "json",
    "application/x-jsonlines": "json", "application/jsonlines": "json", "application/json-lines": "json",
}  # fmt: skip


def is_url(spec: str) -> bool:
    return spec.lower().startswith(("http://", "https://"))


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    data: bytes
    media_type: str | None
    charset: str | None


def fetch(url: str, settings: Settings) -> Fetched:
    """GET ``url``; raises ``SourceNotFound``, ``FetchError`` or ``InputTooLarge``."""
    timeout = settings.fetch_timeout
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": settings.user_agent}
    try:
        with (
            httpx.Client(timeout=timeout, follow_redirects=True, headers=headers) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}".rstrip())
            media_type = response.headers.get("content-type", "").partition(";")[0].strip().lower() or None
            if media_type is not None and media_type not in ACCEPTED:
                raise FetchError(
                    url, f"content type {media_type} is not HTML, plain text, RSS/Atom/XML or JSON"
                )
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > settings.max_input_bytes:
                raise too_large(url, int(declared), settings)
            chunks, total = [], 0
            for chunk in response.iter_bytes():
                total += len(chunk)
                if total > settings.max_input_bytes:
                    raise too_large(url, total, settings)
                if time.monotonic() > deadline:
                    raise FetchError(url, f"timed out after {timeout:g} s (CEASEFIRE_FETCH_TIMEOUT)")
                chunks.append(chunk)
            return Fetched(str(response.url), b"".join(chunks), media_type, response.charset_encoding)
    except httpx.TimeoutException as exc:
        raise FetchError(url, f"timed out after {timeout:g} s (CEASEFIRE_FETCH_TIMEOUT)") from exc
    except httpx.ConnectError as exc:
        raise SourceNotFound(url, f"cannot connect ({exc})") from exc
    except httpx.InvalidURL as exc:
        raise SourceNotFound(url, f"not a valid URL ({exc})") from exc
    except httpx.HTTPError as exc:
        raise FetchError(url, f"fetch failed ({exc})") from exc


def read_url(
    url: str, settings: Settings, *, published: date | None = None, fmt: str | None = None
) -> list[Document]:
    """The documents at ``url``; raises the ``InputError`` subclass that says what is wrong."""
    return collect(url_items(url, settings, published=published, fmt=fmt))


def url_items(url: str, settings: Settings, *, published: date | None, fmt: str | None) -> Iterator[Item]:
    """Documents and per-record errors at ``url``; a whole-input problem is yielded as an error."""
    try:
        fetched = fetch(url, settings)
        text = decode(fetched.data, url, charset=fetched.charset)
    except InputError as err:
        yield err
        return
    hint = ACCEPTED.get(fetched.media_type or "")
    yield from read_text(text, source=url, origin=url, url=url, hint=hint, fmt=fmt, published=published)
