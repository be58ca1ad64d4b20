"""Who am I, the process board, accounts and tokens, and the audit log."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from ceasefire.monitor import accounts, audit
from ceasefire.monitor.accounts import Account
from ceasefire.monitor.schemas import Role
from ceasefire.store.tables import processes
from ceasefire.web.context import Services, need, services

router = APIRouter(prefix="/api/v1", tags=["accounts"])
Svc = Annotated[Services, Depends(services)]


class AccountIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str = Field(min_length=1, max_length=100)
    role: Role
    party: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320)


class TokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str = Field(default="", max_length=100)


@router.get("/me")
def me(account: Annotated[Account, Depends(need("me.read"))]) -> dict[str, Any]:
    return account.to_json()


@router.get("/processes")
def list_processes(svc: Svc, account: Annotated[Account, Depends(need("processes.read"))],
                   country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
                   limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                   offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> list[dict[str, Any]]:  # fmt: skip
    """Tracked ceasefires and talks with their status (``ceasefire process show ID`` has the evidence)."""
    query = select(processes).where(processes.c.merged_into.is_(None), processes.c.status.is_not(None))
    with svc.store.engine.connect() as conn:
        rows = conn.execute(query.order_by(processes.c.id)).mappings().all()
    found = [
        {"id": r["id"], "name": r["name"], "kind": r["kind"], "countries": r["countries"], "status": r["status"],
         "since": r["status_since"].isoformat() if r["status_since"] else None}
        for r in rows if country is None or country.upper() in (r["countries"] or [])
    ]  # fmt: skip
    return found[offset : offset + limit]


@router.post("/accounts", status_code=201)
def add_account(body: AccountIn, svc: Svc,
                account: Annotated[Account, Depends(need("accounts.manage"))]) -> dict[str, Any]:  # fmt: skip
    """A new account and its first token (shown only in this answer)."""
    with svc.store.transaction() as conn:
        made = accounts.add_account(
            conn, body.name, body.role, party=body.party, email=body.email, by=account.name
        )
        token = accounts.create_token(conn, made.name, "first", by=account.name)
    return {**made.to_json(), "token": token}


@router.get("/accounts")
def list_accounts(
    svc: Svc, account: Annotated[Account, Depends(need("accounts.manage"))]
) -> list[dict[str, Any]]:
    with svc.store.engine.connect() as conn:
        return [a.to_json() for a in accounts.list_accounts(conn)]


@router.post("/accounts/{name}/tokens", status_code=201)
def add_token(name: Annotated[str, Path(max_length=100)], svc: Svc,
              account: Annotated[Account, Depends(need("accounts.manage"))],
              body: TokenIn | None = None) -> dict[str, Any]:  # fmt: skip
    with svc.store.transaction() as conn:
        token = accounts.create_token(conn, name, body.label if body else "", by=account.name)
    return {"account": name, "token": token}


@router.delete("/tokens/{token_id}")
def revoke(token_id: Annotated[int, Path(ge=1, le=2**31)], svc: Svc,
           account: Annotated[Account, Depends(need("accounts.manage"))]) -> dict[str, Any]:  # fmt: skip
    with svc.store.transaction() as conn:
        accounts.revoke_token(conn, token_id, by=account.name)
    return {"revoked": token_id}


@router.get("/audit")
def audit_entries(svc: Svc, account: Annotated[Account, Depends(need("audit.read"))],
                  after: Annotated[int, Query(ge=0, le=2**62)] = 0,
                  limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict[str, Any]]:  # fmt: skip
    with svc.store.engine.connect() as conn:
        return audit.entries(conn, limit, after)


@router.get("/audit/verify")
def audit_verify(svc: Svc, account: Annotated[Account, Depends(need("audit.read"))]) -> dict[str, Any]:
    """Walk the hash chain; ``problems`` names every entry that was edited or removed."""
    with svc.store.engine.connect() as conn:
        count, problems = audit.verify(conn)
    return {"entries": count, "intact": not problems, "problems": [str(p) for p in problems]}
