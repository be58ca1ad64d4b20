"""The dashboard's pages, server-rendered from the same data as their JSON twins (``api_dashboard.py``).

Every page names the permission it needs, as the API's routes do (``page("processes.read")``), so
what a page shows follows the permission table; a browser that is not signed in is sent to
``/signin``. Forms post with the session's CSRF token and answer with a redirect (post, redirect,
get), so every action works with JavaScript off; scripts only add shortcuts and the offline queue.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from starlette.datastructures import FormData

from ceasefire.errors import InputError, PermissionDenied
from ceasefire.models import PLOVER_EVENTS
from ceasefire.monitor import alerts, incidents, verification
from ceasefire.monitor.access import PERMISSIONS, allowed, require
from ceasefire.monitor.accounts import Unauthenticated, check_password
from ceasefire.monitor.filing import file_report
from ceasefire.monitor.reports import report_view
from ceasefire.monitor.schemas import ReportIn, payload_errors
from ceasefire.web import charts, dashboard, mapdata, review, sessions
from ceasefire.web.api_dashboard import board_filter
from ceasefire.web.auth import Caller, check_csrf, identify, secure_request
from ceasefire.web.context import Services, services, the_services

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals.update(
    sparkline=charts.sparkline, timeline_chart=charts.timeline_chart, quad=charts.QUAD
)
Svc = Annotated[Services, Depends(the_services)]
SIGNIN_COOKIE = "cf_signin"
GRADES = ("single_source", "multiple_sources", "confirmed", "contested", "discounted")

#: the navigation: (label, path, permission)
NAV: list[tuple[str, str, str]] = [
    ("Board", "/", "processes.read"),
    ("Map", "/map", "processes.read"),
    ("Timeline", "/timeline", "processes.read"),
    ("Review queue", "/review", "incidents.edit"),
    ("File a report", "/report", "reports.create"),
    ("Deconfliction", "/deconfliction", "deconfliction.read"),
]


def page(permission: str) -> Callable[..., Caller]:
    """A dependency giving the signed-in caller, once it holds ``permission`` (as ``context.need``)."""
    if permission not in PERMISSIONS:
        raise KeyError(permission)

    def caller(request: Request) -> Caller:
        svc = services(request)
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        with svc.store.engine.connect() as conn:
            found = identify(
                request, conn, token.strip() if scheme.lower() == "bearer" else None, page=not header
            )
        require(found.account, permission)
        return found

    caller.permission = permission  # type: ignore[attr-defined]
    return caller


def _headers(settings: Any) -> dict[str, str]:
    tiles = ""
    if settings.tile_url and settings.tile_url.startswith("http"):
        tiles = " " + "/".join(settings.tile_url.split("/")[:3])
    policy = (
        f"default-src 'self'; img-src 'self' data:{tiles}; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
    return {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cache-Control": "no-store",
    }


def render(request: Request, name: str, caller: Caller | None, *, title: str, twin: str | None = None,
           status: int = 200, **context: Any) -> HTMLResponse:  # fmt: skip
    svc = services(request)
    nav = [(label, path) for label, path, perm in NAV if caller and allowed(caller.account.role, perm)]
    response = templates.TemplateResponse(
        request, name,
        {"caller": caller, "nav": nav, "title": title, "twin": twin, "csrf": caller.csrf if caller else "",
         "settings": svc.settings, **context},
        status_code=status,
    )  # fmt: skip
    response.headers.update(_headers(svc.settings))
    return response


def _back(path: str, **params: str) -> RedirectResponse:
    return RedirectResponse(f"{path}?{urlencode(params)}" if params else path, status_code=303)


def form_csrf(caller: Caller, form: FormData) -> None:
    value = form.get(sessions.CSRF_FIELD)
    check_csrf(caller, value if isinstance(value, str) else None)


def form_text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


# -- signing in and out ---------------------------------------------------------------------------


def _set_session(request: Request, response: Response, token: str) -> None:
    svc = services(request)
    response.set_cookie(sessions.COOKIE, request.app.state.cookies.sign(token),
                        max_age=int(svc.settings.session_hours * 3600), httponly=True, samesite="strict",
                        secure=secure_request(request), path="/")  # fmt: skip


def _safe_next(target: str | None) -> str:
    # only a path on this site: not "//host" nor "/\\host", which browsers read as another host
    return target if target and target.startswith("/") and target[1:2] not in ("/", "\\") else "/"


@router.get("/signin", name="signin")
def signin_form(request: Request, next: Annotated[str | None, Query(max_length=500)] = None,
                failed: Annotated[str | None, Query(max_length=10)] = None) -> HTMLResponse:  # fmt: skip
    nonce = secrets.token_urlsafe(24)
    response = render(request, "signin.html", None, title="Sign in", next=_safe_next(next), nonce=nonce,
                      failed=bool(failed))  # fmt: skip
    response.set_cookie(SIGNIN_COOKIE, request.app.state.cookies.sign(nonce), max_age=3600, httponly=True,
                        samesite="strict", secure=secure_request(request), path="/signin")  # fmt: skip
    return response


@router.post("/signin")
async def signin(request: Request, svc: Svc) -> Response:
    form = await request.form()
    target = _safe_next(form_text(form, "next"))
    expected = request.app.state.cookies.token(request.cookies.get(SIGNIN_COOKIE))
    if not expected or not secrets.compare_digest(expected, form_text(form, sessions.CSRF_FIELD)):
        raise PermissionDenied("the sign-in form expired: reload it and try again")
    try:
        with svc.store.transaction() as conn:
            account = check_password(conn, form_text(form, "name"), form_text(form, "password"))
            token = sessions.start(conn, account, svc.settings.session_hours, how="password")
    except Unauthenticated:
        return _back("/signin", next=target, failed="1")
    response = RedirectResponse(target, status_code=303)
    _set_session(request, response, token)
    response.delete_cookie(SIGNIN_COOKIE, path="/signin")
    return response


@router.get("/signin/link/{token}")
def signin_link(token: str, request: Request, svc: Svc) -> Response:
    """A one-time link (``make run`` prints one): signs its account in, then is spent."""
    with svc.store.transaction() as conn:
        account = sessions.redeem_link(conn, token)
        session_token = (
            sessions.start(conn, account, svc.settings.session_hours, how="link") if account else None
        )
    if session_token is None:
        return _back("/signin", failed="link")
    response = RedirectResponse("/", status_code=303)
    _set_session(request, response, session_token)
    return response


@router.post("/signout")
async def signout(request: Request, svc: Svc) -> Response:
    form = await request.form()
    with svc.store.transaction() as conn:
        session = sessions.find(conn, request.app.state.cookies.token(request.cookies.get(sessions.COOKIE)))
        if session is not None:
            if not sessions.csrf_ok(session, form_text(form, sessions.CSRF_FIELD)):
                raise PermissionDenied("missing or wrong CSRF token: reload the page and try again")
            sessions.end(conn, session)
    response = _back("/signin", signed_out="1")
    response.delete_cookie(sessions.COOKIE, path="/")
    return response


# -- reading pages ----------------------------------------------------------------------------------


@router.get("/", name="board")
def board_page(request: Request, svc: Svc, caller: Annotated[Caller, Depends(page("processes.read"))],
               flt: Annotated[dashboard.BoardFilter, Depends(board_filter)]) -> HTMLResponse:  # fmt: skip
    with svc.store.engine.connect() as conn:
        data = dashboard.board(conn, flt, date.today())
        countries = dashboard.board_countries(conn)
    twin = "/api/v1/board" + ("?" + request.url.query if request.url.query else "")
    return render(request, "board.html", caller, title="Status board", twin=twin, data=data, choices={
        "country": countries, "kind": dashboard.KINDS, "status": dashboard.STATUSES, "origin": dashboard.ORIGINS})  # fmt: skip


@router.get("/processes/{process_id}", name="process")
def process_detail(process_id: str, request: Request, svc: Svc,
                   caller: Annotated[Caller, Depends(page("processes.read"))],
                   page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1) -> HTMLResponse:  # fmt: skip
    with svc.store.engine.connect() as conn:
        data = dashboard.process_page(conn, process_id, page_no)
    return render(request, "process.html", caller, title=data["name"], twin=f"/api/v1/processes/{quote(data['id'])}?page={data['page']}",
                  p=data)  # fmt: skip


@router.get("/documents/{doc_id}", name="document")
def document_detail(doc_id: str, request: Request, svc: Svc,
                    caller: Annotated[Caller, Depends(page("processes.read"))],
                    event: Annotated[str | None, Query(max_length=64)] = None) -> HTMLResponse:  # fmt: skip
    with svc.store.engine.connect() as conn:
        data = dashboard.document_page(conn, doc_id)
    spans = [
        (e["start"], e["end"], e["event_id"])
        for e in data["events"]
        if e["start"] is not None and e["end"] is not None
    ]
    pieces = dashboard.segments(data["text"], spans, event)
    chosen = next((e for e in data["events"] if e["event_id"] == event), None)
    return render(request, "document.html", caller, title=data["title"] or data["id"], twin=f"/api/v1/documents/{quote(data['id'])}",
                  d=data, pieces=pieces, chosen=chosen)  # fmt: skip


@router.get("/map", name="map")
def map_page(
    request: Request, svc: Svc, caller: Annotated[Caller, Depends(page("processes.read"))]
) -> HTMLResponse:
    mapdata.sync_points(svc.store)
    with svc.store.engine.connect() as conn:
        first, last = mapdata.date_range(conn)
    return render(request, "map.html", caller, title="Map", twin="/api/v1/map", first=first, last=last,
                  layers=list(mapdata.LAYERS), labels=mapdata.LABELS, events=PLOVER_EVENTS)  # fmt: skip


@router.get("/timeline", name="timeline")
def timeline_page(request: Request, svc: Svc, caller: Annotated[Caller, Depends(page("processes.read"))],
                  process: Annotated[str | None, Query(max_length=64)] = None,
                  country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{0,2}$")] = None) -> HTMLResponse:  # fmt: skip
    with svc.store.engine.connect() as conn:
        data = dashboard.timeline_data(conn, process, country, date.today()) if process or country else None
        countries = dashboard.board_countries(conn)
    query = urlencode({k: v for k, v in (("process", process), ("country", country)) if v})
    return render(request, "timeline.html", caller, title="Timeline", twin=f"/api/v1/timeline?{query}" if data else None,
                  data=data, countries=countries, process=process or "", country=(country or "").upper())  # fmt: skip


# -- the review queue ---------------------------------------------------------------------------------


@router.get("/review", name="review")
def review_page(request: Request, svc: Svc, caller: Annotated[Caller, Depends(page("incidents.edit"))],
                done: Annotated[str | None, Query(max_length=200)] = None) -> HTMLResponse:  # fmt: skip
    with svc.store.engine.connect() as conn:
        data = review.review_queue(conn, caller.account, svc.sealer, svc.settings)
    by_id = {i["id"]: i for i in data["incidents"]}
    return render(request, "review.html", caller, title="Review queue", twin="/api/v1/review", q=data, by_id=by_id,
                  grades=GRADES, done=done, can_decide=allowed(caller.account.role, "verification.decide"))  # fmt: skip


@router.post("/review/{incident_id}/{action}")
async def review_action(incident_id: str, action: str, request: Request, svc: Svc,
                        caller: Annotated[Caller, Depends(page("incidents.edit"))]) -> Response:  # fmt: skip
    form = await request.form()
    form_csrf(caller, form)
    why, by = form_text(form, "why"), caller.account.name
    if not why:
        raise InputError("why", "say why (a few words)")
    raised: list[str] = []
    with svc.store.transaction() as conn:
        if action == "grade":
            chosen = form_text(form, "grade")
            if chosen not in GRADES:
                raise InputError("grade", f"one of {', '.join(GRADES)}")
            incidents.set_grade(conn, incident_id, chosen, by, why)
            said = f"graded {incident_id} {chosen}"
        elif action == "merge":
            into = form_text(form, "into")
            incidents.merge(conn, incident_id, into, by, why)
            said = f"merged {incident_id} into {into}"
        elif action == "investigate":
            done = verification.step(conn, incident_id, "under_investigation", caller.account, why)
            raised = alerts.on_verification(conn, done)
            said = f"opened an investigation of {incident_id}"
        else:
            raise InputError("action", "grade, merge or investigate")
    if raised:
        svc.worker.notify()
    return _back("/review", done=said)


# -- the report form -----------------------------------------------------------------------------------


@router.get("/report", name="report")
def report_page(request: Request, svc: Svc, caller: Annotated[Caller, Depends(page("reports.create"))],
                filed: Annotated[str | None, Query(max_length=40)] = None) -> HTMLResponse:  # fmt: skip
    shown = None
    if filed:
        from ceasefire.monitor.reports import get_report, visible_to

        with svc.store.engine.connect() as conn:
            row = get_report(conn, filed)
            if visible_to(conn, row, caller.account):
                shown = report_view(row, caller.account, svc.sealer, svc.settings.blur_decimals)
    return render(request, "report.html", caller, title="File a report", twin="/api/v1/reports",
                  client_id=str(uuid.uuid4()), now=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M"), filed=shown,
                  events=PLOVER_EVENTS, errors=[])  # fmt: skip


def report_from_form(form: FormData) -> ReportIn:
    """The form's fields as the intake's schema (a point, or a place name, or both)."""
    lat, lon = form_text(form, "lat"), form_text(form, "lon")
    when = form_text(form, "occurred_at")
    body: dict[str, Any] = {
        "client_id": form_text(form, "client_id") or None,
        "occurred_at": when if ("+" in when[10:] or when.endswith("Z")) else (when + "+00:00" if when else ""),
        "time_precision": form_text(form, "time_precision") or "day",
        "location": {"lat": float(lat) if lat else None, "lon": float(lon) if lon else None,
                     "place": form_text(form, "place") or None, "own_position": form.get("own_position") == "on"},
        "source_type": form_text(form, "source_type"), "text": form_text(form, "text"),
        "event_type": form_text(form, "event_type") or None,
        "alleged_responsible": form_text(form, "alleged_responsible") or None,
    }  # fmt: skip
    if form_text(form, "reporter_name"):
        body["reporter"] = {
            "name": form_text(form, "reporter_name"),
            "contact": form_text(form, "reporter_contact") or None,
        }
    return ReportIn.model_validate(body)


@router.post("/report")
async def report_post(request: Request, svc: Svc,
                      caller: Annotated[Caller, Depends(page("reports.create"))]) -> Response:  # fmt: skip
    form = await request.form()
    form_csrf(caller, form)
    try:
        report = report_from_form(form)
    except (ValidationError, ValueError) as exc:
        errors = payload_errors(exc) if isinstance(exc, ValidationError) else [str(exc)]
        return render(request, "report.html", caller, title="File a report", twin="/api/v1/reports", status=422,
                      client_id=form_text(form, "client_id") or str(uuid.uuid4()), now=form_text(form, "occurred_at"),
                      filed=None, events=PLOVER_EVENTS, errors=errors, values=dict(form))  # fmt: skip
    with svc.store.transaction() as conn:
        filed = file_report(conn, report, caller.account, "api", svc.locator, svc.sealer, svc.settings)
    if filed.alerts or (filed.accepted.created and filed.accepted.report["event_type"] is None):
        svc.worker.notify()
    return _back("/report", filed=filed.accepted.report["id"])


#: pages anyone may open: signing in and out
OPEN_PAGES = frozenset({"signin_form", "signin", "signin_link", "signout"})
