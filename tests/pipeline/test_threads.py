"""Threads: each comment layout, in HTML and in text, is split into comment documents."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ceasefire.models import Document, content_hash, stable_id
from ceasefire.pipeline.threads import Threads
from ceasefire.settings import Settings
from ceasefire.sources import read_file
from ceasefire.sources.comments import Comment, comment_documents

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sources"

# (fixture, layout, [(author, published_at, start of text)], a sentence of the article body)
LAYOUTS = [
    pytest.param(
        "wordpress_post.html",
        "wordpress",
        [
            (
                "Tomas Varga",
                datetime(2016, 3, 5, 10, 2, tzinfo=UTC),
                "The point about the terrorist carve-out",
            ),
            ("Miriam Okafor", datetime(2016, 3, 5, 11, 40, tzinfo=UTC), "Agreed. The task force in Geneva"),
            ("Layla H.", datetime(2016, 3, 6, 19, 25, tzinfo=UTC), "My cousin in Douma"),
        ],
        "Quieter is not silent.",
        id="wordpress-html",
    ),
    pytest.param(
        "wordpress_post.txt",
        "wordpress",
        [
            ("Tomas Varga", datetime(2016, 3, 5, 10, 2), "The point about the terrorist carve-out"),
            ("Miriam Okafor", datetime(2016, 3, 5, 11, 40), "Agreed. The task force in Geneva"),
            ("Layla H.", datetime(2016, 3, 6, 19, 25), "My cousin in Douma"),
        ],
        "Quieter is not silent.",
        id="wordpress-text",
    ),
    pytest.param(
        "typepad_post.html",
        "typepad",
        [
            ("Hanna Lindqvist", datetime(2016, 3, 9, 11, 12), "Could an outside body"),
            ("Omar", datetime(2016, 3, 10, 14, 47), "The Red Crescent has to work"),
        ],
        "The two lists almost never mention the same place.",
        id="typepad-html",
    ),
    pytest.param(
        "typepad_post.txt",
        "typepad",
        [
            ("Hanna Lindqvist", datetime(2016, 3, 9, 11, 12), "Could an outside body"),
            ("Omar", datetime(2016, 3, 10, 14, 47), "The Red Crescent has to work"),
        ],
        "The two lists almost never mention the same place.",
        id="typepad-text",
    ),
    pytest.param(
        "disqus_embed.html",
        "disqus",
        [
            ("Rania K", datetime(2016, 3, 12, 16, 5), "The price of rice"),
            ("georg_b", datetime(2016, 3, 13, 8, 20, tzinfo=UTC), "Shelters stocked"),
        ],
        "The road matters more than any communique.",
        id="disqus-html",
    ),
    pytest.param(
        "blogger_post.html",
        "blogger",
        [
            ("Yusuf Demir", datetime(2016, 3, 14, 11, 2), "The olive groves"),
            ("Nour al-Din", datetime(2016, 3, 15, 20, 45), "A small team from the local council"),
        ],
        "People here do not describe the truce",
        id="blogger-html",
    ),
]


def _read(name: str) -> Document:
    [doc] = read_file(FIXTURES / name, Settings())
    return doc


@pytest.mark.parametrize(("name", "layout", "expected", "body"), LAYOUTS)
def test_comments_are_split_into_their_own_documents(
    name: str, layout: str, expected: list[tuple[str, datetime, str]], body: str
) -> None:
    article = _read(name)
    out = Threads()(article)
    parent, comments = out[0], [c for c in out[1:] if isinstance(c, Document)]
    assert parent is article and len(comments) == len(out) - 1
    assert [(c.author, c.published_at) for c in comments] == [(a, t) for a, t, _ in expected]
    for comment, (_, moment, start) in zip(comments, expected, strict=True):
        assert isinstance(comment, Document)
        assert comment.kind == "comment"
        assert comment.text.startswith(start)
        assert comment.published == moment.date()
        assert comment.parent_id == article.id
        assert (comment.source, comment.url) == (article.source, article.url)
        assert comment.text not in parent.text, "the article loses the comment"
    assert body in parent.text, "the article keeps its body"
    assert f"threads: split off {len(expected)} comment(s) ({layout})" in parent.notes


@pytest.mark.parametrize("name", [p.values[0] for p in LAYOUTS])
def test_html_is_dropped_and_ids_are_stable(name: str) -> None:
    first = Threads()(_read(name))
    again = Threads()(_read(name))
    assert all(isinstance(d, Document) and d.html is None for d in first)
    assert [d.id for d in first if isinstance(d, Document)] == [
        d.id for d in again if isinstance(d, Document)
    ]


def test_comment_id_hangs_on_parent_index_author_and_content() -> None:
    parent = Document(id="p1", text="Body.")
    [doc], _ = comment_documents(parent, [Comment("Well said.", "Ana", None)])
    assert doc.id == stable_id("p1", "comment", 0, "Ana", content_hash("Well said."))


def test_wordpress_reply_text_is_not_repeated_in_its_parent_comment() -> None:
    _, first, reply, _ = Threads()(_read("wordpress_post.html"))
    assert isinstance(first, Document) and isinstance(reply, Document)
    assert "task force" not in first.text
    assert reply.text == (
        "Agreed. The task force in Geneva was supposed to agree on such a map, and as far as I can tell it "
        "has not even started.\n\nI will write more on that next week."
    )


def test_empty_comment_is_dropped_with_a_note_on_the_parent() -> None:
    out = Threads()(_read("disqus_embed.html"))
    assert len(out) == 3
    assert "threads: dropped empty comment #3 by Guest" in out[0].notes  # type: ignore[union-attr]


def test_wordpress_text_keeps_the_comment_form_on_the_article_for_clean() -> None:
    parent = Threads()(_read("wordpress_post.txt"))[0]
    assert isinstance(parent, Document)
    assert parent.text.endswith("Notify me of new posts via email.")
    assert "3 thoughts on" not in parent.text
    assert "Reply" not in parent.text.split("\n")


def test_comments_left_in_the_article_text_are_cut() -> None:
    article = _read("wordpress_post.html")
    comments = [c.text for c in Threads()(_read("wordpress_post.html"))[1:] if isinstance(c, Document)]
    article.text += "\n\n3 thoughts on this\n\n" + "\n\nReply\n\n".join(comments)
    parent = Threads()(article)[0]
    assert isinstance(parent, Document)
    assert parent.text.endswith("who is allowed to define the enemy.")


def test_comment_quoting_the_article_does_not_cut_the_article() -> None:
    quote = (
        "Quieter is not silent. The opposition's negotiating committee has listed dozens of alleged breaches"
    )
    article = _read("wordpress_post.html")
    article.html = (article.html or "").replace("My cousin in Douma", quote + " My cousin in Douma")
    before = article.text
    parent = Threads()(article)[0]
    assert isinstance(parent, Document)
    assert parent.text == before


@pytest.mark.parametrize("kind", ["comment"])
def test_comment_documents_pass_through(kind: str) -> None:
    doc = Document(
        id="c", text="Tomas Varga says:\nMarch 5, 2016 at 10:02 am\nHello", kind="comment", html="<p/>"
    )
    assert Threads()(doc) == [doc]
    assert doc.html is None


def test_article_without_comments_is_unchanged() -> None:
    doc = Document(
        id="a",
        text="The truce held.\n\nPosted by staff",
        html="<html><body><p>The truce held.</p></body></html>",
    )
    assert Threads()(doc) == [doc]
    assert doc.text == "The truce held.\n\nPosted by staff"
    assert doc.notes == []


def test_typepad_text_without_heading_takes_the_paragraph_above_the_footer() -> None:
    text = (
        "The article has one paragraph about the truce in Hodeidah and what monitors saw.\n\n"
        "A reader comment about the port.\n\n"
        "Posted by: Salma | December 21, 2018 at 09:10 AM\n"
    )
    parent, comment = Threads()(Document(id="t", text=text))
    assert isinstance(parent, Document) and isinstance(comment, Document)
    assert parent.text == "The article has one paragraph about the truce in Hodeidah and what monitors saw."
    assert comment.text == "A reader comment about the port."
    assert comment.published == date(2018, 12, 21)


OLD_LAYOUTS = [
    pytest.param(
        '<ol class="commentlist"><li class="comment" id="c1"><div class="comment-author vcard">'
        '<cite class="fn">Karim</cite> <span class="says">says:</span></div>'
        '<div class="comment-meta commentmetadata"><a href="#c1">February 28, 2016 at 9:14 pm</a></div>'
        "<p>Quiet night in Homs for once.</p><p>Long may it last.</p>"
        '<div class="reply"><a>Reply</a></div></li></ol>',
        "Karim",
        datetime(2016, 2, 28, 21, 14),
        "Quiet night in Homs for once.\n\nLong may it last.",
        id="wordpress-classic",
    ),
    pytest.param(
        '<div class="comments"><div class="comment"><cite class="user">Lina</cite>'
        '<span class="datetime">February 29, 2016 at 7:02 AM</span>'
        '<p class="comment-content">The bread queue was short today.</p></div></div>',
        "Lina",
        datetime(2016, 2, 29, 7, 2),
        "The bread queue was short today.",
        id="blogger-without-comment-block",
    ),
]


@pytest.mark.parametrize(("comments", "author", "moment", "text"), OLD_LAYOUTS)
def test_older_markup_of_the_layouts_is_read(comments: str, author: str, moment: datetime, text: str) -> None:
    markup = f"<html><body><article><p>The truce began at midnight.</p></article>{comments}</body></html>"
    parent, comment = Threads()(Document(id="p", text="The truce began at midnight.", html=markup))
    assert isinstance(comment, Document)
    assert (comment.author, comment.published_at, comment.text) == (author, moment, text)
    assert parent.text == "The truce began at midnight."  # type: ignore[union-attr]


# a blog post and its comments as plain text, lines without blank lines between them (the way pages
# are often copied); the post is signed either by a name over its own footer or by a footer of the
# comments' form: either way the post keeps its text and its author, and each comment its own
THREADS_AS_TEXT = [
    pytest.param(FIXTURES.parent / "practice" / "blog_thread.txt", None, id="signed-over-post-footer"),
    pytest.param(FIXTURES / "typepad_signed_post.txt", datetime(2016, 2, 14, 9, 12), id="signed-by-footer"),
]


@pytest.mark.parametrize(("path", "posted"), THREADS_AS_TEXT)
def test_plain_text_thread_keeps_the_post_and_each_comment_with_its_author(
    path: Path, posted: datetime | None
) -> None:
    text = path.read_text(encoding="utf-8")
    post, *comments = Threads()(Document(id="blog", text=text))
    assert isinstance(post, Document) and post.kind == "article"
    assert post.author == "Walter Greene" and post.published_at == posted
    assert post.text.startswith("Notes from the northern front") and "It will not." in post.text
    assert [(c.author, c.text.split()[0]) for c in comments if isinstance(c, Document)] == [
        ("Nadia R.", "Walter,"),
        ("kodiak", "Imagine"),
        ("E. Aydin", "Turkish"),
    ]
    # no text is lost and none is given to the wrong author: every line is in exactly one document
    kept = [line for d in (post, *comments) if isinstance(d, Document) for line in d.text.splitlines()]
    for line in text.splitlines():
        if line.strip() and not line.startswith("Posted"):
            assert kept.count(line) == 1, line
