"""One definition of in force, in scope and a breach, and which newer process replaces an older one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ceasefire.registry.process import NamedPlace, Process, Terms
from ceasefire.tracker.force import DORMANT, LOCAL_KM, Lifetime, binds, breaches, in_scope, supersede

DAY = date(2020, 3, 1)
IDLIB = (35.93, 36.63)
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[36.0, 35.0], [37.0, 35.0], [37.0, 36.5], [36.0, 36.5], [36.0, 35.0]]],
}


def process(id: str = "p", begun: date | None = DAY, **more: object) -> Process:
    return Process(
        id=id, name=id, kind="ceasefire", origin="manual", countries=["SY"], declared=begun, **more
    )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lifetime", "day", "binds_then"),
    [
        (Lifetime(DAY, until=DAY + timedelta(days=9)), DAY + timedelta(days=9), True),
        (Lifetime(DAY, until=DAY + timedelta(days=9)), DAY + timedelta(days=10), False),
        (Lifetime(DAY), DAY - timedelta(days=1), False),
        (Lifetime(DAY), DAY + DORMANT, True),
        (Lifetime(DAY), DAY + DORMANT + timedelta(days=1), False),
        (Lifetime(DAY, last_seen=DAY + timedelta(days=100)), DAY + DORMANT + timedelta(days=50), True),
        (Lifetime(DAY, cut=DAY + timedelta(days=4)), DAY + timedelta(days=5), False),
        (
            Lifetime(DAY, until=DAY + timedelta(days=30), cut=DAY + timedelta(days=4)),
            DAY + timedelta(days=4),
            True,
        ),
        (Lifetime(None), DAY, False),
    ],
    ids=[
        "last-day",
        "after-end",
        "before-start",
        "dormancy-edge",
        "dormant",
        "kept-alive",
        "replaced",
        "replaced-edge",
        "never-began",
    ],
)
def test_a_ceasefire_binds_from_its_start_to_its_end_successor_or_dormancy(
    lifetime: Lifetime, day: date, binds_then: bool
) -> None:
    assert lifetime.binds_on(day) is binds_then
    assert binds(lifetime.begins, lifetime.last_day, day) is binds_then


def test_breaches_follow_the_terms() -> None:
    assert breaches(process(), "ASSAULT") and not breaches(process(), "MOBILIZE")
    assert breaches(process(terms=Terms(banned=("ASSAULT", "MOBILIZE"))), "MOBILIZE")
    assert not breaches(process(), None)


def test_scope_is_the_countries_then_the_areas_then_a_local_truce_s_places() -> None:
    assert in_scope(process(), "SY") and not in_scope(process(), "TR") and not in_scope(process(), None)
    areas = process(areas=[SQUARE])
    assert (
        in_scope(areas, "SY", *IDLIB) and not in_scope(areas, "SY", 37.5, 36.6) and not in_scope(areas, "SY")
    )
    homs = process(local=True, places=[NamedPlace("Homs", "SY", 34.73, 36.71)])
    assert in_scope(homs, "SY", 34.73, 36.80) and in_scope(homs, "SY", place="Homs")
    assert not in_scope(homs, "SY", 36.2, 37.16) and not in_scope(homs, "SY")
    far = 34.73 + (LOCAL_KM + 5) / 111
    assert not in_scope(homs, "SY", far, 36.71)


def test_a_newer_process_covering_the_older_sides_replaces_it() -> None:
    old, new = process("old"), process("new", DAY + timedelta(days=10))
    sides = {"old": frozenset({"a", "b"}), "new": frozenset({"a", "b"})}
    assert supersede([old, new], sides, lambda n, o: o <= n) == {"old": new}


def test_an_older_or_narrower_or_local_process_replaces_nothing() -> None:
    old = process("old")
    narrow = process("narrow", DAY + timedelta(days=10))
    local = process("local", DAY + timedelta(days=20), local=True)
    partial = process("partial", DAY + timedelta(days=30), partial=True)
    sides = {"old": frozenset({"a", "b"}), "narrow": frozenset({"a"}), "local": frozenset({"a", "b"}),
             "partial": frozenset({"a", "b"})}  # fmt: skip
    assert supersede([old, narrow, local, partial], sides, lambda n, o: o <= n) == {}


def test_processes_of_different_conflicts_do_not_replace_each_other() -> None:
    old = process("old", external_ids={"ucdp_conflict": ["1"]})
    new = process("new", DAY + timedelta(days=10), external_ids={"ucdp_conflict": ["2"]})
    assert supersede([old, new], {}, lambda n, o: True) == {}
