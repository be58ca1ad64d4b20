"""Deconfliction: notifications in (GeoJSON Features), acknowledgements, outcomes, conflicts, hits.

Exact positions go to staff, to whoever notified, and to the recipient parties; every other account
reads the public view (blurred points and counts). ``GET .../summary`` is the public aggregate.
"""

from __future__ import annotations

import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from fastapi.responses import PlainTextResponse

from ceasefire.deconflict import checks, hits, notifications, views
from ceasefire.deconflict.schemas import AckIn, NotificationIn, OutcomeIn, ReconfirmIn
from ceasefire.deconflict.terms import TermsIn, all_terms, set_terms
from ceasefire.errors import NotFound
from ceasefire.exports.hxl_notifications import write_hxl_notifications
from ceasefire.monitor import blur, clock
from ceasefire.monitor.access import PUBLIC
from ceasefire.monitor.accounts import Account
from ceasefire.monitor.incidents import holding_own_positions
from ceasefire.web.context import Services, need, the_services

router = APIRouter(prefix="/api/v1/deconfliction", tags=["deconfliction"])
Svc = Annotated[Services, Depends(the_services)]
NotificationId = Annotated[str, Path(min_length=1, max_length=32)]


def _view(svc: Services, conn: Any, notification_id: str, account: Account) -> dict[str, Any]:
    row = notifications.get_row(conn, notification_id)
    [view] = views.views(conn, [row], account, clock.now(), svc.settings.blur_decimals)
    return view


@router.post(
    "/notifications", status_code=201, responses={200: {"description": "the same Feature, sent before"}}
)
def notify(feature: NotificationIn, response: Response, svc: Svc,
           account: Annotated[Account, Depends(need("deconfliction.notify"))]) -> dict[str, Any]:  # fmt: skip
    """Notify a site, movement, flight or zone (a GeoJSON Feature). Each failed check is a 422 naming
    its field; duplicates, near-duplicates and a place that contradicts the coordinates are flagged."""
    with svc.store.transaction() as conn:
        done = notifications.notify(conn, feature, account, svc.locator.gazetteer)
        view = _view(svc, conn, done.id, account)
    if not done.created:
        response.status_code = 200
    return view | {"conflicts": done.conflicts, "created": done.created}


@router.get("/notifications")
def list_notifications(svc: Svc, account: Annotated[Account, Depends(need("deconfliction.read"))],
                       kind: Literal["site", "movement", "flight", "zone"] | None = None,
                       state: Literal["upcoming", "active", "expired", "overdue"] | None = None,
                       country: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None,
                       limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                       offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> list[dict[str, Any]]:  # fmt: skip
    """Notifications, newest first; ``state=overdue``: an acknowledgement or reconfirmation is late."""
    with svc.store.engine.connect() as conn:
        rows = notifications.list_rows(
            conn, kind=kind, state=state, country=country, limit=limit, offset=offset
        )
        return views.views(conn, rows, account, clock.now(), svc.settings.blur_decimals)


@router.get("/notifications/{notification_id}")
def get_notification(notification_id: NotificationId, svc: Svc,
                     account: Annotated[Account, Depends(need("deconfliction.read"))]) -> dict[str, Any]:  # fmt: skip
    """One notification; a recipient party reading it marks its copy received."""
    with svc.store.transaction() as conn:
        row = notifications.get_row(conn, notification_id)
        if account.role == "party" and account.party:
            parties = [r["party"] for r in notifications.recipients_of(conn, [row["id"]])[row["id"]]]
            match = next((p for p in parties if p.casefold() == account.party.casefold()), None)
            if match:
                notifications.mark_received(conn, row["id"], match)
        return _view(svc, conn, notification_id, account)


@router.post("/notifications/{notification_id}/ack")
def ack(notification_id: NotificationId, svc: Svc, account: Annotated[Account, Depends(need("deconfliction.ack"))],
        body: AckIn | None = None) -> dict[str, Any]:  # fmt: skip
    """A recipient party acknowledges (or only confirms receipt): an acknowledgement, never an approval."""
    with svc.store.transaction() as conn:
        record = notifications.acknowledge(conn, notification_id, account, body or AckIn())
        return {"notification_id": notification_id,
                "acknowledgement": hits.ack_record(record, clock.now(), clock.now()),
                "meaning": notifications.ACK_MEANING}  # fmt: skip


@router.post("/notifications/{notification_id}/outcome")
def outcome(notification_id: NotificationId, body: OutcomeIn, svc: Svc,
            account: Annotated[Account, Depends(need("deconfliction.outcome"))]) -> dict[str, Any]:  # fmt: skip
    """How a movement went: facilitated, partially_facilitated, impeded, denied or postponed."""
    with svc.store.transaction() as conn:
        notifications.set_outcome(conn, notification_id, account, body)
        return _view(svc, conn, notification_id, account)


@router.post("/notifications/{notification_id}/reconfirm")
def reconfirm(notification_id: NotificationId, svc: Svc,
              account: Annotated[Account, Depends(need("deconfliction.outcome"))],
              body: ReconfirmIn | None = None) -> dict[str, Any]:  # fmt: skip
    """The notifier reconfirms a site or zone (its next reconfirmation falls due later)."""
    with svc.store.transaction() as conn:
        notifications.reconfirm(conn, notification_id, account, body or ReconfirmIn())
        return _view(svc, conn, notification_id, account)


@router.get("/conflicts")
def list_conflicts(svc: Svc, account: Annotated[Account, Depends(need("deconfliction.checks"))],
                   notification_id: Annotated[str | None, Query(max_length=32)] = None,
                   limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> list[dict[str, Any]]:  # fmt: skip
    """Space-time conflicts: overlapping flights, movements through zones or recent incidents."""
    with svc.store.engine.connect() as conn:
        allowed = views.visible_ids(conn, account)
        if notification_id:
            if allowed is not None and notification_id not in allowed:
                raise NotFound(f"no notification {notification_id}")
            allowed = [notification_id]
        return checks.list_conflicts(conn, allowed, limit)


@router.get("/findings")
def list_findings(svc: Svc, account: Annotated[Account, Depends(need("deconfliction.checks"))],
                  notification_id: Annotated[str | None, Query(max_length=32)] = None,
                  incident_id: Annotated[str | None, Query(max_length=32)] = None,
                  limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> list[dict[str, Any]]:  # fmt: skip
    """Hits on notified sites and routes, each an evidence packet (notification, acknowledgement
    records, incident and sources, distance, time gap)."""
    with svc.store.engine.connect() as conn:
        allowed = views.visible_ids(conn, account)
        if notification_id:
            if allowed is not None and notification_id not in allowed:
                raise NotFound(f"no notification {notification_id}")
            allowed = [notification_id]
        found = hits.list_findings(conn, allowed, incident_id, limit)
        if account.role not in PUBLIC:
            return found
        own = holding_own_positions(conn, [f["incident_id"] for f in found if f["incident_id"]])
    # a monitor's own position: blurred here as everywhere in public views (monitor/blur.py)
    return [blur.finding(f, svc.settings.blur_decimals) if f["incident_id"] in own else f for f in found]


@router.get("/summary")
def summary(svc: Svc, account: Annotated[Account, Depends(need("deconfliction.read"))]) -> dict[str, Any]:
    """Counts for the public board: notifications by kind, state and country; acknowledgements; checks."""
    with svc.store.engine.connect() as conn:
        return views.summary(conn, clock.now())


@router.get("/terms")
def get_terms(svc: Svc, account: Annotated[Account, Depends(need("deconfliction.read"))]) -> dict[str, Any]:
    """The default terms and each country's own."""
    with svc.store.engine.connect() as conn:
        return all_terms(conn)


@router.put("/terms/{country}")
def put_terms(country: Annotated[str, Path(pattern=r"^[A-Z]{2}$")], body: TermsIn, svc: Svc,
              account: Annotated[Account, Depends(need("deconfliction.terms"))]) -> dict[str, Any]:  # fmt: skip
    """Set a conflict's terms (lead times, acknowledgement deadline, radii); the rest keep their defaults."""
    with svc.store.transaction() as conn:
        return {"country": country, "terms": set_terms(conn, country, body, account.name)}


@router.get("/export.csv", response_class=PlainTextResponse)
def export(svc: Svc, account: Annotated[Account, Depends(need("deconfliction.checks"))],
           kind: Literal["site", "movement", "flight", "zone"] | None = None,
           country: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None) -> PlainTextResponse:  # fmt: skip
    """The notifications this account may see exactly, as HXL-tagged CSV."""
    with svc.store.engine.connect() as conn:
        allowed = views.visible_ids(conn, account)
        rows = notifications.list_rows(conn, kind=kind, country=country, limit=100_000)
        if allowed is not None:
            rows = [r for r in rows if r["id"] in set(allowed)]
        recipients = notifications.recipients_of(conn, [r["id"] for r in rows])
        out = io.StringIO(newline="")
        write_hxl_notifications(((r, recipients[r["id"]]) for r in rows), out, clock.now())
    return PlainTextResponse(out.getvalue(), media_type="text/csv; charset=utf-8")
