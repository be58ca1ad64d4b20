"""`ceasefire eval NAME PATH`: dispatch to the evaluator of one gold standard."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ceasefire.errors import ConfigError
from ceasefire.eval import cameo_ner, case2021, plover, realworld, wikievents
from ceasefire.eval.report import Report
from ceasefire.pipeline.build import coding_stages
from ceasefire.pipeline.stage import Pipeline
from ceasefire.settings import Settings

Evaluator = Callable[[Path, Pipeline], Report]

EVALUATORS: dict[str, Evaluator] = {
    "case2021": case2021.evaluate,
    "plover": plover.evaluate,
    "cameo-ner": cameo_ner.evaluate,
    "wikievents": wikievents.evaluate,
}

#: where each gold set lives inside shared/eval
DEFAULT_PATHS = {
    "case2021": "case2021_task2/snippets.tsv",
    "plover": "plover_gsr/records.json",
    "cameo-ner": "cameo_ner/sentences.conll",
    "wikievents": "wikievents/documents.jsonl",
    "realworld": "realworld",
}


def evaluate(name: str, path: Path, settings: Settings) -> Report:
    if name == "realworld":  # the whole system, store and registries included
        return realworld.evaluate(path, settings)
    evaluator = EVALUATORS.get(name)
    if evaluator is None:
        raise ConfigError(f"unknown gold standard {name!r}; choose one of {', '.join(DEFAULT_PATHS)}")
    # the coding stages only: gold items are neither deduplicated nor language-checked
    pipeline = Pipeline(coding_stages(settings))
    return evaluator(path, pipeline)
