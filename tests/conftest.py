"""Shared fixtures: the spaCy model (loaded once), and helpers that code a sentence."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from ceasefire.models import Document, Event
from ceasefire.pipeline.events import ExtractEvents
from ceasefire.pipeline.parse import Parse, load_model

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    return load_model()


@pytest.fixture(scope="session")
def code(nlp) -> Callable[[str], list[Event]]:  # type: ignore[no-untyped-def]
    """Parse and extract the events of a text (no resolution stages)."""
    parse, extract = Parse(nlp), ExtractEvents()

    def run(text: str, published: date | None = None) -> list[Event]:
        doc = Document(id="t", text=text, published=published)
        return extract(parse(doc)).events

    return run


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the shared data sets sit beside the checkout in CI")
    return SHARED
