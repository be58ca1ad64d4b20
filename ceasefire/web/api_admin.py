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
from ceasefire.web.context import Services, need, the_services

router = APIRouter(prefix="/api/v1", tags=["accounts"])
Svc = Annotated[Services, Depends(the_services)]


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
            conn, body.name, body.role, party=body.party, email=body.email, by=account
        )
        issued = accounts.issue_token(conn, made.name, "first", by=account)
    return {**made.to_json(), "token": issued.token, "token_id": issued.id}


@router.get("/accounts")
def list_accounts(
    svc: Svc, account: Annotated[Account, Depends(need("accounts.manage"))]
) -> list[dict[str, Any]]:
    with svc.store.engine.connect() as conn:
        return [a.to_json() for a in accounts.list_accounts(conn)]


@router.post("/accounts/{name}/disable")
def disable(name: Annotated[str, Path(max_length=100)], svc: Svc,
            account: Annotated[Account, Depends(need("accounts.manage"))]) -> dict[str, Any]:  # fmt: skip
    """Stop an account: its tokens, password and sessions sign in no more (it stays, for the record)."""
    with svc.store.transaction() as conn:
        done = accounts.disable_account(conn, name, by=account)
    return {**done.to_json(), "active": False}


@router.post("/accounts/{name}/tokens", status_code=201)
def add_token(name: Annotated[str, Path(max_length=100)], svc: Svc,
              account: Annotated[Account, Depends(need("accounts.manage"))],
              body: TokenIn | None = None) -> dict[str, Any]:  # fmt: skip
    """A new token for an account: its value is shown only in this answer; its id revokes it."""
    with svc.store.transaction() as conn:
        issued = accounts.issue_token(conn, name, body.label if body else "", by=account)
    return {"account": name, "token": issued.token, "token_id": issued.id}


@router.get("/tokens")
def list_tokens(svc: Svc, account: Annotated[Account, Depends(need("accounts.manage"))],
                name: Annotated[str | None, Query(max_length=100, description="one account's")] = None,
                ) -> list[dict[str, Any]]:  # fmt: skip
    """Every token: id, account, label, made and revoked when (never the token itself)."""
    with svc.store.engine.connect() as conn:
        return accounts.list_tokens(conn, name)


@router.delete("/tokens/{token_id}")
def revoke(token_id: Annotated[int, Path(ge=1, le=2**31)], svc: Svc,
           account: Annotated[Account, Depends(need("accounts.manage"))]) -> dict[str, Any]:  # fmt: skip
    with svc.store.transaction() as conn:
        accounts.revoke_token(conn, token_id, by=account)
    return {"revoked": token_id}


@router.get("/audit")
def audit_entries(svc: Svc, account: Annotated[Account, Depends(need("audit.read"))],
                  after: Annotated[int, Query(ge=0, le=2**62)] = 0,
                  limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict[str, Any]]:  # fmt: skip
    with svc.store.engine.connect() as conn:
        return audit.entries(conn, limit, after)


@router.get("/audit/verify")
def audit_verify(svc: Svc, account: Annotated[Account, Depends(need("audit.read"))]) -> dict[str, Any]:
    """Walk the hash chain and check each entry's HMAC; ``problems`` names every entry that was
    edited or removed (``ceasefire audit verify --anchor`` also names a log cut short)."""
    with svc.store.engine.connect() as conn:
        checked = audit.verify(conn)
    return {"entries": checked.entries, "intact": not checked.problems, "unkeyed": checked.unkeyed,
            "problems": [str(p) for p in checked.problems]}  # fmt: skip


@router.get("/audit/anchor")
def audit_anchor(svc: Svc, account: Annotated[Account, Depends(need("audit.read"))]) -> dict[str, Any]:
    """The signed head of the log, to be kept outside the store (``ceasefire audit anchor`` prints it)."""
    with svc.store.engine.connect() as conn:
        return audit.anchor(conn)
