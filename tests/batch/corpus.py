"""A small corpus written for these tests: wire-style reports on invented days, one syndicated copy."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

PLACES = [("Idlib", "Syria"), ("Sirte", "Libya"), ("Taiz", "Yemen"), ("Khartoum", "Sudan"),
          ("Donetsk", "Ukraine"), ("Aleppo", "Syria"), ("Tripoli", "Libya"), ("Marib", "Yemen")]  # fmt: skip
MEDIATORS = ["the United Nations", "Russia and Turkey", "Oman", "the African Union"]


def article(n: int) -> str:
    town, country = PLACES[n % len(PLACES)]
    mediator = MEDIATORS[n % len(MEDIATORS)]
    day = 3 + n
    return (
        f"{town.upper()}, {country} (Wire) - Government forces shelled positions held by rebel fighters near "
        f"{town} on the night of March {day}, residents and a local monitor said, in the heaviest fighting "
        f"since both sides accepted a ceasefire brokered by {mediator} in February. Rebel commanders accused "
        f"the army of violating the truce and said they would respond. A spokesman for the armed forces denied "
        f"the charge and said its units had only returned fire. Aid groups said {n + 2} families had fled the "
        f"eastern districts of {town} since Sunday, and talks on extending the truce were postponed."
    )


def rows(count: int = 8) -> list[dict[str, str]]:
    found = [
        {"id": f"wire-{n:03d}", "date": f"2020-03-{4 + n:02d}", "text": article(n)} for n in range(count)
    ]
    # a syndicated copy of the second report, with the agency's tag line changed
    copy = article(1).replace("(Wire)", "(Agency)") + " Reporting by the agency's correspondent."
    found.insert(7, {"id": "copy-of-wire-001", "date": "2020-03-06", "text": copy})
    return found


def write_csv(path: Path, count: int = 8) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "date", "text"])
        writer.writeheader()
        writer.writerows(rows(count))
    return path


def write_jsonl(path: Path, count: int = 8) -> Path:
    path.write_text("".join(json.dumps({"id": r["id"], "published": r["date"], "text": r["text"]}) + "\n"
                            for r in rows(count)), encoding="utf-8")  # fmt: skip
    return path


def write_parquet(path: Path, count: int = 8) -> Path:
    pq.write_table(pa.Table.from_pylist(rows(count)), path, row_group_size=4)
    return path
