import pytest

from ceasefire.errors import PipelineError
from ceasefire.models import Document, Rejected
from ceasefire.pipeline.stage import Pipeline, StageSpec


class Needs:
    spec = StageSpec.of("needs", 1, requires={"parses"}, produces={"events"})

    def __call__(self, doc: Document) -> Document:
        return doc


class Gives:
    spec = StageSpec.of("gives", 2, requires={"text"}, produces={"parses"})

    def __call__(self, doc: Document) -> Document:
        return doc


class RejectShort:
    spec = StageSpec.of("short", 1, requires={"text"})

    def __call__(self, doc: Document) -> Document | Rejected:
        return Rejected(doc.id, "short", "empty", "too short") if len(doc.text) < 3 else doc


def test_pipeline_names_the_stage_whose_input_is_missing() -> None:
    with pytest.raises(PipelineError, match="'needs' requires parses"):
        Pipeline([Needs(), Gives()])


def test_pipeline_records_stage_versions_and_passes_rejections_through() -> None:
    pipeline = Pipeline([RejectShort(), Gives(), Needs()])
    out = list(pipeline.pipe([Document(id="a", text="long enough"), Document(id="b", text="x")]))
    assert isinstance(out[0], Document) and out[0].stages == {"short": 1, "gives": 2, "needs": 1}
    assert isinstance(out[1], Rejected) and out[1].reason == "empty"
