"""An evaluation report: named scores plus details, printable and as JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Report:
    name: str
    path: str
    items: int
    scores: dict[str, float]
    details: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "path": self.path, "items": self.items,
                "scores": {k: round(v, 4) for k, v in self.scores.items()}, "details": self.details,
                "notes": self.notes}  # fmt: skip

    def render(self) -> str:
        lines = [f"{self.name}: {self.items} items from {self.path}"]
        lines += [f"  {k:<28} {v:.3f}" for k, v in self.scores.items()]
        per_class = self.details.get("per_class")
        if isinstance(per_class, dict):
            lines.append("  per class (precision / recall / F1 / support):")
            for label, s in per_class.items():
                lines.append(
                    f"    {label:<36} {s['precision']:.2f} / {s['recall']:.2f} / {s['f1']:.2f} / {s['support']}"
                )
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)
