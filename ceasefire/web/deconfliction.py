"""The deconfliction board and a notification's page, drawn from the deconfliction API's own data.

Each piece is read by the same library call as its JSON twin under ``/api/v1/deconfliction/``, so
the page shows each role exactly what the API does:

- notifications (``GET .../notifications``) and the overdue ones (``?state=overdue``), each in the
  view ``deconflict/views.py`` gives the caller: staff, the sender and the recipient parties see
  it exactly (a party only its own acknowledgement record), everyone else a blurred point and
  counts;
- conflicts and hits (``GET .../conflicts``, ``.../findings``) to the roles that may read checks,
  limited to the notifications they may see exactly;
- the public aggregates (``GET .../summary``) to everyone.

A party reading a notification's page marks its copy received, as reading it through the API does.
Recipient parties (and coordinators, on a party's behalf) acknowledge on that page with a form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from shapely.geometry import shape  # type: ignore[import-untyped]
from sqlalchemy import Connection

from ceasefire.deconflict import checks, hits, notifications, views
from ceasefire.deconflict.schemas import KINDS, AckIn
from ceasefire.errors import InputError
from ceasefire.monitor import clock
from ceasefire.monitor.access import allowed
from ceasefire.monitor.accounts import Account
from ceasefire.monitor.schemas import payload_errors
from ceasefire.web.auth import Caller
from ceasefire.web.context import Services, the_services
from ceasefire.web.pages import form_csrf, form_text, page, render, templates

router = APIRouter(include_in_schema=False)
Svc = Annotated[Services, Depends(the_services)]
API = "/api/v1/deconfliction"
STATES = ("upcoming", "active", "expired", "overdue")
#: rows a list shows (the API's default page)
LISTED = 100
#: conflicts and hits shown (the API's default)
CHECKED = 200


@dataclass(frozen=True, slots=True)
class BoardFilter:
    kind: str | None = None
    state: str | None = None
    country: str | None = None

    def params(self, **override: str | None) -> str:
        values = {"kind": self.kind, "state": self.state, "country": self.country, **override}
        return urlencode({k: v for k, v in values.items() if v})


def _choice(name: str, value: str | None, known: tuple[str, ...]) -> str | None:
    if not value:
        return None
    if value not in known:
        raise InputError(name, f"one of {', '.join(known)}, or empty for any")
    return value


def board_filter(kind: Annotated[str | None, Query(max_length=16)] = None,
                 state: Annotated[str | None, Query(max_length=16)] = None,
                 country: Annotated[str | None, Query(pattern=r"^([A-Za-z]{2})?$")] = None) -> BoardFilter:  # fmt: skip
    """The board's filters (the page's form sends every field, empty for any)."""
    return BoardFilter(_choice("kind", kind, KINDS), _choice("state", state, STATES),
                       country.upper() if country else None)  # fmt: skip


def checks_of(
    conn: Connection, account: Account, notification_id: str | None = None
) -> dict[str, Any] | None:
    """Conflicts and hits as ``GET .../conflicts`` and ``.../findings`` give them to ``account``:
    None for a role that may not read checks, or (with ``notification_id``) for a notification it
    may not see exactly."""
    if not allowed(account.role, "deconfliction.checks"):
        return None
    ids = views.visible_ids(conn, account)
    if notification_id is not None:
        if ids is not None and notification_id not in ids:
            return None
        ids = [notification_id]
    return {"conflicts": checks.list_conflicts(conn, ids, CHECKED),
            "findings": hits.list_findings(conn, ids, None, CHECKED)}  # fmt: skip


def board(
    conn: Connection, account: Account, flt: BoardFilter, now: datetime, blur_decimals: int
) -> dict[str, Any]:
    """The board's data: each key is what its JSON twin answers to ``account``."""
    listed = notifications.list_rows(conn, kind=flt.kind, state=flt.state, country=flt.country, limit=LISTED,
                                     now=now)  # fmt: skip
    late = notifications.list_rows(conn, kind=flt.kind, state="overdue", country=flt.country, limit=LISTED,
                                   now=now)  # fmt: skip
    return {
        "filter": {"kind": flt.kind, "state": flt.state, "country": flt.country},
        "summary": views.summary(conn, now),
        "notifications": views.views(conn, listed, account, now, blur_decimals),
        "overdue": views.views(conn, late, account, now, blur_decimals),
        "checks": checks_of(conn, account),
    }


def twins(flt: BoardFilter) -> dict[str, str]:
    """The JSON routes each part of the board is drawn from."""
    listed, late = flt.params(), flt.params(state="overdue")
    return {"notifications": f"{API}/notifications" + (f"?{listed}" if listed else ""),
            "overdue": f"{API}/notifications?{late}", "conflicts": f"{API}/conflicts",
            "findings": f"{API}/findings", "summary": f"{API}/summary"}  # fmt: skip


# -- shown in the templates ------------------------------------------------------------------------


def where(view: dict[str, Any], blur_decimals: int) -> str:
    """A notification's position in words: exact for those who may see it, else the blurred point."""
    geometry = view["feature"]["geometry"]
    if view["blurred"]:
        lon, lat = geometry["coordinates"]
        km = 111 / 10**blur_decimals
        return f"about {lat:.{blur_decimals}f}, {lon:.{blur_decimals}f} (blurred to ~{km:g} km)"
    if geometry["type"] == "Point":
        lon, lat = geometry["coordinates"][:2]
        return f"{lat}, {lon}"
    point = shape(geometry).representative_point()
    kind = {"LineString": "route", "MultiLineString": "route"}.get(geometry["type"], "area")
    return f"{kind} around {point.y:.5f}, {point.x:.5f}"


def day(value: str | None) -> str:
    """An ISO time as ``2026-12-03 14:05`` (UTC)."""
    return value[:16].replace("T", " ") if value else ""


templates.env.globals.update(where=where)
templates.env.filters.update(day=day)


# -- pages --------------------------------------------------------------------------------------------


@router.get("/deconfliction", name="deconfliction")
def board_page(request: Request, svc: Svc, caller: Annotated[Caller, Depends(page("deconfliction.read"))],
               flt: Annotated[BoardFilter, Depends(board_filter)]) -> HTMLResponse:  # fmt: skip
    with svc.store.engine.connect() as conn:
        data = board(conn, caller.account, flt, clock.now(), svc.settings.blur_decimals)
    links = twins(flt)
    countries = sorted(data["summary"]["by_country"])
    return render(request, "deconfliction.html", caller, title="Deconfliction board", twin=links["notifications"],
                  d=data, links=links, kinds=KINDS, states=STATES, countries=countries,
                  blur=svc.settings.blur_decimals, meaning=notifications.ACK_MEANING)  # fmt: skip


def _read_by_party(conn: Connection, row: dict[str, Any], account: Account) -> None:
    """A recipient party's account reading a notification marks its copy received (as the API does)."""
    if account.role != "party" or not account.party:
        return
    parties = [r["party"] for r in notifications.recipients_of(conn, [row["id"]])[row["id"]]]
    match = next((p for p in parties if p.casefold() == account.party.casefold()), None)
    if match:
        notifications.mark_received(conn, row["id"], match)


def _may_acknowledge(account: Account, view: dict[str, Any]) -> list[str]:
    """The parties whose acknowledgement this account may record here (its own, or any for staff)."""
    if view["blurred"] or not allowed(account.role, "deconfliction.ack"):
        return []
    waiting = [r["party"] for r in view["recipients"] if r["acknowledged_at"] is None]
    if account.role == "party":
        mine = (account.party or "").casefold()
        return [p for p in waiting if p.casefold() == mine]
    return waiting if account.role in notifications.ON_BEHALF else []


@router.get("/deconfliction/notifications/{notification_id}", name="notification")
def notification_page(notification_id: str, request: Request, svc: Svc,
                      caller: Annotated[Caller, Depends(page("deconfliction.read"))],
                      done: Annotated[str | None, Query(max_length=200)] = None) -> HTMLResponse:  # fmt: skip
    now = clock.now()
    with svc.store.transaction() as conn:
        row = notifications.get_row(conn, notification_id)
        _read_by_party(conn, row, caller.account)
        [view] = views.views(conn, [row], caller.account, now, svc.settings.blur_decimals)
        found = checks_of(conn, caller.account, row["id"])
    nid = quote(row["id"])
    links = {"notification": f"{API}/notifications/{nid}", "conflicts": f"{API}/conflicts?notification_id={nid}",
             "findings": f"{API}/findings?notification_id={nid}"}  # fmt: skip
    title = view.get("name") or f"A {view['function'] or view['kind']} in {view['country']}"
    return render(request, "notification.html", caller, title=title, twin=links["notification"], n=view,
                  found=found, links=links, done=done, blur=svc.settings.blur_decimals,
                  may_ack=_may_acknowledge(caller.account, view), meaning=notifications.ACK_MEANING)  # fmt: skip


@router.post("/deconfliction/notifications/{notification_id}/ack")
async def acknowledge(notification_id: str, request: Request, svc: Svc,
                      caller: Annotated[Caller, Depends(page("deconfliction.ack"))]) -> Response:  # fmt: skip
    """The same acknowledgement as ``POST .../notifications/{id}/ack``: of receipt, never an approval."""
    form = await request.form()
    form_csrf(caller, form)
    try:
        body = AckIn(note=form_text(form, "note"), party=form_text(form, "party") or None)
    except ValidationError as exc:
        raise InputError("note", "; ".join(payload_errors(exc))) from exc
    with svc.store.transaction() as conn:
        record = notifications.acknowledge(conn, notification_id, caller.account, body)
    said = f"{record['party']} acknowledged receipt"
    return RedirectResponse(f"/deconfliction/notifications/{quote(notification_id)}?{urlencode({'done': said})}",
                            status_code=303)  # fmt: skip
