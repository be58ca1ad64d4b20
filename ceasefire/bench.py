"""`make bench`: the whole pipeline against bare spaCy on the same texts, same number of processes.

Each measurement runs in a fresh child process (so neither warms the other's caches) while this
process samples the memory of the child's whole process tree from /proc. Printed per phase:
articles/s, words/s, wall seconds, peak RSS of the largest single process and of the whole tree.

    python -m ceasefire.bench --corpus ../shared/bench/guardian_syria/Guardian_SDF_sample.csv --processes 2
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

csv.field_size_limit(sys.maxsize)


def load_texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle) if row.get("text", "").strip()]


def _phase(name: str, corpus: Path, processes: int) -> dict[str, Any]:
    """Run one measurement in this process and return its figures (called in the child)."""
    texts = load_texts(corpus)
    if name == "spacy":
        from ceasefire.pipeline.parse import load_model

        nlp = load_model()
        start = time.perf_counter()
        for _ in nlp.pipe(texts, n_process=processes, batch_size=16):
            pass
        elapsed = time.perf_counter() - start
        events = 0
    else:
        from ceasefire.models import Document, content_hash
        from ceasefire.runner import code_documents
        from ceasefire.settings import Settings

        settings = Settings.from_env(processes=processes)
        # warm the shared indexes once (a first run builds the gazetteer), outside the timing
        from ceasefire.pipeline.build import coding_stages

        coding_stages(settings)
        docs = [Document(id=content_hash(t)[:16], text=t) for t in texts]
        start = time.perf_counter()
        events = sum(
            len(o.events) for o in code_documents(docs, settings, processes) if isinstance(o, Document)
        )
        elapsed = time.perf_counter() - start
    words = sum(len(t.split()) for t in texts)
    return {"phase": name, "articles": len(texts), "words": words, "seconds": elapsed, "events": events}


def _tree_rss(pid: int) -> tuple[int, int]:
    """(largest single RSS, total RSS) in bytes of ``pid`` and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/statm", encoding="ascii") as handle:
                rss[int(entry)] = int(handle.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    sizes = [rss.get(p, 0) for p in tree]
    return max(sizes, default=0), sum(sizes)


def measure(name: str, corpus: Path, processes: int) -> dict[str, Any]:
    command = [sys.executable, "-m", "ceasefire.bench", "--phase", name, "--corpus", str(corpus),
               "--processes", str(processes)]  # fmt: skip
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    peak_single = peak_total = 0
    while child.poll() is None:
        single, total = _tree_rss(child.pid)
        peak_single, peak_total = max(peak_single, single), max(peak_total, total)
        time.sleep(0.05)
    output, _ = child.communicate()
    if child.returncode != 0:
        raise SystemExit(f"bench phase {name} failed with exit code {child.returncode}")
    figures: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    figures["peak_rss_single_mib"] = peak_single / 2**20
    figures["peak_rss_total_mib"] = peak_total / 2**20
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, required=True, help="CSV with a 'text' column")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--phase", choices=["spacy", "pipeline"], help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.phase:
        print(json.dumps(_phase(args.phase, args.corpus, args.processes)))
        return
    if not args.corpus.exists():
        raise SystemExit(f"bench corpus {args.corpus} not found (it lives in ../shared/bench)")
    rows = [measure("spacy", args.corpus, args.processes), measure("pipeline", args.corpus, args.processes)]
    ratio = rows[0]["seconds"] / rows[1]["seconds"]
    if args.json:
        print(json.dumps({"phases": rows, "speed_ratio_vs_spacy": ratio}, indent=2))
        return
    print(f"{rows[0]['articles']} articles, {rows[0]['words']} words, {args.processes} processes")
    print(f"{'phase':<10} {'articles/s':>11} {'words/s':>9} {'seconds':>8} {'peak RSS largest':>17} "
          f"{'peak RSS total':>15} {'events':>7}")  # fmt: skip
    for row in rows:
        print(f"{row['phase']:<10} {row['articles'] / row['seconds']:>11.1f} {row['words'] / row['seconds']:>9.0f} "
              f"{row['seconds']:>8.1f} {row['peak_rss_single_mib']:>13.0f} MiB {row['peak_rss_total_mib']:>11.0f} MiB "
              f"{row['events']:>7}")  # fmt: skip
    print(f"speed ratio, pipeline vs bare spaCy: {ratio:.2f}")


if __name__ == "__main__":
    main()
