"""Resolution: ranked candidates with features, thresholds, ties, windows, discovery and supersession."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import pytest

from ceasefire.knowledge.catalogue import Catalogue
from ceasefire.registry.process import NamedPlace, Process, ProcessActor, Terms
from ceasefire.tracker.force import DORMANT
from ceasefire.tracker.resolution import Resolution, Tracker
from ceasefire.tracker.sides import Sides
from ceasefire.tracker.tracked import TrackedEvent

SIDES = Sides(Catalogue.load())
GENEVA = {"text": "Geneva", "name": "Geneva", "country": "CH", "lat": 46.2, "lon": 6.15, "precision": "city"}
ALEPPO = {"text": "Aleppo", "name": "Aleppo", "country": "SY", "lat": 36.2, "lon": 37.16, "precision": "city"}
HOMS = {"text": "Homs", "name": "Homs", "country": "SY", "lat": 34.73, "lon": 36.71, "precision": "city"}
SANAA = {"text": "Sanaa", "name": "Sanaa", "country": "YE", "lat": 15.35, "lon": 44.2, "precision": "city"}
JEDDAH = {"text": "Jeddah", "name": "Jeddah", "country": "SA", "lat": 21.5, "lon": 39.2, "precision": "city"}
SYRIAN_ARMY = {"text": "the Syrian army", "name": "Syrian Arab Army", "entity_id": "syr-saa", "country": "SYR",
               "sector": "MIL"}  # fmt: skip
REBELS = {"text": "rebels", "name": None, "entity_id": None, "country": "SYR", "sector": "REB"}
SAF = {
    "text": "the army",
    "name": "Sudanese Armed Forces",
    "entity_id": "sdn-saf",
    "country": "SDN",
    "sector": "MIL",
}
RSF = {
    "text": "the RSF",
    "name": "Rapid Support Forces",
    "entity_id": "sdn-rsf",
    "country": "SDN",
    "sector": "REB",
}
SAUDI = {"text": "Saudi Arabia", "name": "Government of Saudi Arabia", "entity_id": "sau-gov", "country": "SAU",
         "sector": "GOV"}  # fmt: skip
GOVERNMENT = ProcessActor("Government of Syria", "party", "syr-gov", "SYR", "GOV")
INSURGENTS = ProcessActor("Syrian insurgents", "party", None, "SYR", "REB")


def event(
    kind: str = "ASSAULT",
    when: date | None = date(2020, 3, 10),
    *,
    process: tuple[str, str] | None = None,
    modality: str = "asserted",
    place: dict[str, Any] | None = None,
    actors: Iterable[dict[str, Any]] = (),
    recipients: Iterable[dict[str, Any]] = (),
    conflict: Iterable[str] = ("SY",),
    text: str = "Both sides accepted the ceasefire.",
    trigger: str = "accepted",
    id: str = "e1",
    terms: dict[str, str] | None = None,
) -> TrackedEvent:
    """An event as ``refresh.tracked`` builds it."""
    actor, recipient = list(actors), list(recipients)
    record: dict[str, Any] = {
        "id": id, "event": kind, "mode": None, "context": [],
        "process": {"kind": process[0], "phase": process[1], **(terms or {})} if process else None,
        "modality": modality, "actor": actor, "recipient": recipient, "place": place,
        "date": when.isoformat() if when else None, "date_basis": "text",
        "evidence": {"doc_id": "d1", "text": text, "start": 0, "end": len(text)},
        "trigger": {"text": trigger, "start": max(0, text.find(trigger)), "end": max(0, text.find(trigger)) + len(trigger)},
        "confidence": 0.9, "reasons": [],
    }  # fmt: skip
    docs = frozenset(conflict)
    countries = frozenset({place["country"]}) if place and place.get("country") else docs
    return TrackedEvent(id, "d1", record, when, countries, frozenset(), docs, frozenset(conflict),
                        SIDES.sides(actor, "SYR"), SIDES.sides(recipient, "SYR"))  # fmt: skip


def ceasefire(
    id: str = "syria-2020",
    declared: date | None = date(2020, 3, 1),
    effective: date | None = None,
    ended: date | None = date(2020, 5, 1),
    countries: Iterable[str] = ("SY",),
    parties: Iterable[ProcessActor] = (GOVERNMENT, INSURGENTS),
    **more: Any,
) -> Process:
    return Process(id=id, name=f"{id} ceasefire", kind="ceasefire", origin="manual", countries=list(countries),
                   declared=declared, effective=effective, ended=ended, actors=list(parties), **more)  # fmt: skip


def run(processes: Iterable[Process], *events: TrackedEvent) -> Resolution:
    return Tracker(list(processes), SIDES).run(events)


def linked(result: Resolution) -> list[tuple[str, str]]:
    return [(link.event_id, link.process_id) for link in result.links if link.standing == "linked"]


ACCEPTED = ("ceasefire", "accepted")
IN_FORCE = ("ceasefire", "in_force")
ALLEGED = ("ceasefire", "violation_alleged")

# -- windows and thresholds -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "found"),
    [
        (date(2020, 1, 30), False),
        (date(2020, 2, 1), True),
        (date(2020, 5, 31), True),
        (date(2020, 6, 1), False),
    ],
    ids=["31d-before", "29d-before", "30d-after-end", "31d-after-end"],
)
def test_talks_link_within_30_days_of_the_process_dates(when: date, found: bool) -> None:
    talks = event(
        "CONSULT", when, process=("talks", "held"), place=ALEPPO, actors=[REBELS], recipients=[SYRIAN_ARMY]
    )
    assert bool(linked(run([ceasefire()], talks))) == found


@pytest.mark.parametrize(
    ("when", "found"),
    [
        (date(2020, 3, 4), False),
        (date(2020, 3, 5), True),
        (date(2020, 5, 1), True),
        (date(2020, 5, 2), False),
    ],
    ids=["before-effective", "effective", "end", "after-end"],
)
def test_violence_links_only_while_the_ceasefire_binds(when: date, found: bool) -> None:
    process = ceasefire(effective=date(2020, 3, 5))
    result = run([process], event("ASSAULT", when, place=ALEPPO))
    assert bool(linked(result)) == found
    if found:
        assert result.links[0].method == "scope"


def test_violence_the_terms_do_not_ban_does_not_link() -> None:
    process = ceasefire(terms=Terms(banned=("MOBILIZE",)))
    assert linked(run([process], event("ASSAULT", place=ALEPPO))) == []
    assert linked(run([process], event("MOBILIZE", place=ALEPPO))) == [("e1", "syria-2020")]


def test_violence_abroad_does_not_link_to_a_ceasefire_at_home() -> None:
    assert linked(run([ceasefire()], event("ASSAULT", place=GENEVA))) == []


def test_every_link_keeps_the_features_that_decided_it() -> None:
    result = run(
        [ceasefire()],
        event("ACCUSE", process=ALLEGED, place=ALEPPO, actors=[REBELS], recipients=[SYRIAN_ARMY]),
    )
    (link,) = result.links
    names = {f.name for f in link.features}
    assert {"parties", "time", "scope", "mutual"} <= names
    assert "both sides are its parties" in link.reason and link.score == sum(f.weight for f in link.features)


# -- open-ended processes: dormancy and supersession ----------------------------------------------


def test_an_open_ended_ceasefire_nobody_speaks_of_goes_dormant() -> None:
    process = ceasefire(ended=None)
    assert linked(run([process], event("ASSAULT", date(2020, 3, 1) + DORMANT, place=ALEPPO)))
    assert linked(run([process], event("ASSAULT", date(2020, 3, 2) + DORMANT, place=ALEPPO))) == []


def test_a_mention_keeps_an_open_ended_ceasefire_alive() -> None:
    process = ceasefire(ended=None)
    later = date(2020, 3, 1) + DORMANT + timedelta(days=20)
    mention = event("ACCUSE", date(2020, 6, 1), process=ALLEGED, place=ALEPPO, id="m1")
    attack = event("ASSAULT", later, place=ALEPPO, id="a1")
    assert ("a1", "syria-2020") in linked(run([process], mention, attack))


def test_a_newer_ceasefire_between_the_same_sides_replaces_an_open_ended_one() -> None:
    old = ceasefire("old", declared=date(2020, 3, 1), ended=None)
    new = ceasefire("new", declared=date(2020, 4, 1), ended=None)
    result = run([old, new], event("ASSAULT", date(2020, 4, 10), place=ALEPPO))
    assert linked(result) == [("e1", "new")]
    tracker = Tracker([old, new], SIDES)
    assert tracker.resolver.profiles["old"].superseded_by == "new"
    assert tracker.resolver.profiles["old"].lifetime.last_day == date(2020, 3, 31)


def test_a_one_sided_declaration_does_not_replace_a_truce_between_two_sides() -> None:
    mutual = ceasefire("mutual", ended=None)
    faction = ceasefire("faction", declared=date(2020, 3, 8), ended=None, parties=[GOVERNMENT])
    tracker = Tracker([mutual, faction], SIDES)
    assert tracker.resolver.profiles["mutual"].superseded_by is None


def test_a_local_truce_never_replaces_a_national_one() -> None:
    national = ceasefire("national", ended=None)
    local = ceasefire(
        "homs",
        declared=date(2020, 3, 20),
        ended=None,
        local=True,
        places=[NamedPlace("Homs", "SY", 34.73, 36.71)],
    )
    assert Tracker([national, local], SIDES).resolver.profiles["national"].superseded_by is None


# -- ranking, ties, recency ------------------------------------------------------------------------


def test_the_process_whose_parties_acted_wins() -> None:
    sudan = ceasefire("sudan-saf-rsf", countries=["SD"], parties=[ProcessActor("SAF", "party", "sdn-saf", "SDN", "MIL"),
                                                               ProcessActor("RSF", "party", "sdn-rsf", "SDN", "REB")])  # fmt: skip
    other = ceasefire(
        "sudan-other", countries=["SD"], parties=[ProcessActor("SPLM-N", "party", "sdn-splmn", "SDN", "REB")]
    )
    found = run(
        [sudan, other], event("ACCUSE", process=ALLEGED, actors=[RSF], recipients=[SAF], conflict=["SD"])
    )
    assert linked(found) == [("e1", "sudan-saf-rsf")]


def test_a_tie_between_processes_of_different_dyads_stays_ambiguous_with_both_shown() -> None:
    a = ceasefire("a", parties=[ProcessActor("SDF", "party", "syr-sdf", "SYR", "REB")])
    b = ceasefire("b", parties=[ProcessActor("Jaysh al-Islam", "party", "syr-jai", "SYR", "REB")])
    result = run([a, b], event("ASSAULT", place=ALEPPO))
    assert linked(result) == []
    assert sorted((link.process_id, link.standing) for link in result.links) == [
        ("a", "ambiguous"),
        ("b", "ambiguous"),
    ]
    assert all(link.reason.startswith("ambiguous") for link in result.links)


def test_a_tie_within_one_dyad_goes_to_the_newest() -> None:
    turkey = ProcessActor("Government of Turkey", "party", "tur-gov", "TUR", "GOV")
    older = ceasefire("older", declared=date(2020, 3, 1), parties=[GOVERNMENT, INSURGENTS, turkey])
    newer = ceasefire("newer", declared=date(2020, 3, 5), parties=[GOVERNMENT, INSURGENTS])
    result = run([older, newer], event("ASSAULT", date(2020, 3, 20), place=ALEPPO))
    assert linked(result) == [("e1", "newer")]
    assert any(f.name == "recency" for f in result.links[0].features)


def test_an_unqualified_mention_means_the_mutual_truce_not_a_faction_s() -> None:
    mutual = ceasefire("mutual", ended=None)
    faction = ceasefire("faction", declared=date(2020, 3, 2), ended=None, parties=[GOVERNMENT])
    result = run(
        [mutual, faction], event("ACCUSE", date(2020, 3, 20), process=ALLEGED, text="They broke the truce.")
    )
    assert linked(result) == [("e1", "mutual")]


# -- beginnings and discovery ----------------------------------------------------------------------


def test_an_acceptance_near_a_process_start_is_that_process() -> None:
    result = run([ceasefire()], event("AGREE", date(2020, 3, 3), process=ACCEPTED))
    assert linked(result) == [("e1", "syria-2020")]
    assert result.discovered == []
    assert any(f.name == "start" and f.weight == 3 for f in result.links[0].features)


def test_an_acceptance_weeks_after_a_process_began_reveals_another_ceasefire() -> None:
    text = "Both sides accepted a ceasefire."
    result = run([ceasefire()], event("AGREE", date(2020, 4, 10), process=ACCEPTED, text=text))
    (candidate,) = result.discovered
    assert linked(result) == [("e1", candidate.id)]
    assert candidate.declared == date(2020, 4, 10)


def test_an_extension_continues_the_ceasefire_in_force_and_never_starts_one() -> None:
    result = run([ceasefire()], event("AGREE", date(2020, 4, 10), process=("ceasefire", "extended"),
                                      text="The parties agreed to extend the truce by a week.", trigger="extend"))  # fmt: skip
    assert linked(result) == [("e1", "syria-2020")]
    assert result.discovered == []


def test_an_implementation_accord_continues_the_ceasefire() -> None:
    text = "Commanders signed an accord to implement the truce."
    result = run(
        [ceasefire()],
        event("SUPPORT", date(2020, 4, 10), process=("ceasefire", "signed"), text=text, trigger="signed"),
    )
    assert linked(result) == [("e1", "syria-2020")] and result.discovered == []


def test_a_new_truce_in_force_is_not_the_old_one() -> None:
    text = "A new humanitarian truce entered into force at midnight."
    result = run(
        [ceasefire(ended=None)],
        event("RETREAT", date(2020, 4, 10), process=IN_FORCE, text=text, trigger="entered"),
    )
    assert len(result.discovered) == 1


def test_an_earlier_truce_named_as_such_goes_to_the_replaced_process() -> None:
    first = ceasefire("first", declared=date(2020, 3, 1), ended=None)
    second = ceasefire("second", declared=date(2020, 3, 9), ended=None)
    text = "Fighting went on a week after a first ceasefire was breached."
    result = run([first, second], event("ACCUSE", date(2020, 3, 16), process=("ceasefire", "violated"), text=text,
                                        trigger="breached"))  # fmt: skip
    assert linked(result) == [("e1", "first")]


@pytest.mark.parametrize("modality", ["question", "hypothetical", "future", "negated"])
def test_only_a_ceasefire_told_as_a_fact_is_discovered(modality: str) -> None:
    result = run([], event("AGREE", process=ACCEPTED, modality=modality, conflict=["YE"]))
    assert result.discovered == [] and linked(result) == []


@pytest.mark.parametrize("phase", ["called", "rejected", "violation_alleged", "ended", "extended"])
def test_phases_that_do_not_reveal_a_ceasefire_discover_nothing(phase: str) -> None:
    assert run([], event("AGREE", process=("ceasefire", phase), conflict=["YE"])).discovered == []


def test_a_discovered_candidate_belongs_to_the_conflict_never_the_venue_or_the_mediator() -> None:
    text = "Meeting in Jeddah, the army and the RSF signed a seven-day ceasefire brokered by Saudi Arabia."
    signed = event("SUPPORT", date(2023, 5, 20), process=("ceasefire", "signed"), place=JEDDAH, actors=[SAF, RSF, SAUDI],
                   conflict=["SD"], text=text, trigger="signed")  # fmt: skip
    (candidate,) = run([], signed).discovered
    assert candidate.countries == ["SD"]
    assert (
        candidate.name
        == "Sudan ceasefire: Sudanese Armed Forces and Rapid Support Forces, May 2023 (discovered)"
    )
    assert candidate.venues == ["Jeddah"]
    assert [a.name for a in candidate.actors_in("mediator")] == ["Government of Saudi Arabia"]


def test_an_acceptance_abroad_is_discovered_in_its_document_s_conflict() -> None:
    (candidate,) = run([], event("AGREE", process=ACCEPTED, place=GENEVA, conflict=["YE"])).discovered
    assert candidate.countries == ["YE"]


def test_a_candidate_learns_its_start_and_end_from_its_events() -> None:
    signed = event("SUPPORT", date(2023, 5, 20), process=("ceasefire", "signed"), conflict=["SD"], id="s1",
                   terms={"duration": "P7D"}, trigger="signed")  # fmt: skip
    begun = event("RETREAT", date(2023, 5, 22), process=IN_FORCE, conflict=["SD"], id="b1", trigger="began",
                  text="The ceasefire began on Monday.")  # fmt: skip
    extended = event("AGREE", date(2023, 5, 29), process=("ceasefire", "extended"), conflict=["SD"], id="x1",
                     terms={"duration": "P5D"}, trigger="extension", text="They agreed a five-day extension of the truce.")  # fmt: skip
    result = run([], signed, begun, extended)
    (candidate,) = result.discovered
    assert (candidate.declared, candidate.effective) == (date(2023, 5, 20), date(2023, 5, 22))
    assert result.terms[candidate.id].day == date(2023, 6, 3)
    assert {e for e, _ in linked(result)} == {"s1", "b1", "x1"}


# -- local truces and named references -------------------------------------------------------------


def test_a_local_truce_binds_only_near_the_places_it_names() -> None:
    homs = ceasefire(
        "homs", local=True, places=[NamedPlace("Homs", "SY", 34.73, 36.71)], parties=[GOVERNMENT]
    )
    assert linked(run([homs], event("ASSAULT", place=HOMS))) == [("e1", "homs")]
    assert linked(run([homs], event("ASSAULT", place=ALEPPO))) == []
    assert linked(run([homs], event("ASSAULT", place=None))) == []


def test_a_local_truce_is_mentioned_only_by_name() -> None:
    homs = ceasefire(
        "homs", local=True, places=[NamedPlace("Homs", "SY", 34.73, 36.71)], parties=[GOVERNMENT]
    )
    vague = event(
        "ACCUSE",
        process=ALLEGED,
        text="Rebels accused the army of breaking the ceasefire.",
        trigger="accused",
    )
    named = event(
        "ACCUSE",
        process=ALLEGED,
        text="Rebels accused the army of breaking the Homs truce.",
        trigger="accused",
    )
    assert linked(run([homs], vague)) == []
    assert linked(run([homs], named)) == [("e1", "homs")]


def test_a_place_named_near_a_ceasefire_but_not_of_it_does_not_name_it() -> None:
    homs = ceasefire(
        "homs", local=True, places=[NamedPlace("Homs", "SY", 34.73, 36.71)], parties=[GOVERNMENT]
    )
    text = "Rebels accused the government of breaking the ceasefire to recapture the city of Homs."
    assert linked(run([homs], event("ACCUSE", process=ALLEGED, text=text, trigger="accused"))) == []


@pytest.mark.parametrize(
    "text",
    [
        "They broke the Moscow ceasefire.",
        "The truce agreed in Moscow did not hold.",
        "The Moscow talks failed.",
    ],
)
def test_a_venue_names_the_process_agreed_there(text: str) -> None:
    moscow = ceasefire("moscow", venues=["Moscow"], parties=[GOVERNMENT])
    other = ceasefire("other", declared=date(2020, 3, 2), parties=[GOVERNMENT])
    process = ("ceasefire", "violated") if "talks" not in text else ("talks", "suspended")
    result = run([moscow, other], event("REJECT", process=process, text=text, trigger="broke"))
    assert linked(result) == [("e1", "moscow")]


def test_a_month_names_the_process_declared_then() -> None:
    february = ceasefire("february", declared=date(2020, 2, 20), ended=None)
    march = ceasefire("march", declared=date(2020, 3, 2), ended=None, parties=[GOVERNMENT])
    text = "Both sides said the February truce was still holding."
    result = run(
        [february, march], event("RETREAT", date(2020, 3, 10), process=IN_FORCE, text=text, trigger="holding")
    )
    assert linked(result) == [("e1", "february")]


def test_talks_bear_on_a_ceasefire_only_through_its_parties_or_name() -> None:
    vague = event(
        "CONSULT", process=("talks", "held"), text="Talks on a political settlement went on.", trigger="went"
    )
    theirs = event("CONSULT", process=("talks", "held"), actors=[REBELS], recipients=[SYRIAN_ARMY],
                   text="Rebels and the army held talks.", trigger="held")  # fmt: skip
    assert linked(run([ceasefire()], vague)) == []
    assert linked(run([ceasefire()], theirs)) == [("e1", "syria-2020")]


def test_violence_against_a_partial_truce_counts_only_when_a_party_is_involved() -> None:
    partial = ceasefire(partial=True)
    assert linked(run([partial], event("ASSAULT", place=ALEPPO))) == []
    assert linked(run([partial], event("ASSAULT", place=ALEPPO, actors=[SYRIAN_ARMY]))) == [
        ("e1", "syria-2020")
    ]


def test_a_withdrawal_counts_as_compliance_only_when_a_party_withdraws() -> None:
    assert linked(run([ceasefire()], event("RETREAT", place=ALEPPO))) == []
    assert linked(run([ceasefire()], event("RETREAT", place=ALEPPO, actors=[REBELS]))) == [
        ("e1", "syria-2020")
    ]


def test_an_indefinite_ceasefire_near_a_town_is_not_the_town_s_truce() -> None:
    aleppo = ceasefire(
        "aleppo", local=True, places=[NamedPlace("Aleppo", "SY", 36.2, 37.16)], parties=[GOVERNMENT]
    )
    text = "Rebels say they would resume talks if there were a genuine ceasefire around Aleppo."
    assert (
        linked(run([aleppo], event("CONSULT", process=("talks", "resumed"), text=text, trigger="resume")))
        == []
    )


def test_nothing_is_breached_or_ended_before_it_began() -> None:
    early = ceasefire("early", declared=date(2020, 3, 1), ended=None)
    later = ceasefire("later", declared=date(2020, 3, 25), ended=None, parties=[GOVERNMENT, INSURGENTS])
    text = "The ceasefire agreed yesterday was blown up at once."
    result = run(
        [early, later],
        event("REJECT", date(2020, 3, 10), process=("ceasefire", "ended"), text=text, trigger="blown"),
    )
    assert linked(result) == [("e1", "early")]


def test_history_told_in_passing_links_to_nothing() -> None:
    assert linked(run([ceasefire()], event("ASSAULT", place=ALEPPO, modality="historical"))) == []


def test_a_partial_truce_needs_its_parties_named_to_win_an_unqualified_mention() -> None:
    national = ceasefire("national", declared=date(2020, 2, 20), ended=None)
    partial = ceasefire("partial", declared=date(2020, 3, 12), ended=None, partial=True,
                        parties=[GOVERNMENT, ProcessActor("SDF", "party", "syr-sdf", "SYR", "REB")])  # fmt: skip
    text = "Fighters sit beside factions that accepted the truce."
    result = run([national, partial], event("AGREE", date(2020, 3, 10), process=ACCEPTED, text=text))
    assert linked(result) == [("e1", "national")]


def test_history_of_a_year_or_told_in_passing_reveals_no_ceasefire() -> None:
    vague = event("CONCEDE", date(2014, 1, 1), process=("ceasefire", "declared"), conflict=["UA"])
    vague.record["date_precision"] = "year"
    assert run([], vague).discovered == []
    assert run([], event("AGREE", process=ACCEPTED, modality="historical", conflict=["YE"])).discovered == []


def test_the_truce_accepted_weeks_ago_is_the_one_in_force_not_a_new_one() -> None:
    text = "Fighters sit beside factions that accepted the truce."
    result = run([ceasefire()], event("AGREE", date(2020, 4, 10), process=ACCEPTED, text=text))
    assert linked(result) == [("e1", "syria-2020")] and result.discovered == []
