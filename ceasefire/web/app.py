"""``create_app(settings)``: the JSON API under ``/api/v1/`` over the store, with its worker, and the
dashboard's pages (``pages.py``; the deconfliction board, ``deconfliction.py``), their own static files
and the npm packages they use (``assets.py``).

Collaborators (gazetteer, webhook sender, mailer, report coder) come in as arguments so tests and
demos can pass the shipped fakes; by default they are the real ones built from the settings.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from ceasefire import __version__
from ceasefire.knowledge.gazetteer import Gazetteer, open_gazetteer
from ceasefire.monitor import audit
from ceasefire.monitor.destinations import AllowList
from ceasefire.monitor.filing import Coder
from ceasefire.monitor.locate import Locator
from ceasefire.monitor.mail import Mailer, SmtpMailer
from ceasefire.monitor.secrets import audit_key, sealer_from
from ceasefire.monitor.webhooks import Webhooks, WebhookSender
from ceasefire.monitor.worker import PipelineCoder, Worker
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
STATIC = Path(__file__).parent / "static"


def create_app(settings: Settings, *, store: Store | None = None, gazetteer: Gazetteer | None = None,
               webhooks: Webhooks | None = None, mailer: Mailer | None = None, coder: Coder | None = None,
               worker: bool = True, poll: float = 0.5) -> FastAPI:  # fmt: skip
    """The service. ``worker=False`` leaves sending to someone else (tests that drive it by hand)."""
    store = store or Store.open(settings.database_url, pooled=True)
    sealer = sealer_from(settings)
    mailer = mailer or SmtpMailer(settings.smtp_host, settings.smtp_port, settings.smtp_sender,
                                  username=settings.smtp_username, password=settings.smtp_password,
                                  starttls=settings.smtp_starttls)  # fmt: skip
    sender = webhooks or WebhookSender(
        timeout=settings.webhook_timeout, allow=AllowList.parse(settings.webhook_allow)
    )
    audit.use_key(audit_key(settings))
    background = Worker(store, settings, sealer, sender, mailer, coder if coder is not None else PipelineCoder(settings),
                        poll=poll)  # fmt: skip
    svc = Services(store, settings, sealer, Locator(gazetteer or open_gazetteer(settings)), background)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if worker:
            background.start()
        try:
            yield
        finally:
            if worker:
                background.stop()

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
