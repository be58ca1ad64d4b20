"""Extensions and renewals of a ceasefire (ONTOLOGY: phase ``extended``): they belong to the running
ceasefire and move its end; a possible extension is no extension. Sentences written for these tests."""

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


@pytest.mark.parametrize(
    ("sentence", "trigger", "event"),
    [
        ("The warring sides agreed on Tuesday to extend the truce by a week.", "agreed", "AGREE"),
        ("Qatari mediators announced a two-day extension of the humanitarian truce.", "announced", "AGREE"),
        ("The UN envoy announced the renewal of the nationwide truce for a further two months.", "announced",
         "AGREE"),
        ("Both parties have agreed to a 10-day extension of the cessation of hostilities.", "agreed", "AGREE"),
        ("Government and rebels renewed the truce for three months.", "renewed", "AGREE"),
        ("The junta prolonged its unilateral ceasefire until the end of the year.", "prolonged", "AGREE"),
        ("Truce extension welcomed by aid agencies", "extension", "AGREE"),
        ("The commission signed a further extension of the ceasefire agreement.", "signed", "SUPPORT"),
    ],
    ids=["agreed-to-extend", "announced-extension", "un-renewal", "agreed-to-extension", "renewed",
         "prolonged", "headline", "signed-extension"],
)  # fmt: skip
def test_an_extension_or_renewal_extends_the_running_ceasefire(
    code: Code, sentence: str, trigger: str, event: str
) -> None:
    found = _one(code(sentence), trigger)
    assert (found.event, _phase(found), found.modality) == (event, "ceasefire/extended", "asserted")


def test_an_extension_is_one_event_not_an_agreement_and_a_new_ceasefire(code: Code) -> None:
    events = code("The two sides have agreed to a five-day extension of the ceasefire.")
    assert [(e.trigger.text, _phase(e)) for e in events] == [("agreed", "ceasefire/extended")]


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("The truce could be extended if both sides agree.", "extended"),
        ("The ceasefire can be renewed with the consent of the two parties.", "renewed"),
        ("Diplomats said the truce may be extended beyond the two-week period.", "extended"),
        ("The cessation of hostilities might be prolonged, the envoy told reporters.", "prolonged"),
    ],
    ids=["could-if", "can-with-consent", "may", "might"],
)
def test_a_possible_extension_is_not_told_as_done(code: Code, sentence: str, trigger: str) -> None:
    found = _one(code(sentence), trigger)
    assert _phase(found) == "ceasefire/extended"
    assert found.modality == "hypothetical"
