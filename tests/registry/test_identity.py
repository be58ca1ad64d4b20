"""Grouping registry records into one process per real ceasefire, every record kept."""

from __future__ import annotations

from datetime import date

from ceasefire.registry.identity import group_records
from ceasefire.registry.process import Process, ProcessActor

GOV = ProcessActor("Government of Libya", "party", "lby-gna", "LBY", "GOV")
LNA = ProcessActor("Forces of the House of Representatives", "party", "lby-lna", "LBY", "MIL")


def record(id: str, origin: str = "eth-prio", declared: date | None = date(2020, 1, 12),
           parties: tuple[ProcessActor, ...] = (GOV,), conflict: str | None = "11346", **more: object) -> Process:  # fmt: skip
    ids = {"ucdp_conflict": [conflict]} if conflict else {}
    ids.update(more.pop("ids", {}))  # type: ignore[arg-type]
    return Process(
        id=id,
        name=f"{id} name",
        kind="ceasefire",
        origin=origin,
        countries=["LY"],  # type: ignore[arg-type]
        declared=declared,
        actors=list(parties),
        external_ids=ids,
        **more,
    )  # type: ignore[arg-type]


def groups(*records: Process) -> dict[str, list[str]]:
    return {p.id: [r.id for r in p.records] for p in group_records(records)}


def test_each_side_s_declaration_within_days_is_one_process_with_both_declarations() -> None:
    (process,) = group_records(
        [record("eth-prio-2", parties=(LNA,)), record("eth-prio-1", declared=date(2020, 1, 14))]
    )
    assert process.id == "eth-prio-2" and [r.id for r in process.records] == ["eth-prio-2", "eth-prio-1"]
    assert [(d.party, d.kind, d.record) for d in process.declarations] == [
        ("Forces of the House of Representatives", "unilateral", "eth-prio-2"),
        ("Government of Libya", "unilateral", "eth-prio-1"),
    ]
    assert {a.name for a in process.actors_in("party")} == {GOV.name, LNA.name}
    assert process.aliases == ["eth-prio-1 name"]


def test_declarations_by_the_same_side_stay_apart() -> None:
    assert len(groups(record("eth-prio-1"), record("eth-prio-2", declared=date(2020, 1, 13)))) == 2


def test_declarations_more_than_three_days_apart_stay_apart() -> None:
    assert (
        len(groups(record("eth-prio-1"), record("eth-prio-2", declared=date(2020, 1, 16), parties=(LNA,))))
        == 2
    )


def test_declarations_of_different_conflicts_stay_apart() -> None:
    other = record("eth-prio-2", parties=(LNA,), conflict="999")
    assert len(groups(record("eth-prio-1"), other)) == 2
    assert (
        len(groups(record("eth-prio-1", conflict=None), record("eth-prio-3", parties=(LNA,), conflict=None)))
        == 2
    )


def test_a_pax_agreement_an_eth_prio_record_points_to_joins_it_whatever_its_date() -> None:
    eth = record("eth-prio-1", parties=(GOV, LNA), ids={"pax_agt_id": ["77"]})
    pax = record("pax-77", origin="pax", declared=date(2020, 3, 1), ids={"pax_agt_id": ["77"]})
    assert groups(eth, pax) == {"eth-prio-1": ["eth-prio-1", "pax-77"]}


def test_a_pax_agreement_of_the_same_conflict_and_date_joins_the_closest_ceasefire_one_to_one() -> None:
    eth = record("eth-prio-1", parties=(GOV, LNA))
    near = record("pax-5", origin="pax", declared=date(2020, 1, 13))
    nearer = record("pax-6", origin="pax", declared=date(2020, 1, 12))
    found = groups(eth, near, nearer)
    assert found["eth-prio-1"] == ["eth-prio-1", "pax-6"] and found["pax-5"] == ["pax-5"]


def test_a_merged_process_is_national_unless_every_record_is_local_and_keeps_its_venues() -> None:
    eth = record("eth-prio-1", parties=(GOV, LNA))
    pax = record("pax-6", origin="pax", local=True, venues=["Zawiya"])
    (process,) = group_records([eth, pax])
    assert not process.local and process.venues == ["Zawiya"]


def test_grouping_is_the_same_whatever_the_order_of_the_records() -> None:
    records = [record("eth-prio-2", parties=(LNA,)), record("eth-prio-1"), record("pax-6", origin="pax")]
    assert groups(*records) == groups(*reversed(records))


def test_a_manual_entry_is_the_primary_of_its_group() -> None:
    manual = record("libya-2020", origin="manual", ids={"eth_prio_uniq_id": ["620077"]})
    eth = record("eth-prio-620077", ids={"eth_prio_uniq_id": ["620077"]})
    assert groups(eth, manual) == {"libya-2020": ["libya-2020", "eth-prio-620077"]}
