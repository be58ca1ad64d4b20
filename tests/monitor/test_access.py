"""Every endpoint x role pair: no token is 401, a bad token 401, a role without the permission 403,
and a role with it gets past the check (whatever the handler then says about the request). The
roles are the six of the monitoring service and ``humanitarian`` (deconfliction)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.routing import APIRoute

from ceasefire.monitor.access import PERMISSIONS
from ceasefire.monitor.accounts import add_account, create_token
from ceasefire.web.app import ROUTERS
from ceasefire.web.context import permission_of
from tests.monitor.conftest import ROLES, Service

pytestmark = pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)

ALL_ROLES = (*ROLES, "humanitarian")
DECONFLICTION = {
    ("POST", "/api/v1/deconfliction/notifications"), ("GET", "/api/v1/deconfliction/notifications"),
    ("GET", "/api/v1/deconfliction/notifications/{notification_id}"),
    ("POST", "/api/v1/deconfliction/notifications/{notification_id}/ack"),
    ("POST", "/api/v1/deconfliction/notifications/{notification_id}/outcome"),
    ("POST", "/api/v1/deconfliction/notifications/{notification_id}/reconfirm"),
    ("GET", "/api/v1/deconfliction/conflicts"), ("GET", "/api/v1/deconfliction/findings"),
    ("GET", "/api/v1/deconfliction/summary"), ("GET", "/api/v1/deconfliction/terms"),
    ("PUT", "/api/v1/deconfliction/terms/{country}"), ("GET", "/api/v1/deconfliction/export.csv"),
}  # fmt: skip


def _with_humanitarian(service: Service) -> None:
    if "humanitarian" not in service.tokens:
        with service.store.transaction() as conn:
            add_account(conn, "relief-org", "humanitarian")
            service.tokens["humanitarian"] = create_token(conn, "relief-org")


def _routes(service: Service) -> list[APIRoute]:
    found = [r for router in ROUTERS for r in router.routes if isinstance(r, APIRoute)]
    assert all(r.path.startswith("/api/v1/") for r in found)
    assert len(found) >= 25
    return found


def _call(service: Service, route: APIRoute, headers: dict[str, str]) -> Any:
    path = re.sub(r"\{[^}]+\}", "1", route.path)
    method = sorted(route.methods)[0]
    return service.client.request(method, path, headers=headers, json={})


def test_every_api_route_checks_a_known_permission(service: Service) -> None:
    for route in _routes(service):
        assert permission_of(route) in PERMISSIONS, f"{route.path} checks no permission"


def test_no_token_and_bad_tokens_are_401_on_every_route(service: Service) -> None:
    for route in _routes(service):
        for headers in ({}, {"Authorization": "Bearer cf_not-a-token"}, {"Authorization": "Basic abc"}):
            answer = _call(service, route, headers)
            assert answer.status_code == 401, (route.path, headers, answer.text)
            assert answer.headers["www-authenticate"] == "Bearer"


def test_every_deconfliction_route_is_in_the_walk(service: Service) -> None:
    walked = {(sorted(r.methods)[0], r.path) for r in _routes(service) if "/deconfliction/" in r.path}
    assert walked == DECONFLICTION


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_is_let_through_exactly_where_the_permission_table_says(
    service: Service, role: str
) -> None:
    _with_humanitarian(service)
    for route in _routes(service):
        permission = permission_of(route)
        assert permission is not None
        answer = _call(service, route, service.as_(role))
        if role in PERMISSIONS[permission]:
            assert answer.status_code not in (401, 403) or "may not move" in answer.text, (
                route.path,
                role,
                answer.text,
            )
        else:
            assert answer.status_code == 403, (route.path, role, answer.status_code, answer.text)
            assert role in answer.json()["message"]


def test_a_revoked_token_stops_working(service: Service) -> None:
    made = service.post("admin", "/api/v1/accounts", json={"name": "temp", "role": "viewer"})
    assert made.status_code == 201
    token = made.json()["token"]
    assert service.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    from sqlalchemy import select

    from ceasefire.store.tables import tokens

    with service.store.engine.connect() as conn:
        token_id = conn.execute(
            select(tokens.c.id).where(tokens.c.label == "first").order_by(tokens.c.id.desc())
        ).scalar()
    assert (
        service.client.delete(f"/api/v1/tokens/{token_id}", headers=service.as_("admin")).status_code == 200
    )
    assert service.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_tokens_are_stored_only_as_hashes(service: Service) -> None:
    from sqlalchemy import select

    from ceasefire.store.tables import tokens

    with service.store.engine.connect() as conn:
        stored = set(conn.execute(select(tokens.c.digest)).scalars())
    assert not stored & set(service.tokens.values())
    assert all(len(d) == 64 for d in stored)
