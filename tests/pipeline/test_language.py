"""Language: English kept and marked, other languages and empty texts rejected as values."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ceasefire.models import Document, Rejected
from ceasefire.pipeline.language import Language
from ceasefire.settings import Settings
from ceasefire.sources import read_file

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sources"
ENGLISH = (
    "Monitors reported that the truce line near the port was quiet overnight, with no shelling recorded for "
    "the first time in a week. Both delegations said they would return to the talks on Monday."
)


def test_english_text_is_kept_and_marked() -> None:
    doc = Language()(Document(id="e", text=ENGLISH))
    assert isinstance(doc, Document)
    assert doc.language == "en"
    assert doc.notes == []


@pytest.mark.parametrize(
    ("name", "lang"),
    [
        pytest.param("french_page.html", "fr", id="french"),
        pytest.param("german_page.html", "de", id="german"),
    ],
)
def test_foreign_page_is_rejected_with_the_detected_language(name: str, lang: str) -> None:
    [doc] = read_file(FIXTURES / name, Settings())
    rejected = Language()(doc)
    assert isinstance(rejected, Rejected)
    assert (rejected.reason, rejected.stage, rejected.doc_id) == ("wrong_language", "language", doc.id)
    assert re.fullmatch(rf"detected {lang} \(probability (0\.9\d|1\.00)\)", rejected.detail)
    assert rejected.document is doc and doc.language == lang


@pytest.mark.parametrize("text", [pytest.param("", id="empty"), pytest.param("  \n\n\t ", id="whitespace")])
def test_empty_text_is_rejected_as_empty(text: str) -> None:
    rejected = Language()(Document(id="x", text=text))
    assert isinstance(rejected, Rejected)
    assert rejected.reason == "empty"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Merci beaucoup !", id="french-thanks"),
        pytest.param("Danke, gut gemacht.", id="german-thanks"),
        pytest.param("Aleppo, Idlib, Hama.", id="place-names"),
    ],
)
def test_very_short_text_stays_english(text: str) -> None:
    doc = Language()(Document(id="s", text=text, kind="comment"))
    assert isinstance(doc, Document)
    assert doc.language == "en"
    assert "too short to judge" in doc.notes[0]


def test_mostly_english_text_with_a_french_quote_is_kept() -> None:
    quote = (
        "« Nous demandons aux deux parties de respecter strictement le cessez-le-feu et de laisser passer "
        "les convois humanitaires sans aucune condition préalable », a déclaré le ministre."
    )
    text = "\n\n".join(
        [quote, ENGLISH, ENGLISH.replace("Monday", "Tuesday"), ENGLISH.replace("port", "border")]
    )
    doc = Language()(Document(id="m", text=text))
    assert isinstance(doc, Document)
    assert doc.language == "en"


def test_unsure_guess_on_a_list_of_names_stays_english() -> None:
    doc = Language()(
        Document(id="n", text="Assad, Aleppo, Latakia, HNC, Geneva, Kerry, Lavrov, Mistura, Idlib, Homs")
    )
    assert isinstance(doc, Document)
    assert doc.language == "en"
    assert doc.notes[0].startswith("language: unsure (")


def test_mostly_german_text_with_some_english_is_rejected() -> None:
    quote = (
        "„Wir fordern beide Seiten auf, die Waffenruhe strikt einzuhalten und die Hilfskonvois ohne jede "
        "Vorbedingung passieren zu lassen“, sagte der Minister am Dienstag in Berlin vor Journalisten."
    )
    rejected = Language()(Document(id="g", text=f"{quote}\n\nThe minister spoke in Berlin."))
    assert isinstance(rejected, Rejected) and rejected.detail.startswith("detected de")
