"""Threads: split reader comments from the article they hang under; each comment becomes a document.

Layouts read, in the markup a page was saved with (``doc.html``) or its plain-text rendering:

- WordPress: HTML ``ol.comment-list li.comment`` (``.fn``, ``time[datetime]``, ``.comment-content``);
  text "NAME says:" over a date line, or "NAME on DATE said:", then the comment and "Reply".
- TypePad / Movable Type: HTML ``.comment-content`` + ``p.comment-footer`` "Posted by: NAME | DATE";
  text: each comment followed by a "Posted by: NAME | DATE" line.
- Disqus: HTML ``li.post`` (``.author``, ``.post-message``, ``time`` or ``a.time-ago[title]``).
- Blogger: HTML ``.comment-block`` (``cite.user``, ``.datetime``, ``.comment-content``).

Comment exports (Disqus XML, Blogger Atom) are sources: ``ceasefire.sources.exports`` reads them.
Both build comment documents with ``sources.comments`` and read markup with ``sources.markup``.

The article keeps its text minus the comments; a comment-form tail after the last comment is left
on the article for the Clean stage to judge. ``html`` is dropped from every document.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence

from lxml import etree, html

from ceasefire.models import Document
from ceasefire.pipeline.stage import Outcome, StageSpec
from ceasefire.sources.comments import Comment, comment_documents, parse_timestamp
from ceasefire.sources.markup import html_text


class Threads:
    """Split an article's reader comments into documents of their own (``kind="comment"``)."""

    spec = StageSpec.of("threads", 3, requires={"text"}, produces={"threads"})
    splits = True

    def __call__(self, doc: Document) -> list[Outcome]:
        markup, doc.html = doc.html, None
        if doc.kind == "comment":
            return [doc]
        found = comments_from_html(markup) if markup else None
        if found:
            layout, comments = found
            doc.text = _without_comment_text(doc.text, comments)
        else:
            split = split_text_thread(doc.text)
            if split is None:
                return [doc]
            layout, article, comments, tail, signed = split
            doc.text = f"{article}\n\n{tail}".strip() if tail else article
            if signed is not None:  # the post's own signature or footer: its author and time
                doc.author = doc.author or signed.author
                if signed.posted is not None and doc.published is None:
                    doc.published, doc.published_at = signed.posted.date(), signed.posted
        children, notes = comment_documents(doc, comments)
        doc.notes.append(f"threads: split off {len(children)} comment(s) ({layout})")
        doc.notes.extend(notes)
        return [doc, *children]


# --- HTML layouts ---------------------------------------------------------------------------------


def _cls(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def comments_from_html(markup: str) -> tuple[str, list[Comment]] | None:
    """The comments of the first layout found in ``markup``, with the layout's name; None if none."""
    try:
        root = html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return None
    for layout, reader in (("wordpress", _wordpress), ("disqus", _disqus), ("blogger", _blogger)):
        comments = reader(root)
        if comments:
            return layout, comments
    comments = _typepad(root)
    return ("typepad", comments) if comments else None


def _own(item: html.HtmlElement) -> html.HtmlElement:
    """A copy of a comment without the replies nested inside it."""
    own: html.HtmlElement = copy.deepcopy(item)
    for nested in own.xpath(f".//ol[{_cls('children')}] | .//ul[{_cls('children')}]"):
        nested.drop_tree()
    return own


def _first_text(el: html.HtmlElement, xpath: str) -> str | None:
    for found in el.xpath(xpath):
        value = found if isinstance(found, str) else found.text_content()
        value = " ".join(str(value).split())
        if value:
            return value
    return None


def _wordpress(root: html.HtmlElement) -> list[Comment]:
    items = root.xpath(f"//ol[{_cls('commentlist')} or {_cls('comment-list')}]//li[{_cls('comment')}]")
    comments = []
    for item in items:
        own = _own(item)
        body = own.xpath(f".//*[{_cls('comment-content')}]")
        if body:
            text = html_text(body[0])
        else:
            chrome = " or ".join(
                _cls(c) for c in ("comment-meta", "comment-author", "reply", "commentmetadata")
            )
            text = "\n\n".join(html_text(p) for p in own.xpath(f".//p[not(ancestor::*[{chrome}])]"))
        posted = _first_text(own, ".//time/@datetime") or _first_text(
            own, f".//*[{_cls('comment-meta')} or {_cls('comment-metadata')}]//a"
        )
        author = _first_text(own, f".//*[{_cls('comment-author')}]//*[{_cls('fn')}] | .//cite[{_cls('fn')}]")
        comments.append(Comment(text, author, parse_timestamp(posted)))
    return comments


def _disqus(root: html.HtmlElement) -> list[Comment]:
    comments = []
    for item in root.xpath(f"//li[{_cls('post')}][.//*[{_cls('post-message')}]]"):
        own = _own(item)
        posted = _first_text(own, f".//*[{_cls('post-meta')}]//time/@datetime") or _first_text(
            own, f".//a[{_cls('time-ago')}]/@title"
        )
        author = _first_text(own, f".//*[{_cls('author')}]")
        text = html_text(own.xpath(f".//*[{_cls('post-message')}]")[0])
        comments.append(Comment(text, author, parse_timestamp(posted)))
    return comments


def _blogger(root: html.HtmlElement) -> list[Comment]:
    comments = []
    blocks = root.xpath(f"//*[{_cls('comment-block')}][.//*[{_cls('comment-content')}]]") or root.xpath(
        f"//*[{_cls('comment')}][.//*[{_cls('comment-content')}]][.//*[{_cls('user')}]]"
    )
    for block in blocks:
        author = _first_text(
            block, f".//*[{_cls('comment-header')}]//*[{_cls('user')}] | .//cite[{_cls('user')}]"
        )
        posted = _first_text(block, f".//*[{_cls('datetime')}]")
        text = html_text(block.xpath(f".//*[{_cls('comment-content')}]")[0])
        comments.append(Comment(text, author, parse_timestamp(posted)))
    return comments


_POSTED_BY = re.compile(r"^Posted by:\s*(?P<author>.+?)\s*\|\s*(?P<date>.+?)\s*$")


def _typepad(root: html.HtmlElement) -> list[Comment]:
    comments = []
    for footer in root.xpath(f"//p[{_cls('comment-footer')}]"):
        match = _POSTED_BY.match(" ".join(footer.text_content().split()))
        parent = footer.getparent()
        if match is None or parent is None:
            continue
        bodies = parent.xpath(f"./*[{_cls('comment-content')}]")
        text = html_text(bodies[0]) if bodies else ""
        comments.append(Comment(text, match["author"], parse_timestamp(match["date"])))
    return comments


def _without_comment_text(text: str, comments: Sequence[Comment]) -> str:
    """Cut comments that the page reader left in the article text (found last-first, all of them)."""
    keys = [c.text.strip().split("\n")[0][:80] for c in comments if len(c.text.strip()) >= 30]
    spots = [text.rfind(key) for key in keys]
    if not spots or min(spots) <= 0:
        return text
    head = text[: text.rfind("\n", 0, min(spots)) + 1].rstrip()
    lines = head.split("\n")
    while lines and (not lines[-1].strip() or _COUNT_HEADER.match(lines[-1].strip())):
        lines.pop()
    return "\n".join(lines)


# --- plain-text layouts ---------------------------------------------------------------------------

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"(?:{_MONTH} \d{{1,2}},? \d{{4}}|\d{{1,2}} {_MONTH},? \d{{4}})"
_TIME = r"\d{1,2}:\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?"
_WP_SAYS = re.compile(r"^(?P<author>\S.{0,60}?) says:$")
_WP_DATE = re.compile(rf"^(?P<date>{_DATE}(?: at {_TIME})?)$")
_WP_SAID = re.compile(rf"^(?P<author>\S.{{0,60}}?) on (?P<date>{_DATE} at {_TIME}) said:$")
_COUNT_HEADER = re.compile(
    r"^(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten) "
    r"(?:thoughts?|responses?|comments?|replies|reactions?)(?: (?:on|to) .+)?|"
    r"comments?(?: \(\d+\))?|responses?|discussion|reader comments|join the discussion):?$",
    re.IGNORECASE,
)
_FORM_START = re.compile(
    r"^(?:leave a (?:reply|comment)(?: to .+)?(?: cancel reply)?|post a comment|add a comment|"
    r"comments are closed\.?|you must be logged in to post a comment\.?)$",
    re.IGNORECASE,
)
_COMMENT_CHROME = re.compile(
    r"^(?:reply|reply ↓|log in to reply|like|liked by \d+ (?:person|people)|loading\.*|report comment)$",
    re.IGNORECASE,
)
_TYPEPAD_FEED = re.compile(r"^you can follow this conversation by subscribing to the comment feed", re.I)

#: how many lines above the first "Posted by:" footer a "Comments" heading is looked for
_HEADER_REACH = 15

#: (layout, article, comments, tail after the comments, the post's own author and time if signed)
TextSplit = tuple[str, str, list[Comment], str, Comment | None]


def split_text_thread(text: str) -> TextSplit | None:
    """``(layout, article, comments, tail)`` for a page saved as text; None when it has no comments."""
    lines = text.split("\n")
    return _wordpress_text(lines) or _typepad_text(lines)


def _comment_body(lines: Sequence[str]) -> str:
    body = [line.rstrip() for line in lines]
    while body and (not body[-1].strip() or _COMMENT_CHROME.match(body[-1].strip())):
        body.pop()
    return "\n".join(body).strip()


def _article(lines: Sequence[str]) -> str:
    kept = list(lines)
    while kept and (not kept[-1].strip() or _COUNT_HEADER.match(kept[-1].strip())):
        kept.pop()
    return "\n".join(kept).strip()


def _wordpress_text(lines: list[str]) -> TextSplit | None:
    heads: list[tuple[int, int, str, str]] = []  # (first line, first body line, author, date)
    for i, line in enumerate(lines):
        stripped = line.strip()
        said = _WP_SAID.match(stripped)
        if said:
            heads.append((i, i + 1, said["author"], said["date"]))
            continue
        says = _WP_SAYS.match(stripped)
        nxt = next((j for j in range(i + 1, min(i + 3, len(lines))) if lines[j].strip()), None)
        if says and nxt is not None and (date := _WP_DATE.match(lines[nxt].strip())):
            heads.append((i, nxt + 1, says["author"], date["date"]))
    if not heads:
        return None
    form = next(
        (i for i in range(heads[-1][1], len(lines)) if _FORM_START.match(lines[i].strip())), len(lines)
    )
    ends = [h[0] for h in heads[1:]] + [form]
    comments = [
        Comment(_comment_body(lines[start:end]), author, parse_timestamp(date))
        for (_, start, author, date), end in zip(heads, ends, strict=True)
    ]
    return "wordpress", _article(lines[: heads[0][0]]), comments, "\n".join(lines[form:]).strip(), None


def _typepad_text(lines: list[str]) -> TextSplit | None:
    """A post and its comments, each comment closed by "Posted by: NAME | DATE".

    Where the comments begin: after a "Comments" heading, else after the post's own footer ("Posted
    at 09:12 AM in Syria | Permalink"), else at the paragraph above the first comment footer. When
    that would leave no post at all, only a title (a post rendered without blank lines, or closed by
    a footer of the comments' own form), the first footer is the post's: it signs the post, not a comment. The
    post's author is its footer's, or a name alone on the line above its footer or heading.
    """
    footers = [
        (i, m)
        for i, line in enumerate(lines)
        if (m := _POSTED_BY.match(line.strip())) and parse_timestamp(m["date"]) is not None
    ]
    if not footers:
        return None
    first = footers[0][0]
    post_footer = next((i for i in range(first - 1, -1, -1) if _POST_FOOTER.match(lines[i].strip())), None)
    floor = post_footer if post_footer is not None else -1
    near = range(first - 1, max(floor, first - 1 - _HEADER_REACH), -1)
    header = next((i for i in near if _COUNT_HEADER.match(lines[i].strip())), None)
    signed: Comment | None = None
    if header is not None:
        start = header + 1
        article_end = post_footer if post_footer is not None else header
    elif post_footer is not None:
        start = article_end = post_footer + 1
        article_end = post_footer
    else:  # no heading: the first comment is the paragraph just above its footer
        start = first - 1
        while start > 0 and not lines[start].strip():
            start -= 1
        while start > 0 and lines[start - 1].strip():
            start -= 1
        article_end = start
        if not any(line.rstrip().endswith(_SENTENCE_ENDS) for line in lines[:article_end]):
            # nothing would be left of the post: the first footer signs the post itself
            _, match = footers.pop(0)
            signed = Comment("", match["author"], parse_timestamp(match["date"]))
            article_end, start = first, first + 1
            if not footers:
                return None
    if post_footer is not None:
        found = _POST_FOOTER.match(lines[post_footer].strip())
        assert found is not None
        signed = Comment("", found["author"] or _signature(lines, post_footer), None)
    elif signed is None and header is not None:
        author = _signature(lines, header)
        signed = Comment("", author, None) if author else None
    comments = []
    begins = [start] + [i + 1 for i, _ in footers[:-1]]
    for (end, match), begin in zip(footers, begins, strict=True):
        body = [line for line in lines[begin:end] if not _TYPEPAD_FEED.match(line.strip())]
        comments.append(Comment(_comment_body(body), match["author"], parse_timestamp(match["date"])))
    tail = "\n".join(lines[footers[-1][0] + 1 :]).strip()
    return "typepad", _article(lines[:article_end]), comments, tail, signed


#: a post with no line ending a sentence is only a title: the text above the first footer is the post
_SENTENCE_ENDS = (".", "!", "?", '"', "”", "’", ":", ";")
#: the post's own footer: "Posted at 09:12 AM in Syria | Permalink", "Posted by Ann Lee at 9:12 AM | ..."
_POST_FOOTER = re.compile(
    r"^Posted (?:(?:on|at) .{1,60}?)?(?:by (?P<author>[^|:]{1,60}?) )?(?:(?:on|at) .{1,60}?)?(?:in .{1,80}?)?"
    r"\s*\|\s*(?:Permalink|Comments?\b).*$",
    re.IGNORECASE,
)
_NAME_LINE = re.compile(r"^[A-Z][\w.'’-]*(?: (?:[A-Z][\w.'’-]*|de|al|bin|van|von|el|da|di)){0,3}$")


def _signature(lines: Sequence[str], below: int) -> str | None:
    """A name alone on the last filled line above line ``below`` ("Walter Greene"), if there is one."""
    above = next((lines[i].strip() for i in range(below - 1, -1, -1) if lines[i].strip()), "")
    if _NAME_LINE.match(above) and not _COUNT_HEADER.match(above) and len(above.split()) <= 4:
        return above
    return None
