"""The accuracy gate: each score on public gold data must stay at or above its recorded floor.

Floors live in floors.json beside this file and only move up; a ``{"max": x}`` entry is a ceiling
(rows per ceasefire, ``must_not`` violations) and only moves down. The README's accuracy table is
printed by ``python -m ceasefire.eval.table ../shared/eval`` from the same evaluators, and the last
test checks it against the scores this run measured.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ceasefire.eval.run import DEFAULT_PATHS, evaluate
from ceasefire.settings import Settings

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text())
README = Path(__file__).resolve().parents[2] / "README.md"
#: what this run measured, for the README check
MEASURED: dict[tuple[str, str], float] = {}


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
    MEASURED.update({(name, metric): score for metric, score in report.scores.items()})
    for metric, bound in FLOORS[name].items():
        score = report.scores[metric]
        if isinstance(bound, dict):  # a ceiling: lower is better (rows per ceasefire, violations)
            assert score <= bound["max"], f"{name} {metric} rose to {score:.3f} (ceiling {bound['max']})"
        else:
            assert score >= bound, f"{name} {metric} fell to {score:.3f} (floor {bound})"


@pytest.mark.gate
def test_the_readme_accuracy_table_shows_what_the_gate_measured() -> None:
    if not MEASURED:
        pytest.skip("no gold set was measured in this run")
    rows = re.findall(
        r"^\| ([\w-]+) \| \d+ \| (\w+) \| ([\d.]+) \|$", README.read_text(encoding="utf-8"), re.M
    )
    shown = {(name, metric): float(value) for name, metric, value in rows}
    for key, score in MEASURED.items():
        assert key in shown, f"the README's accuracy table has no row for {key}"
        assert shown[key] == round(score, 3), (
            f"the README shows {key} = {shown[key]}, the gate measured {score:.3f}: "
            "print the table again with python -m ceasefire.eval.table ../shared/eval"
        )
