"""Verdicts: what the rules say about a banned event against a ceasefire's terms, dates and scope."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ceasefire.geo import contains
from ceasefire.registry.process import Process, ProcessActor, Terms
from ceasefire.tracker.tracked import TrackedEvent
from ceasefire.tracker.verdicts import verdict_for

ISLAMIC_STATE = ProcessActor("Islamic State", "excluded", "imd-isis", "IMG", "REB")
NUSRA = ProcessActor("Nusra Front", "excluded")
#: a square around Aleppo (lon 36.5-38, lat 35.5-37) with a hole over the city (lon 37-37.4, lat 36-36.4)
AREA: dict[str, Any] = {
    "type": "Polygon",
    "coordinates": [
        [[36.5, 35.5], [38.0, 35.5], [38.0, 37.0], [36.5, 37.0], [36.5, 35.5]],
        [[37.0, 36.0], [37.4, 36.0], [37.4, 36.4], [37.0, 36.4], [37.0, 36.0]],
    ],
}


def ref(name: str, entity_id: str | None = None, text: str | None = None) -> dict[str, Any]:
    return {"text": text or name, "name": name, "country": "SYR", "sector": "REB", "entity_id": entity_id}


def place(
    name: str = "Idlib", country: str | None = "SY", lat: float | None = 35.93, lon: float | None = 36.63
) -> dict[str, Any]:
    return {"text": name, "name": name, "country": country, "lat": lat, "lon": lon}


def tracked(
    event: str = "ASSAULT",
    when: date | None = date(2020, 3, 10),
    *,
    actor: list[dict[str, Any]] | None = None,
    recipient: list[dict[str, Any]] | None = None,
    where: dict[str, Any] | None = None,
) -> TrackedEvent:
    where = where if where is not None else place()
    record: dict[str, Any] = {
        "id": "e1",
        "event": event,
        "mode": None,
        "context": [],
        "process": None,
        "modality": "asserted",
        "actor": actor or [ref("Syrian Arab Army", "syr-saa")],
        "recipient": recipient or [ref("Free Syrian Army", "syr-fsa")],
        "place": where,
        "date": when.isoformat() if when else None,
        "evidence": {"doc_id": "d1", "text": "Shelling hit Idlib.", "start": 0, "end": 19},
        "trigger": {"text": "Shelling", "start": 0, "end": 8},
        "confidence": 0.9,
        "reasons": [],
    }
    countries = frozenset({where["country"]}) if where.get("country") else frozenset({"SY"})
    return TrackedEvent("e1", "d1", record, when, countries)


def ceasefire(areas: list[dict[str, Any]] | None = None, banned: tuple[str, ...] = ("ASSAULT",)) -> Process:
    return Process(
        id="syria-2020",
        name="Idlib ceasefire",
        kind="ceasefire",
        origin="manual",
        countries=["SY"],
        areas=areas or [],
        actors=[ProcessActor("Government of Syria"), ISLAMIC_STATE, NUSRA],
        declared=date(2020, 3, 1),
        effective=date(2020, 3, 6),
        ended=date(2020, 5, 1),
        terms=Terms(banned=banned),
    )


def verdict(event: TrackedEvent, process: Process | None = None) -> str | None:
    found = verdict_for(event, process or ceasefire())
    return found[0] if found else None


def test_banned_event_in_scope_and_in_force_is_a_potential_violation() -> None:
    found = verdict_for(tracked(), ceasefire())
    assert found is not None
    assert found[0] == "potential_violation"
    assert "Idlib ceasefire" in found[1]


@pytest.mark.parametrize(
    ("actor", "recipient", "side"),
    [
        ([ref("IS fighters", "imd-isis")], None, "carried out by"),
        ([ref("islamic state")], None, "carried out by"),
        (None, [ref("Nusra Front")], "aimed at"),
        (
            None,
            [{"text": "Nusra Front", "name": None, "country": None, "sector": None, "entity_id": None}],
            "aimed at",
        ),
    ],
    ids=["actor-by-entity-id", "actor-by-name-casefolded", "recipient-by-name", "recipient-by-text"],
)
def test_an_excluded_group_as_actor_or_recipient_gives_excluded_actor(
    actor: list[dict[str, Any]] | None, recipient: list[dict[str, Any]] | None, side: str
) -> None:
    found = verdict_for(tracked(actor=actor, recipient=recipient), ceasefire())
    assert found is not None
    assert found[0] == "excluded_actor"
    assert found[1].startswith(side)


def test_a_non_excluded_party_with_a_similar_name_is_not_excluded() -> None:
    assert verdict(tracked(actor=[ref("Islamic State of Iraq", "imd-isi")])) == "potential_violation"


def test_excluded_actor_is_judged_before_dates_and_scope() -> None:
    event = tracked(when=date(2020, 6, 1), actor=[ref("IS", "imd-isis")], where=place("Mosul", "IQ"))
    assert verdict(event) == "excluded_actor"


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (date(2020, 3, 1), "before_effective"),
        (date(2020, 3, 5), "before_effective"),
        (date(2020, 3, 6), "potential_violation"),
        (date(2020, 5, 1), "potential_violation"),
        (date(2020, 5, 2), "after_end"),
        (None, "potential_violation"),
    ],
    ids=["declared", "day-before-effective", "effective", "end", "day-after-end", "undated"],
)
def test_dates_outside_the_ceasefire_give_before_effective_or_after_end(
    when: date | None, expected: str
) -> None:
    assert verdict(tracked(when=when)) == expected


def test_before_effective_falls_back_to_declared() -> None:
    process = ceasefire()
    process.effective = None
    assert verdict(tracked(when=date(2020, 2, 29)), process) == "before_effective"
    assert verdict(tracked(when=date(2020, 3, 1)), process) == "potential_violation"


def test_an_event_in_another_country_is_outside_scope() -> None:
    found = verdict_for(tracked(where=place("Kilis", "TR", 36.7, 37.1)), ceasefire())
    assert found is not None
    assert found == ("outside_scope", "Kilis is outside SY")


def test_a_place_with_no_country_is_not_judged_outside_the_countries() -> None:
    assert verdict(tracked(where=place("somewhere", None, None, None))) == "potential_violation"


@pytest.mark.parametrize(
    ("lon", "lat", "expected"),
    [
        (36.63, 35.93, "potential_violation"),
        (37.16, 36.2, "outside_scope"),
        (39.0, 36.0, "outside_scope"),
    ],
    ids=["inside", "inside-the-hole", "outside"],
)
def test_areas_bound_the_scope_with_holes_counting_as_outside(lon: float, lat: float, expected: str) -> None:
    event = tracked(where=place("spot", "SY", lat, lon))
    assert verdict(event, ceasefire(areas=[AREA])) == expected


def test_a_place_without_coordinates_cannot_be_placed_inside_areas() -> None:
    found = verdict_for(tracked(where=place("Syria", "SY", None, None)), ceasefire(areas=[AREA]))
    assert found is not None
    assert found[0] == "outside_scope" and "cannot be placed inside the areas" in found[1]


def test_any_of_several_areas_may_hold_the_event() -> None:
    far = {"type": "Polygon", "coordinates": [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]]}
    event = tracked(where=place("spot", "SY", 35.93, 36.63))
    assert verdict(event, ceasefire(areas=[far])) == "outside_scope"
    assert verdict(event, ceasefire(areas=[far, AREA])) == "potential_violation"


@pytest.mark.parametrize(
    ("event", "banned"),
    [("CONSULT", ("ASSAULT",)), ("ASSAULT", ("MOBILIZE",)), ("ACCUSE", ("ASSAULT", "COERCE"))],
    ids=["consult", "assault-not-banned", "accuse"],
)
def test_events_the_terms_do_not_ban_get_no_verdict(event: str, banned: tuple[str, ...]) -> None:
    assert verdict_for(tracked(event), ceasefire(banned=banned)) is None


def test_any_banned_event_type_gets_a_verdict() -> None:
    assert verdict(tracked("MOBILIZE"), ceasefire(banned=("MOBILIZE",))) == "potential_violation"


# -- contains --------------------------------------------------------------------------------------

SQUARE = [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0], [0.0, 0.0]]
HOLE = [[4.0, 4.0], [6.0, 4.0], [6.0, 6.0], [4.0, 6.0], [4.0, 4.0]]
FAR_SQUARE = [[20.0, 20.0], [30.0, 20.0], [30.0, 30.0], [20.0, 30.0], [20.0, 20.0]]


@pytest.mark.parametrize(
    ("geometry", "lon", "lat", "inside"),
    [
        ({"type": "Polygon", "coordinates": [SQUARE]}, 5.0, 5.0, True),
        ({"type": "Polygon", "coordinates": [SQUARE]}, 15.0, 5.0, False),
        ({"type": "Polygon", "coordinates": [SQUARE]}, 5.0, -1.0, False),
        ({"type": "Polygon", "coordinates": [SQUARE, HOLE]}, 5.0, 5.0, False),
        ({"type": "Polygon", "coordinates": [SQUARE, HOLE]}, 2.0, 5.0, True),
        ({"type": "MultiPolygon", "coordinates": [[SQUARE], [FAR_SQUARE]]}, 25.0, 25.0, True),
        ({"type": "MultiPolygon", "coordinates": [[SQUARE, HOLE], [FAR_SQUARE]]}, 5.0, 5.0, False),
        ({"type": "MultiPolygon", "coordinates": [[SQUARE], [FAR_SQUARE]]}, 15.0, 15.0, False),
        ({"type": "Point", "coordinates": [5.0, 5.0]}, 5.0, 5.0, False),
    ],
    ids=[
        "polygon-inside", "polygon-east", "polygon-south", "polygon-in-hole", "polygon-beside-hole",
        "multipolygon-second", "multipolygon-in-hole", "multipolygon-between", "point-geometry",
    ],
)  # fmt: skip
def test_contains(geometry: dict[str, Any], lon: float, lat: float, inside: bool) -> None:
    assert contains(geometry, lon, lat) is inside


def test_contains_takes_lon_before_lat() -> None:
    tall = {
        "type": "Polygon",
        "coordinates": [[[0.0, 0.0], [1.0, 0.0], [1.0, 10.0], [0.0, 10.0], [0.0, 0.0]]],
    }
    assert contains(tall, 0.5, 8.0)
    assert not contains(tall, 8.0, 0.5)
