"""HTML becomes text here, and only here: pages, feed entries, comment exports, comment layouts
(the Threads stage) and e-mailed reports all read markup through ``html_text``.

Block elements (paragraphs, list items, headings, table rows...) end a line and ``<br>`` breaks
one; runs of spaces collapse; scripts, styles, forms and the document head are not text. By
default blocks are separated by a blank line, so paragraphs stay visible to the sentence splitter;
``paragraphs=False`` gives one line a block with no blank lines (an e-mail body, read line by line).
"""

from __future__ import annotations

import re

from lxml import etree, html

_BLOCKS = frozenset(
    {"p", "div", "blockquote", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
     "table", "tr", "td", "th", "section", "article", "header", "footer", "aside", "figure", "figcaption",
     "address", "hr", "main", "nav", "body"}
)  # fmt: skip
_SKIP = frozenset({"script", "style", "noscript", "template", "form", "head", "title"})
_DOCUMENT = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype[^>]*>\s*)?(?:<!--.*?-->\s*)*<html\b", re.I | re.S
)


def html_text(markup: str | html.HtmlElement, *, paragraphs: bool = True) -> str:
    """Readable text of an HTML document or fragment (see the module docstring)."""
    if isinstance(markup, str):
        if not markup.strip():
            return ""
        try:
            markup = (
                html.document_fromstring(markup)
                if _DOCUMENT.match(markup)
                else html.fragment_fromstring(markup, create_parent="div")
            )
        except (etree.ParserError, ValueError):
            return " ".join(markup.split())
    parts: list[str] = []
    _walk(markup, parts, root=True)
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    if not paragraphs:
        return "\n".join(line for line in lines if line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _walk(el: html.HtmlElement, parts: list[str], *, root: bool = False) -> None:
    if isinstance(el.tag, str):
        tag = el.tag.rpartition("}")[2].lower()
        if tag not in _SKIP:
            block = tag in _BLOCKS
            parts.append("\n\n" if block else "\n" if tag == "br" else "")
            parts.append(re.sub(r"\s+", " ", el.text or ""))
            for child in el:
                _walk(child, parts)
            parts.append("\n\n" if block else "")
    if el.tail and not root:
        parts.append(re.sub(r"\s+", " ", el.tail))
