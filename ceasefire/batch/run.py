"""Running a batch on ``dask.distributed``: a local cluster by default, a real scheduler when given.

``run_batch`` plans the partitions, submits those not done yet (each a ``work.run_partition`` task
given a partition, never texts), shows progress as they finish, then runs the second pass and writes
``manifest.json`` with the totals. A task that fails (a worker lost, a bug) is reported and its
partition is left undone, so the next run does it; the other partitions go on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ceasefire.batch.dedupe_pass import find_duplicates
from ceasefire.batch.partitions import Partition, largest_first, plan
from ceasefire.batch.work import Done, is_done, run_partition
from ceasefire.errors import ServiceUnavailable
from ceasefire.settings import Settings

Progress = Callable[[int, int, str], None]


@dataclass(slots=True)
class BatchSummary:
    partitions: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)
    documents: int = 0
    events: int = 0
    rejected: int = 0
    duplicates: int = 0
    dashboard: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"partitions": self.partitions, "skipped": self.skipped, "failed": self.failed,
                "documents": self.documents, "events": self.events, "rejected": self.rejected,
                "duplicates": self.duplicates}  # fmt: skip

    def render(self) -> str:
        lines = [f"partitions: {self.partitions} ({self.skipped} done before, {len(self.failed)} failed)",
                 f"documents: {self.documents - self.duplicates} kept, {self.duplicates} near-duplicates across "
                 f"partitions, {self.rejected} rejected; events: {self.events}"]  # fmt: skip
        lines += [f"  failed {name}: run again to retry it" for name in self.failed]
        return "\n".join(lines)


def run_batch(sources: Sequence[str], out: Path, settings: Settings, *, scheduler: str | None = None,
              workers: int | None = None, partition_size: int = 50, published: date | None = None,
              progress: Progress | None = None, on_dashboard: Callable[[str], None] | None = None,
              client: Any = None) -> BatchSummary:  # fmt: skip
    """Code ``sources`` into Parquet under ``out`` (see the module docstring); ``client`` is a
    ``dask.distributed.Client`` to run on (the caller keeps it), else one is made and closed here."""
    from dask.distributed import Client, LocalCluster, as_completed  # type: ignore[attr-defined]

    out.mkdir(parents=True, exist_ok=True)
    partitions = plan(sources, partition_size, published)
    summary = BatchSummary(partitions=len(partitions))
    results: dict[str, Done] = {}
    todo: list[Partition] = []
    for partition in partitions:
        done = is_done(out, partition)
        if done is not None:
            results[partition.name] = done
        else:
            todo.append(partition)
    summary.skipped = len(results)
    cluster = None
    own = client is None
    if own:
        try:
            if scheduler:
                client = Client(scheduler, timeout="20s")
            else:
                count = workers or os.cpu_count() or 1
                cluster = LocalCluster(n_workers=count, threads_per_worker=1, processes=True,
                                       dashboard_address="127.0.0.1:0", silence_logs=40)  # fmt: skip
                client = Client(cluster)
        except OSError as exc:
            raise ServiceUnavailable(
                f"cannot reach the Dask scheduler {scheduler or '(local)'}: {exc}"
            ) from exc
    try:
        summary.dashboard = client.dashboard_link
        if on_dashboard is not None and summary.dashboard:
            on_dashboard(summary.dashboard)
        ordered = largest_first(todo)  # handed out heaviest first, so the run ends on small ones
        futures = {client.submit(run_partition, p, str(out), settings, key=f"partition-{p.name}", pure=False,
                                 priority=len(ordered) - rank): p
                   for rank, p in enumerate(ordered)}  # fmt: skip
        for finished, future in enumerate(as_completed(futures), start=1):
            partition = futures[future]
            try:
                results[partition.name] = future.result()
            except Exception as exc:  # a lost worker or a bug: the partition stays undone for the next run
                summary.failed.append(f"{partition.name} ({type(exc).__name__}: {exc})")
            if progress is not None:
                progress(finished, len(todo), partition.name)
    finally:
        if own:
            client.close()
        if cluster is not None:
            cluster.close()
    summary.documents = sum(r.documents for r in results.values())
    summary.events = sum(r.events for r in results.values())
    summary.rejected = sum(r.rejected for r in results.values())
    if not summary.failed:
        summary.duplicates = len(find_duplicates(out, settings.dedupe_threshold))
    (out / "manifest.json").write_text(json.dumps(summary.to_json(), indent=2), encoding="utf-8")
    return summary
