"""Every command in the README's usage block runs (from the repository root, with .venv on PATH)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## What it does\s+```sh\n(.*?)```", text, re.S)
    assert block, "README has no usage block under 'What it does'"
    return [re.sub(r"\s+#.*$", "", line).strip() for line in block.group(1).splitlines() if line.strip()]


@pytest.mark.parametrize("command", _commands())
def test_readme_command_runs(command: str) -> None:
    if "../shared" in command and not (ROOT.parent / "shared").is_dir():
        pytest.skip("../shared is absent")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    result = subprocess.run(
        ["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip(), f"{command!r} printed nothing"


#: what a block's output must hold, beyond every command succeeding
EXPECTED = {
    "Deconfliction": ["Syrian Arab Army: acknowledged", '"notifications": 1'],
    "Dashboard": ["/signin/link/"],
    "A decade of news, and a team on one store": ["249 kept", "documents: 249 stored", "249 already stored"],
}


@pytest.mark.parametrize("section", ["Tracking peace processes", "Monitoring service",
                                     pytest.param("Deconfliction", marks=pytest.mark.slow), "Dashboard",
                                     pytest.param("A decade of news, and a team on one store", marks=pytest.mark.slow)])  # fmt: skip
def test_readme_blocks_run_in_order(section: str, tmp_path: Path) -> None:
    """Each of these blocks runs top to bottom against one fresh store (the Dashboard's ``make run``
    starts a server, so it is prose; ``ceasefire serve --get`` answers one request in-process)."""
    if ("Tracking" in section or "decade" in section) and not (ROOT.parent / "shared").is_dir():
        pytest.skip("../shared is absent")
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    # the section's first sh block (a section may open with prose)
    block = re.search(rf"\n## {section}\n(?:(?!\n## ).)*?```sh\n(.*?)```", text, re.S)
    assert block, f"README has no usage block under {section!r}"
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
               CEASEFIRE_DATABASE_URL=f"sqlite:///{tmp_path / 'readme.db'}",
               CEASEFIRE_SECRET_KEY_FILE=str(tmp_path / "secret.key"))  # fmt: skip
    outputs: list[str] = []
    for line in block.group(1).splitlines():
        command = re.sub(r"\s+#.*$", "", line).strip()
        if not command:
            continue
        result = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True,
                                timeout=600)  # fmt: skip
        assert result.returncode == 0, f"{command}: {result.stderr[-2000:]}"
        outputs.append(result.stdout)
    for expected in EXPECTED.get(section, []):
        assert expected in "".join(outputs), f"{section}: no {expected!r} in\n{''.join(outputs)[-2000:]}"
