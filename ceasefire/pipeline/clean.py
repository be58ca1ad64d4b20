"""Clean: strip site chrome from plain text without eating the article.

Line based and conservative: a line goes only when it matches one of the chrome patterns below as
a whole, and a line of ``LONG_WORDS`` words or more is never removed, whatever it says.

- comment form: "Leave a Reply", "You are commenting using your Twitter account. ( Log Out / Change )"
- share buttons: "Share this:", "Click to share on Twitter (Opens in new window)", "Like Loading..."
- footer: "© 2019 ... All rights reserved", "The views expressed ... are those of the author ..."
- boilerplate (``knowledge.boilerplate``): press contacts, disclaimers, "-ENDS-", wire credits
- appeal: "Become a Member", "Subscribe", "Support our journalism", "Donate"
- byline (in the first lines only): "By NAME | DATE", "Posted on DATE by NAME", "Published: ..."
- link list: "Read more:" / "See also:" and the short link titles under it, "Tags: ...", and a run of
  three or more link titles that closes the text
- post footer: "Posted on DATE in Syria | Permalink"
- repeated title: the same line twice at the top

From a comment-form start ("Leave a Reply") to the end, everything goes when all of it is chrome
(form lines and short labels such as "Twitter picture"); otherwise only the matching lines go.
Whitespace is normalised (trailing spaces, 3+ newlines), paragraphs kept. What was removed is
noted on the document ("clean: removed comment form (9 lines)"); ``doc.text`` is then the text
every later offset points into.
"""

from __future__ import annotations

import re
from collections import Counter

from ceasefire.knowledge.boilerplate import is_boilerplate
from ceasefire.models import Document
from ceasefire.pipeline.stage import StageSpec

LONG_WORDS = 40
TITLE_WORDS = 25
_SITES = (
    r"(?:facebook|twitter|x|whatsapp|linkedin|email|e-mail|reddit|pinterest|telegram|tumblr|pocket|print"
    r"|messenger)"
)
_SOCIAL = r"(?:facebook|twitter|instagram|youtube|telegram|linkedin)"


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?:" + "|".join(alternatives) + r")", re.IGNORECASE)


FORM_START = _rx(
    r"leave a (?:reply|comment)(?: to .+)?(?: cancel reply)?", r"post a comment", r"add a comment"
)
CHROME: dict[str, re.Pattern[str]] = {
    "comment form": _rx(
        r"leave a (?:reply|comment)(?: to .+)?(?: cancel reply)?",
        r"cancel reply",
        r"post a comment",
        r"add a comment",
        r"fill in your details below or click an icon to log in:?",
        r"you are commenting using your [\w.+ ]{1,30} account\.?\s*\(?\s*log\s*out\s*/\s*change\s*\)?",
        r"connecting to %s",
        r"notify me of (?:new|follow-up) (?:comments|posts)(?: via e-?mail| by e-?mail)?\.?",
        r"this site uses akismet to reduce spam\..{0,80}",
        r"your email address will not be published\..{0,60}",
        r"required fields are marked \*",
        r"(?:name|e-?mail|website|comment)\s*(?:\((?:required|address never made public)\))?\s*\*?",
        r"post comment",
        r"save my name, email, and website in this browser for the next time i comment\.?",
        r"comments are (?:closed|moderated).{0,100}",
        r"you must be logged in to post a comment\.?",
        r"enter your comment here\.*",
        r"(?:wordpress\.com|twitter|facebook|google\+?|gravatar) (?:logo|picture|photo|image)",
    ),
    "share buttons": _rx(
        r"share(?: this(?: article| story| post)?)?(?: on)?:?",
        r"click to (?:share on \w+|email|print)[^()]{0,40} \(opens in new window\)",
        r"like this:?",
        r"like loading\.*",
        r"loading\.*",
        r"be the first to like this\.?",
        r"like",
        rf"(?:share|post|send) (?:on|to|via|by) {_SITES}(?: tweet)?",
        rf"(?:{_SITES}|tweet|share)(?:\s+(?:{_SITES}|tweet|share))*",
        rf"(?:follow|find|like|join) us on {_SOCIAL}(?:(?:,| and) {_SOCIAL})*\.?",
        r"related(?: posts| articles| stories)?:?",
    ),
    "footer": _rx(
        r"(?:©|\(c\)|copyright\b).{0,200}",
        r".{0,120}\ball rights reserved\b.{0,120}",
        r"the (?:views|opinions) expressed .{0,160}(?:author|writer|contributor)s?'?s?\b.{0,120}",
        r"(?:proudly )?powered by (?:wordpress|typepad|blogger).{0,60}",
    ),
    "appeal": _rx(
        r"become a (?:member|subscriber|patron|supporter)\b.{0,100}",
        r"subscribe(?: now| today| here)?[.!]?",
        r"subscribe (?:to|for) (?:our|the) .{0,80}",
        r"support (?:our|independent|quality) journalism\b.{0,100}",
        r"donate(?: now| today| here)?[.!]?",
        r"make a donation\b.{0,80}",
        r"sign up (?:for|to) (?:our|the) .{0,60}newsletter.{0,60}",
    ),
    "link list": _rx(
        r"(?:tags|tagged with|categories|category|topics)\s*:\s*.{1,200}",
        r"(?:filed under|posted in|tagged)\s+.{1,200}(?<![.!?])",
    ),
    "post footer": _rx(r"posted (?:on|at|by|in) .{0,100}\|\s*(?:permalink|comments? \(\d+\)).{0,60}"),
}
LINK_LABEL = _rx(
    r"(?:read more|see also|more on this(?: story)?|related (?:posts|articles|stories|links)|related|"
    r"you may also like|you might also like|most (?:read|popular)|recommended(?: for you)?|further reading):?"
)
_NAME = r"[A-Z][\w.'’-]*(?: (?:[A-Z][\w.'’-]*|de|al|bin|van|von|el|da|di))*"
_DATEISH = r".{0,40}\b(?:\d{1,4}|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\b.{0,40}"
BYLINE = re.compile(
    rf"(?:By {_NAME}(?: (?:and|&) {_NAME})?(?:\s*[|,–—-]\s*.{{1,60}})?"
    rf"|(?:Posted|Published|Updated|Last updated)(?: on)?:? {_DATEISH}(?: by {_NAME})?)"
)
BYLINE_LINES = 5


class Clean:
    """Remove site chrome (comment forms, share buttons, footers, bylines, link lists) from ``doc.text``."""

    spec = StageSpec.of("clean", 2, requires={"text", "threads"}, produces={"clean_text"})

    def __call__(self, doc: Document) -> Document:
        text, removed = clean_text(doc.text)
        doc.text = text
        for kind, count in removed.items():
            doc.notes.append(f"clean: removed {kind} ({count} line{'s' if count != 1 else ''})")
        return doc


def clean_text(text: str) -> tuple[str, Counter[str]]:
    """The cleaned text and how many lines of each kind of chrome went."""
    lines = [
        line.rstrip()
        for line in text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").split("\n")
    ]
    drop: dict[int, str] = {}
    filled = [i for i, line in enumerate(lines) if line.strip()]
    _mark_form_tail(lines, filled, drop)
    for rank, i in enumerate(filled):
        if i in drop or _is_long(lines[i]):
            continue
        kind = chrome_kind(lines[i])
        if kind is None and rank < BYLINE_LINES and BYLINE.fullmatch(lines[i].strip()):
            kind = "byline"
        if kind is not None:
            drop[i] = kind
    _mark_link_lists(lines, filled, drop)
    _mark_repeated_title(lines, [i for i in filled if i not in drop], drop)
    kept = "\n".join(line for i, line in enumerate(lines) if i not in drop)
    return re.sub(r"\n{3,}", "\n\n", kept).strip(), Counter(drop.values())


def chrome_kind(line: str) -> str | None:
    """The kind of chrome ``line`` is as a whole, or None; long lines are never chrome (but a long
    disclaimer is boilerplate)."""
    stripped = line.strip()
    if not _is_long(stripped):
        kind = next((kind for kind, pattern in CHROME.items() if pattern.fullmatch(stripped)), None)
        if kind is not None:
            return kind
    if is_boilerplate(stripped) and (not _is_long(stripped) or _LONG_NOTICE.match(stripped)):
        return "boilerplate"
    return None


#: notices that run long and still say nothing of the events: disclaimers, the UN map note
_LONG_NOTICE = re.compile(r"^(?:disclaimer|the designations employed|the views|copyright|©)", re.IGNORECASE)


def _is_long(line: str) -> bool:
    return len(line.split()) >= LONG_WORDS


def _is_link_title(line: str) -> bool:
    """A short line that reads like a link's title, not a sentence."""
    stripped = line.strip()
    return (
        0 < len(stripped) <= 100
        and len(stripped.split()) <= 12
        and not stripped.endswith((".", ":", ",", ";"))
    )


def _mark_repeated_title(lines: list[str], kept: list[int], drop: dict[int, str]) -> None:
    """A short first line repeated right below it (title and headline both rendered): keep one."""
    if not kept or len(lines[kept[0]].split()) > TITLE_WORDS:
        return
    title = lines[kept[0]].strip().casefold()
    for i in kept[1:]:
        if lines[i].strip().casefold() != title:
            break
        drop[i] = "repeated title"


def _mark_form_tail(lines: list[str], filled: list[int], drop: dict[int, str]) -> None:
    """Drop everything from a comment-form start to the end, when all of it is chrome or short labels."""
    start = next((rank for rank, i in enumerate(filled) if FORM_START.fullmatch(lines[i].strip())), None)
    if start is None:
        return
    tail = filled[start:]
    if all(chrome_kind(lines[i]) or _is_form_label(lines[i]) for i in tail):
        drop.update(dict.fromkeys(tail, "comment form"))


def _is_form_label(line: str) -> bool:
    words = line.strip().split()
    return len(words) <= 4 and not line.strip().endswith((".", "?", "!"))


def _mark_link_lists(lines: list[str], filled: list[int], drop: dict[int, str]) -> None:
    """A label ("Read more:") and the link titles under it; a run of 3+ link titles closing the text
    (unless the line before it ends with a colon: then it is the article's own list)."""
    for rank, i in enumerate(filled):
        if not LINK_LABEL.fullmatch(lines[i].strip()):
            continue
        drop[i] = "link list"
        for j in filled[rank + 1 :]:
            if j in drop and drop[j] != "link list":
                continue
            if not _is_link_title(lines[j]):
                break
            drop[j] = "link list"
    kept = [i for i in filled if i not in drop]
    run = []
    for i in reversed(kept):
        if not _is_link_title(lines[i]) or len(lines[i].split()) < 2:
            break
        run.append(i)
    before = kept[-len(run) - 1] if len(run) < len(kept) else None
    if len(run) >= 3 and before is not None and not lines[before].rstrip().endswith(":"):
        drop.update(dict.fromkeys(run, "link list"))
