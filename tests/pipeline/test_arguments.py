"""Who an event is done to, read off the parse: recipients behind things, relative pronouns, "of" phrases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ceasefire.eval.cameo_ner import main_event, predict
from ceasefire.models import Event
from ceasefire.pipeline.events import depth
from ceasefire.pipeline.triggers import find_candidates

Code = Callable[[str], list[Event]]


def _event(events: list[Event], trigger: str) -> Event:
    found = [e for e in events if e.trigger.text.lower() == trigger.lower()]
    assert found, f"no event triggered by {trigger!r} in {[(e.event, e.trigger.text) for e in events]}"
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "trigger", "recipient"),
    [
        ("Germany provided support to Palestinian refugees in Lebanon.", "provided", "Palestinian refugees"),
        ("The senator called for sanctions against Myanmar.", "called", "Myanmar"),
        ("The ministry rejected accusations by the United States.", "rejected", "United States"),
        ("The army withdrew its troops from Abyei.", "withdrew", "Abyei"),
        ("Norway lent 20 million dollars to Sudan.", "lent", "Sudan"),
    ],
    ids=["aid-to", "sanctions-against", "accusations-by", "withdraw-from", "lend-to"],
)
def test_the_party_behind_a_thing_object_is_the_recipient(
    code: Code, sentence: str, trigger: str, recipient: str
) -> None:
    event = _event(code(sentence), trigger)
    assert [r.text for r in event.recipient] == [recipient]


def test_a_date_is_never_a_recipient(code: Code) -> None:
    event = _event(code("The rebels declared a ceasefire on Friday."), "declared")
    assert event.recipient == []


def test_a_relative_pronoun_recipient_is_its_antecedent(code: Code) -> None:
    event = _event(code("Gunmen fired at the market, which was attacked again on Monday."), "attacked")
    assert [r.text for r in event.recipient] == ["market"]


def test_the_charge_is_not_part_of_the_accused(code: Code) -> None:
    event = _event(code("Amnesty International accused Russia of war crimes in Bucha."), "accused")
    assert [r.text for r in event.recipient] == ["Russia"]


@pytest.mark.parametrize(
    ("sentence", "trigger", "event"),
    [
        ("The prime minister resigned after weeks of protests.", "resigned", "CONCEDE"),
        ("The rebels laid down their weapons in Bunia.", "laid", "RETREAT"),
        ("The government outlawed the movement's northern branch.", "outlawed", "COERCE"),
        ("Police cracked down on the protesters in Khartoum.", "cracked", "COERCE"),
        ("The families sued the defence ministry.", "sued", "ACCUSE"),
    ],
    ids=["resign", "lay-down", "outlaw", "crack-down", "sue"],
)
def test_plover_verbs(code: Code, sentence: str, trigger: str, event: str) -> None:
    assert _event(code(sentence), trigger).event == event


def test_a_purpose_clause_sits_below_the_act_it_explains(nlp: Any) -> None:
    doc = nlp("Thousands of students staged demonstrations to demand political reforms.")
    by_word = {c.token.text: c.token for c in find_candidates(doc)}
    assert depth(by_word["demonstrations"]) < depth(by_word["demand"])


def _spans(nlp: Any, sentence: str) -> tuple[list[str], list[str]]:
    """Sources and targets as the CAMEO span adapter reads them, as text."""
    tokens = sentence.split()
    sources, targets = predict(nlp, tokens)
    return (
        sorted(" ".join(tokens[a:b]) for a, b in sources),
        sorted(" ".join(tokens[a:b]) for a, b in targets),
    )


@pytest.mark.parametrize(
    ("sentence", "source", "target"),
    [
        ("Norway gave $ 5 million to the farm sector .", "Norway", "the farm sector"),
        ("Italy lifted restrictions on Tunisian fishermen .", "Italy", "Tunisian fishermen"),
        (
            "The government ended the system of quotas on foreign workers .",
            "The government",
            "foreign workers",
        ),
        (
            "The minister expressed hope that the rebel commanders would return to the talks .",
            "The minister",
            "the rebel commanders",
        ),
        ("The farmers hoped the government would lower fuel prices .", "The farmers", "the government"),
        (
            "The opposition rejected the President 's proposals on electoral reform .",
            "The opposition",
            "the President 's proposals",
        ),
        (
            "Amnesty International issued a statement calling on the Kenyan police to free the activists .",
            "Amnesty International",
            "the Kenyan police",
        ),
    ],
    ids=[
        "given-to",
        "restrictions-on",
        "of-thing-on",
        "hope-that",
        "hoped-clause",
        "named-act",
        "calling-on",
    ],
)
def test_who_a_thing_or_a_feeling_is_about_is_the_target(
    nlp: Any, sentence: str, source: str, target: str
) -> None:
    assert _spans(nlp, sentence) == ([source], [target])


def test_a_speech_verb_with_no_trigger_gives_way_to_what_was_said(nlp: Any) -> None:
    # the reported clause is the event; its pronoun subject is the speaker
    assert _spans(nlp, "The council said it is skeptical of the new budget plan .") == (
        ["The council"],
        ["the new budget plan"],
    )


def test_a_pronoun_reporting_its_own_act_is_the_speaker(nlp: Any) -> None:
    assert _spans(nlp, "The union said it would boycott the regional elections .") == (
        ["The union"],
        ["the regional elections"],
    )


def test_the_main_verb_is_the_event_even_without_a_trigger_word(nlp: Any) -> None:
    assert _spans(nlp, "The coastguard towed the fishing boat to Mombasa .") == (
        ["The coastguard"],
        ["Mombasa"],
    )


@pytest.mark.parametrize(
    "sentence",
    ["Chile and Peru signed an accord on fishing rights .", "Chile and Peru met in Lima ."],
    ids=["accord", "met"],
)
def test_coordinated_doers_with_no_party_acted_on_are_joint_not_source(nlp: Any, sentence: str) -> None:
    assert _spans(nlp, sentence) == ([], [])


def test_full_spans_keep_a_bracketed_short_form(nlp: Any) -> None:
    sentence = "The Kenyan Navy Service ( KNS ) welcomed the Ugandan Peoples Defence Force ( UPDF ) ."
    assert _spans(nlp, sentence) == (
        ["The Kenyan Navy Service ( KNS )"],
        ["the Ugandan Peoples Defence Force ( UPDF )"],
    )


@pytest.mark.parametrize(
    ("sentence", "main"),
    [
        ("The navy sent two frigates to Cyprus to patrol its coast .", "sent"),
        ("The government issued an ultimatum to the rebels .", "ultimatum"),
        ("The minister said the army attacked the village .", "attacked"),
    ],
    ids=["main-verb-over-purpose", "light-verb-object", "reported-trigger"],
)
def test_the_main_event_is_the_main_verb_unless_it_reports_or_carries_one(
    nlp: Any, sentence: str, main: str
) -> None:
    doc = nlp(sentence.replace(" .", "."))
    chosen = main_event(doc, find_candidates(doc))
    assert chosen is not None and chosen.token.text == main


def test_the_navy_sending_frigates_is_coded_on_the_main_verb(nlp: Any) -> None:
    assert _spans(nlp, "The navy sent two frigates to Cyprus to patrol its coast .") == (
        ["The navy"],
        ["Cyprus"],
    )


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        ("Norway pledged $ 40 million to help Malawi .", "Malawi"),
        (
            "The minister authorized the release of $ 400 million in British military assistance to Kenya ,"
            " despite protests .",
            "Kenya",
        ),
        (
            "On March 4 , 2012 , the US government returned dozens of pre - Hispanic and Olmec figurines"
            " to the Embassy of Mexico .",
            "the Embassy of Mexico",
        ),
        (
            "The EU has provided more than € 2 billion for health and education programmes to end the cholera"
            " outbreak in East Africa .",
            "East Africa",
        ),
    ],
    ids=["to-help", "amount-in-aid-to", "count-of-things-to", "amount-then-place"],
)
def test_a_gift_is_coded_on_who_receives_it_never_on_the_amount(nlp: Any, sentence: str, target: str) -> None:
    assert _spans(nlp, sentence)[1] == [target]


def test_a_passive_main_verb_with_no_doer_gives_way_to_its_adverbial_act(nlp: Any) -> None:
    assert _spans(nlp, "Eleven miners were killed as soldiers opened fire on the strikers .") == (
        ["soldiers"],
        ["the strikers"],
    )


def test_a_pronoun_object_of_the_adverbial_act_is_the_passive_subject(nlp: Any) -> None:
    assert _spans(nlp, "The journalist was freed after the governor pardoned him .") == (
        ["the governor"],
        ["The journalist"],
    )


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        ("The mayor denied charges by the local newspaper that he took bribes .", "the local newspaper"),
        ("The governor denied allegations by the opposition that he rigged the vote .", "the opposition"),
    ],
    ids=["charges-by-on-verb", "allegations-by-on-verb"],
)
def test_the_author_of_a_charge_or_demand_is_the_target(nlp: Any, sentence: str, target: str) -> None:
    assert _spans(nlp, sentence)[1] == [target]


def test_both_belongs_to_the_coordination_not_the_first_name(nlp: Any) -> None:
    assert _spans(nlp, "Brazil imposed tariffs on both Argentina and Chile .")[1] == ["Argentina", "Chile"]


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        ("The minister expressed doubts about reaching a deal with the rebels .", "the rebels"),
        ("The envoy voiced pessimism over resuming negotiations with Tehran .", "Tehran"),
        (
            "The premier expressed confidence Monday that the coalition would survive the vote .",
            "the coalition",
        ),
    ],
    ids=["about-gerund", "over-gerund", "that-clause-on-verb"],
)
def test_a_feeling_about_an_act_targets_who_the_act_concerns(nlp: Any, sentence: str, target: str) -> None:
    assert _spans(nlp, sentence)[1] == [target]


@pytest.mark.parametrize(
    ("sentence", "trigger", "recipient"),
    [
        pytest.param("The rebels rejected a Kenyan peace plan on Monday.", "rejected", "Kenyan",
                     id="author-of-a-plan"),
        pytest.param("The president rejected the governor's offer of talks.", "rejected", "governor",
                     id="possessor-of-an-offer"),
        pytest.param("The union demanded that the ministry end the ban.", "demanded", "ministry",
                     id="subject-of-a-demanded-clause"),
        pytest.param("The president threatened to ban opposition parties from the vote.", "threatened",
                     "opposition parties", id="party-of-the-threatened-act"),
        pytest.param("The governor imposed a curfew in Kassala on Sunday.", "imposed", "Kassala",
                     id="place-of-a-curfew"),
        pytest.param("The army withdrew peacekeepers from the border zone of Abyei.", "withdrew", "Abyei",
                     id="own-forces-are-no-target"),
        pytest.param("The suicide bomber blew himself up at the gate.", "blew", None, id="reflexive"),
        pytest.param("Gunmen shelled positions of the border guards near the crossing.", "shelled",
                     "positions of the border guards", id="positions-of-a-party"),
    ],
)  # fmt: skip
def test_targets_when_the_object_names_no_party(
    code: Code, sentence: str, trigger: str, recipient: str | None
) -> None:
    event = _event(code(sentence), trigger)
    assert [r.text for r in event.recipient] == ([recipient] if recipient else [])


def test_after_an_attack_what_was_seen_is_no_victim(code: Code) -> None:
    event = _event(code("After the bombing, army patrols were seen in the streets."), "bombing")
    assert event.recipient == []


@pytest.mark.parametrize(
    ("sentence", "trigger", "actor"),
    [
        pytest.param("Russian warplanes struck the outskirts of the town.", "struck", "Russian warplanes",
                     id="owned-warplanes"),
        pytest.param("A roadside bomb planted by the militants struck a police vehicle.", "struck", "militants",
                     id="bomb-planted-by"),
        pytest.param("The rebels' forces said they had agreed to halt the offensive.", "agreed", "rebels' forces",
                     id="they-in-reported-speech"),
    ],
)  # fmt: skip
def test_the_doer_behind_a_weapon_or_a_pronoun(code: Code, sentence: str, trigger: str, actor: str) -> None:
    assert [a.text for a in _event(code(sentence), trigger).actor] == [actor]
