"""Signals: what an event told as a fact says about a ceasefire; anything else says nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ceasefire.tracker.signals import signal_of
from ceasefire.tracker.tracked import TrackedEvent


def tracked(event: str, process: tuple[str, str] | None = None, modality: str = "asserted") -> TrackedEvent:
    record: dict[str, Any] = {
        "id": "e1",
        "event": event,
        "mode": None,
        "context": [],
        "process": {"kind": process[0], "phase": process[1]} if process else None,
        "modality": modality,
        "actor": [],
        "recipient": [],
        "place": None,
        "date": "2020-03-10",
        "evidence": {"doc_id": "d1", "text": "A sentence.", "start": 0, "end": 11},
        "trigger": {"text": "a", "start": 0, "end": 1},
        "confidence": 0.9,
        "reasons": [],
    }
    return TrackedEvent("e1", "d1", record, date(2020, 3, 10), frozenset({"SY"}))


PHASES = [
    ("ceasefire", "called", "call"),
    ("ceasefire", "accepted", "accept"),
    ("ceasefire", "declared", "accept"),
    ("ceasefire", "signed", "sign"),
    ("ceasefire", "in_force", "in_force"),
    ("ceasefire", "rejected", "reject"),
    ("ceasefire", "violation_alleged", "alleged"),
    ("ceasefire", "violated", "violated"),
    ("ceasefire", "ended", "ended"),
    ("talks", "suspended", "suspended"),
    ("talks", "boycotted", "suspended"),
    ("agreement", "rejected", "reject"),
]


@pytest.mark.parametrize(("kind", "phase", "signal"), PHASES, ids=[f"{k}-{p}" for k, p, _ in PHASES])
def test_process_phase_maps_to_its_signal(kind: str, phase: str, signal: str) -> None:
    assert signal_of(tracked("AGREE", (kind, phase))) == signal


@pytest.mark.parametrize("modality", ["asserted", "historical"])
def test_factual_modalities_give_a_signal(modality: str) -> None:
    assert signal_of(tracked("AGREE", ("ceasefire", "accepted"), modality)) == "accept"
    assert signal_of(tracked("ASSAULT", modality=modality)) == "violence"


@pytest.mark.parametrize("modality", ["question", "hypothetical", "future", "negated"])
@pytest.mark.parametrize(
    ("event", "process"),
    [
        ("AGREE", ("ceasefire", "accepted")),
        ("ACCUSE", ("ceasefire", "violation_alleged")),
        ("AGREE", ("ceasefire", "ended")),
        ("ASSAULT", None),
    ],
    ids=["accepted", "alleged", "ended", "assault"],
)
def test_non_factual_events_give_no_signal(
    event: str, process: tuple[str, str] | None, modality: str
) -> None:
    assert signal_of(tracked(event, process, modality)) is None


@pytest.mark.parametrize(
    ("kind", "phase"),
    [("talks", "held"), ("talks", "planned"), ("talks", "resumed"), ("agreement", "proposed")],
    ids=["talks-held", "talks-planned", "talks-resumed", "agreement-proposed"],
)
def test_phases_with_no_bearing_on_status_give_no_signal(kind: str, phase: str) -> None:
    assert signal_of(tracked("CONSULT", (kind, phase))) is None


def test_assault_is_violence_when_the_terms_ban_assault() -> None:
    assert signal_of(tracked("ASSAULT")) == "violence"
    assert signal_of(tracked("ASSAULT"), banned=("ASSAULT", "COERCE")) == "violence"


def test_assault_is_no_signal_when_the_terms_do_not_ban_it() -> None:
    assert signal_of(tracked("ASSAULT"), banned=("MOBILIZE",)) is None


def test_any_banned_event_type_is_violence() -> None:
    assert signal_of(tracked("MOBILIZE"), banned=("MOBILIZE",)) == "violence"
    assert signal_of(tracked("MOBILIZE")) is None


def test_a_ceasefire_phase_wins_over_the_event_type() -> None:
    assert signal_of(tracked("ASSAULT", ("ceasefire", "violated"))) == "violated"
