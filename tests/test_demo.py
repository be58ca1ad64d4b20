"""The demo store behind `make run`: the coded samples, their processes, and the board's notifications."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from ceasefire.demo import build_demo_store
from ceasefire.settings import Settings
from ceasefire.store.tables import documents, notifications
from ceasefire.tracker.board import status_board


def test_the_demo_store_holds_the_samples_their_processes_and_sample_notifications(tmp_path: Path) -> None:
    store = build_demo_store(Settings.from_env(secret_key_file=tmp_path / "key"), tmp_path / "demo.db")
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(documents)).scalar() >= 10
        kinds = sorted(conn.execute(select(notifications.c.kind)).scalars())
    assert kinds == ["movement", "site", "zone"]
    board = status_board(store)
    assert board and all(item["status"] for item in board)
    # every status an event caused shows that event (one replaced by a newer truce has none to show)
    assert all(item["evidence"] for item in board if not item["superseded_by"])
    store.close()
