"""The dashboard over the monitor's test service (a token per role), with a generated corpus in the store."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ceasefire.bench_pages import generate
from ceasefire.monitor.accounts import set_password
from tests.deconflict.conftest import deconf, moved  # noqa: F401  (fixtures: deconfliction accounts, a clock)
from tests.monitor.conftest import Service, service, syria_truce  # noqa: F401  (fixtures used here)

PASSWORD = "a long enough password"


@pytest.fixture
def corpus(service: Service) -> dict[str, Any]:  # noqa: F811
    """300 events in 60 documents over 48 processes (the bench's generator, small)."""
    return generate(service.store, 300, seed=7)


@pytest.fixture
def passwords(service: Service) -> str:  # noqa: F811
    """Every role's account gets the same password."""
    with service.store.transaction() as conn:
        for name in service.tokens:
            set_password(conn, name, PASSWORD)
    return PASSWORD


def sign_in(client: TestClient, name: str, password: str = PASSWORD, next_path: str = "/") -> Any:
    form = client.get("/signin")
    nonce = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert nonce, form.text
    return client.post("/signin", data={"csrf": nonce.group(1), "name": name, "password": password,
                                        "next": next_path}, follow_redirects=False)  # fmt: skip


def csrf_of(page_html: str) -> str:
    found = re.search(r'<meta name="csrf-token" content="([^"]*)"', page_html)
    assert found, "no csrf meta tag"
    return found.group(1)
