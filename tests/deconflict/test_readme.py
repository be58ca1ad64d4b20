"""The README's Deconfliction block runs top to bottom against one fresh store."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_readme_deconfliction_block_runs_in_order(tmp_path: Path) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Deconfliction\s+```sh\n(.*?)```", text, re.S)
    assert block, "README has no usage block under 'Deconfliction'"
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
               CEASEFIRE_DATABASE_URL=f"sqlite:///{tmp_path / 'readme.db'}",
               CEASEFIRE_SECRET_KEY_FILE=str(tmp_path / "secret.key"))  # fmt: skip
    outputs = []
    for line in block.group(1).splitlines():
        command = re.sub(r"\s+#.*$", "", line).strip()
        if not command:
            continue
        result = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True,
                                timeout=600)  # fmt: skip
        assert result.returncode == 0, f"{command}: {result.stderr[-2000:]}"
        outputs.append(result.stdout)
    assert "Syrian Arab Army: acknowledged" in "".join(outputs)
    assert '"notifications": 1' in outputs[-1]
