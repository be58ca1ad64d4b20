"""The entry point: standard input, forced formats, and the spec kinds side by side."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ceasefire.errors import ConfigError, InputTooLarge
from ceasefire.models import Document, Rejected, content_hash, stable_id
from ceasefire.settings import Settings
from ceasefire.sources import read_sources, read_stdin


@pytest.mark.parametrize(
    ("payload", "title"),
    [
        pytest.param(b"Talks resumed in Geneva on Monday after a week-long pause.", None, id="text"),
        pytest.param(
            b"<html><head><title>Talks resume</title></head><body><article><h1>Talks resume</h1>"
            b"<p>Talks resumed in Geneva on Monday after a week-long pause.</p></article></body></html>",
            "Talks resume",
            id="html",
        ),
    ],
)
def test_stdin_is_sniffed_as_text_or_html(settings: Settings, payload: bytes, title: str | None) -> None:
    [doc] = list(read_sources(["-"], settings, stdin=io.BytesIO(payload)))
    assert isinstance(doc, Document)
    assert doc.source == "stdin"
    assert "Talks resumed in Geneva on Monday" in doc.text
    assert doc.title == title
    assert doc.id == stable_id("stdin", content_hash(doc.text))


def test_stdin_over_the_limit_is_too_large(settings: Settings) -> None:
    small = Settings(max_input_bytes=10, cache_dir=settings.cache_dir)
    [rejected] = list(read_sources(["-"], small, stdin=io.BytesIO(b"x" * 50)))
    assert isinstance(rejected, Rejected) and rejected.reason == "too_large"
    with pytest.raises(InputTooLarge):
        read_stdin(small, stdin=io.BytesIO(b"x" * 50))


def test_stdin_with_binary_junk_is_rejected(settings: Settings) -> None:
    [rejected] = list(read_sources(["-"], settings, stdin=io.BytesIO(b"\x00\x01\x02" * 30)))
    assert isinstance(rejected, Rejected) and rejected.reason == "binary"


def test_fmt_forces_the_reader(fixtures: Path, settings: Settings) -> None:
    [doc] = list(read_sources([str(fixtures / "news_page.html")], settings, fmt="text"))
    assert isinstance(doc, Document)
    assert doc.text.startswith("<!DOCTYPE html>")


def test_unknown_fmt_is_a_config_error(settings: Settings) -> None:
    with pytest.raises(ConfigError, match="unknown input format 'pdf'"):
        list(read_sources(["-"], settings, fmt="pdf"))


def test_text_file_keeps_its_line_ends_normalised(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "dos.txt"
    path.write_bytes(b"First line.\r\nSecond line.\r\n")
    [doc] = list(read_sources([str(path)], settings))
    assert isinstance(doc, Document)
    assert doc.text == "First line.\nSecond line.\n"
