"""RSS and Atom feeds: one document per entry with its link, title, author and date."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ceasefire.errors import InputError, MalformedInput
from ceasefire.models import Document, Rejected, content_hash, stable_id
from ceasefire.settings import Settings
from ceasefire.sources import read_file, read_sources


def test_rss_items_become_documents_with_their_metadata(fixtures: Path, settings: Settings) -> None:
    out = list(read_sources([str(fixtures / "feed.rss")], settings, published=date(2016, 7, 1)))
    first, second = out
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.url == "https://trucewatch.example/2016/05/kuwait-adjourned"
    assert first.title == "Yemen: talks in Kuwait adjourned"
    assert first.author == "Aisha Rahmani"
    assert first.site == "Truce Watch"
    assert first.published_at == datetime(2016, 5, 17, 14, 0, tzinfo=UTC)
    assert first.published == date(2016, 5, 17)
    assert first.text.startswith("Delegations at the Yemen talks in Kuwait")
    assert "\n\nThe United Nations envoy said" in first.text, "entry HTML paragraphs become text paragraphs"
    assert "<p>" not in first.text
    assert first.id == stable_id("trucewatch-2016-0517", content_hash(first.text))
    assert second.text.startswith("Negotiators in Havana"), "content:encoded is read when present"
    assert second.published == date(2016, 7, 1), "an undated entry takes the fallback date"
    assert second.id == stable_id(second.url, content_hash(second.text)), "no guid: the link is the origin"


def test_atom_entries_become_documents_and_an_empty_entry_is_rejected(
    fixtures: Path, settings: Settings
) -> None:
    doc, rejected = list(read_sources([str(fixtures / "feed.atom")], settings))
    assert isinstance(doc, Document)
    assert doc.title == "Eastern Ukraine: weekly report on the contact line"
    assert doc.author == "Monitoring Desk"
    assert doc.url == "https://bulletin.example/reports/2016-16"
    assert doc.published_at == datetime(2016, 4, 20, 17, 30, tzinfo=UTC)
    assert doc.site == "Monitors' Bulletin"
    assert isinstance(rejected, Rejected)
    assert rejected.reason == "empty"
    assert "entry 2 (urn:uuid:7e2d9b14-3a6c-4b8e-9f01-c4d5e6f7a8b9) has no text" in rejected.detail


def test_feed_read_twice_gives_same_ids(fixtures: Path, settings: Settings) -> None:
    ids = [d.id for d in read_file(fixtures / "feed.rss", settings)]
    assert ids == [d.id for d in read_file(fixtures / "feed.rss", settings)]
    assert len(set(ids)) == 2


def test_feed_with_a_stray_ampersand_is_read_leniently_with_a_note(
    fixtures: Path, tmp_path: Path, settings: Settings
) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes((fixtures / "feed.rss").read_bytes().replace(b"Truce Watch", b"Truce & Watch"))
    docs = read_file(path, settings)
    assert len(docs) == 2
    assert any("not well-formed" in note for note in docs[0].notes)


@pytest.mark.parametrize(
    ("content", "error", "message"),
    [
        pytest.param(
            b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title></channel></rss>",
            InputError,
            "the feed has no entries",
            id="no-entries",
        ),
        pytest.param(
            b"<?xml version='1.0'?><rss><channel><item><title>x</item>",
            MalformedInput,
            "not a readable RSS or Atom feed",
            id="truncated",
        ),
        pytest.param(
            b"<?xml version='1.0'?><inventory><box>3</box></inventory>",
            MalformedInput,
            "not an RSS or Atom feed",
            id="other-xml",
        ),
    ],
)
def test_unreadable_feed_raises_the_matching_error(
    tmp_path: Path, settings: Settings, content: bytes, error: type[InputError], message: str
) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(content)
    with pytest.raises(error, match=message) as raised:
        read_file(path, settings)
    assert type(raised.value) is error
