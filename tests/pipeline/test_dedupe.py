"""Dedupe: exact and near copies rejected with the original named; comments and short texts apart."""

from __future__ import annotations

from ceasefire.models import Document, Rejected
from ceasefire.pipeline.dedupe import Dedupe, DedupeIndex

ARTICLE = (
    "Representatives of the two rival administrations in Libya agreed on Tuesday to send officers to a "
    "joint military committee, a step that diplomats described as the first concrete result of the summit"
    " held in Berlin at the weekend. The committee, with five members from each side, is meant to turn a "
    "fragile truce around Tripoli into a lasting ceasefire with agreed lines and a way to report "
    "breaches. United Nations officials said its first meeting could take place in Geneva within days, "
    "although neither side has yet named its officers and both continue to accuse the other of shelling "
    "residential districts at night."
)
SYNDICATED = ARTICLE.replace("within days", "within a few days") + " Reporting by the Meridian Wire desk."
OTHER = (
    "Delegations at the Yemen talks in Kuwait agreed to adjourn for three days after the government side "
    "walked out over the seizure of a military base north of the capital. The United Nations envoy said "
    "that the committees on de-escalation and prisoners would keep meeting in the meantime, and that he "
    "expected both delegations to return to the table before the end of the month with written proposals "
    "on the withdrawal."
)


def _doc(doc_id: str, text: str, kind: str = "article", source: str = "") -> Document:
    return Document(id=doc_id, text=text, kind=kind, source=source or f"{doc_id}.txt")  # type: ignore[arg-type]


def test_exact_duplicate_is_rejected_naming_the_first() -> None:
    stage = Dedupe()
    first = stage(_doc("a", ARTICLE))
    copy = stage(_doc("b", ARTICLE))
    assert first == _doc("a", ARTICLE)
    assert isinstance(copy, Rejected)
    assert (copy.reason, copy.stage) == ("duplicate", "dedupe")
    assert copy.detail == "exact duplicate of a (a.txt)"


def test_near_duplicate_is_rejected_with_estimated_jaccard() -> None:
    stage = Dedupe(threshold=0.8)
    stage(_doc("orig", ARTICLE, source="https://wire.example/libya"))
    copy = stage(_doc("copy", SYNDICATED))
    assert isinstance(copy, Rejected)
    assert copy.detail.startswith("near duplicate of orig (https://wire.example/libya), estimated Jaccard 0.")
    jaccard = float(copy.detail.rsplit(" ", 1)[1])
    assert 0.8 <= jaccard < 1.0


def test_different_articles_are_both_kept() -> None:
    stage = Dedupe()
    assert isinstance(stage(_doc("a", ARTICLE)), Document)
    assert isinstance(stage(_doc("b", OTHER)), Document)


def test_threshold_decides_near_duplicates() -> None:
    stage = Dedupe(threshold=1.0)
    stage(_doc("orig", ARTICLE))
    assert isinstance(stage(_doc("copy", SYNDICATED)), Document)


def test_comments_are_compared_with_comments_only() -> None:
    stage = Dedupe()
    assert isinstance(stage(_doc("article", ARTICLE)), Document)
    assert isinstance(stage(_doc("comment", ARTICLE, kind="comment")), Document)
    again = stage(_doc("comment-2", ARTICLE, kind="comment"))
    assert isinstance(again, Rejected) and again.detail.startswith("exact duplicate of comment ")


def test_short_texts_are_compared_only_exactly() -> None:
    stage = Dedupe(threshold=0.5)
    assert isinstance(
        stage(_doc("a", "Thank you for this clear report on the Tripoli truce.", "comment")), Document
    )
    assert isinstance(
        stage(_doc("b", "Thank you for this clear report on the Tripoli truce!!", "comment")), Document
    )
    assert isinstance(
        stage(_doc("c", "Thank you for this clear report on the Tripoli truce.", "comment")), Rejected
    )


def test_index_can_be_seeded_before_the_stage_runs() -> None:
    index = DedupeIndex(threshold=0.8)
    index.add(_doc("stored", ARTICLE, source="earlier run"))
    assert len(index) == 1
    match = index.find(_doc("new", SYNDICATED))
    assert match is not None and match.doc_id == "stored" and match.jaccard is not None
    out = Dedupe(index=index)(_doc("new", SYNDICATED))
    assert isinstance(out, Rejected) and "stored (earlier run)" in out.detail


def test_rejected_duplicate_is_not_added_to_the_index() -> None:
    stage = Dedupe()
    stage(_doc("a", ARTICLE))
    stage(_doc("b", ARTICLE))
    assert len(stage.index) == 1
