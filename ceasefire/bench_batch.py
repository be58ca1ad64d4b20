"""`make bench`: the batch on Dask, 1 worker against 2, and loading its output into the stores.

Each worker loads the model before the clock starts (as a long batch would have long since), so
the figures compare coding, not start-up. Printed:

- ``batch workers=N``: seconds and articles/s for the corpus; ``efficiency`` is the 2-worker speed
  over twice the 1-worker speed (1.0 would be perfect scaling);
- ``load``: rows (documents and events) per second into SQLite, and into PostgreSQL when
  ``CEASEFIRE_TEST_POSTGRES_URL`` names a server (a throwaway database is made and dropped).

    python -m ceasefire.bench_batch --corpus ../shared/bench/guardian_syria/Guardian_SDF_sample.csv
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from ceasefire.batch.load import load_batch
from ceasefire.batch.run import run_batch
from ceasefire.settings import Settings
from ceasefire.store.database import Store, scratch_database


def _warm(settings: Settings) -> bool:
    from ceasefire.batch.work import _pipeline

    _pipeline(settings)
    return True


def timed_batch(corpus: Path, out: Path, workers: int, settings: Settings) -> tuple[float, int]:
    from dask.distributed import Client, LocalCluster  # type: ignore[attr-defined]

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:  # fmt: skip
        client.run(_warm, settings)
        start = time.perf_counter()
        summary = run_batch([str(corpus)], out, settings, partition_size=10, client=client)
        return time.perf_counter() - start, summary.documents


def timed_load(out: Path, url: str) -> tuple[float, int]:
    store = Store.open(url)
    start = time.perf_counter()
    summary = load_batch(store, out)
    elapsed = time.perf_counter() - start
    store.close()
    return elapsed, summary.stored + summary.events


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, required=True)
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    with tempfile.TemporaryDirectory(prefix="ceasefire-bench-batch-") as folder:
        root = Path(folder)
        speeds = {}
        for workers in (1, 2):
            seconds, docs = timed_batch(args.corpus, root / f"out{workers}", workers, settings)
            speeds[workers] = docs / seconds
            print(
                f"batch  workers={workers}  articles={docs}  seconds={seconds:.1f}  articles_per_s={docs / seconds:.2f}"
            )
        print(f"batch  efficiency_1_to_2={speeds[2] / (2 * speeds[1]):.2f}")
        seconds, rows = timed_load(root / "out2", f"sqlite:///{root / 'load.db'}")
        print(f"load  store=sqlite  rows={rows}  seconds={seconds:.1f}  rows_per_s={rows / seconds:.0f}")
        server = os.environ.get("CEASEFIRE_TEST_POSTGRES_URL")
        if server:
            with scratch_database(server, "cf_bench") as url:
                seconds, rows = timed_load(root / "out2", url)
            print(
                f"load  store=postgresql  rows={rows}  seconds={seconds:.1f}  rows_per_s={rows / seconds:.0f}"
            )


if __name__ == "__main__":
    main()
