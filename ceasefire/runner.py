"""Run the pipeline over many documents, on one process or several.

The early stages (threads, clean, language, dedupe) are cheap and stateful across the batch, so
they run in this process; the coding stages (parse to score) are costly and independent per
document, so with ``processes > 1`` they run in a pool of workers, each with its own model,
gazetteer and catalogue; a batch too small to repay starting them (``SMALL_BATCH`` documents a
worker) is coded in this process. Output order follows input order.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from typing import Any

from ceasefire.models import Document
from ceasefire.pipeline.build import coding_stages
from ceasefire.pipeline.dedupe import DedupeIndex
from ceasefire.pipeline.early import early_stages
from ceasefire.pipeline.stage import Outcome, Pipeline
from ceasefire.settings import Settings

_WORKER: Pipeline | None = None
#: documents a worker must have at least before a pool is started (each worker loads its own model)
SMALL_BATCH = 8


def code_documents(
    docs: Iterable[Document | Outcome],
    settings: Settings,
    processes: int = 1,
    keep: Callable[[Outcome], bool] | None = None,
    dedupe_index: DedupeIndex | None = None,
    **collaborators: Any,
) -> Iterator[Outcome]:
    """Documents (and rejections from the sources) in; coded documents and rejections out, in order.

    ``keep``, when given, sees each outcome of the early stages and drops those it returns False for
    before the costly coding (an ingest skips what the store holds already); ``dedupe_index`` lets
    an ingest find copies of documents stored by earlier runs (``store/signatures.py``).
    """
    early = Pipeline(early_stages(settings, dedupe_index=dedupe_index))
    stream: Iterable[Outcome] = early.pipe(docs)  # type: ignore[arg-type]
    if keep is not None:
        stream = filter(keep, stream)
    head = list(islice(stream, processes * SMALL_BATCH)) if processes > 1 else []
    if processes <= 1 or len(head) < processes * SMALL_BATCH:  # a pool would cost more than it saves
        yield from Pipeline(coding_stages(settings, **collaborators)).pipe(chain(head, stream))
        return
    stream = chain(head, stream)
    context = multiprocessing.get_context("fork")
    with context.Pool(processes, initializer=_init_worker, initargs=(settings,)) as pool:
        for batch in pool.imap(_code_batch, _batches(stream, 8)):
            yield from batch


def _batches(stream: Iterable[Outcome], size: int) -> Iterator[list[Outcome]]:
    iterator = iter(stream)
    while batch := list(islice(iterator, size)):
        yield batch


def _init_worker(settings: Settings) -> None:
    global _WORKER
    _WORKER = Pipeline(coding_stages(settings))


def _code_batch(batch: list[Outcome]) -> list[Outcome]:
    assert _WORKER is not None, "worker not initialised"
    return list(_WORKER.pipe(batch))
