"""``create_app(settings)``: the JSON API under ``/api/v1/`` over the store, with its worker, and the
dashboard's pages (``pages.py``; the deconfliction board, ``deconfliction.py``), their own static files
and the npm packages they use (``assets.py``).

Collaborators (gazetteer, webhook sender, mailer, report coder) come in as arguments so tests and
demos can pass the shipped fakes; by default they are the real ones built from the settings.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from ceasefire import __version__
from ceasefire.errors import ServiceUnavailable
from ceasefire.knowledge.gazetteer import Gazetteer, open_gazetteer
from ceasefire.monitor import audit
from ceasefire.monitor.background import SWITCH_INTERVAL, build_worker
from ceasefire.monitor.filing import Coder
from ceasefire.monitor.lease import LeaseKeeper, WorkerLease
from ceasefire.monitor.locate import Locator
from ceasefire.monitor.mail import Mailer
from ceasefire.monitor.secrets import audit_key, sealer_from
from ceasefire.monitor.webhooks import Webhooks
from ceasefire.settings import Settings
from ceasefire.store.database import Store
from ceasefire.web import (
    api_admin,
    api_alerts,
    api_dashboard,
    api_deconflict,
    api_incidents,
    api_reports,
    assets,
    deconfliction,
    errors,
    pages,
)
from ceasefire.web.auth import cookies_for
from ceasefire.web.context import Services

#: every router of the API, in the order they are mounted
ROUTERS = (
    api_reports.router,
    api_incidents.router,
    api_alerts.router,
    api_admin.router,
    api_dashboard.router,
    api_deconflict.router,
)
#: the dashboard's pages
PAGE_ROUTERS = (pages.router, deconfliction.router)


def page_routes() -> list[APIRoute]:
    """Every page route of every page router that checks a permission (tests call each as every role)."""
    return [
        r
        for router in PAGE_ROUTERS
        for r in router.routes
        if isinstance(r, APIRoute) and getattr(r.endpoint, "__name__", "") not in pages.OPEN_PAGES
    ]


STATIC = Path(__file__).parent / "static"


def create_app(settings: Settings, *, store: Store | None = None, gazetteer: Gazetteer | None = None,
               webhooks: Webhooks | None = None, mailer: Mailer | None = None, coder: Coder | None = None,
               worker: bool = True, poll: float = 0.5, place_on_intake: bool = True) -> FastAPI:  # fmt: skip
    """The service. ``worker=False`` leaves the worker's work to someone else (tests that drive it by
    hand; ``ceasefire serve``, whose worker is a process of its own). ``place_on_intake=False`` answers
    a report once it is stored and leaves placing it to the worker."""
    store = store or Store.open(settings.database_url, pooled=True)
    sealer = sealer_from(settings)
    audit.use_key(audit_key(settings))
    background = build_worker(
        settings, store, sealer, webhooks=webhooks, mailer=mailer, coder=coder, poll=poll
    )
    svc = Services(store, settings, sealer, Locator(gazetteer or open_gazetteer(settings)), background,
                   place_on_intake=place_on_intake)  # fmt: skip

    keeper = LeaseKeeper(WorkerLease(store), background.start, background.stop) if worker else None

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if keeper is not None:  # of several processes on one store, the lease holder runs the worker
            keeper.begin()
        try:
            yield
        finally:
            if keeper is not None:
                keeper.end()

    app = FastAPI(title="ceasefire", version=__version__, lifespan=lifespan,
                  description="Incident reports, incidents, verification, alerts and audit for ceasefire monitoring.")  # fmt: skip
    app.state.services = svc
    app.state.cookies = cookies_for(settings)
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router)
    for router in PAGE_ROUTERS:
        app.include_router(router)
    app.include_router(assets.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(errors.BodyLimit, limit=settings.max_input_bytes)
    return app


def openapi(settings: Settings, **kwargs: Any) -> dict[str, Any]:
    return create_app(settings, worker=False, **kwargs).openapi()


def serving_app(settings: Settings) -> FastAPI:
    """The service as a serving process of ``ceasefire serve`` runs it: requests only store what they
    are sent; the worker process (``monitor/background.py``) places, raises and sends."""
    sys.setswitchinterval(SWITCH_INTERVAL)
    return create_app(settings, worker=False, place_on_intake=False)


def app_from_env() -> FastAPI:
    """``serving_app`` for each process of ``ceasefire serve --workers N``: settings from the
    environment (the parent wrote the store's URL there, having migrated it and made the keys)."""
    return serving_app(Settings.from_env())


def prepare_shared(settings: Settings) -> Settings:
    """What the serving processes must not race to do, done once before they start: migrate the
    store and make the key files. Returns the settings with the store's URL spelled out."""
    store = Store.open(settings.database_url)
    url = store.engine.url.render_as_string(hide_password=False)
    store.close()
    sealer_from(settings)
    audit_key(settings)
    return replace(settings, database_url=url)


@contextmanager
def served(app: FastAPI, start_timeout: float = 30.0) -> Iterator[str]:
    """``app`` served by uvicorn on a free loopback port, in a thread of this process (screenshots,
    the page bench, browser tests): yields its base URL, and stops it afterwards."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise ServiceUnavailable(f"the app did not start serving on 127.0.0.1:{port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
