"""The countries each process names, kept a row apiece beside it, so the processes that may bind in
one country are found by an index rather than by reading every process (the registries hold
hundreds of ceasefires, and every breach report asks).

A process that names no country is in scope anywhere (``tracker/force.py``, ``in_scope``), so it
has one row under ``ANY_COUNTRY``. ``save_process`` writes the rows, a deleted process takes its
rows along, and migration 0008 wrote them for the processes stored before it. The rows only narrow
a query: the caller still applies the tracker's scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, select

from ceasefire.store.tables import process_countries, processes

#: the country a process that names none is kept under (no country code looks like it)
ANY_COUNTRY = "*"


def country_rows(process_id: str, countries: Iterable[str]) -> list[dict[str, str]]:
    """The rows of one process: a row per country it names, or one under ``ANY_COUNTRY``."""
    return [{"process_id": process_id, "country": c} for c in sorted(set(countries)) or [ANY_COUNTRY]]


def may_bind_in(country: Any) -> ColumnElement[bool]:
    """Processes whose countries allow ``country`` (a value or a bind parameter): those that name it
    and those that name none."""
    found = select(process_countries.c.process_id).where(
        process_countries.c.country.in_([country, ANY_COUNTRY])
    )
    return processes.c.id.in_(found)


def naming(country: Any) -> ColumnElement[bool]:
    """Processes that name ``country`` among their countries."""
    return processes.c.id.in_(
        select(process_countries.c.process_id).where(process_countries.c.country == country)
    )
