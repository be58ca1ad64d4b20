"""Rows to export, built from real ``Event`` and ``Document`` objects written for these tests.

One document about Libya with four events that exercise what the formats skip or keep:

- ``strike``: an aerial ASSAULT on Tripoli breaking a ceasefire, with an ACLED type and
  coordinates (lat 32.9, lon 13.2), linked to two processes; its sentence has commas, quotes and
  a line break, which the CSV formats must keep.
- ``rejection``: a REJECT-yield in Moscow: coordinates, no ACLED type.
- ``question``: "Did warplanes bomb Misrata?": an ACLED type but a question, and no place.
- ``claim``: an ACCUSE with a place that has no coordinates (a country-level mention).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from ceasefire.exports import ExportRow
from ceasefire.models import AcledType, ActorRef, Document, Event, Evidence, Place, ProcessRef, Span

STRIKE = 'Warplanes of the "LNA" struck Mitiga airport in Tripoli, the GNA said,\ndespite the truce.'
REJECTION = "Haftar rejected the ceasefire in Moscow and left without signing."
QUESTION = "Did warplanes bomb Misrata on Tuesday?"
CLAIM = "The GNA accused the LNA of breaking the truce in Libya."
PUBLISHED = date(2020, 1, 14)
PROCESSES = ("libya-2020-01-ceasefire", "berlin-process")

LNA = ActorRef("LNA", name="Libyan National Army", country="LBY", sector="MIL")
GNA = ActorRef("GNA", name="Government of National Accord", country="LBY", sector="GOV")
HAFTAR = ActorRef("Haftar", name="Libyan National Army", country="LBY", sector="MIL")
TRIPOLI = Place("Tripoli", "Tripoli", "LY", 32.9, 13.2, geonameid=2210247, precision="city")
MOSCOW = Place("Moscow", "Moscow", "RU", 55.75, 37.62, geonameid=524901, precision="city")
LIBYA = Place("Libya", "Libya", "LY", None, None, geonameid=2215636, precision="country")


def _event(doc_text: str, sentence: str, trigger: str, **fields: Any) -> Event:
    start = doc_text.index(sentence)
    at = doc_text.index(trigger, start)
    return Event(
        evidence=Evidence("libya-1", sentence, start, start + len(sentence)),
        trigger=Span(trigger, at, at + len(trigger)),
        date=PUBLISHED,
        date_precision="day",
        date_basis="publication",
        **fields,
    )


def libya_document() -> Document:
    """The document and its four coded events."""
    text = " ".join((STRIKE, REJECTION, QUESTION, CLAIM))
    doc = Document(
        id="libya-1",
        text=text,
        url="https://news.example/2020/01/14/libya",
        title="Strikes in Tripoli as Moscow talks end",
        site="news.example",
        published=PUBLISHED,
        language="en",
    )
    doc.events = [
        _event(text, STRIKE, "struck", event="ASSAULT", mode="aerial", context=["military"],
               process=ProcessRef("ceasefire", "violated"), actor=[LNA], recipient=[GNA], place=TRIPOLI,
               acled=AcledType("Explosions/Remote violence", "Air/drone strike"), confidence=0.9, id="strike"),
        _event(text, REJECTION, "rejected", event="REJECT", mode="yield", context=["diplomatic"],
               process=ProcessRef("ceasefire", "rejected"), actor=[HAFTAR], place=MOSCOW, id="rejection"),
        _event(text, QUESTION, "bomb", event="ASSAULT", mode="aerial", modality="question",
               acled=AcledType("Explosions/Remote violence", "Air/drone strike"), id="question"),
        _event(text, CLAIM, "accused", event="ACCUSE", mode="allege", actor=[GNA], recipient=[LNA],
               process=ProcessRef("ceasefire", "violation_alleged"), place=LIBYA, id="claim"),
    ]  # fmt: skip
    return doc


def export_rows(doc: Document) -> list[ExportRow]:
    header = doc.header_json()
    return [ExportRow(event.to_json(), header, PROCESSES if event.process else ()) for event in doc.events]


@pytest.fixture
def document() -> Document:
    return libya_document()


@pytest.fixture
def rows(document: Document) -> list[ExportRow]:
    return export_rows(document)


@pytest.fixture
def to_rows() -> Callable[[Document], list[ExportRow]]:
    """Rows of a document's events (for tests that change an event first)."""
    return export_rows


@pytest.fixture
def many_rows() -> Callable[[int], Iterator[ExportRow]]:
    """A generator of ``n`` rows made one at a time (never a list of them)."""

    def generate(n: int) -> Iterator[ExportRow]:
        doc = libya_document()
        header = doc.header_json()
        records = [event.to_json() for event in doc.events]
        for i in range(n):
            record = records[i % len(records)]
            yield ExportRow({**record, "id": f"{record['id']}-{i}"}, header, PROCESSES)

    return generate
