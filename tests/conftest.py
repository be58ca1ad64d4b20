"""Shared fixtures: the spaCy model (loaded once), helpers that code a sentence, and stores."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, make_url
from sqlalchemy.exc import OperationalError

from ceasefire.models import Document, Event
from ceasefire.pipeline.events import ExtractEvents
from ceasefire.pipeline.parse import Parse, load_model
from ceasefire.store.database import Store, scratch_database

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


# -- stores: every store test runs on SQLite and on a real PostgreSQL server -----------------------

POSTGRES_URL = os.environ.get("CEASEFIRE_TEST_POSTGRES_URL")
REQUIRE_POSTGRES = os.environ.get("CEASEFIRE_REQUIRE_POSTGRES") == "1"


@contextmanager
def fresh_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """URL of an empty database on ``backend``, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("CEASEFIRE_REQUIRE_POSTGRES=1 but CEASEFIRE_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL server: set CEASEFIRE_TEST_POSTGRES_URL (.ci/postgres starts one)")
    with ExitStack() as stack:
        try:
            url = stack.enter_context(scratch_database(POSTGRES_URL, "cf_test"))
        except OperationalError as exc:
            if REQUIRE_POSTGRES:
                raise
            pytest.skip(f"PostgreSQL at {make_url(POSTGRES_URL).render_as_string()} unreachable: {exc.orig}")
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store.open(store_url)
    yield opened
    opened.close()


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements ``engine`` runs inside the block (to show a page or a batch is a fixed
    number of queries, not one a row)."""
    seen: list[str] = []

    def note(conn: object, cursor: object, statement: str, *_: object) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)
