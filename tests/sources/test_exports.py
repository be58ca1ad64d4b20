"""Disqus and Blogger exports, recognised by content: each post and each comment a document."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ceasefire.errors import MalformedInput
from ceasefire.models import Document
from ceasefire.settings import Settings
from ceasefire.sources import read_file


def test_disqus_export_yields_threads_and_their_comments(fixtures: Path, settings: Settings) -> None:
    docs = read_file(fixtures / "disqus_export.xml", settings)
    assert [(d.kind, d.author) for d in docs] == [
        ("post", "Daniel Achterberg"),
        ("comment", "Rania K"),
        ("comment", "georg_b"),
        ("post", None),
        ("comment", "Samir Y."),
    ]
    post, first, second, recess, third = docs
    assert post.url == "https://northernfront.example/2016/03/aleppo-road-reopens/"
    assert post.title == "Aleppo after the truce: a road reopens"
    assert post.text.startswith("For the first time since the summer")
    assert first.parent_id == second.parent_id == post.id
    assert third.parent_id == recess.id
    assert (
        first.text
        == "The price of rice is the best ceasefire monitor we have.\n\nThank you for reporting it."
    )
    assert first.published_at == datetime(2016, 3, 12, 16, 5, tzinfo=UTC)
    assert first.published == date(2016, 3, 12)
    assert recess.text == "Geneva talks break for a week", "a thread without a message is its title"
    assert "threads: skipped 1 deleted or spam comment(s)" in post.notes
    assert all("cheap watches" not in d.text for d in docs)


def test_blogger_export_yields_the_post_and_its_comments(fixtures: Path, settings: Settings) -> None:
    post, first, second = read_file(fixtures / "blogger_export.xml", settings)
    assert post.kind == "post"
    assert post.title == "The quiet that is not quiet"
    assert post.url == "https://idlibnotes.blogspot.example/2016/03/the-quiet.html"
    assert post.author == "Nour al-Din"
    assert post.published_at == datetime(2016, 3, 14, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    assert "\n\nPeople describe the truce" in post.text
    assert [c.kind for c in (first, second)] == ["comment", "comment"]
    assert first.author == "Yusuf Demir" and first.parent_id == post.id
    assert second.text == (
        "A small team from the local council has started, with no equipment at all.\n"
        "They mark the fields with red paint."
    )
    assert all(d.text != "Field Notes from Idlib" for d in (post, first, second)), (
        "settings entries are skipped"
    )


@pytest.mark.parametrize("name", ["disqus_export.xml", "blogger_export.xml"])
def test_exports_are_recognised_by_content_not_name(
    fixtures: Path, tmp_path: Path, settings: Settings, name: str
) -> None:
    path = tmp_path / "download.txt"
    path.write_bytes((fixtures / name).read_bytes())
    assert [d.kind for d in read_file(path, settings)][:2] == ["post", "comment"]


def test_exports_give_same_ids_when_read_twice(fixtures: Path, settings: Settings) -> None:
    for name in ("disqus_export.xml", "blogger_export.xml"):
        first = [d.id for d in read_file(fixtures / name, settings)]
        assert first == [d.id for d in read_file(fixtures / name, settings)]
        assert len(set(first)) == len(first)


def test_broken_export_is_malformed(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "export.xml"
    path.write_text('<?xml version="1.0"?><disqus><thread><title>cut off', encoding="utf-8")
    with pytest.raises(MalformedInput, match="not well-formed XML"):
        read_file(path, settings)


def test_comment_without_text_in_export_is_dropped_with_a_note(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "export.xml"
    path.write_text(
        '<disqus><thread id="t1"><link>https://x.example/a</link><title>A post title</title></thread>'
        "<post><message><![CDATA[<p> </p>]]></message><author><name>Nobody</name></author>"
        '<thread id="t1"/></post></disqus>',
        encoding="utf-8",
    )
    [post] = read_file(path, settings)
    assert isinstance(post, Document)
    assert "threads: dropped empty comment #1 by Nobody" in post.notes
