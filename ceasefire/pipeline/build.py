"""The built-in pipeline: one explicit tuple of stages, in order (no registration magic)."""

from __future__ import annotations

from typing import Any

from ceasefire.knowledge.catalogue import Catalogue
from ceasefire.knowledge.gazetteer import Gazetteer, open_gazetteer
from ceasefire.pipeline.acled import AcledTypes
from ceasefire.pipeline.actors import ResolveActors
from ceasefire.pipeline.dates import ResolveDates
from ceasefire.pipeline.early import early_stages
from ceasefire.pipeline.events import ExtractEvents
from ceasefire.pipeline.parse import Parse
from ceasefire.pipeline.places import Geocode
from ceasefire.pipeline.scoring import Score
from ceasefire.pipeline.stage import AnyStage, Pipeline
from ceasefire.settings import Settings


def coding_stages(
    settings: Settings,
    *,
    nlp: Any | None = None,
    gazetteer: Gazetteer | None = None,
    catalogue: Catalogue | None = None,
) -> list[AnyStage]:
    """The stages that code events, from parse to score (the costly part, run in workers)."""
    return [
        Parse(nlp),
        ExtractEvents(),
        Geocode(gazetteer or open_gazetteer(settings)),
        ResolveActors(catalogue or Catalogue.load()),
        ResolveDates(),
        AcledTypes(),
        Score(),
    ]


def build_pipeline(settings: Settings, **collaborators: Any) -> Pipeline:
    """Sources' documents in, coded documents and rejections out."""
    return Pipeline([*early_stages(settings), *coding_stages(settings, **collaborators)])
