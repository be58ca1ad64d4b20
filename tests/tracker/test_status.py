"""Status timelines: registry dates, then the linked events in date order, each change with its evidence."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from ceasefire.registry.process import Process, Terms
from ceasefire.tracker.status import Timeline, timeline
from ceasefire.tracker.tracked import TrackedEvent

TODAY = date(2021, 1, 1)
MARCH = date(2020, 3, 1)


def march(day: int) -> date:
    return MARCH + timedelta(days=day - 1)


def tracked(
    id: str,
    when: date,
    event: str = "ASSAULT",
    process: tuple[str, str] | None = None,
    *,
    modality: str = "asserted",
    mode: str | None = None,
    place: str | None = "Idlib",
    actor: str | None = None,
    trigger: str = "a",
    terms: dict[str, str] | None = None,
) -> TrackedEvent:
    record: dict[str, Any] = {
        "id": id,
        "event": event,
        "mode": mode,
        "context": [],
        "process": {"kind": process[0], "phase": process[1], **(terms or {})} if process else None,
        "modality": modality,
        "actor": [{"text": actor, "name": actor}] if actor else [],
        "recipient": [],
        "place": {"text": place, "name": place, "country": "SY", "lat": None, "lon": None} if place else None,
        "date": when.isoformat(),
        "evidence": {"doc_id": "d-" + id, "text": "A sentence.", "start": 0, "end": 11},
        "trigger": {"text": trigger, "start": 0, "end": len(trigger)},
        "confidence": 0.9,
        "reasons": [],
    }
    return TrackedEvent(id, "d-" + id, record, when, frozenset({"SY"}))


def signal(
    id: str, when: date, phase: str, kind: str = "ceasefire", modality: str = "asserted", **more: Any
) -> TrackedEvent:
    return tracked(id, when, "AGREE", (kind, phase), modality=modality, **more)


def ceasefire(
    declared: date | None = MARCH,
    effective: date | None = MARCH,
    ended: date | None = None,
    banned: tuple[str, ...] = ("ASSAULT",),
) -> Process:
    return Process(
        id="syria-2020",
        name="Idlib ceasefire",
        kind="ceasefire",
        origin="manual",
        countries=["SY"],
        declared=declared,
        effective=effective,
        ended=ended,
        terms=Terms(banned=banned),
    )


def history(got: Timeline) -> list[tuple[str, date]]:
    return [(c.status, c.at) for c in got.changes]


# -- registry dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("declared", "effective", "ended", "today", "expected"),
    [
        (march(1), march(5), march(31), TODAY, [("proposed", march(1)), ("holding", march(5)), ("ended", march(31))]),
        (march(1), march(5), march(31), march(31), [("proposed", march(1)), ("holding", march(5)), ("ended", march(31))]),
        (march(1), march(5), march(31), march(30), [("proposed", march(1)), ("holding", march(5))]),
        (march(1), march(5), None, march(4), [("proposed", march(1))]),
        (march(1), march(1), None, TODAY, [("holding", march(1))]),
        (march(1), None, None, TODAY, [("proposed", march(1))]),
        (None, march(5), None, TODAY, [("holding", march(5))]),
        (None, None, None, TODAY, []),
    ],
    ids=["proposed-holding-ended", "ends-today", "end-still-to-come", "effective-still-to-come",
         "effective-on-declared", "never-took-effect", "effective-only", "no-dates"],
)  # fmt: skip
def test_registry_dates_alone(
    declared: date | None,
    effective: date | None,
    ended: date | None,
    today: date,
    expected: list[tuple[str, date]],
) -> None:
    assert history(timeline(ceasefire(declared, effective, ended), [], today=today)) == expected


def test_registry_changes_say_they_come_from_the_registry() -> None:
    got = timeline(ceasefire(march(1), march(5), march(31)), [], today=TODAY)
    assert [c.rule for c in got.changes] == [
        "declared (registry)",
        "took effect (registry)",
        "ended by its terms (registry)",
    ]
    assert all(c.evidence == () for c in got.changes)
    assert got.evidence == []


# -- the road to a ceasefire -----------------------------------------------------------------------


@pytest.mark.parametrize("phase", ["called", "accepted", "declared", "signed"])
def test_a_call_or_acceptance_before_it_is_in_force_gives_proposed(phase: str) -> None:
    process = ceasefire(declared=None, effective=date(2020, 6, 1))
    got = timeline(process, [signal("c1", march(10), phase)], today=date(2020, 5, 1))
    assert history(got) == [("proposed", march(10))]
    assert got.changes[0].evidence == ("c1",)
    assert got.changes[0].rule.endswith(
        "before it was in force" if phase != "signed" else "to take effect later"
    )
    assert got.evidence == ["c1"]


def test_a_signing_with_no_later_start_binds_from_signing() -> None:
    got = timeline(ceasefire(declared=None, effective=None), [signal("s1", march(10), "signed")], today=TODAY)
    assert history(got) == [("holding", march(10))]
    assert got.changes[0].rule == "signed: it binds from signing"


def test_reported_in_force_moves_proposed_to_holding() -> None:
    process = ceasefire(declared=None, effective=None)
    got = timeline(
        process, [signal("c1", march(10), "called"), signal("f1", march(15), "in_force")], today=TODAY
    )
    assert history(got) == [("proposed", march(10)), ("holding", march(15))]
    assert got.changes[-1].rule == "reported in force"
    assert got.evidence == ["f1"]


# -- fragile and collapsed by signals --------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "phase", "rule"),
    [
        ("ceasefire", "violation_alleged", "a breach was alleged"),
        ("ceasefire", "violated", "a breach was reported"),
        ("ceasefire", "rejected", "a party rejected it"),
        ("talks", "suspended", "the talks behind it were suspended"),
        ("talks", "boycotted", "the talks behind it were suspended"),
    ],
    ids=["alleged", "violated", "rejected", "talks-suspended", "talks-boycotted"],
)
def test_a_breach_rejection_or_suspension_moves_holding_to_fragile(kind: str, phase: str, rule: str) -> None:
    got = timeline(ceasefire(), [signal("a1", march(10), phase, kind)], today=TODAY)
    assert history(got) == [("holding", march(1)), ("fragile", march(10))]
    change = got.changes[-1]
    assert (change.rule, change.evidence) == (rule, ("a1",))
    assert got.evidence[0] == "a1"


@pytest.mark.parametrize("modality", ["question", "hypothetical", "future", "negated"])
@pytest.mark.parametrize(
    "make",
    [
        lambda m: signal("x1", march(10), "violation_alleged", modality=m),
        lambda m: signal("x1", march(10), "ended", modality=m),
        lambda m: signal("x1", march(10), "suspended", "talks", modality=m),
        lambda m: tracked("x1", march(10), modality=m),
    ],
    ids=["alleged", "ended", "suspended", "violence"],
)
def test_non_factual_events_never_move_the_status(make: Any, modality: str) -> None:
    got = timeline(ceasefire(), [make(modality)], today=TODAY)
    assert history(got) == [("holding", march(1))]
    assert got.evidence == []


@pytest.mark.parametrize("modality", ["question", "hypothetical", "future", "negated"])
def test_a_non_factual_call_does_not_propose(modality: str) -> None:
    process = ceasefire(declared=None, effective=None)
    assert (
        timeline(process, [signal("c1", march(10), "called", modality=modality)], today=TODAY).changes == []
    )


def test_a_party_declaring_it_over_collapses_it() -> None:
    got = timeline(
        ceasefire(), [signal("end", march(10), "ended", actor="Rebels", trigger="suspended")], today=TODAY
    )
    assert history(got) == [("holding", march(1)), ("collapsed", march(10))]
    assert got.changes[-1].rule == "a party declared it over"
    assert got.evidence == ["end"]


def test_a_collapsed_ceasefire_does_not_end_by_its_registry_date() -> None:
    got = timeline(ceasefire(ended=march(31)), [signal("end", march(10), "ended")], today=TODAY)
    assert history(got) == [("holding", march(1)), ("collapsed", march(10))]


def test_a_fragile_ceasefire_ends_by_its_registry_date() -> None:
    got = timeline(ceasefire(ended=march(31)), [signal("a1", march(10), "violation_alleged")], today=TODAY)
    assert history(got) == [("holding", march(1)), ("fragile", march(10)), ("ended", march(31))]


@pytest.mark.parametrize(
    "event",
    [
        signal("x1", date(2020, 2, 20), "violation_alleged"),
        signal("x1", date(2020, 2, 20), "violated"),
        signal("x1", date(2020, 2, 20), "rejected"),
        signal("x1", date(2020, 2, 20), "ended"),
        signal("x1", date(2020, 2, 20), "suspended", "talks"),
        tracked("x1", date(2020, 2, 20)),
    ],
    ids=["alleged", "violated", "rejected", "ended", "suspended", "violence"],
)
def test_signals_before_the_process_began_are_ignored(event: TrackedEvent) -> None:
    assert history(timeline(ceasefire(), [event], today=TODAY)) == [("holding", march(1))]


def test_only_a_call_or_acceptance_counts_before_the_process_began() -> None:
    process = ceasefire(declared=None, effective=date(2020, 6, 1))
    today = date(2020, 5, 1)
    assert timeline(process, [signal("a1", march(10), "violation_alleged")], today=today).changes == []
    assert history(timeline(process, [signal("c1", march(10), "accepted")], today=today)) == [
        ("proposed", march(10))
    ]


def test_undated_events_are_left_out() -> None:
    event = signal("a1", march(10), "violation_alleged")
    undated = TrackedEvent(event.id, event.doc_id, event.record, None, event.countries)
    assert history(timeline(ceasefire(), [undated], today=TODAY)) == [("holding", march(1))]


# -- violence --------------------------------------------------------------------------------------


def test_one_violent_event_after_it_took_effect_makes_it_fragile() -> None:
    got = timeline(ceasefire(), [tracked("v1", march(10))], today=TODAY)
    assert history(got) == [("holding", march(1)), ("fragile", march(10))]
    assert got.changes[-1].rule == "violence its terms ban while in force"
    assert got.changes[-1].evidence == ("v1",)


def test_violence_the_terms_do_not_ban_does_not_move_the_status() -> None:
    got = timeline(ceasefire(banned=("MOBILIZE",)), [tracked("v1", march(10))], today=TODAY)
    assert history(got) == [("holding", march(1))]


def test_violence_against_a_ceasefire_never_in_force_does_not_move_it() -> None:
    got = timeline(
        ceasefire(effective=None), [tracked("v1", march(10)), tracked("v2", march(11))], today=TODAY
    )
    assert history(got) == [("proposed", march(1))]


Attack = tuple[int, str | None, str | None]  # day of March, place, mode

PLAIN_THREE: list[Attack] = [(10, "Idlib", None), (11, "Aleppo", None), (12, "Idlib", None)]


@pytest.mark.parametrize(
    ("attacks", "baseline", "expected"),
    [
        (PLAIN_THREE, 1, "collapsed"),
        ([(10, "Idlib", None), (11, "Idlib", None), (12, "Idlib", None)], 1, "fragile"),
        ([(d, "Idlib", None) for d in range(10, 16)], 1, "collapsed"),
        ([(10, "Idlib", None), (11, "Aleppo", None)], 1, "fragile"),
        ([(10, "Idlib", "aerial"), (11, "Aleppo", None)], 1, "collapsed"),
        ([(10, "Idlib", "occupy"), (11, "Aleppo", None)], 1, "collapsed"),
        ([(10, "Idlib", "heavy-weapons"), (11, "Aleppo", None)], 1, "collapsed"),
        ([(10, "Idlib", "small-arms"), (11, "Aleppo", None)], 1, "fragile"),
        ([(10, "Idlib", None), (14, "Aleppo", None), (17, "Idlib", None)], 1, "fragile"),
        ([(10, "Idlib", None), (14, "Aleppo", None), (16, "Idlib", None)], 1, "collapsed"),
        ([(10, None, None), (11, None, None), (12, None, None)], 1, "fragile"),
        (PLAIN_THREE, 12, "collapsed"),
        (PLAIN_THREE, 13, "fragile"),
        (PLAIN_THREE, 60, "fragile"),
        ([(10 + i, "Idlib" if i % 2 else "Aleppo", "aerial") for i in range(6)] + [(16, "Idlib", None)], 60, "fragile"),
        ([(10 + i, "Idlib" if i % 2 else "Aleppo", "aerial") for i in range(7)], 60, "collapsed"),
        ([(d, "Idlib", "aerial") for d in range(10, 16)], 0, "fragile"),
    ],
    ids=[
        "three-in-two-places", "three-in-one-place", "six-in-one-place", "two-in-two-places",
        "aerial-weighs-two", "occupy-weighs-two", "heavy-weapons-weighs-two", "other-modes-weigh-one",
        "outside-7-days", "inside-7-days", "no-places", "baseline-12-threshold-3",
        "baseline-13-threshold-4", "baseline-60-threshold-14", "baseline-60-weight-13", "baseline-60-weight-14",
        "no-violence-known-before-no-baseline-to-reach",
    ],
)  # fmt: skip
def test_weighted_violence_within_7_days_in_two_places_collapses_it(
    attacks: list[Attack], baseline: int, expected: str
) -> None:
    events = [
        tracked(f"v{i}", march(day), mode=mode, place=place) for i, (day, place, mode) in enumerate(attacks)
    ]
    got = timeline(ceasefire(), events, baseline_events=baseline, today=TODAY)
    assert got.current is not None
    assert got.current.status == expected
    assert [c.status for c in got.changes][:2] == ["holding", "fragile"]


def test_a_collapse_by_violence_names_its_threshold_and_all_the_week_s_events() -> None:
    events = [
        tracked(f"v{i}", march(10 + i), mode="aerial", place="Idlib" if i % 2 else "Aleppo") for i in range(7)
    ]
    got = timeline(ceasefire(), [tracked("old", march(2)), *events], baseline_events=60, today=TODAY)
    change = got.changes[-1]
    assert (change.status, change.at) == ("collapsed", march(16))
    assert "baseline threshold 14" in change.rule and "14 weighted events" in change.rule
    assert change.evidence == tuple(f"v{i}" for i in range(7))
    assert got.evidence[:7] == [f"v{i}" for i in range(7)]


# -- evidence --------------------------------------------------------------------------------------


def test_evidence_lists_the_changing_event_first_then_the_supporting_signals() -> None:
    events = [
        signal("a1", march(10), "violation_alleged"),
        signal("f1", march(11), "in_force"),
        signal("v1", march(12), "violated"),
        tracked("x1", march(14)),
    ]
    got = timeline(ceasefire(), events, today=TODAY)
    assert got.current is not None
    assert (got.current.status, got.current.evidence) == ("fragile", ("a1",))
    assert got.evidence == ["a1", "v1", "x1"]


def test_evidence_for_holding_holds_acceptances_and_reports_in_force() -> None:
    events = [
        signal("acc", march(1), "accepted"),
        signal("f1", march(5), "in_force"),
        signal("c1", march(1), "called"),
    ]
    got = timeline(ceasefire(), events, today=TODAY)
    assert history(got) == [("holding", march(1))]
    assert got.evidence == ["f1", "acc"]


# -- registry dates and events in true date order -------------------------------------------------


def test_changes_are_in_date_order() -> None:
    process = ceasefire(declared=march(1), effective=march(10))
    got = timeline(process, [signal("a1", march(5), "violation_alleged")], today=TODAY)
    assert [c.at for c in got.changes] == sorted(c.at for c in got.changes)


def test_a_call_before_a_past_effective_date_gives_proposed_first() -> None:
    got = timeline(
        ceasefire(declared=None, effective=march(10)), [signal("c1", march(2), "called")], today=TODAY
    )
    assert history(got) == [("proposed", march(2)), ("holding", march(10))]


def test_violence_before_it_took_effect_does_not_make_it_fragile() -> None:
    got = timeline(ceasefire(declared=march(1), effective=march(10)), [tracked("v1", march(5))], today=TODAY)
    assert history(got) == [("proposed", march(1)), ("holding", march(10))]


def test_ignored_signals_before_the_process_began_are_not_evidence() -> None:
    events = [
        signal("early", date(2020, 2, 20), "violation_alleged"),
        signal("a1", march(10), "violation_alleged"),
    ]
    got = timeline(ceasefire(), events, today=TODAY)
    assert got.evidence == ["a1"]


# -- ended by its terms, extended, replaced --------------------------------------------------------


def test_a_truce_that_expired_ended_by_its_terms_and_did_not_collapse() -> None:
    got = timeline(ceasefire(), [signal("x1", march(9), "ended", trigger="expired")], today=TODAY)
    assert history(got) == [("holding", march(1)), ("ended", march(9))]
    assert got.changes[-1].rule == "expired by its terms"


def test_an_end_told_without_a_party_is_the_fighting_ending_it() -> None:
    got = timeline(ceasefire(), [signal("x1", march(9), "ended", trigger="collapsed")], today=TODAY)
    assert history(got)[-1] == ("collapsed", march(9))
    assert got.changes[-1].rule == "the fighting ended it"


def test_the_end_by_its_terms_comes_from_the_tracker_and_is_applied_in_date_order() -> None:
    events = [signal("a1", march(20), "violation_alleged")]
    got = timeline(ceasefire(), events, today=TODAY, terms_end=march(10))
    assert history(got) == [("holding", march(1)), ("ended", march(10))]
    assert got.changes[-1].rule == "ran out by its terms"


def test_an_extension_of_a_proposed_truce_means_it_holds() -> None:
    got = timeline(
        ceasefire(declared=march(1), effective=None), [signal("e1", march(5), "extended")], today=TODAY
    )
    assert history(got) == [("proposed", march(1)), ("holding", march(5))]
    assert got.changes[-1].rule == "extended"


def test_replaced_while_holding_ends_it_and_while_fragile_collapses_it() -> None:
    held = timeline(ceasefire(), [], today=TODAY, superseded=("newer", march(20)))
    assert history(held) == [("holding", march(1)), ("ended", march(20))]
    assert held.changes[-1].rule == "replaced by newer"
    broken = timeline(ceasefire(), [signal("a1", march(5), "violation_alleged")], today=TODAY,
                      superseded=("newer", march(20)))  # fmt: skip
    assert history(broken) == [("holding", march(1)), ("fragile", march(5)), ("collapsed", march(20))]
    assert broken.changes[-1].rule.startswith("broke down: replaced by newer")


def test_nothing_after_a_terminal_status_changes_it() -> None:
    events = [
        signal("x1", march(9), "ended", trigger="expired"),
        signal("a1", march(12), "violation_alleged"),
    ]
    got = timeline(ceasefire(), events, today=TODAY)
    assert history(got)[-1] == ("ended", march(9))


def test_dates_still_to_come_are_not_applied() -> None:
    got = timeline(ceasefire(), [signal("a1", march(20), "violation_alleged")], today=march(10),
                   terms_end=march(15))  # fmt: skip
    assert history(got) == [("holding", march(1))]
