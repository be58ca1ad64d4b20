"""CSV cells that a spreadsheet will not run (formula injection, OWASP's "CSV Injection").

Text from sources and reports ends up in exported cells; a cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is read by Excel, LibreOffice and Google Sheets as a formula
(``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``). Such a cell is written with a leading apostrophe, as
OWASP recommends, so it shows as the text it is. Numbers stay numbers: a value that is an int or a
float, or text that is nothing but a number (``-35.2``), is written as it is.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, TextIO

#: what makes a spreadsheet read a cell as a formula
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")


def safe(value: Any) -> Any:
    """``value`` as a cell no spreadsheet runs: text that would start a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER.match(value):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` whose every cell goes through ``safe``."""

    def __init__(self, out: TextIO, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe(cell) for cell in row])
