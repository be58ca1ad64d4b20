"""Sides: an actor's side through the catalogue, and generic parties that take in every armed group."""

from __future__ import annotations

from ceasefire.knowledge.catalogue import Catalogue
from ceasefire.tracker.sides import Sides

SIDES = Sides(Catalogue.load())


def test_a_state_s_forces_and_leaders_are_its_government_s_side() -> None:
    assert SIDES.side({"entity_id": "syr-saa"}) == "syr-gov"
    assert SIDES.side({"country": "SYR", "sector": "MIL"}) == "syr-gov"
    assert SIDES.side({"country": "TUR", "sector": "MIL"}) == "tur-gov"


def test_a_bare_armed_group_is_a_generic_side_of_its_country() -> None:
    assert SIDES.side({"sector": "REB"}, "SYR") == "SYR:REB"
    assert SIDES.side({"sector": "CVL", "country": "SYR"}) is None
    assert SIDES.side({}) is None


def test_a_generic_party_takes_in_every_armed_group_of_its_country_and_nothing_else() -> None:
    assert SIDES.matches("sdn-rsf", "SDN:REB")
    assert SIDES.matches("SDN:UAF", "SDN:REB")
    assert not SIDES.matches("sdn-gov", "SDN:REB")
    assert not SIDES.matches("SYR:REB", "SDN:REB")
    assert not SIDES.matches("SDN:REB", "sdn-rsf")


def test_ucdp_s_name_for_haftar_s_forces_is_the_libyan_national_army() -> None:
    ref = Catalogue.load().resolve("Forces of the House of Representatives", frozenset({"LBY"}))
    assert SIDES.side({"entity_id": ref.entity_id}) == SIDES.side({"entity_id": "lby-lna"}) == "lby-lna"
