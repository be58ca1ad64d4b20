"""GeoJSON: a valid RFC 7946 FeatureCollection, one Point per event with coordinates, [lon, lat]."""

from __future__ import annotations

import io
import json
import math
from typing import Any

import pytest

from ceasefire.exports import ExportRow
from ceasefire.exports.geojson import write_geojson


def rfc7946_problems(collection: Any) -> list[str]:
    """What makes ``collection`` an invalid RFC 7946 FeatureCollection of Points (empty: valid)."""
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        return ["top level is not an object of type FeatureCollection"]
    features = collection.get("features")
    if not isinstance(features, list):
        return ["'features' is not a list"]
    problems = []
    for i, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.append(f"feature {i}: not an object of type Feature")
            continue
        if "id" in feature and not isinstance(feature["id"], str | int | float):
            problems.append(f"feature {i}: id is neither a string nor a number")
        if not isinstance(feature.get("properties"), dict):
            problems.append(f"feature {i}: properties is not an object")
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") != "Point":
            problems.append(f"feature {i}: geometry is not a Point")
            continue
        position = geometry.get("coordinates")
        if not (
            isinstance(position, list)
            and len(position) == 2
            and all(
                isinstance(n, int | float) and not isinstance(n, bool) and math.isfinite(n) for n in position
            )
        ):
            problems.append(f"feature {i}: coordinates are not two finite numbers")
            continue
        lon, lat = position
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            problems.append(f"feature {i}: [lon, lat] {position} out of range")
    return problems


def exported(rows: list[ExportRow]) -> tuple[int, dict[str, Any]]:
    out = io.StringIO()
    count = write_geojson(rows, out)
    return count, json.loads(out.getvalue())


def test_output_is_a_valid_feature_collection(rows: list[ExportRow]) -> None:
    _, collection = exported(rows)
    assert rfc7946_problems(collection) == []


def test_one_point_per_event_with_coordinates(rows: list[ExportRow]) -> None:
    count, collection = exported(rows)
    assert count == len(collection["features"]) == 2, "the question has no place, the claim no coordinates"
    assert [f["id"] for f in collection["features"]] == ["strike", "rejection"]


def test_coordinates_are_longitude_then_latitude(rows: list[ExportRow]) -> None:
    _, collection = exported(rows)
    tripoli = collection["features"][0]
    assert tripoli["geometry"]["coordinates"] == [13.2, 32.9]


def test_properties_are_the_flat_essentials(rows: list[ExportRow]) -> None:
    _, collection = exported(rows)
    properties = collection["features"][0]["properties"]
    assert properties == properties | {
        "id": "strike", "event": "ASSAULT", "mode": "aerial", "modality": "asserted",
        "process_kind": "ceasefire", "process_phase": "violated", "date": "2020-01-14",
        "actor": "Libyan National Army", "recipient": "Government of National Accord",
        "place_name": "Tripoli", "place_precision": "city", "doc_id": "libya-1",
        "url": "https://news.example/2020/01/14/libya",
        "processes": "libya-2020-01-ceasefire; berlin-process",
    }  # fmt: skip
    assert properties["evidence"] == rows[0].event["evidence"]["text"]
    assert all(not isinstance(value, dict | list) for value in properties.values())


@pytest.mark.parametrize(
    ("problem", "collection"),
    [
        ("swapped", {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [100.0, 120.0]}}]}),
        ("no-list", {"type": "FeatureCollection", "features": {}}),
        ("no-properties", {"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [13.2, 32.9]}}]}),
    ],
    ids=["lat-out-of-range", "features-not-a-list", "properties-missing"],
)  # fmt: skip
def test_the_validator_catches_invalid_collections(problem: str, collection: dict[str, Any]) -> None:
    assert rfc7946_problems(collection) != []


def test_zero_rows_give_an_empty_valid_collection() -> None:
    count, collection = exported([])
    assert (count, collection) == (0, {"type": "FeatureCollection", "features": []})
    assert rfc7946_problems(collection) == []
