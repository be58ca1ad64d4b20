"""Reader comments as documents: the ``Comment`` a layout or an export holds, the documents made of
them (``comment_documents``), and the times blogs print under them (``parse_timestamp``).

Comment exports (``sources.exports``) and the Threads stage, which splits comments off a page,
both build their documents here, so a comment has the same id whichever way it was read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ceasefire.models import Document, content_hash, stable_id


@dataclass(frozen=True, slots=True)
class Comment:
    """One reader comment as a layout or an export holds it."""

    text: str
    author: str | None = None
    posted: datetime | None = None


def comment_documents(parent: Document, comments: Sequence[Comment]) -> tuple[list[Document], list[str]]:
    """Documents for ``comments`` under ``parent``, and notes about the ones dropped as empty."""
    docs: list[Document] = []
    notes: list[str] = []
    for index, comment in enumerate(comments):
        text = comment.text.strip()
        if not text:
            notes.append(f"threads: dropped empty comment #{index + 1} by {comment.author or 'unknown'}")
            continue
        posted = comment.posted
        docs.append(
            Document(
                id=stable_id(parent.id, "comment", index, comment.author, content_hash(text)),
                text=text,
                kind="comment",
                source=parent.source,
                url=parent.url,
                title=parent.title,
                author=comment.author,
                site=parent.site,
                published=posted.date() if posted else None,
                published_at=posted,
                parent_id=parent.id,
                country_hint=parent.country_hint,
            )
        )
    return docs, notes


_TIMESTAMP_FORMATS = (
    "%B %d %Y %I:%M %p", "%B %d %Y %H:%M", "%d %B %Y %I:%M %p", "%d %B %Y %H:%M",
    "%b %d %Y %I:%M %p", "%b %d %Y %H:%M", "%d %b %Y %I:%M %p", "%d %b %Y %H:%M", "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M", "%Y-%m-%d %H:%M", "%B %d %Y", "%d %B %Y", "%b %d %Y", "%d %b %Y",
)  # fmt: skip


def parse_timestamp(raw: str | None) -> datetime | None:
    """A comment's time from ISO 8601 or the usual blog renderings ("March 5, 2016 at 10:02 am",
    "13 February 2016 at 10:15 PM")."""
    if not raw or not raw.strip():
        return None
    value = raw.strip()
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    value = re.sub(r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+", "", value, flags=re.IGNORECASE)
    value = re.sub(r"\s+at\s+|\s*,\s*|\s+", " ", value)
    value = re.sub(r"\s*([ap])\.?m\.?$", lambda m: f" {m[1].upper()}M", value, flags=re.IGNORECASE)
    value = value.replace("Sept ", "Sep ")
    for fmt in _TIMESTAMP_FORMATS:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    return None
