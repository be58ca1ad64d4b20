"""Comment exports: a Disqus XML export and a Blogger Atom export, each post and comment a document.

Each post becomes a ``kind="post"`` document and its comments ``kind="comment"`` documents whose
``parent_id`` is the post's id, built with ``sources.comments.comment_documents`` as the Threads
stage builds them (so a comment has the same id whether it came from an export or a page). A Disqus
thread without a message is represented by its title; deleted and spam comments are counted in a
note, not kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from ceasefire.errors import InputError, MalformedInput
from ceasefire.models import Document, content_hash, stable_id
from ceasefire.sources.comments import Comment, comment_documents, parse_timestamp
from ceasefire.sources.markup import html_text

Item = Document | InputError
BLOGGER_MARK = "schemas.google.com/blogger/2008/kind#"


def read_disqus_export(text: str, *, source: str) -> Iterator[Item]:
    """Posts and comments of a Disqus export."""
    return _thread_documents(parse_disqus_export, text, source, "disqus")


def read_blogger_export(text: str, *, source: str) -> Iterator[Item]:
    """Posts and comments of a Blogger export."""
    return _thread_documents(parse_blogger_export, text, source, "blogger")


@dataclass(slots=True)
class Thread:
    """A post of an export with its comments. ``skipped`` counts deleted and spam comments."""

    key: str
    text: str
    title: str | None = None
    url: str | None = None
    author: str | None = None
    posted: datetime | None = None
    comments: list[Comment] = field(default_factory=list)
    skipped: int = 0


_ATOM = "{http://www.w3.org/2005/Atom}"
_THR = "{http://purl.org/syndication/thread/1.0}"
_BLOGGER_KIND = "http://" + BLOGGER_MARK


def _parse_xml(data: str | bytes, source: str) -> etree._Element:
    if isinstance(data, str):
        data = re.sub(r"^\s*<\?xml[^>]*\?>", "", data.lstrip("\ufeff")).encode("utf-8")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise MalformedInput(source, f"not well-formed XML ({exc})") from exc


def _child(el: etree._Element, name: str) -> str | None:
    found = el.find(f"{{*}}{name}")
    text = found.text if found is not None else None
    return text.strip() if text and text.strip() else None


def _flag(el: etree._Element, name: str) -> bool:
    return (_child(el, name) or "").lower() == "true"


def _dsq_id(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    return next((str(v) for k, v in el.attrib.items() if str(k).rpartition("}")[2] == "id"), None)


def parse_disqus_export(data: str | bytes, source: str) -> list[Thread]:
    """Threads and their comments from a Disqus XML export (deleted and spam posts are counted, not kept)."""
    root = _parse_xml(data, source)
    if etree.QName(root).localname != "disqus":
        raise MalformedInput(source, f"not a Disqus export (root element <{etree.QName(root).localname}>)")
    threads: dict[str, Thread] = {}
    for el in root.iterchildren("{*}thread"):
        key = _dsq_id(el) or _child(el, "id") or f"thread-{len(threads) + 1}"
        author = el.find("{*}author")
        threads[key] = Thread(
            key=key,
            text=html_text(_child(el, "message") or ""),
            title=_child(el, "title"),
            url=_child(el, "link"),
            author=_child(author, "name") if author is not None else None,
            posted=parse_timestamp(_child(el, "createdAt")),
        )
    for el in root.iterchildren("{*}post"):
        key = _dsq_id(el.find("{*}thread")) or "unknown"
        thread = threads.setdefault(key, Thread(key=key, text=""))
        if _flag(el, "isDeleted") or _flag(el, "isSpam"):
            thread.skipped += 1
            continue
        author = el.find("{*}author")
        name = _child(author, "name") if author is not None else None
        message = html_text(_child(el, "message") or "")
        thread.comments.append(Comment(message, name, parse_timestamp(_child(el, "createdAt"))))
    return list(threads.values())


def parse_blogger_export(data: str | bytes, source: str) -> list[Thread]:
    """Posts and their comments from a Blogger Atom export (settings and template entries are skipped)."""
    root = _parse_xml(data, source)
    if root.tag != f"{_ATOM}feed":
        raise MalformedInput(source, "not a Blogger export (no Atom <feed> root)")
    posts: dict[str, Thread] = {}
    replies: list[tuple[str, Comment]] = []
    for entry in root.iterchildren(f"{_ATOM}entry"):
        kinds = [c.get("term", "") for c in entry.iterchildren(f"{_ATOM}category")]
        kind = next((k.removeprefix(_BLOGGER_KIND) for k in kinds if k.startswith(_BLOGGER_KIND)), "")
        author = entry.find(f"{_ATOM}author")
        name = _child(author, "name") if author is not None else None
        text = html_text(_child(entry, "content") or "")
        posted = parse_timestamp(_child(entry, "published"))
        if kind == "post":
            key = _child(entry, "id") or f"post-{len(posts) + 1}"
            link = next(
                (a.get("href") for a in entry.iterchildren(f"{_ATOM}link") if a.get("rel") == "alternate"),
                None,
            )
            posts[key] = Thread(key, text, _child(entry, "title"), link, name, posted)
        elif kind == "comment":
            target = entry.find(f"{_THR}in-reply-to")
            replies.append((target.get("ref", "") if target is not None else "", Comment(text, name, posted)))
    for ref, comment in replies:
        posts.setdefault(ref, Thread(key=ref or "unknown", text="")).comments.append(comment)
    return list(posts.values())


def _thread_documents(
    parse: Callable[[str, str], list[Thread]], text: str, source: str, layout: str
) -> Iterator[Item]:
    threads = parse(text, source)
    if not threads:
        raise InputError(source, f"empty: the {layout} export holds no posts")
    for thread in threads:
        body = thread.text or thread.title or ""
        post = Document(
            id=stable_id(thread.url or thread.key, content_hash(body)),
            text=body,
            kind="post",
            source=source,
            url=thread.url,
            title=thread.title,
            author=thread.author,
            published=thread.posted.date() if thread.posted else None,
            published_at=thread.posted,
        )
        comments, notes = comment_documents(post, thread.comments)
        post.notes.append(f"threads: {len(comments)} comment(s) from the {layout} export")
        post.notes.extend(notes)
        if thread.skipped:
            post.notes.append(f"threads: skipped {thread.skipped} deleted or spam comment(s)")
        if body.strip():
            yield post
        else:
            yield InputError(source, f"empty: post {thread.key} has no text (its comments are kept)")
        yield from comments
