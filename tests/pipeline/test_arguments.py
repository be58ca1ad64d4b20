"""Who an event is done to, read off the parse: recipients behind things, relative pronouns, "of" phrases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

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
