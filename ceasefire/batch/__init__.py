"""Coding a corpus on a Dask cluster with the same stages as ``extract``: ``ceasefire batch`` and ``load``.

| module        | does                                                                          |
|---------------|-------------------------------------------------------------------------------|
| partitions    | cut sources (folders, JSON Lines, CSV, Parquet) into partitions by path/range |
| work          | one partition in a worker: read, clean, code, write Parquet, mark it done     |
| dedupe_pass   | near-duplicates across the whole corpus, in input order                       |
| run           | the client: a local cluster or a scheduler, progress, resume, the second pass |
| load          | a batch's Parquet into the store, idempotent                                  |
"""
