"""The stage contract and the pipeline that chains stages.

A stage takes one ``Document`` and returns it (filled in further) or a ``Rejected`` value. A
*splitter* stage (comment threads) returns a list: the document itself plus the new documents
split from it. Each stage declares what it needs and what it adds; ``Pipeline`` checks at
construction that every need is met by an earlier stage and names both when one is not.

Stages that gain from batching (the parser) may also define ``pipe(docs)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from ceasefire.errors import PipelineError
from ceasefire.models import Document, Rejected

Outcome = Document | Rejected

#: what a document has before any stage ran (set by the sources)
SOURCE_PROVIDES = frozenset({"text", "metadata"})


@dataclass(frozen=True, slots=True)
class StageSpec:
    name: str
    version: int
    requires: frozenset[str] = field(default_factory=frozenset)
    produces: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(
        cls, name: str, version: int, requires: Iterable[str] = (), produces: Iterable[str] = ()
    ) -> StageSpec:
        return cls(name, version, frozenset(requires), frozenset(produces))


@runtime_checkable
class Stage(Protocol):
    spec: StageSpec

    def __call__(self, doc: Document) -> Outcome: ...


@runtime_checkable
class Splitter(Protocol):
    spec: StageSpec
    splits: bool

    def __call__(self, doc: Document) -> list[Outcome]: ...


AnyStage = Stage | Splitter


class Pipeline:
    """Stages in order. ``run`` codes one document; ``pipe`` a stream, batching where stages can."""

    def __init__(self, stages: Sequence[AnyStage], batch_size: int = 16) -> None:
        available = set(SOURCE_PROVIDES)
        seen: dict[str, str] = {}
        for stage in stages:
            missing = stage.spec.requires - available
            if missing:
                producers = ", ".join(sorted(missing))
                raise PipelineError(
                    f"stage {stage.spec.name!r} requires {producers}, which no earlier stage produces "
                    f"(earlier stages: {', '.join(seen) or 'none'})"
                )
            for item in stage.spec.produces:
                seen.setdefault(stage.spec.name, item)
            available |= stage.spec.produces
        self.stages = tuple(stages)
        self.batch_size = batch_size

    @property
    def versions(self) -> dict[str, int]:
        return {s.spec.name: s.spec.version for s in self.stages}

    def run(self, doc: Outcome) -> list[Outcome]:
        return list(self.pipe([doc]))

    def pipe(self, docs: Iterable[Outcome]) -> Iterator[Outcome]:
        stream: Iterable[Outcome] = docs
        for stage in self.stages:
            stream = _apply(stage, stream, self.batch_size)
        yield from stream


def _apply(stage: AnyStage, stream: Iterable[Outcome], batch_size: int) -> Iterator[Outcome]:
    name, version = stage.spec.name, stage.spec.version
    batched = getattr(stage, "pipe", None)
    if callable(batched):
        yield from _apply_batched(stage, stream, batch_size)
        return
    for item in stream:
        if isinstance(item, Rejected):
            yield item
            continue
        result = stage(item)
        results = result if isinstance(result, list) else [result]
        for out in results:
            if isinstance(out, Document):
                out.stages[name] = version
            yield out


def _apply_batched(stage: AnyStage, stream: Iterable[Outcome], batch_size: int) -> Iterator[Outcome]:
    """Feed documents to ``stage.pipe`` in batches, passing rejections through in order."""
    name, version = stage.spec.name, stage.spec.version
    pending: list[Outcome] = []

    def flush() -> Iterator[Outcome]:
        docs = [d for d in pending if isinstance(d, Document)]
        done = iter(stage.pipe(docs))  # type: ignore[union-attr]
        for item in pending:
            if isinstance(item, Rejected):
                yield item
            else:
                out = next(done)
                if isinstance(out, Document):
                    out.stages[name] = version
                yield out
        pending.clear()

    for item in stream:
        pending.append(item)
        if len(pending) >= batch_size:
            yield from flush()
    if pending:
        yield from flush()
