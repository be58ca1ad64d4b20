"""The geometry the checks stand on: geodesic distances, buffers and point-to-line distances
(pyproj), geometry read from GeoJSON with its positions checked, corridors, and towns by country."""

from __future__ import annotations

import pytest
import shapely

from ceasefire.deconflict.places import BORDER_KM, Towns, place_mismatch
from ceasefire.deconflict.shapes import footprint, read_geometry, route_positions
from ceasefire.errors import InputError
from ceasefire.geo import distance_km, distance_to_km, envelope, geodesic_buffer, in_area, length_km
from ceasefire.knowledge.gazetteer import MemoryGazetteer


def test_distances_are_geodesic_on_the_ellipsoid() -> None:
    # one degree of latitude at the equator is 110.574 km on WGS 84 (a sphere gives 111.195)
    assert distance_km(0.0, 0.0, 1.0, 0.0) == pytest.approx(110.574, abs=0.001)
    assert distance_km(35.9306, 36.6339, 35.9306, 36.6339) == 0.0


def test_a_buffer_is_as_wide_on_the_ground_east_west_as_north_south() -> None:
    ring = geodesic_buffer(shapely.Point(36.6, 60.0), 1000)  # far north, where a degree of longitude is short
    min_lon, min_lat, max_lon, max_lat = ring.bounds
    assert distance_km(60.0, min_lon, 60.0, max_lon) == pytest.approx(2.0, rel=0.01)
    assert distance_km(min_lat, 36.6, max_lat, 36.6) == pytest.approx(2.0, rel=0.01)


def test_distance_to_a_line_is_to_its_nearest_point_and_zero_inside_a_polygon() -> None:
    road = shapely.LineString([(36.60, 35.90), (36.70, 35.90)])
    # within a few metres: a straight leg between two positions is not quite the parallel they share
    assert distance_to_km(35.91, 36.65, road) == pytest.approx(
        distance_km(35.91, 36.65, 35.90, 36.65), abs=0.005
    )
    square = shapely.box(36.60, 35.90, 36.70, 36.00)
    assert distance_to_km(35.95, 36.65, square) == 0.0


def test_an_envelope_holds_every_point_within_its_distance() -> None:
    min_lon, min_lat, max_lon, max_lat = envelope(35.93, 36.63, 5.0)
    for lat, lon in ((35.93, max_lon), (35.93, min_lon), (max_lat, 36.63), (min_lat, 36.63)):
        assert distance_km(35.93, 36.63, lat, lon) >= 5.0


def test_in_area_keeps_the_behaviour_its_callers_rely_on() -> None:
    square = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]}
    feature = {"type": "Feature", "geometry": square, "properties": {}}
    assert in_area(feature, 5.0, 5.0) is True
    assert in_area({"type": "FeatureCollection", "features": [feature]}, 15.0, 5.0) is False


def test_length_of_a_route() -> None:
    assert length_km([[36.0, 0.0], [37.0, 0.0]]) == pytest.approx(111.32, abs=0.01)


@pytest.mark.parametrize(
    ("geometry", "kind", "field"),
    [
        ({"type": "Point", "coordinates": [36.6]}, "site", "geometry.coordinates"),
        ({"type": "Point", "coordinates": [36.6, True]}, "site", "geometry.coordinates"),
        ({"type": "LineString", "coordinates": [[36.6, 35.9]]}, "movement", "geometry.coordinates"),
        ({"type": "Polygon", "coordinates": []}, "zone", "geometry.coordinates"),
        ({"type": "Point", "coordinates": [36.6, 35.9]}, "flight", "geometry.type"),
        ({"type": "GeometryCollection", "geometries": []}, "zone", "geometry.type"),
    ],
    ids=["short-position", "boolean", "one-position-line", "empty-polygon", "point-flight", "collection"],
)
def test_geometry_that_does_not_fit_names_the_field(
    geometry: dict[str, object], kind: str, field: str
) -> None:
    with pytest.raises(InputError) as caught:
        read_geometry(geometry, kind)
    assert caught.value.source == field


def test_a_continuous_multiline_route_reads_as_one_route() -> None:
    route = read_geometry({"type": "MultiLineString", "coordinates": [[[36.0, 35.0], [36.1, 35.0]],
                                                                     [[36.1, 35.0], [36.2, 35.1]]]}, "movement")  # fmt: skip
    assert route_positions(route) == [[36.0, 35.0], [36.1, 35.0], [36.2, 35.1]]


def test_a_flight_corridor_is_its_line_grown_by_half_its_width() -> None:
    line = shapely.LineString([(36.0, 35.0), (36.5, 35.0)])
    corridor = footprint("flight", line, 2000)
    _, min_lat, _, max_lat = corridor.bounds
    assert distance_km(min_lat, 36.2, max_lat, 36.2) == pytest.approx(2.0, rel=0.01)
    assert footprint("movement", line, None) is line


def test_towns_tell_a_point_s_country_with_slack_at_borders() -> None:
    towns = Towns(MemoryGazetteer())
    assert towns.country_at(35.93, 36.63, "SY").holds() is True
    assert towns.country_at(35.93, 36.63, "LY").holds() is False
    assert towns.country_at(34.6, 33.2, "SY").holds() is None  # at sea
    near_tripoli_lb = towns.country_at(34.45, 35.84, "SY")  # Lebanese Tripoli; no Syrian town in 15 km
    assert near_tripoli_lb.nearest == "LB" and near_tripoli_lb.holds() is False
    assert towns.country_at(34.45, 35.84, "LB").holds() is True
    assert BORDER_KM == 15.0


def test_a_named_place_far_from_the_coordinates_contradicts_them() -> None:
    gazetteer = MemoryGazetteer()
    assert place_mismatch(gazetteer, "Idlib", "SY", 35.93, 36.63) is None
    assert "Aleppo" in (place_mismatch(gazetteer, "Aleppo", "SY", 35.93, 36.63) or "")
    assert place_mismatch(gazetteer, "Nowhere-on-earth", "SY", 35.93, 36.63) is None
