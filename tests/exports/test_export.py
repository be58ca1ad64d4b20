"""``export``: the format by name, an unknown name refused, constant memory for any number of rows."""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Callable, Iterator

import pytest

from ceasefire.errors import ConfigError
from ceasefire.exports import FORMATS, ExportRow, export

ManyRows = Callable[[int], Iterator[ExportRow]]
#: events of the four test rows each format writes (see conftest)
WRITTEN = {"plover-json": 4, "acled-csv": 1, "geojson": 2, "hxl-csv": 4}


class CountingSink(io.StringIO):
    """A text stream that keeps nothing but how many characters it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)


def test_the_four_formats_are_offered() -> None:
    assert set(FORMATS) == {"plover-json", "acled-csv", "geojson", "hxl-csv"}


@pytest.mark.parametrize("fmt", sorted(WRITTEN))
def test_export_writes_the_named_format_and_counts_events(rows: list[ExportRow], fmt: str) -> None:
    out, direct = io.StringIO(), io.StringIO()
    assert export(rows, fmt, out) == WRITTEN[fmt]
    FORMATS[fmt](rows, direct)
    if fmt != "acled-csv":  # its timestamp column may fall back to the export time
        assert out.getvalue() == direct.getvalue()


def test_an_unknown_format_raises_config_error_naming_the_choices(rows: list[ExportRow]) -> None:
    with pytest.raises(ConfigError, match="unknown export format 'kml'") as caught:
        export(rows, "kml", io.StringIO())
    assert all(name in str(caught.value) for name in FORMATS)
    assert str(caught.value).startswith("[CF110]")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_exporting_fifty_thousand_rows_keeps_memory_constant(many_rows: ManyRows, fmt: str) -> None:
    export(many_rows(4), fmt, CountingSink())  # warm up: country tables load once, outside the measure
    sink = CountingSink()
    tracemalloc.start()
    try:
        written = export(many_rows(50_000), fmt, sink)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written >= 12_500
    assert sink.chars > 5_000_000, "the output is far larger than the memory allowed"
    assert peak < 2 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB while streaming"
