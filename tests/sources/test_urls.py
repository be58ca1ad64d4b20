"""URLs against a real HTTP server on 127.0.0.1: each accepted type, and every way a fetch fails."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from ceasefire.errors import FetchError, InputTooLarge, SourceNotFound
from ceasefire.models import Document, Rejected, content_hash, stable_id
from ceasefire.settings import Settings
from ceasefire.sources import read_sources, read_url


def test_html_page_is_fetched_and_extracted(server: str, settings: Settings) -> None:
    url = f"{server}/article.html"
    [doc] = read_url(url, settings)
    assert doc.source == url and doc.url == url
    assert doc.title == "A pause, not a peace: first week of the Syrian cessation"
    assert doc.html is not None
    assert doc.id == stable_id(url, content_hash(doc.text))
    assert doc.id == read_url(url, settings)[0].id, "same URL, same id"


def test_plain_text_is_fetched_and_redirects_are_followed(server: str, settings: Settings) -> None:
    [doc] = read_url(f"{server}/moved", settings)
    assert doc.text == "The truce line near the port was quiet overnight, monitors said."


def test_declared_charset_is_used(server: str, settings: Settings) -> None:
    [doc] = read_url(f"{server}/latin1.txt", settings)
    assert doc.text == "Le café a rouvert près du port."


@pytest.mark.parametrize(
    ("path", "count"),
    [pytest.param("/feed.xml", 2, id="rss-feed"), pytest.param("/records.jsonl", 3, id="json-lines")],
)
def test_feeds_and_records_are_read_from_urls(server: str, settings: Settings, path: str, count: int) -> None:
    docs = [d for d in read_sources([server + path], settings) if isinstance(d, Document)]
    assert len(docs) == count


def test_wrong_content_type_names_url_and_type(server: str, settings: Settings) -> None:
    url = f"{server}/report.pdf"
    [rejected] = list(read_sources([url], settings))
    assert isinstance(rejected, Rejected)
    assert rejected.reason == "unreachable"
    assert rejected.detail == (
        f"[CF206] {url}: content type application/pdf is not HTML, plain text, RSS/Atom/XML or JSON"
    )


@pytest.mark.parametrize(
    ("path", "error", "reason", "message"),
    [
        pytest.param("/missing", FetchError, "unreachable", "HTTP 404 Not Found", id="404"),
        pytest.param(
            "/big-declared",
            InputTooLarge,
            "too_large",
            "5000 bytes is over the 1000-byte limit",
            id="size-cap-by-content-length",
        ),
        pytest.param(
            "/big-streamed",
            InputTooLarge,
            "too_large",
            "over the 1000-byte limit",
            id="size-cap-while-streaming",
        ),
        pytest.param("/slow", FetchError, "unreachable", "timed out after 0.3 s", id="timeout"),
        pytest.param("/empty.txt", Exception, "empty", "empty", id="empty-body"),
        pytest.param("/junk.bin", Exception, "binary", "binary content", id="binary-body"),
    ],
)
def test_failed_fetch_is_rejected_and_raised(
    server: str, path: str, error: type[Exception], reason: str, message: str
) -> None:
    settings = Settings(max_input_bytes=1000, fetch_timeout=0.3, cache_dir=Path("unused"))
    url = server + path
    [rejected] = list(read_sources([url], settings))
    assert isinstance(rejected, Rejected)
    assert rejected.reason == reason
    assert message in rejected.detail and url in rejected.detail
    with pytest.raises(error, match=message):
        read_url(url, settings)


def test_refused_connection_is_unreachable(settings: Settings) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/nothing-listens-here"
    [rejected] = list(read_sources([url], settings))
    assert isinstance(rejected, Rejected) and rejected.reason == "unreachable"
    with pytest.raises(SourceNotFound, match="cannot connect"):
        read_url(url, settings)


def test_unknown_declared_charset_falls_back_to_the_bytes(server: str, settings: Settings) -> None:
    [doc] = read_url(f"{server}/odd-charset.txt", settings)
    assert doc.text == "Café reopened."


def test_invalid_url_is_unreachable(settings: Settings) -> None:
    [rejected] = list(read_sources(["http://[::1"], settings))
    assert isinstance(rejected, Rejected) and rejected.reason == "unreachable"
    assert "not a valid URL" in rejected.detail
