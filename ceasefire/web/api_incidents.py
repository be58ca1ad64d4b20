"""Incidents: list and read, merge and split, grade and attribute, verify, and the parties' answers.

A party reads and answers only the incidents that name it (``store/party_view.py``); the roles of
the public view get a monitor's own position blurred, in the location and in the reasons' distances.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, select

from ceasefire.errors import NotFound
from ceasefire.monitor import alerts, blur, incidents, verification
from ceasefire.monitor.access import PUBLIC
from ceasefire.monitor.accounts import Account
from ceasefire.monitor.clock import iso
from ceasefire.monitor.reports import report_view
from ceasefire.monitor.schemas import Grade, Stance, Tag, Verification
from ceasefire.store.party_view import incident_names
from ceasefire.store.tables import incidents as incident_table
from ceasefire.web.context import Services, need, the_services

router = APIRouter(prefix="/api/v1", tags=["incidents"])
Svc = Annotated[Services, Depends(the_services)]
Why = Field(min_length=1, max_length=2000)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class MergeIn(_In):
    into: str = Field(min_length=1, max_length=32)
    why: str = Why


class SplitIn(_In):
    reports: list[str] = Field(min_length=1, max_length=500)
    why: str = Why


class GradeIn(_In):
    grade: Grade | None = Field(description="null hands the grade back to the rules")
    why: str = Why


class AttributeIn(_In):
    responsible: Tag = Field(min_length=1, max_length=200)
    why: str = Why


class StepIn(_In):
    state: Verification
    why: str = Why


class ResponseIn(_In):
    stance: Stance
    text: str = Field(min_length=1, max_length=5000)
    party: Tag | None = Field(
        default=None, max_length=200, description="for staff recording a party's answer"
    )


def _visible(account: Account) -> Any:
    """The incidents ``account`` may read: all, or for a party those that name it (the map uses this too)."""
    if account.role != "party":
        return None
    return incident_names(account.party or "")


def _load(conn: Connection, incident_id: str, account: Account) -> dict[str, Any]:
    query = select(incident_table).where(incident_table.c.id == incident_id)
    if (clause := _visible(account)) is not None:
        query = query.where(clause)
    row = conn.execute(query).mappings().first()
    if row is None:
        raise NotFound(f"no incident {incident_id}")
    return dict(row)


def incident_view(
    conn: Connection, row: dict[str, Any], account: Account, svc: Services, full: bool
) -> dict[str, Any]:
    return incident_views(conn, [row], account, svc, full)[0]


def incident_views(
    conn: Connection, rows: list[dict[str, Any]], account: Account, svc: Services, full: bool
) -> list[dict[str, Any]]:
    """The views of incident ``rows``, in their order: one query for all their reports (and, in full,
    one for all their verification steps and one for all the parties' answers), however many."""
    ids = [row["id"] for row in rows]
    members = incidents.reports_of(conn, ids)
    steps = verification.histories(conn, ids) if full else {}
    answers = verification.responses_to(conn, ids) if full else {}
    return [_view(row, members[row["id"]], account, svc, steps.get(row["id"]), answers.get(row["id"]))
            for row in rows]  # fmt: skip


def _view(row: dict[str, Any], members: list[dict[str, Any]], account: Account, svc: Services,
          steps: list[dict[str, Any]] | None, answers: list[dict[str, Any]] | None) -> dict[str, Any]:  # fmt: skip
    """One incident's view; in full (with its verification ``steps`` and the parties' ``answers``)
    also its reasons and its reports."""
    lat, lon = row["lat"], row["lon"]
    decimals = svc.settings.blur_decimals
    own = {r["id"] for r in members if r["own_position"]} if account.role in PUBLIC else set()
    blurred = bool(own) and lat is not None and lon is not None
    if blurred:
        lat, lon = blur.point(lat, lon, decimals)
    view: dict[str, Any] = {
        "id": row["id"], "event_type": row["event_type"], "first_at": iso(row["first_at"]),
        "last_at": iso(row["last_at"]),
        "location": {"lat": lat, "lon": lon, "place": row["place"], "country": row["country"], "blurred": blurred},
        "geo_precision": row["geo_precision"], "time_precision": row["time_precision"],
        "grade": row["grade"], "grade_reason": row["grade_reason"], "responsible": row["responsible"],
        "process_id": row["process_id"], "verification": row["verification"], "merged_into": row["merged_into"],
        "report_count": len(members), "reports": [r["id"] for r in members],
    }  # fmt: skip
    if steps is not None and answers is not None:
        view["reasons"] = blur.reasons(row["reasons"] or [], own, decimals) if own else row["reasons"]
        view["verification_history"] = steps
        view["responses"] = answers
        view["report_details"] = [
            report_view(r, account, svc.sealer, svc.settings.blur_decimals) for r in members
        ]
    return view


@router.get("/incidents")
def list_incidents(svc: Svc, account: Annotated[Account, Depends(need("incidents.read"))],
                   grade: Grade | None = None, verification_state: Annotated[Verification | None, Query(alias="verification")] = None,
                   process_id: Annotated[str | None, Query(max_length=64)] = None,
                   limit: Annotated[int, Query(ge=1, le=500)] = 50,
                   offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> list[dict[str, Any]]:  # fmt: skip
    """Incidents, newest first, with their grade, precision and verification state."""
    query = select(incident_table).where(incident_table.c.merged_into.is_(None))
    if grade:
        query = query.where(incident_table.c.grade == grade)
    if verification_state:
        query = query.where(incident_table.c.verification == verification_state)
    if process_id:
        query = query.where(incident_table.c.process_id == process_id)
    with svc.store.engine.connect() as conn:
        if (clause := _visible(account)) is not None:
            query = query.where(clause)
        rows = conn.execute(query.order_by(incident_table.c.last_at.desc(), incident_table.c.id)
                            .limit(limit).offset(offset)).mappings().all()  # fmt: skip
        return incident_views(conn, [dict(r) for r in rows], account, svc, full=False)


@router.get("/incidents/{incident_id}")
def get_incident(incident_id: str, svc: Svc,
                 account: Annotated[Account, Depends(need("incidents.read"))]) -> dict[str, Any]:  # fmt: skip
    """One incident with its reasons, reports, verification steps and the parties' answers."""
    with svc.store.engine.connect() as conn:
        return incident_view(conn, _load(conn, incident_id, account), account, svc, full=True)


def _edit(svc: Services, account: Account, incident_id: str, change: Any) -> dict[str, Any]:
    with svc.store.transaction() as conn:
        changed = change(conn)
        view = incident_view(conn, _load(conn, changed["id"], account), account, svc, full=True)
    return view


@router.post("/incidents/{incident_id}/merge")
def merge(incident_id: str, body: MergeIn, svc: Svc,
          account: Annotated[Account, Depends(need("incidents.edit"))]) -> dict[str, Any]:  # fmt: skip
    """Merge this incident into ``into``; returns the merged incident."""
    return _edit(
        svc,
        account,
        incident_id,
        lambda c: incidents.merge(c, incident_id, body.into, account, body.why),
    )


@router.post("/incidents/{incident_id}/split")
def split(incident_id: str, body: SplitIn, svc: Svc,
          account: Annotated[Account, Depends(need("incidents.edit"))]) -> dict[str, Any]:  # fmt: skip
    """Move the named reports into a new incident; returns the new one."""
    return _edit(
        svc,
        account,
        incident_id,
        lambda c: incidents.split(c, incident_id, body.reports, account, body.why),
    )


@router.post("/incidents/{incident_id}/grade")
def grade(incident_id: str, body: GradeIn, svc: Svc,
          account: Annotated[Account, Depends(need("incidents.edit"))]) -> dict[str, Any]:  # fmt: skip
    return _edit(
        svc,
        account,
        incident_id,
        lambda c: incidents.set_grade(c, incident_id, body.grade, account, body.why),
    )


@router.post("/incidents/{incident_id}/attribute")
def attribute(incident_id: str, body: AttributeIn, svc: Svc,
              account: Annotated[Account, Depends(need("incidents.edit"))]) -> dict[str, Any]:  # fmt: skip
    return _edit(svc, account, incident_id,
                 lambda c: incidents.attribute(c, incident_id, body.responsible, account, body.why))  # fmt: skip


@router.post("/incidents/{incident_id}/verification")
def verify(incident_id: str, body: StepIn, svc: Svc,
           account: Annotated[Account, Depends(need("verification.investigate"))]) -> dict[str, Any]:  # fmt: skip
    """The next verification step: analysts open investigations, coordinators decide them."""
    raised: list[str] = []

    def change(conn: Connection) -> dict[str, Any]:
        done = verification.step(conn, incident_id, body.state, account, body.why)
        raised.extend(alerts.on_verification(conn, done, svc.settings.blur_decimals))
        return done

    view = _edit(svc, account, incident_id, change)
    if raised:
        svc.worker.notify()
    return view


@router.post("/incidents/{incident_id}/responses", status_code=201)
def respond(incident_id: str, body: ResponseIn, svc: Svc,
            account: Annotated[Account, Depends(need("responses.create"))]) -> dict[str, Any]:  # fmt: skip
    """A party's answer to an allegation (a party account answers for its own party, and only where
    the incident names it)."""
    with svc.store.transaction() as conn:
        _load(conn, incident_id, account)
        return verification.respond(conn, incident_id, account, body.stance, body.text, body.party)
