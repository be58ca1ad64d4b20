"""Partitions: planned by path or row range in input order, read back by the worker row for row."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.batch.partitions import largest_first, plan, read
from ceasefire.errors import ConfigError, SourceNotFound
from ceasefire.models import Document, Rejected
from ceasefire.settings import Settings
from ceasefire.sources.tables import csv_row_offsets, table_items
from tests.batch.corpus import rows, write_csv, write_jsonl, write_parquet


def ids(path: str, size: int) -> list[list[str]]:
    return [[d.id for d in read(p, Settings()) if isinstance(d, Document)] for p in plan([path], size)]


@pytest.mark.parametrize("writer", [write_csv, write_jsonl, write_parquet], ids=["csv", "jsonl", "parquet"])
def test_a_table_is_cut_into_row_ranges_that_read_back_every_row_once_in_order(
    writer, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    suffix = {"write_csv": ".csv", "write_jsonl": ".jsonl", "write_parquet": ".parquet"}[writer.__name__]
    path = writer(tmp_path / f"corpus{suffix}")
    parts = ids(str(path), 5)
    assert [len(p) for p in parts] == [5, 4]
    assert [i for p in parts for i in p] == [r["id"] for r in rows()]


def test_row_offsets_keep_quoted_newlines_inside_a_row(tmp_path: Path) -> None:
    path = tmp_path / "quoted.csv"
    path.write_text(
        'id,text\n1,"first line\nsecond line, still row one"\n2,"row ""two"""\n3,three\n', encoding="utf-8"
    )
    assert len(csv_row_offsets(path)) == 4
    texts = [d.text for d in table_items(path, source="quoted.csv") if isinstance(d, Document)]
    assert texts == ["first line\nsecond line, still row one", 'row "two"', "three"]


def test_a_folder_is_cut_into_groups_of_files(tmp_path: Path) -> None:
    for n in range(5):
        (tmp_path / f"{n}.txt").write_text(f"Report number {n}. " * 10, encoding="utf-8")
    partitions = plan([str(tmp_path)], 2)
    assert [len(p.paths) for p in partitions] == [2, 2, 1] and [p.index for p in partitions] == [0, 1, 2]


def test_a_table_without_a_text_column_is_a_rejected_row_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("id,body\n1,hello\n", encoding="utf-8")
    (partition,) = plan([str(path)], 10)
    (outcome,) = list(read(partition, Settings()))
    assert isinstance(outcome, Rejected) and "text" in outcome.detail


def test_bad_sizes_and_missing_sources_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="partition-size"):
        plan([str(tmp_path)], 0)
    with pytest.raises(SourceNotFound):
        plan([str(tmp_path / "nowhere.csv")], 10)


def test_partitions_are_handed_out_heaviest_first(tmp_path: Path) -> None:
    """The run must not end on a big partition one worker took last while the others sit idle."""
    path = tmp_path / "uneven.csv"
    texts = ["short"] * 4 + ["a much longer text " * 50] * 2 + ["mid length text " * 5] * 2
    path.write_text("id,text\n" + "".join(f"{i},{t}\n" for i, t in enumerate(texts)), encoding="utf-8")
    partitions = plan([str(path)], 2)  # short, short, long, mid
    weights = [p.weight for p in partitions]
    assert weights[2] > weights[3] > weights[0] == weights[1]
    assert sum(weights) == path.stat().st_size - len("id,text\n")
    assert [p.index for p in largest_first(partitions)] == [2, 3, 0, 1]  # ties keep input order
