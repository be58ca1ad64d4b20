"""Modality of an event from its own clause: performatives, presupposed events, wants and requests,
and conjuncts with a tense of their own. Sentences written for these tests."""

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
    ("sentence", "trigger"),
    [
        ("I would like to announce that both parties have accepted the truce.", "accepted"),
        ("We wish to inform the public that the two sides agreed to a ceasefire on Sunday.", "agreed"),
        ("I wish to thank the delegations for agreeing to the truce extension.", "agreeing"),
    ],
    ids=["would-like-to-announce", "wish-to-inform", "wish-to-thank"],
)
def test_a_wish_to_announce_is_the_announcement_itself(code: Code, sentence: str, trigger: str) -> None:
    assert _one(code(sentence), trigger).modality == "asserted"


def test_a_wish_that_others_act_stays_hypothetical(code: Code) -> None:
    assert _one(code("I would like the parties to accept the truce."), "accept").modality == "hypothetical"


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("The border will reopen following the signing of the ceasefire last week.", "signing"),
        ("Schools will reopen after the withdrawal of the militia.", "withdrawal"),
    ],
    ids=["following", "after"],
)
def test_what_a_plan_is_counted_from_has_happened(code: Code, sentence: str, trigger: str) -> None:
    assert _one(code(sentence), trigger).modality == "asserted"


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("It is vital for the two sides to respect the truce.", "respect"),
        ("The commander ordered his troops to withdraw from the city.", "withdraw"),
        ("The mission encouraged the militia to release the hostages.", "release"),
    ],
    ids=["for-to", "ordered", "encouraged"],
)
def test_what_is_wanted_or_asked_is_not_done(code: Code, sentence: str, trigger: str) -> None:
    assert _one(code(sentence), trigger).modality == "future"


def test_a_past_verb_joined_to_a_future_one_keeps_its_own_tense(code: Code) -> None:
    events = code("The rebels said they will hold their ground and blamed the army for the shelling.")
    assert _one(events, "blamed").modality == "asserted"


def test_a_request_for_an_act_is_one_request(code: Code) -> None:
    events = code("The envoy called for both armies to withdraw from the city.")
    assert [(e.event, e.trigger.text) for e in events] == [("REQUEST", "called")]


def test_a_complement_hung_before_a_verb_of_no_saying_keeps_its_own_modality(nlp) -> None:  # type: ignore[no-untyped-def]
    """A misparse seen in wire copy: "Clashes were reported ... after a truce should have begun" with
    "reported" hung as the complement of "begun". Only a verb of saying has its complement before it,
    so the modal of "should have begun" does not reach the clashes."""
    from spacy.tokens import Doc

    from ceasefire.pipeline.modality import read_modality

    words = [
        "Clashes",
        "were",
        "reported",
        "in",
        "the",
        "capital",
        "after",
        "a",
        "truce",
        "should",
        "have",
        "begun",
        ".",
    ]
    heads = [2, 2, 11, 2, 5, 3, 2, 8, 6, 11, 11, 11, 11]
    deps = [
        "nsubjpass",
        "auxpass",
        "ccomp",
        "prep",
        "det",
        "pobj",
        "prep",
        "det",
        "pobj",
        "aux",
        "aux",
        "ROOT",
        "punct",
    ]
    pos = ["NOUN", "AUX", "VERB", "ADP", "DET", "NOUN", "ADP", "DET", "NOUN", "AUX", "AUX", "VERB", "PUNCT"]
    tags = ["NNS", "VBD", "VBN", "IN", "DT", "NN", "IN", "DT", "NN", "MD", "VB", "VBN", "."]
    lemmas = [
        "clash",
        "be",
        "report",
        "in",
        "the",
        "capital",
        "after",
        "a",
        "truce",
        "should",
        "have",
        "begin",
        ".",
    ]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas)
    assert read_modality(doc[0]).modality == "asserted"
    # the same clause after a verb of saying is its content, and takes its modal
    said = ["Officials", "could", "say", "that", "clashes", "were", "reported", "."]
    doc = Doc(nlp.vocab, words=said, heads=[2, 2, 2, 6, 6, 6, 2, 2],
              deps=["nsubj", "aux", "ROOT", "mark", "nsubjpass", "auxpass", "ccomp", "punct"],
              pos=["NOUN", "AUX", "VERB", "SCONJ", "NOUN", "AUX", "VERB", "PUNCT"],
              tags=["NNS", "MD", "VB", "IN", "NNS", "VBD", "VBN", "."],
              lemmas=["official", "could", "say", "that", "clash", "be", "report", "."])  # fmt: skip
    assert read_modality(doc[4]).modality == "hypothetical"


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        pytest.param("The government needs to withdraw its troops from the border towns.", "withdraw",
                     id="needs-to-is-advice"),
        pytest.param("The rebels have to accept the truce if they want aid.", "accept", id="have-to-is-advice"),
        pytest.param('Imagine the headlines tomorrow: "Both sides sign a lasting truce."', "sign",
                     id="imagined-headline"),
        pytest.param("Picture the scene: the two armies withdraw from the city.", "withdraw",
                     id="picture-the-scene"),
        pytest.param("What I could see happening: the militia attacks the port and the talks collapse.",
                     "attacks", id="after-a-speculative-colon"),
    ],
)  # fmt: skip
def test_advice_and_imagined_scenes_are_hypothetical(code: Code, sentence: str, trigger: str) -> None:
    assert _one(code(sentence), trigger).modality == "hypothetical"


def test_past_obligation_is_a_fact(code: Code) -> None:
    event = _one(code("The guards had to release the prisoners after the ruling."), "release")
    assert event.modality == "asserted"


def test_list_under_a_speculative_lead_is_hypothetical(code: Code) -> None:
    text = (
        "I could see three things happening before the talks:\n"
        "- the army retaking the northern hills;\n"
        "- the two sides agreeing on a partial truce.\n"
        "The army shelled the hills on Monday."
    )
    events = code(text)
    assert _one(events, "agreeing").modality == "hypothetical"
    assert _one(events, "shelled").modality == "asserted"
