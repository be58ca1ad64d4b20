"""Markup to text in one place (pages, feeds, exports, comment layouts, e-mail), and comment times."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ceasefire.sources.comments import parse_timestamp
from ceasefire.sources.markup import html_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("2016-03-05T10:02:00+00:00", datetime(2016, 3, 5, 10, 2, tzinfo=UTC), id="iso"),
        pytest.param("2016-03-12T16:05:00Z", datetime(2016, 3, 12, 16, 5, tzinfo=UTC), id="iso-z"),
        pytest.param("March 5, 2016 at 10:02 am", datetime(2016, 3, 5, 10, 2), id="wordpress"),
        pytest.param("5 March 2016 at 21:40", datetime(2016, 3, 5, 21, 40), id="wordpress-day-first"),
        pytest.param("March 09, 2016 at 02:47 PM", datetime(2016, 3, 9, 14, 47), id="typepad"),
        pytest.param("Saturday, March 12, 2016 4:05 PM", datetime(2016, 3, 12, 16, 5), id="disqus-title"),
        pytest.param("3/14/2016 9:30 AM", datetime(2016, 3, 14, 9, 30), id="blogger-short"),
        pytest.param("Sept 3, 2016 at 9:05 p.m.", datetime(2016, 9, 3, 21, 5), id="sept-pm-dots"),
        pytest.param("5 days ago", None, id="relative"),
        pytest.param("13 February 2016 at 10:15 PM", datetime(2016, 2, 13, 22, 15), id="typepad-day-first"),
        pytest.param("", None, id="empty"),
    ],
)
def test_comment_timestamps_are_parsed(raw: str, expected: datetime | None) -> None:
    assert parse_timestamp(raw) == expected


def test_html_text_keeps_paragraphs_and_line_breaks() -> None:
    markup = "<div><p>One  two\nthree.</p><p>Four<br>five <b>six</b>.</p><script>var x;</script></div>"
    assert html_text(markup) == "One two three.\n\nFour\nfive six."


def test_html_text_of_a_whole_document_skips_head_scripts_and_forms() -> None:
    markup = (
        "<!DOCTYPE html><html><head><title>Page title</title><style>p {}</style></head><body>"
        "<h1>Truce holds</h1><p>Quiet night&nbsp;in Taiz.</p><form><p>Subscribe</p></form></body></html>"
    )
    assert html_text(markup) == "Truce holds\n\nQuiet night in Taiz."


def test_html_text_without_paragraphs_gives_one_line_a_block() -> None:
    markup = "<p>Shelling near the <b>school</b>.</p><p>Where: Kafr&nbsp;Nabl</p><table><tr><td>a</td><td>b</td></tr></table>"
    assert html_text(markup, paragraphs=False) == "Shelling near the school.\nWhere: Kafr Nabl\na\nb"


def test_html_text_of_plain_text_is_the_text() -> None:
    assert html_text("no markup   at all") == "no markup at all"
    assert html_text("   ") == ""
