"""Layers: sources and knowledge never import a pipeline stage (resources and readers come first)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[2] / "ceasefire"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


@pytest.mark.parametrize("layer", ["sources", "knowledge"])
def test_layer_imports_no_pipeline_stage(layer: str) -> None:
    offending = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for name in _imports(path)
        if name == "ceasefire.pipeline" or name.startswith("ceasefire.pipeline.")
    }
    assert not offending, f"{layer}/ imports pipeline modules: {sorted(offending)}"
