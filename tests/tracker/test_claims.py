"""Claims: each source's stance on a ceasefire breach (alleged, observed, denied), kept apart."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ceasefire.tracker.claims import Claim, claims_of
from ceasefire.tracker.tracked import TrackedEvent


def ref(name: str, sector: str | None, country: str | None = "SYR") -> dict[str, Any]:
    return {"text": name, "name": name, "country": country, "sector": sector, "entity_id": None}


ARMY = ref("Syrian Arab Army", "MIL")
REBELS = ref("Free Syrian Army", "REB")
UN = ref("United Nations", "IGO", "UNO")


def tracked(
    event: str = "ACCUSE",
    process: tuple[str, str] | None = ("ceasefire", "violation_alleged"),
    *,
    actor: list[dict[str, Any]] | None = None,
    recipient: list[dict[str, Any]] | None = None,
    trigger: str = "accused",
    modality: str = "asserted",
) -> TrackedEvent:
    record: dict[str, Any] = {
        "id": "e1",
        "event": event,
        "mode": None,
        "context": [],
        "process": {"kind": process[0], "phase": process[1]} if process else None,
        "modality": modality,
        "actor": [ARMY] if actor is None else actor,
        "recipient": [REBELS] if recipient is None else recipient,
        "place": None,
        "date": "2020-03-10",
        "evidence": {
            "doc_id": "d1",
            "text": "The army accused the rebels of breaking the truce.",
            "start": 0,
            "end": 50,
        },
        "trigger": {"text": trigger, "start": 9, "end": 9 + len(trigger)},
        "confidence": 0.9,
        "reasons": [],
    }
    return TrackedEvent("e1", "d1", record, date(2020, 3, 10), frozenset({"SY"}))


@pytest.mark.parametrize("phase", ["violation_alleged", "violated"])
def test_a_party_reporting_a_breach_alleges_it(phase: str) -> None:
    assert claims_of(tracked(process=("ceasefire", phase))) == [
        Claim("e1", "Syrian Arab Army", "alleged", "Free Syrian Army", "d1")
    ]


@pytest.mark.parametrize(
    "observer",
    [UN, ref("UN Security Council", "UNO", "UNO"), ref("OSCE Special Monitoring Mission", "IGO", "IGO")],
    ids=["IGO", "UNO", "osce-monitors"],
)
@pytest.mark.parametrize("phase", ["violation_alleged", "violated"])
def test_an_international_body_reporting_a_breach_observes_it(observer: dict[str, Any], phase: str) -> None:
    (claim,) = claims_of(tracked(process=("ceasefire", phase), actor=[observer]))
    assert (claim.claimant, claim.stance) == (observer["name"], "observed")


@pytest.mark.parametrize("trigger", ["denied", "Denies", "deny", "refuted", "dismissed"])
def test_a_reject_whose_trigger_denies_is_a_denial(trigger: str) -> None:
    event = tracked("REJECT", ("ceasefire", "rejected"), trigger=trigger, actor=[REBELS], recipient=[ARMY])
    assert claims_of(event) == [Claim("e1", "Free Syrian Army", "denied", "Syrian Arab Army", "d1")]


def test_a_reject_without_a_denying_trigger_is_no_claim() -> None:
    assert claims_of(tracked("REJECT", ("ceasefire", "rejected"), trigger="turned down")) == []


def test_a_denying_word_on_another_event_type_is_no_denial() -> None:
    assert claims_of(tracked("ACCUSE", ("ceasefire", "rejected"), trigger="denied")) == []


@pytest.mark.parametrize("modality", ["question", "hypothetical", "future", "negated"])
def test_non_factual_events_give_no_claim(modality: str) -> None:
    assert claims_of(tracked(modality=modality)) == []
    assert claims_of(tracked(actor=[UN], modality=modality)) == []
    assert claims_of(tracked("REJECT", ("ceasefire", "rejected"), trigger="denied", modality=modality)) == []


def test_historical_events_give_claims() -> None:
    assert [c.stance for c in claims_of(tracked(modality="historical"))] == ["alleged"]


@pytest.mark.parametrize(
    "process",
    [
        None,
        ("talks", "suspended"),
        ("agreement", "rejected"),
        ("ceasefire", "accepted"),
        ("ceasefire", "called"),
    ],
    ids=["no-process", "talks", "agreement", "accepted", "called"],
)
def test_events_that_are_not_about_a_breach_give_no_claim(process: tuple[str, str] | None) -> None:
    assert claims_of(tracked(process=process)) == []


def test_each_named_claimant_gets_one_claim() -> None:
    claims = claims_of(tracked(actor=[ARMY, ref("Russia", "GOV", "RUS"), ARMY]))
    assert [c.claimant for c in claims] == ["Syrian Arab Army", "Russia"]


def test_an_unnamed_source_and_an_unknown_target_are_kept_as_such() -> None:
    assert claims_of(tracked(actor=[], recipient=[])) == [
        Claim("e1", "(unnamed source)", "alleged", None, "d1")
    ]


def test_about_joins_every_recipient_and_uses_the_written_text_when_unresolved() -> None:
    unresolved = {"text": "the militants", "name": None, "country": None, "sector": None, "entity_id": None}
    (claim,) = claims_of(tracked(recipient=[REBELS, unresolved]))
    assert claim.about == "Free Syrian Army, the militants"


def test_a_un_peacekeeping_mission_reporting_a_breach_observes_it() -> None:
    unifil = ref("UN Interim Force in Lebanon", "MIL", "UNO")
    (claim,) = claims_of(tracked(process=("ceasefire", "violated"), actor=[unifil]))
    assert claim.stance == "observed"


def test_rejecting_the_ceasefire_itself_is_no_denial() -> None:
    event = tracked("REJECT", ("ceasefire", "rejected"), trigger="rejected", actor=[REBELS], recipient=[])
    assert [c.stance for c in claims_of(event)] != ["denied"]
