"""Readers for the public gold standards (formats described in shared/README.md)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ceasefire.errors import MalformedInput, SourceNotFound


def _open(path: Path) -> Path:
    if not path.exists():
        raise SourceNotFound(str(path), "no such gold file")
    return path


@dataclass(frozen=True)
class Snippet:
    id: str
    text: str
    label: str


def case2021(path: Path) -> list[Snippet]:
    """CASE 2021 task 2 snippets: tab-separated ``id, EventSnippet, SubType``, no quoting, ``\\`` escapes."""
    out = []
    with _open(path).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\")
        header = next(reader, None)
        if header is None or len(header) < 3:
            raise MalformedInput(str(path), "expected a header row 'id, EventSnippet, SubType'")
        for row in reader:
            if len(row) >= 3 and row[1].strip():
                out.append(Snippet(row[0], row[1], row[2].strip()))
    return out


def plover(path: Path) -> list[dict[str, Any]]:
    try:
        records = json.loads(_open(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise MalformedInput(str(path), f"not JSON: {exc}") from exc
    return [r for r in records if r.get("event") != "DOCUMENT" and r.get("text")]


@dataclass(frozen=True)
class TaggedSentence:
    tokens: list[str]
    tags: list[str]


def conll(path: Path) -> list[TaggedSentence]:
    sentences: list[TaggedSentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    for line in _open(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if tokens:
                sentences.append(TaggedSentence(tokens, tags))
            tokens, tags = [], []
            continue
        parts = line.rsplit(maxsplit=1)
        if len(parts) != 2:
            raise MalformedInput(str(path), f"line {line!r} has no tag")
        tokens.append(parts[0])
        tags.append(parts[1])
    if tokens:
        sentences.append(TaggedSentence(tokens, tags))
    return sentences


def jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with _open(path).open(encoding="utf-8") as handle:
        for n, line in enumerate(handle, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise MalformedInput(str(path), f"line {n}: {exc}") from exc
