"""What every route reaches for: the store, settings, sealer, locator and worker, and the caller.

Each route names the permission it needs (``need("reports.create")``); the dependency checks the
bearer token, or a signed-in dashboard session (``web/auth.py``; with its CSRF token on a change),
(401 without either) and the role (403) before the body is validated (a body that cannot be parsed
at all is refused earlier, with 400).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ceasefire.monitor.access import PERMISSIONS, require
from ceasefire.monitor.accounts import Account
from ceasefire.monitor.locate import Locator
from ceasefire.monitor.secrets import Sealer
from ceasefire.monitor.worker import Worker
from ceasefire.settings import Settings
from ceasefire.store.database import Store
from ceasefire.web.auth import SAFE_METHODS, check_csrf, identify
from ceasefire.web.sessions import CSRF_HEADER

bearer = HTTPBearer(auto_error=False, description="an API token: `ceasefire tokens create NAME`")


@dataclass
class Services:
    store: Store
    settings: Settings
    sealer: Sealer
    locator: Locator
    worker: Worker
    #: reports are placed in their incidents as they are filed (else by the worker, moments later)
    place_on_intake: bool = True


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


async def the_services(request: Request) -> Services:
    """``services`` as a dependency (a coroutine: FastAPI would run a plain function in a thread)."""
    return services(request)


def need(permission: str) -> Callable[..., Account]:
    """A dependency giving the calling account, once it holds ``permission``."""
    if permission not in PERMISSIONS:
        raise KeyError(permission)

    def caller(
        request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
    ) -> Account:
        svc = services(request)
        with svc.store.engine.connect() as conn:
            found = identify(request, conn, credentials.credentials if credentials else None)
        if request.method not in SAFE_METHODS:
            check_csrf(found, request.headers.get(CSRF_HEADER))
        require(found.account, permission)
        return found.account

    caller.permission = permission  # type: ignore[attr-defined]
    return caller


def permission_of(route: Any) -> str | None:
    """The permission a route checks, read from its dependencies (tests walk every route with it)."""
    stack = list(getattr(getattr(route, "dependant", None), "dependencies", []))
    while stack:
        dep = stack.pop()
        found = getattr(dep.call, "permission", None)
        if found:
            return str(found)
        stack.extend(dep.dependencies)
    return None
