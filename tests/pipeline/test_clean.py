"""Clean: site chrome goes, article paragraphs stay, and what went is noted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire.models import Document, Event
from ceasefire.pipeline.clean import LONG_WORDS, Clean, clean_text
from ceasefire.pipeline.threads import Threads

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sources"
CORPUS = Path(__file__).parents[2] / "../shared/corpus"

PARA_1 = (
    "Representatives of the two rival administrations agreed on Tuesday to send officers to a joint "
    "military committee, the first concrete result of the summit."
)
PARA_2 = "Fighting on the southern edge of the capital has eased since the truce was announced on 12 January."


def _clean(text: str) -> Document:
    return Clean()(Document(id="d", text=text))


@pytest.mark.parametrize(
    ("chrome", "kind"),
    [
        pytest.param("Share this:", "share buttons", id="share-this"),
        pytest.param("Click to share on Twitter (Opens in new window)", "share buttons", id="click-to-share"),
        pytest.param("Like this:\nLike Loading...", "share buttons", id="like-loading"),
        pytest.param("Follow us on Facebook", "share buttons", id="follow-us"),
        pytest.param("Share on Facebook Tweet", "share buttons", id="share-on-facebook-tweet"),
        pytest.param("Facebook\nTwitter\nWhatsApp", "share buttons", id="button-labels"),
        pytest.param("© 2019 Example Media Group. All rights reserved.", "footer", id="copyright-sign"),
        pytest.param("Copyright 2020 The Daily Example", "footer", id="copyright-word"),
        pytest.param(
            "The views expressed in this article are those of the author and not of this site.",
            "footer",
            id="views-disclaimer",
        ),
        pytest.param("Become a Member", "appeal", id="member"),
        pytest.param("Subscribe", "appeal", id="subscribe"),
        pytest.param("Support our journalism", "appeal", id="support"),
        pytest.param("Donate now", "appeal", id="donate"),
        pytest.param("Tags: Libya, Tripoli, ceasefire", "link list", id="tags"),
        pytest.param("Categories: Middle East", "link list", id="categories"),
        pytest.param("Filed under Syria, Geneva talks", "link list", id="filed-under"),
        pytest.param(
            "Read more:\nWho is fighting for Tripoli?\nTimeline of the conflict", "link list", id="read-more"
        ),
        pytest.param("See also:\nThe road to Berlin", "link list", id="see-also"),
        pytest.param(
            "Posted on March 09, 2016 at 08:30 AM in Syria | Permalink", "post footer", id="typepad-footer"
        ),
    ],
)
def test_chrome_line_is_removed_and_noted(chrome: str, kind: str) -> None:
    doc = _clean(f"{PARA_1}\n\n{chrome}\n\n{PARA_2}")
    assert doc.text == f"{PARA_1}\n\n{PARA_2}"
    count = chrome.count("\n") + 1
    assert f"clean: removed {kind} ({count} line{'s' if count > 1 else ''})" in doc.notes


@pytest.mark.parametrize(
    "byline",
    [
        pytest.param("By Clara Beaumont | 21 January 2020", id="by-name-date"),
        pytest.param("By Clara Beaumont and Ahmed Saleh", id="two-names"),
        pytest.param("Posted on March 5, 2016 by Miriam Okafor", id="posted-on-by"),
        pytest.param("Published: 21 Jan 2020, 12:40", id="published"),
    ],
)
def test_byline_at_the_top_is_removed(byline: str) -> None:
    doc = _clean(f"Rivals agree to extend truce talks\n\n{byline}\n\n{PARA_1}")
    assert doc.text == f"Rivals agree to extend truce talks\n\n{PARA_1}"
    assert "clean: removed byline (1 line)" in doc.notes


def test_byline_pattern_far_from_the_top_is_kept() -> None:
    text = "\n\n".join([f"{n}. {PARA_1}" for n in range(6)] + ["By Sunday | the second round", PARA_2])
    assert _clean(text).text == text


def test_news_page_loses_all_chrome_and_keeps_every_paragraph() -> None:
    raw = (FIXTURES / "news_page.txt").read_text(encoding="utf-8")
    doc = _clean(raw)
    paragraphs = [p for p in raw.split("\n") if len(p.split()) >= 15 and not p.startswith("The views")]
    assert len(paragraphs) == 4
    assert doc.text.split("\n\n") == ["Libya rivals agree to extend Berlin truce talks", *paragraphs]
    assert "clean: removed repeated title (1 line)" in doc.notes
    assert "clean: removed link list (5 lines)" in doc.notes


def test_comment_form_tail_is_dropped_after_threads_split_the_comments() -> None:
    [raw] = [(FIXTURES / "wordpress_post.txt").read_text(encoding="utf-8")]
    out = Threads()(Document(id="w", text=raw))
    doc = Clean()(out[0])  # type: ignore[arg-type]
    assert doc.text.endswith("more than most observers expected a month ago.")
    assert "clean: removed comment form (11 lines)" in doc.notes
    assert "The arrangement was always built with a hole in the middle." in doc.text


def test_form_start_followed_by_prose_removes_only_the_form_lines() -> None:
    text = f"Leave a comment\n\n{PARA_1}\n\nConnecting to %s\n\n{PARA_2}"
    doc = _clean(text)
    assert doc.text == f"{PARA_1}\n\n{PARA_2}"


def test_long_paragraph_is_never_removed_even_if_it_looks_like_chrome() -> None:
    long = "Copyright " + " ".join(["rules"] * LONG_WORDS) + " are argued over by the parties to the truce."
    assert _clean(f"{PARA_1}\n\n{long}").text == f"{PARA_1}\n\n{long}"


def test_closing_run_of_link_titles_is_removed_but_a_list_after_a_colon_is_kept() -> None:
    links = "Who is fighting for Tripoli?\nTimeline of the Libyan conflict\nOil blockade cuts exports"
    assert _clean(f"{PARA_1}\n\n{links}").text == PARA_1
    listed = f"{PARA_1}\n\nThe agreement covers:\nheavy weapons withdrawal\nprisoner exchanges\naid corridors"
    assert _clean(listed).text == listed


def test_whitespace_is_normalised_but_paragraphs_kept() -> None:
    doc = _clean(f"\n\n{PARA_1}   \r\n\r\n\r\n\r\n{PARA_2}\t\n\n\n")
    assert doc.text == f"{PARA_1}\n\n{PARA_2}"
    assert doc.notes == []


def test_repeated_title_keeps_one_copy() -> None:
    doc = _clean(f"Has the truce failed?\n\nHas the truce failed?\n\n{PARA_1}")
    assert doc.text == f"Has the truce failed?\n\n{PARA_1}"


_words = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll")), min_size=1, max_size=8)
_line = st.lists(_words, min_size=1, max_size=50).map(" ".join)
_chrome = st.sampled_from(
    ["Share this:", "Like Loading...", "Leave a Reply", "Subscribe", "Tags: a, b", "Twitter"]
)


@given(st.lists(st.one_of(_line, _chrome), min_size=1, max_size=12))
def test_clean_is_idempotent_and_never_drops_a_long_line(lines: list[str]) -> None:
    text = "\n\n".join(lines)
    once, _ = clean_text(text)
    assert clean_text(once)[0] == once
    for line in lines:
        if len(line.split()) >= LONG_WORDS:
            assert line in once.split("\n")


@pytest.mark.skipif(not (CORPUS / "syria-geneva-2016-04.txt").exists(), reason="../shared/corpus is not here")
def test_real_blog_post_loses_its_comment_form_and_keeps_every_paragraph() -> None:
    raw = (CORPUS / "syria-geneva-2016-04.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in raw.split("\n") if line.strip()]
    form = lines.index("Leave a Reply")
    out = Threads()(Document(id="syria", text=raw))
    assert len(out) == 1, "no comments to split"
    doc = Clean()(out[0])  # type: ignore[arg-type]
    kept = doc.text.split("\n\n")
    assert kept == lines[:form], "every article paragraph stays, in order, and nothing after the form start"
    assert f"clean: removed comment form ({len(lines) - form} lines)" in doc.notes


def test_form_tail_with_short_field_labels_is_dropped_whole() -> None:
    form = "Leave a Reply\n\nYour Name\n\nEmail Address\n\nYour Website\n\nPost Comment"
    doc = _clean(f"{PARA_1}\n\n{form}")
    assert doc.text == PARA_1
    assert "clean: removed comment form (5 lines)" in doc.notes


@pytest.mark.parametrize(
    "line",
    [
        "For media inquiries, contact press@example.org or +1 555 0100.",
        "Media contact: Ana Ruiz, Office of the Special Envoy",
        "-ENDS-",
        "Reporting by Dana Kell; Editing by Omar Fisk",
        "Disclaimer: The views in this post are the author's own and not those of any government.",
        "Notes to editors:",
        "The designations employed and the presentation of material on this map do not imply any opinion.",
    ],
)
def test_boilerplate_lines_are_removed(line: str) -> None:
    text = f"The truce held overnight in the port.\n\n{line}"
    cleaned, removed = clean_text(text)
    assert cleaned == "The truce held overnight in the port."
    assert sum(removed.values()) == 1


def test_boilerplate_sentence_in_a_paragraph_gives_no_event(code: Callable[[str], list[Event]]) -> None:
    events = code("The army shelled the port. For media inquiries, contact the press office at the ministry.")
    assert [e.trigger.text for e in events] == ["shelled"]
