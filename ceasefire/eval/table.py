"""Print the README's accuracy table: ``python -m ceasefire.eval.table ../shared/eval``."""

from __future__ import annotations

import sys
from pathlib import Path

from ceasefire.eval.run import DEFAULT_PATHS, evaluate
from ceasefire.settings import Settings


def main(argv: list[str] | None = None) -> None:
    root = Path((argv or sys.argv[1:] or ["../shared/eval"])[0])
    print("| gold set | items | metric | score |")
    print("|---|---|---|---|")
    for name, relative in DEFAULT_PATHS.items():
        report = evaluate(name, root / relative, Settings.from_env())
        for metric, value in report.scores.items():
            print(f"| {name} | {report.items} | {metric} | {value:.3f} |")


if __name__ == "__main__":
    main()
