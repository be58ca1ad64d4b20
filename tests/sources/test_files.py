"""Files and directories: each kind of file, the published fallback, stable ids, and every bad input."""

from __future__ import annotations

import codecs
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from ceasefire.errors import (
    BinaryInput,
    InputError,
    InputTooLarge,
    MalformedInput,
    SourceNotFound,
    UndecodableInput,
)
from ceasefire.models import Document, Rejected, content_hash, stable_id
from ceasefire.settings import Settings
from ceasefire.sources import read_file, read_sources

TEXT = (
    "Monitors said the truce line near the port was quiet overnight.\n\n"
    "Both sides blamed the other for earlier shelling.\n"
)


def _docs(items: list[Document | Rejected]) -> list[Document]:
    return [d for d in items if isinstance(d, Document)]


def _rejected(items: list[Document | Rejected]) -> list[Rejected]:
    return [r for r in items if isinstance(r, Rejected)]


def test_text_file_becomes_one_article_with_id_from_name_and_content(
    tmp_path: Path, settings: Settings
) -> None:
    path = tmp_path / "note.txt"
    path.write_text(TEXT, encoding="utf-8")
    [doc] = read_file(path, settings)
    assert doc.text == TEXT
    assert doc.kind == "article"
    assert doc.source == str(path)
    assert doc.id == stable_id("note.txt", content_hash(TEXT))
    assert doc.html is None


def test_html_file_gives_main_text_metadata_and_keeps_markup(fixtures: Path, settings: Settings) -> None:
    [doc] = read_file(fixtures / "wordpress_post.html", settings)
    assert doc.title == "A pause, not a peace: first week of the Syrian cessation"
    assert doc.author == "Miriam Okafor"
    assert doc.site == "Levant Ledger"
    assert doc.published == date(2016, 3, 5)
    assert doc.url == "https://levantledger.example/2016/03/05/a-pause-not-a-peace/"
    assert doc.text.startswith("One week has passed since the cessation of hostilities")
    assert "\n\nQuieter is not silent." in doc.text
    assert "bakeries have flour" not in doc.text, "comments stay out of the body"
    assert doc.html is not None and "comment-list" in doc.html


def test_news_page_body_leaves_out_navigation_and_footer(fixtures: Path, settings: Settings) -> None:
    [doc] = read_file(fixtures / "news_page.html", settings)
    assert "joint military committee" in doc.text
    assert "All rights reserved" not in doc.text
    assert doc.author == "Clara Beaumont"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(b"\xef\xbb\xbfA truce was declared.", "A truce was declared.", id="utf8-bom"),
        pytest.param(
            codecs.BOM_UTF16_LE + "A truce was declared.".encode("utf-16-le"),
            "A truce was declared.",
            id="utf16-bom",
        ),
        pytest.param(b"Le caf\xe9 a rouvert \x96 enfin.", "Le café a rouvert – enfin.", id="cp1252"),
    ],
)
def test_text_in_other_encodings_is_decoded(
    tmp_path: Path, settings: Settings, content: bytes, expected: str
) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(content)
    [doc] = read_file(path, settings)
    assert doc.text == expected


def test_directory_is_read_recursively_in_order_skipping_hidden_files(
    tmp_path: Path, settings: Settings
) -> None:
    root = tmp_path / "inbox"
    (root / "b").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "b" / "second.txt").write_text("Second note about the talks in Geneva.", encoding="utf-8")
    (root / "a.txt").write_text("First note about the truce in Hodeidah.", encoding="utf-8")
    (root / ".hidden.txt").write_text("Should not be read.", encoding="utf-8")
    (root / ".git" / "config").write_text("Should not be read either.", encoding="utf-8")
    docs = _docs(list(read_sources([str(root)], settings)))
    assert [d.source for d in docs] == [str(root / "a.txt"), str(root / "b" / "second.txt")]
    assert docs[1].id == stable_id("b/second.txt", content_hash("Second note about the talks in Geneva."))


def test_same_directory_read_twice_or_moved_gives_same_ids(
    fixtures: Path, tmp_path: Path, settings: Settings
) -> None:
    first = [d.id for d in _docs(list(read_sources([str(fixtures)], settings)))]
    again = [d.id for d in _docs(list(read_sources([str(fixtures)], settings)))]
    moved = tmp_path / "elsewhere"
    shutil.copytree(fixtures, moved)
    elsewhere = [d.id for d in _docs(list(read_sources([str(moved)], settings)))]
    assert len(first) > 10
    assert first == again == elsewhere


@pytest.mark.parametrize(
    ("own", "expected"),
    [
        pytest.param(None, date(2020, 2, 2), id="no-own-date-takes-fallback"),
        pytest.param("2018-12-20", date(2018, 12, 20), id="own-date-wins"),
    ],
)
def test_published_is_only_a_fallback(
    tmp_path: Path, settings: Settings, own: str | None, expected: date
) -> None:
    record = {"id": "r1", "text": "A short report on the truce."} | ({"published": own} if own else {})
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record), encoding="utf-8")
    [doc] = _docs(list(read_sources([str(path)], settings, published=date(2020, 2, 2))))
    assert doc.published == expected


def test_page_metadata_date_wins_over_fallback(fixtures: Path, settings: Settings) -> None:
    [doc] = read_file(fixtures / "news_page.html", settings, published=date(1999, 1, 1))
    assert doc.published == date(2020, 1, 21)


def test_oversized_file_is_rejected_from_stat_without_reading(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    with (tmp_path / "big.txt").open("wb") as stream:
        stream.truncate(2_147_483_648)  # sparse: costs nothing on disk
    monkeypatch.chdir(tmp_path)

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    [rejected] = list(read_sources(["big.txt"], settings))
    assert isinstance(rejected, Rejected)
    assert rejected.reason == "too_large"
    assert rejected.stage == "source"
    assert rejected.detail == (
        "[CF201] big.txt: 2147483648 bytes is over the 20000000-byte limit (CEASEFIRE_MAX_INPUT_BYTES)"
    )


BAD_FILES = [
    pytest.param(
        "junk.bin",
        b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)) * 8,
        "binary",
        BinaryInput,
        id="binary-junk",
    ),
    pytest.param(
        "controls.txt",
        bytes([1, 2, 3, 4, 5, 6, 14, 15]) * 50 + b"text",
        "binary",
        BinaryInput,
        id="control-characters",
    ),
    pytest.param(
        "wide.txt",
        codecs.BOM_UTF16_LE + "\x00\x01\x02\x03".encode("utf-16-le") * 40,
        "binary",
        BinaryInput,
        id="utf16-binary",
    ),
    pytest.param(
        "latin.txt",
        b"Le caf\x81 du coin \x8d\x8f\x90 a rouvert \x9d hier",
        "undecodable",
        UndecodableInput,
        id="undecodable",
    ),
    pytest.param("empty.txt", b"", "empty", InputError, id="empty-file"),
    pytest.param("blank.txt", b"  \n\t\n ", "empty", InputError, id="whitespace-only"),
    pytest.param(
        "broken.html", b"<<<< >>>> not markup at all", "malformed", MalformedInput, id="html-without-elements"
    ),
    pytest.param(
        "bare.html",
        b"<html><head><title>x</title></head><body> </body></html>",
        "empty",
        InputError,
        id="html-without-text",
    ),
    pytest.param(
        "broken.json", b'[{"id": "a", "text": "x"', "malformed", MalformedInput, id="broken-json-array"
    ),
    pytest.param(
        "broken.xml",
        b"<?xml version='1.0'?><rss><channel><item><title>x</item>",
        "malformed",
        MalformedInput,
        id="broken-feed",
    ),
]


@pytest.mark.parametrize(("name", "content", "reason", "error"), BAD_FILES)
def test_bad_file_becomes_rejected_with_reason_and_error_message(
    tmp_path: Path, settings: Settings, name: str, content: bytes, reason: str, error: type[InputError]
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    [rejected] = list(read_sources([str(path)], settings))
    assert isinstance(rejected, Rejected)
    assert (rejected.reason, rejected.stage, rejected.source) == (reason, "source", str(path))
    with pytest.raises(error) as raised:
        read_file(path, settings)
    assert type(raised.value) is error
    assert rejected.detail == str(raised.value)
    assert rejected.detail.startswith(f"[{error.code}] {path}: ")


def test_missing_file_is_unreachable(tmp_path: Path, settings: Settings) -> None:
    missing = str(tmp_path / "nowhere.txt")
    [rejected] = list(read_sources([missing], settings))
    assert isinstance(rejected, Rejected)
    assert rejected.reason == "unreachable"
    assert rejected.detail == f"[CF205] {missing}: no such file or directory"
    with pytest.raises(SourceNotFound):
        read_file(missing, settings)


def test_bad_inputs_never_stop_the_batch(tmp_path: Path, fixtures: Path, settings: Settings) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00" * 64)
    specs = [str(tmp_path / "missing.txt"), str(junk), str(fixtures / "news_page.txt")]
    out = list(read_sources(specs, settings))
    assert [type(o).__name__ for o in out] == ["Rejected", "Rejected", "Document"]


def test_empty_directory_is_reported(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "empty").mkdir()
    [rejected] = list(read_sources([str(tmp_path / "empty")], settings))
    assert isinstance(rejected, Rejected) and rejected.reason == "empty"


def test_size_limit_comes_from_settings(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text(TEXT, encoding="utf-8")
    with pytest.raises(InputTooLarge, match="over the 10-byte limit"):
        read_file(path, Settings(max_input_bytes=10))
