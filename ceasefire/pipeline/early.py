"""The early stages, from raw source documents to clean, English, unique text.

Order, and why:

1. ``Threads``: split reader comments off while the thread is still whole (the markup in
   ``doc.html`` and the "NAME says:" / "Posted by:" lines in text); drops ``html``.
2. ``Clean``: remove site chrome, including the comment form that Threads left on the article;
   run before it, it would cut the comments away with the form. Its text is the one every later
   offset points into, so nothing after it may change ``doc.text``.
3. ``Language``: judge the cleaned text (chrome like "Share on Facebook" would skew short texts);
   one comment in French is rejected on its own, not its whole thread.
4. ``Dedupe``: compare cleaned texts (two copies of an article on different sites differ mostly
   in chrome), and only documents worth keeping, so a rejected page never shadows a later copy.

The contract enforces 1 -> 2 -> 3/4: Clean requires "threads", Language and Dedupe "clean_text".
"""

from __future__ import annotations

from ceasefire.pipeline.clean import Clean
from ceasefire.pipeline.dedupe import Dedupe, DedupeIndex
from ceasefire.pipeline.language import Language
from ceasefire.pipeline.stage import AnyStage
from ceasefire.pipeline.threads import Threads
from ceasefire.settings import Settings


def early_stages(settings: Settings, *, dedupe_index: DedupeIndex | None = None) -> list[AnyStage]:
    """Threads, Clean, Language, Dedupe; ``dedupe_index`` lets a store seed what was seen before."""
    return [Threads(), Clean(), Language(), Dedupe(settings.dedupe_threshold, dedupe_index)]
