"""Scores: per-class precision/recall/F1, weighted and macro F1, accuracy, span F1."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float
    support: int

    def to_json(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "support": self.support}  # fmt: skip


def prf(tp: int, fp: int, fn: int) -> PRF:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return PRF(p, r, f, tp + fn)


def per_class(
    gold: Sequence[str | None], predicted: Sequence[str | None], labels: Iterable[str]
) -> dict[str, PRF]:
    """Per-label scores over single-label items; ``None`` is "no label" (counts as a miss or a false alarm)."""
    out = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        out[label] = prf(tp, fp, fn)
    return out


def weighted_f1(scores: dict[str, PRF]) -> float:
    total = sum(s.support for s in scores.values())
    return sum(s.f1 * s.support for s in scores.values()) / total if total else 0.0


def macro_f1(scores: dict[str, PRF]) -> float:
    present = [s for s in scores.values() if s.support]
    return sum(s.f1 for s in present) / len(present) if present else 0.0


def accuracy(gold: Sequence[object], predicted: Sequence[object]) -> float:
    return sum(1 for g, p in zip(gold, predicted, strict=True) if g == p) / len(gold) if gold else 0.0


def set_prf(gold: Iterable[object], predicted: Iterable[object]) -> tuple[int, int, int]:
    """(tp, fp, fn) of two multisets."""
    g, p = Counter(gold), Counter(predicted)
    tp = sum((g & p).values())
    return tp, sum(p.values()) - tp, sum(g.values()) - tp
