"""Ceasefire events in the styles they come in (wire copy, UN statements, blogs, translated
statements): pauses, expiries, violations told and alleged, acceptances, proposals, relief convoys
and charges. Sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ceasefire.models import Event

Code = Callable[[str], list[Event]]


def _one(events: list[Event], trigger: str) -> Event:
    found = [e for e in events if e.trigger.text.lower() == trigger.lower()]
    assert found, f"no event triggered by {trigger!r} in {[(e.event, e.trigger.text) for e in events]}"
    return found[0]


def _phase(event: Event) -> str | None:
    return f"{event.process.kind}/{event.process.phase}" if event.process else None


# -- pauses in fighting, expiry ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("A three-day pause in the fighting began at 6 a.m. on Friday.", "began"),
        ("The humanitarian pause came into force at dawn.", "came"),
        ("A cessation of hostilities went into effect on Saturday at noon.", "went"),
        ("The ceasefire officially started at 10 pm (20:00 GMT) on Sunday.", "started"),
    ],
    ids=["pause-in-fighting", "humanitarian-pause", "cessation", "started"],
)
def test_a_pause_or_cessation_that_begins_is_a_ceasefire_in_force(
    code: Code, sentence: str, trigger: str
) -> None:
    found = _one(code(sentence), trigger)
    assert (found.event, _phase(found), found.modality) == ("RETREAT", "ceasefire/in_force", "asserted")


def test_a_pause_has_its_length(code: Code) -> None:
    found = _one(code("A 72-hour humanitarian pause in the bombardment started at dawn."), "started")
    assert found.process is not None and found.process.duration == "PT72H"


@pytest.mark.parametrize(
    "sentence",
    [
        "Pause in Fighting Begins in Northern Province",
        "A four-day pause in fighting between the two armies began on Monday.",
        "Aid agencies called for a halt to the fighting around the port.",
        "Residents enjoyed a rare lull in fighting on Sunday.",
    ],
    ids=["headline", "pause-in", "halt-to", "lull-in"],
)
def test_fighting_that_is_paused_is_no_assault(code: Code, sentence: str) -> None:
    assert "ASSAULT" not in [e.event for e in code(sentence)]


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("The week-long truce between the two militias expired on Friday.", "expired"),
        ("The operational pause ended at 7 a.m. as troops resumed their advance.", "ended"),
        ("The truce has lapsed without a new deal, the envoy said.", "lapsed"),
    ],
    ids=["expired", "pause-ended", "lapsed"],
)
def test_a_ceasefire_that_expires_has_ended(code: Code, sentence: str, trigger: str) -> None:
    assert _phase(_one(code(sentence), trigger)) == "ceasefire/ended"


# -- violations: told, alleged, by context, by not keeping -------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "trigger", "accuser", "accused"),
    [
        ('"The rebels violated the ceasefire twice overnight," an army spokesman said.', "violated",
         "army spokesman", "rebels"),
        ("According to the interior ministry, the militia breached the truce on Sunday.", "breached",
         "interior ministry", "militia"),
        ("The defence ministry said in a statement that rebel fighters had violated the humanitarian pause.",
         "violated", "defence ministry", "rebel fighters"),
        ("The RSF said they would defend themselves and accused the army of violating the truce.", "accused",
         "RSF", "army"),
        ("The militia accused government forces of breaching the truce near the airport.", "accused",
         "militia", "government forces"),
    ],
    ids=["quoted", "according-to", "said-that", "past-conjunct-of-future", "accused-of"],
)  # fmt: skip
def test_a_violation_in_a_partys_words_is_an_allegation(
    code: Code, sentence: str, trigger: str, accuser: str, accused: str
) -> None:
    found = _one(code(sentence), trigger)
    assert (found.event, found.mode, _phase(found), found.modality) == (
        "ACCUSE",
        "allege",
        "ceasefire/violation_alleged",
        "asserted",
    )
    assert [a.text for a in found.actor] == [accuser]
    assert [r.text for r in found.recipient] == [accused]


def test_a_violation_told_in_the_texts_own_voice_stays_a_violation(code: Code) -> None:
    found = _one(code("Several truces have been announced and breached since the war began."), "breached")
    assert (found.event, _phase(found)) == ("ASSAULT", "ceasefire/violated")


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("Government troops shelled rebel positions despite the ceasefire.", "shelled"),
        ("Fighting resumed hours after the truce took effect.", "Fighting"),
        ("Militants attacked a checkpoint in violation of the ceasefire agreement.", "attacked"),
    ],
    ids=["despite", "after-taking-effect", "in-violation-of"],
)
def test_an_attack_against_a_ceasefire_violates_it(code: Code, sentence: str, trigger: str) -> None:
    events = code(sentence)
    found = _one(events, trigger)
    assert (found.event, _phase(found)) == ("ASSAULT", "ceasefire/violated")
    assert [e.trigger.text for e in events if _phase(e) == "ceasefire/violated"] == [trigger]


def test_an_attack_a_party_says_broke_the_truce_is_alleged(code: Code) -> None:
    found = _one(
        code(
            "The opposition stated that the army launched an offensive just minutes after the truce took effect."
        ),
        "launched",
    )
    assert (found.event, _phase(found)) == ("ACCUSE", "ceasefire/violation_alleged")


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("The ceasefire was never respected by the militias.", "respected"),
        ("The rebels did not abide by the truce.", "abide"),
        ("Both sides failed to observe the ceasefire.", "observe"),
    ],
    ids=["never-respected", "did-not-abide", "failed-to-observe"],
)
def test_a_ceasefire_not_kept_is_violated(code: Code, sentence: str, trigger: str) -> None:
    found = _one(code(sentence), trigger)
    assert (_phase(found), found.modality) == ("ceasefire/violated", "asserted")


def test_a_truce_not_yet_in_effect_is_no_violation(code: Code) -> None:
    found = _one(code("The truce has not yet taken effect."), "taken")
    assert (_phase(found), found.modality) == ("ceasefire/in_force", "negated")


# -- acceptance, proposals, signing, handovers -------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "trigger", "event", "phase"),
    [
        ("The Secretary-General notes that the parties have responded positively to his proposal for a "
         "nationwide truce.", "responded", "AGREE", "ceasefire/accepted"),
        ("The faction reacted favourably to the Egyptian initiative for a ceasefire.", "reacted", "AGREE",
         "ceasefire/accepted"),
        ("The movement responded negatively to the proposal for a truce.", "responded", "REJECT",
         "ceasefire/rejected"),
        ("The mediators submitted a proposal for a ceasefire agreement to both delegations.", "submitted",
         "CONSULT", "ceasefire/called"),
        ("The UN envoy presented the parties with a draft plan for a permanent ceasefire.", "presented",
         "CONSULT", "ceasefire/called"),
        ("Army chiefs signed an accord in Juba on Saturday to carry out the peace agreement.", "signed",
         "SUPPORT", "agreement/signed"),
        ("The ceasefire brokered by Qatar last week has been broken repeatedly.", "brokered", "AGREE",
         "ceasefire/accepted"),
    ],
    ids=["responded-positively", "reacted-favourably", "responded-negatively", "submitted-proposal",
         "presented-plan", "signed-accord", "participle"],
)  # fmt: skip
def test_answers_proposals_and_signatures(
    code: Code, sentence: str, trigger: str, event: str, phase: str
) -> None:
    found = _one(code(sentence), trigger)
    assert (found.event, _phase(found), found.modality) == (event, phase, "asserted")


def test_handing_over_weapons_is_a_retreat(code: Code) -> None:
    found = _one(
        code("Militia fighters have begun handing over their rifles to the monitoring mission."), "handing"
    )
    assert (found.event, found.modality) == ("RETREAT", "asserted")


def test_an_implementation_aimed_at_is_not_told_as_done(code: Code) -> None:
    found = _one(code("Both delegations signed a protocol to implement the ceasefire."), "implement")
    assert (_phase(found), found.modality) == ("ceasefire/in_force", "future")


def test_readiness_to_sign_is_no_signature(code: Code) -> None:
    found = _one(code("The readiness of the two sides to sign a peace agreement was welcomed."), "sign")
    assert found.modality == "future"


# -- charges, relief convoys --------------------------------------------------------------------------


def test_being_called_guilty_of_violence_is_an_accusation_not_an_assault(code: Code) -> None:
    events = code("Human rights groups say both armies are guilty of torture and summary killings.")
    assert [e.event for e in events] == ["ACCUSE"]
    (found,) = events
    assert [a.text for a in found.actor] == ["Human rights groups"]
    assert [r.text for r in found.recipient] == ["armies"]


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("An aid convoy carrying food and medicine entered the besieged city on Thursday.", "entered"),
        ("Six lorries with fuel and medical supplies reached the hospital late on Monday.", "reached"),
        ("The Red Crescent said a convoy of trucks loaded with flour arrived in the town.", "arrived"),
    ],
    ids=["entered", "reached", "arrived"],
)
def test_relief_convoys_arriving_are_aid(code: Code, sentence: str, trigger: str) -> None:
    found = _one(code(sentence), trigger)
    assert (found.event, found.modality) == ("AID", "asserted")


def test_a_convoy_without_relief_is_no_aid(code: Code) -> None:
    assert "AID" not in [e.event for e in code("A convoy of armoured vehicles entered the city on Thursday.")]


# -- who a process verb acts on, when the parse hides it ---------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "trigger", "phase"),
    [
        ("The truce, which was signed in March and extended in May, expired on Sunday.", "extended",
         "ceasefire/extended"),
        ("The ceasefire held for two days and then collapsed.", "collapsed", "ceasefire/ended"),
        ("The truce announced on Friday collapsed within hours.", "announced", "ceasefire/declared"),
        ("The ceasefire, which comes into effect tomorrow at noon, covers the whole country.", "comes",
         "ceasefire/in_force"),
    ],
    ids=["relative-pronoun-conjunct", "shared-subject", "participle", "relative-pronoun"],
)  # fmt: skip
def test_relatives_conjuncts_and_participles_reach_their_process(
    code: Code, sentence: str, trigger: str, phase: str
) -> None:
    assert _phase(_one(code(sentence), trigger)) == phase


def test_a_process_is_no_actor_of_its_own_relative_clause(code: Code) -> None:
    found = _one(code("They accepted a truce which comes into effect tomorrow."), "comes")
    assert found.actor == []


def test_a_call_to_keep_a_truce_is_one_request(code: Code) -> None:
    events = code("The council urged both sides to fully abide by and respect the ceasefire.")
    assert [(e.event, _phase(e)) for e in events] == [("REQUEST", "ceasefire/called")]


def test_an_attack_a_party_reports_under_a_truce_is_an_allegation(code: Code) -> None:
    events = code(
        "The truce began on Saturday. The ministry said that rebel forces had shelled the port overnight."
    )
    (shelled,) = [e for e in events if e.trigger.text == "shelled"]
    assert shelled.event == "ACCUSE" and shelled.process is not None
    assert shelled.process.phase == "violation_alleged"
    assert [a.text for a in shelled.actor] == ["ministry"] and [r.text for r in shelled.recipient] == [
        "rebel forces"
    ]


def test_an_attack_monitors_report_stays_an_attack(code: Code) -> None:
    events = code("The truce began on Saturday. The monitors said that rockets had hit the port overnight.")
    (hit,) = [e for e in events if e.trigger.text == "hit"]
    assert hit.event == "ASSAULT"
