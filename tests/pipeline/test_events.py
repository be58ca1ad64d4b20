"""Event type, process phase, modality and arguments, on sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ceasefire.models import Event

Code = Callable[[str], list[Event]]


def _one(events: list[Event], trigger: str) -> Event:
    found = [e for e in events if e.trigger.text.lower() == trigger.lower()]
    assert found, f"no event triggered by {trigger!r} in {[(e.event, e.trigger.text) for e in events]}"
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "trigger", "event", "process"),
    [
        (
            "The UN envoy called for an immediate cessation of hostilities.",
            "called",
            "REQUEST",
            "ceasefire/called",
        ),
        ("Both sides agreed to a ceasefire in Aden on Sunday.", "agreed", "AGREE", "ceasefire/accepted"),
        ("The two delegations signed a truce in Jeddah.", "signed", "SUPPORT", "ceasefire/signed"),
        ("The truce took effect at midnight.", "took", "RETREAT", "ceasefire/in_force"),
        ("The opposition suspended the talks in Geneva.", "suspended", "REJECT", "talks/suspended"),
        ("The militia rejected the ceasefire proposal.", "rejected", "REJECT", "ceasefire/rejected"),
        ("Negotiators resumed talks in Doha.", "resumed", "CONSULT", "talks/resumed"),
        ("The president announced a unilateral ceasefire.", "announced", "CONCEDE", "ceasefire/declared"),
    ],
    ids=["call", "accept", "sign", "in-force", "suspend-talks", "reject", "resume-talks", "declare"],
)
def test_process_verbs_set_the_phase(
    code: Code, sentence: str, trigger: str, event: str, process: str
) -> None:
    found = _one(code(sentence), trigger)
    assert found.event == event
    assert found.process is not None
    assert f"{found.process.kind}/{found.process.phase}" == process


def test_shelling_is_an_assault_with_heavy_weapons_and_its_target(code: Code) -> None:
    event = _one(code("Government troops shelled the village on Tuesday."), "shelled")
    assert event.event == "ASSAULT"
    assert event.mode == "heavy-weapons"
    assert [a.text for a in event.actor] == ["Government troops"]
    assert [r.text for r in event.recipient] == ["village"]


def test_accusation_of_breaking_a_truce_is_one_alleged_violation(code: Code) -> None:
    events = code("The opposition accused the army of violating the truce.")
    assert [e.event for e in events] == ["ACCUSE"]
    (event,) = events
    assert event.process is not None and event.process.phase == "violation_alleged"
    assert [a.text for a in event.actor] == ["opposition"]
    assert [r.text for r in event.recipient] == ["army"]


def test_leaving_without_signing_is_a_rejection_not_a_negated_signing(code: Code) -> None:
    event = _one(
        code("The commander left the Astana talks without signing the ceasefire agreement."), "signing"
    )
    assert event.event == "REJECT"
    assert event.modality == "asserted"
    assert (
        event.process is not None and event.process.kind == "ceasefire" and event.process.phase == "rejected"
    )
    assert [a.text for a in event.actor] == ["commander"]


@pytest.mark.parametrize(
    ("sentence", "trigger", "modality"),
    [
        ("Has the Yemen truce collapsed?", "collapsed", "question"),
        ("Did the rebels attack the convoy?", "attack", "question"),
        ("If the rebels attack the town, the army will respond.", "attack", "hypothetical"),
        ("The army could attack the town.", "attack", "hypothetical"),
        ("The envoy praised the upcoming conference in Geneva.", "conference", "future"),
        ("The army will attack the town.", "attack", "future"),
        ("The militia did not attack the convoy.", "attack", "negated"),
        ("The militia attacked the convoy.", "attacked", "asserted"),
    ],
    ids=[
        "yes-no-question",
        "did-question",
        "conditional",
        "modal",
        "upcoming",
        "will",
        "negated",
        "asserted",
    ],
)
def test_modality_of_the_trigger_clause(code: Code, sentence: str, trigger: str, modality: str) -> None:
    assert _one(code(sentence), trigger).modality == modality


def test_wh_question_presupposes_its_embedded_clause(code: Code) -> None:
    events = code("How did it happen that the general left Moscow without signing the deal?")
    rejection = _one(events, "signing")
    assert rejection.event == "REJECT" and rejection.modality == "asserted"


def test_wh_question_main_clause_is_a_question(code: Code) -> None:
    assert _one(code("Why did the minister meet the envoy in Istanbul?"), "meet").modality == "question"


def test_adverbial_clause_of_a_yes_no_question_is_presupposed(code: Code) -> None:
    events = code("Since the envoy disclosed that both leaders were invited to the talks, will they go?")
    assert _one(events, "invited").modality == "asserted"


def test_promise_of_withdrawal_is_one_agree_event(code: Code) -> None:
    events = code("The general promised to withdraw his forces.")
    assert [e.event for e in events] == ["AGREE"]


def test_evidence_offsets_point_at_the_sentence_and_trigger(code: Code) -> None:
    text = "Nothing here. Rebels launched an assault against government forces in the province."
    (event,) = [e for e in code(text) if e.event == "ASSAULT"][:1]
    assert text[event.evidence.start : event.evidence.end] == event.evidence.text
    assert text[event.trigger.start : event.trigger.end] == event.trigger.text
    for actor in event.actor:
        assert actor.start is not None and text[actor.start : actor.end] == actor.text


def test_event_ids_are_stable(code: Code) -> None:
    sentence = "Warplanes struck the market in the town."
    assert [e.id for e in code(sentence)] == [e.id for e in code(sentence)]


def test_place_mentions_prefer_the_trigger_prepositions(code: Code) -> None:
    event = _one(code("Turkish officials said rebels attacked a checkpoint near Idlib."), "attacked")
    assert event.place_mentions and event.place_mentions[0].text == "Idlib"


def test_backed_by_names_the_backer_as_actor_and_the_backed_as_recipient(code: Code) -> None:
    events = code("The army, backed by the militia and allied air cover, broke the siege of the town.")
    backed = _one(events, "backed")
    assert [a.text for a in backed.actor] == ["militia"] and [r.text for r in backed.recipient] == ["army"]
    broke = _one(events, "broke")
    assert broke.event == "ASSAULT" and [a.text for a in broke.actor] == ["army"]


@pytest.mark.parametrize(
    ("sentence", "trigger", "mention"),
    [
        ("Rebels attacked the villages of Tellkar and Ashan on Monday.", "attacked", "Tellkar"),
        ("Troops shelled two hamlets north of Kamara overnight.", "shelled", "Kamara"),
    ],
    ids=["villages-of", "north-of"],
)
def test_a_name_after_villages_of_or_north_of_is_a_place_mention(
    code: Code, sentence: str, trigger: str, mention: str
) -> None:
    assert mention in [m.text for m in _one(code(sentence), trigger).place_mentions]


def test_the_agent_of_another_verb_is_no_place_of_the_event(code: Code) -> None:
    text = "Clashes were reported in northern Kassala despite the truce brokered by Egypt."
    mentions = [m.text for m in _one(code(text), "Clashes").place_mentions]
    assert "Egypt" not in mentions
