"""The early stages in order, run end to end through the Pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.errors import PipelineError
from ceasefire.models import Document, Rejected
from ceasefire.pipeline.clean import Clean
from ceasefire.pipeline.early import early_stages
from ceasefire.pipeline.stage import Pipeline
from ceasefire.pipeline.threads import Threads
from ceasefire.settings import Settings
from ceasefire.sources import read_sources

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sources"


def test_early_stages_run_threads_clean_language_dedupe() -> None:
    stages = early_stages(Settings())
    assert [s.spec.name for s in stages] == ["threads", "clean", "language", "dedupe"]
    Pipeline(stages)  # the contract accepts this order


def test_clean_before_threads_is_refused_by_the_contract() -> None:
    with pytest.raises(PipelineError, match="'clean' requires threads"):
        Pipeline([Clean(), Threads()])


def test_dedupe_threshold_comes_from_settings() -> None:
    stages = early_stages(Settings(dedupe_threshold=0.95))
    assert stages[-1].index.threshold == 0.95  # type: ignore[union-attr]


def test_sources_through_early_stages_give_clean_unique_english_documents() -> None:
    specs = [str(FIXTURES / n) for n in ("wordpress_post.txt", "wordpress_post.html", "french_page.html")]
    docs = [d for d in read_sources(specs, Settings()) if isinstance(d, Document)]
    out = list(Pipeline(early_stages(Settings())).pipe(docs))
    kept = [o for o in out if isinstance(o, Document)]
    rejected = {o.doc_id: o.reason for o in out if isinstance(o, Rejected)}
    assert [d.kind for d in kept] == ["article", "comment", "comment", "comment", "article"]
    assert sorted(rejected.values()) == ["duplicate", "duplicate", "duplicate", "wrong_language"], (
        "the HTML page's comments repeat the text file's; the French page is not English"
    )
    article = kept[0]
    assert article.text.endswith("more than most observers expected a month ago.")
    assert all(d.html is None and d.language == "en" for d in kept)
    versions = {s.spec.name: s.spec.version for s in early_stages(Settings())}
    assert all(d.stages == versions for d in kept)
    assert list(versions) == ["threads", "clean", "language", "dedupe"]
