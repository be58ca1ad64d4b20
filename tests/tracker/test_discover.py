"""Discovered candidates: the conflict a document is about, and names after it, never the venue."""

from __future__ import annotations

from typing import Any

from ceasefire.registry.process import Process, ProcessActor
from ceasefire.tracker.discover import candidate_name, conflict_countries, country_name


def ref(country: str, sector: str) -> dict[str, Any]:
    return {"text": "x", "country": country, "sector": sector}


def record(
    event: str = "AGREE", actors: list[dict[str, Any]] | None = None, place: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {"event": event, "actor": actors or [], "recipient": [], "place": place}


def test_the_conflict_is_where_the_fighting_forces_come_from_not_the_mediators_or_venue() -> None:
    records = [
        record(actors=[ref("SDN", "MIL"), ref("SDN", "REB")], place={"country": "SA", "precision": "city"}),
        record(actors=[ref("USA", "GOV"), ref("SAU", "GOV")]),
        record("ASSAULT", place={"country": "SD", "precision": "city"}),
    ]
    assert conflict_countries(records) == frozenset({"SD"})


def test_two_countries_fighting_are_both_the_conflict() -> None:
    records = [
        record(actors=[ref("ARM", "MIL")]),
        record(actors=[ref("AZE", "MIL")]),
        record(actors=[ref("RUS", "GOV")]),
    ]
    assert conflict_countries(records) == frozenset({"AM", "AZ"})


def test_a_government_counts_only_where_fighting_also_points() -> None:
    assert conflict_countries([record(actors=[ref("QAT", "GOV")])]) == frozenset()
    both = [record(actors=[ref("YEM", "REB"), ref("YEM", "GOV"), ref("SAU", "GOV")])]
    assert conflict_countries(both) == frozenset({"YE"})


def test_a_candidate_is_named_after_its_countries_parties_and_month() -> None:
    candidate = Process(id="c", name="", kind="ceasefire", origin="discovered", countries=["SD"],
                        actors=[ProcessActor("Sudanese Armed Forces"), ProcessActor("Rapid Support Forces"),
                                ProcessActor("Government of Saudi Arabia", "mediator")])  # fmt: skip
    from datetime import date

    candidate.declared = date(2023, 5, 20)
    assert candidate_name(candidate) == (
        "Sudan ceasefire: Sudanese Armed Forces and Rapid Support Forces, May 2023 (discovered)"
    )


def test_country_names_are_short() -> None:
    assert [country_name(c) for c in ("PS", "SY", "CD", "RU", "XX")] == [
        "Palestine",
        "Syria",
        "DR Congo",
        "Russia",
        "XX",
    ]


def test_with_no_fighting_named_the_conflict_is_the_countries_mentioned_less_the_mediators() -> None:
    records = [
        record(actors=[ref("USA", "GOV"), ref("SAU", "GOV")], place={"country": "SA", "precision": "country"})
    ]
    assert conflict_countries(records, ["SA", "SD", "US"]) == frozenset({"SD"})
    assert conflict_countries([], ["SD"]) == frozenset({"SD"})
