from __future__ import annotations

from collections.abc import Callable

import pytest

from ceasefire.models import Document, Event
from ceasefire.pipeline.acled import AcledTypes, primary_acled
from ceasefire.pipeline.sentences import split_sentences

Code = Callable[[str], list[Event]]


def _acled(code: Code, text: str) -> str | None:
    doc = Document(id="t", text=text, events=code(text), sentences=split_sentences(text))
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


# ACLED-style notes and news sentences written for these tests: one rule each
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("On 2 June, the militia fired 82mm mortars at the positions of the army near the dam.",
                     "Shelling/artillery/missile attack", id="fired-mortars-at-positions"),
        pytest.param("On 2 June, border guards fired with unspecified weapons on the positions of the other side.",
                     "Armed clash", id="fired-with-unspecified-weapons"),
        pytest.param("The monitors recorded 25 ceasefire violations, including 9 explosions, near the river.",
                     "Shelling/artillery/missile attack", id="monitors-recorded-violations"),
        pytest.param("The mission heard 12 explosions south-east of the town.",
                     "Shelling/artillery/missile attack", id="monitors-heard-explosions"),
        pytest.param("Rebel fighters shot down a government drone over the valley.", "Disrupted weapons use",
                     id="drone-shot-down"),
        pytest.param("Gunmen shot dead a village elder near the market.", "Attack", id="elder-shot-dead"),
        pytest.param("Militants attacked the village overnight. Six villagers were killed.", "Attack",
                     id="village-attack-civilian-casualties-next-sentence"),
        pytest.param("Militants attacked an army post overnight. Four soldiers were killed.", "Armed clash",
                     id="post-attack-soldiers-killed-next-sentence"),
        pytest.param("Unknown gunmen killed a community leader in the district.", "Attack", id="community-leader"),
        pytest.param("Police shot dead a man during a protest against evictions in the capital.",
                     "Excessive force against protesters", id="protester-killed"),
        pytest.param("Residents gathered outside the town hall. They were beaten and dragged into police vans.",
                     "Protest with intervention", id="beaten-and-taken-away-next-sentence"),
        pytest.param("Residents held a rally to demand the release of detained activists.", "Peaceful protest",
                     id="release-of-detained-is-a-demand"),
        pytest.param("The army dispersed protesters who blocked the highway with burning tyres.",
                     "Protest with intervention", id="burning-tyres-not-violent"),
        pytest.param("Factory workers clashed with police and smashed windows in the industrial zone.",
                     "Violent demonstration", id="workers-clash-with-police"),
        pytest.param("Villagers beat a suspected thief to death in the market.", "Mob violence",
                     id="beaten-to-death-by-villagers"),
        pytest.param("A bomb hidden in a parked car exploded near the checkpoint.", "Remote explosive/landmine/IED",
                     id="hidden-bomb"),
        pytest.param("The insurgents used chlorine gas against the army unit.", "Chemical weapon",
                     id="chlorine-used"),
        pytest.param("A helicopter dropped barrel bombs on the eastern neighbourhoods.", "Air/drone strike",
                     id="dropped-barrel-bombs"),
        pytest.param("The army freed several villages from the militants on Thursday.", "Government regains territory",
                     id="freed-villages"),
        pytest.param("Soldiers captured two rebel camps in the hills.", "Government regains territory",
                     id="soldiers-capture-camps"),
        pytest.param("The rebels handed over their weapons and surrendered to the army.", "Agreement",
                     id="surrender"),
        pytest.param("The two sides exchanged prisoners near the front line.", "Agreement", id="prisoner-exchange"),
        pytest.param("Peace talks between the government and the rebels resumed in the capital.", "Agreement",
                     id="peace-talks"),
        pytest.param("The militia deployed reinforcements to the port city.", "Change to group/activity",
                     id="deployed-reinforcements"),
        pytest.param("Forty fighters defected to the government in the north.", "Change to group/activity",
                     id="defection"),
        pytest.param("Thousands of people took to the streets of the capital on Friday.", "Peaceful protest",
                     id="took-to-the-streets"),
        pytest.param("Teachers held a sit-in in front of the ministry.", "Peaceful protest", id="sit-in"),
    ],
)  # fmt: skip
def test_acled_rules_for_notes_and_news(code: Code, text: str, expected: str) -> None:
    assert _acled(code, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "The group claimed responsibility for the attack on the embassy.", id="claimed-responsibility"
        ),
        pytest.param(
            "A cooking gas cylinder exploded in a restaurant, injuring five people.", id="gas-cylinder"
        ),
        pytest.param("For media inquiries, contact the press office.", id="media-inquiries"),
        pytest.param("The company fired the manager after the audit.", id="fired-a-person"),
    ],
)
def test_no_acled_type_for_attributions_accidents_and_chrome(code: Code, text: str) -> None:
    assert _acled(code, text) is None
