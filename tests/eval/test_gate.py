"""The accuracy gate: each score on public gold data must stay at or above its recorded floor.

Floors live in floors.json beside this file and only move up; a ``{"max": x}`` entry is a ceiling
(rows per ceasefire, ``must_not`` violations) and only moves down. The README's accuracy table is
printed by ``python -m ceasefire.eval.table ../shared/eval`` from the same evaluators.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ceasefire.eval.run import DEFAULT_PATHS, evaluate
from ceasefire.settings import Settings

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text())


@pytest.mark.gate
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_score_stays_above_its_floor(
    name: str, shared: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = shared / "eval" / DEFAULT_PATHS[name]
    if not path.exists():
        pytest.skip(f"{path} is absent")
    report = evaluate(name, path, Settings.from_env())
    assert report.items > 0
    for metric, bound in FLOORS[name].items():
        score = report.scores[metric]
        if isinstance(bound, dict):  # a ceiling: lower is better (rows per ceasefire, violations)
            assert score <= bound["max"], f"{name} {metric} rose to {score:.3f} (ceiling {bound['max']})"
        else:
            assert score >= bound, f"{name} {metric} fell to {score:.3f} (floor {bound})"
