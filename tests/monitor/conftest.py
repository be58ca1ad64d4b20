"""A service over a fresh store (SQLite and PostgreSQL) with the shipped fakes, and a token per role."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient

from ceasefire.knowledge.gazetteer import MemoryGazetteer
from ceasefire.monitor import clock
from ceasefire.monitor.accounts import add_account, create_token
from ceasefire.monitor.mail import MemoryMailer
from ceasefire.monitor.webhooks import MemoryWebhooks
from ceasefire.registry.process import Process
from ceasefire.registry.store import save_process
from ceasefire.settings import Settings
from ceasefire.store.database import Store
from ceasefire.web import create_app

ROLES = ("viewer", "monitor", "analyst", "coordinator", "admin", "party")
PARTY = "Syrian Arab Army"
#: Idlib, and a point 2 km east of it
IDLIB = (35.9306, 36.6339)
NEAR_IDLIB = (35.9306, 36.6560)


def fake_coder(text: str, published: date, doc_id: str) -> list[dict[str, Any]]:
    """Codes "shelled"/"attacked" as an asserted ASSAULT and nothing else."""
    words = text.lower()
    if "shell" in words or "attack" in words:
        return [{"event": "ASSAULT", "modality": "asserted", "text": text[:80]}]
    return []


@dataclass
class Service:
    client: TestClient
    store: Store
    tokens: dict[str, str]
    webhooks: MemoryWebhooks
    mailer: MemoryMailer
    settings: Settings

    def as_(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def post(self, role: str, path: str, **kwargs: Any) -> Any:
        headers = {**self.as_(role), **kwargs.pop("headers", {})}
        return self.client.post(path, headers=headers, **kwargs)

    def get(self, role: str, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, headers=self.as_(role), **kwargs)

    def run_worker(self) -> dict[str, int]:
        worker = self.client.app.state.services.worker  # type: ignore[attr-defined]
        done = worker.run_once()
        worker.drain()
        return dict(done)


@pytest.fixture
def moved() -> Iterator[clock.ManualClock]:
    """The service's clock, standing still until a test moves it (tests move the clock, not rows)."""
    manual = clock.ManualClock(datetime.now(UTC).replace(microsecond=0))
    clock.use(manual)
    try:
        yield manual
    finally:
        clock.use(None)


@pytest.fixture
def service(store: Store, tmp_path: Any) -> Iterator[Service]:
    yield from serve(store, tmp_path)


def serve(store: Store, tmp_path: Any, place_on_intake: bool = True) -> Iterator[Service]:
    """The service over ``store`` with the shipped fakes, an account and token per role (and a
    second monitor), its worker driven by hand (``Service.run_worker``)."""
    settings = Settings(secret_key=Fernet.generate_key().decode(), database_url=store.url,
                        cache_dir=tmp_path / "cache")  # fmt: skip
    webhooks, mailer = MemoryWebhooks(), MemoryMailer()
    app = create_app(settings, store=store, gazetteer=MemoryGazetteer(), webhooks=webhooks, mailer=mailer,
                     coder=fake_coder, worker=False, place_on_intake=place_on_intake)  # fmt: skip
    tokens = {}
    with store.transaction() as conn:
        for role in ROLES:
            add_account(conn, role, role, party=PARTY if role == "party" else None)
            tokens[role] = create_token(conn, role)
        add_account(conn, "monitor2", "monitor")
        tokens["monitor2"] = create_token(conn, "monitor2")
    with TestClient(app) as client:
        yield Service(client, store, tokens, webhooks, mailer, settings)


def report(client_id: str = "r1", *, at: datetime | None = None, point: tuple[float, float] = IDLIB,
           **extra: Any) -> dict[str, Any]:  # fmt: skip
    body: dict[str, Any] = {
        "client_id": client_id,
        "occurred_at": (at or datetime.now(UTC) - timedelta(hours=1)).isoformat(),
        "location": {"lat": point[0], "lon": point[1]},
        "source_type": "public",
        "text": "Artillery shelled the eastern districts of the town this morning.",
        "event_type": "ASSAULT",
    }
    body.update(extra)
    return body


@pytest.fixture
def syria_truce(store: Store) -> Callable[[], str]:
    """Put a ceasefire in force in Syria into the registry; returns its id."""

    def add() -> str:
        process = Process(id="test-sy-truce", name="Test Syria truce", kind="ceasefire", origin="manual",
                          countries=["SY"], effective=date.today() - timedelta(days=20))  # fmt: skip
        with store.transaction() as conn:
            save_process(conn, process)
        return process.id

    return add
