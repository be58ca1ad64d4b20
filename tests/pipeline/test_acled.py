from __future__ import annotations

from collections.abc import Callable

import pytest

from ceasefire.models import Document, Event
from ceasefire.pipeline.acled import AcledTypes, primary_acled

Code = Callable[[str], list[Event]]


def _acled(code: Code, text: str) -> str | None:
    doc = Document(id="t", text=text, events=code(text))
    return primary_acled(AcledTypes()(doc))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A suicide bomber blew himself up at a checkpoint, killing four soldiers.", "Suicide bomb"),
        ("Warplanes struck a market in the town on Friday.", "Air/drone strike"),
        ("Rebels shelled government positions with mortars.", "Shelling/artillery/missile attack"),
        ("A roadside bomb exploded under an army truck.", "Remote explosive/landmine/IED"),
        ("Police fired tear gas to disperse hundreds of protesters in the capital.", "Protest with intervention"),
        ("Protesters hurled stones at the police and torched cars.", "Violent demonstration"),
        ("Security forces found a cache of weapons and ammunition near the border.", "Disrupted weapons use"),
        ("Turkish forces set up a new observation post in the province.", "Headquarters or base established"),
        ("The army recaptured the town from the militants.", "Government regains territory"),
        ("Gunmen abducted three aid workers on the road.", "Abduction/forced disappearance"),
        ("Police arrested twelve people after the raid.", "Arrests"),
        ("The two sides signed a ceasefire agreement in Jeddah.", "Agreement"),
        ("Thousands of people protested peacefully against the new law.", "Peaceful protest"),
    ],
    ids=["suicide", "air", "shelling", "ied", "intervention", "violent-demo", "disrupted", "base", "regain",
         "abduction", "arrests", "agreement", "peaceful"],
)  # fmt: skip
def test_acled_sub_event_type(code: Code, text: str, expected: str) -> None:
    assert _acled(code, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The earthquake killed thirty people in the mountain villages.",
        "The ministers met in Cairo to discuss trade.",
    ],
    ids=["disaster", "meeting"],
)
def test_events_acled_would_not_code_get_no_type(code: Code, text: str) -> None:
    assert _acled(code, text) is None
