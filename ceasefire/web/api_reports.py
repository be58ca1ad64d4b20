"""Reports in (API, CSV, e-mail gateway, SMS gateway) and out, as each role may see them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from ceasefire.errors import InputError, NotFound
from ceasefire.monitor.accounts import Account
from ceasefire.monitor.filing import file_report
from ceasefire.monitor.intake import RowError
from ceasefire.monitor.intake_csv import reports_from_csv
from ceasefire.monitor.intake_email import report_from_email
from ceasefire.monitor.intake_sms import report_from_sms
from ceasefire.monitor.reports import get_report, list_reports, report_view, visible_to
from ceasefire.monitor.schemas import ReportIn
from ceasefire.web.context import Services, need, services

router = APIRouter(prefix="/api/v1", tags=["reports"])
Svc = Annotated[Services, Depends(services)]


def _file(svc: Services, report: ReportIn, account: Account, channel: str) -> tuple[dict[str, Any], bool]:
    with svc.store.transaction() as conn:
        filed = file_report(conn, report, account, channel, svc.locator, svc.sealer, svc.settings)
        view = report_view(filed.accepted.report, account, svc.sealer, svc.settings.blur_decimals)
    if filed.alerts or (filed.accepted.created and filed.accepted.report["event_type"] is None):
        svc.worker.notify()  # alerts to send, or text to code: wake the worker now
    return view, filed.accepted.created


@router.post("/reports", status_code=201, responses={200: {"description": "the same report, sent before"}})
def post_report(report: ReportIn, response: Response, svc: Svc,
                account: Annotated[Account, Depends(need("reports.create"))]) -> dict[str, Any]:  # fmt: skip
    """File one report. A retry with the same ``client_id`` returns the stored report (200)."""
    view, created = _file(svc, report, account, "api")
    if not created:
        response.status_code = 200
    return view


def _batch(svc: Services, items: list[ReportIn | RowError], account: Account, channel: str) -> dict[str, Any]:
    stored, repeated, errors = [], 0, []
    for item in items:
        if isinstance(item, RowError):
            errors.append({"row": item.row, "client_id": item.client_id, "errors": item.errors})
            continue
        try:
            view, created = _file(svc, item, account, channel)
        except InputError as exc:
            errors.append(
                {"row": None, "client_id": item.client_id, "errors": [f"{exc.source}: {exc.problem}"]}
            )
            continue
        if created:
            stored.append(view["id"])
        else:
            repeated += 1
    return {"stored": stored, "already_stored": repeated, "errors": errors}


def _raw(media: str) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {media: {"schema": {"type": "string"}}}}}


async def _body(request: Request, limit: int) -> bytes:
    data = await request.body()
    if not data:
        raise InputError("body", "the request body is empty")
    if len(data) > limit:
        raise InputError("body", f"the body is larger than {limit} bytes")
    return data


@router.post("/reports/csv", openapi_extra=_raw("text/csv"))
async def post_reports_csv(request: Request, svc: Svc,
                           account: Annotated[Account, Depends(need("reports.create"))]) -> dict[str, Any]:  # fmt: skip
    """A CSV of reports (one a row); bad rows are listed with their fields, good rows are stored."""
    data = await _body(request, svc.settings.max_input_bytes)
    items = await run_in_threadpool(reports_from_csv, data)
    return await run_in_threadpool(_batch, svc, items, account, "csv")


@router.post("/intake/email", openapi_extra=_raw("message/rfc822"))
async def post_email(request: Request, svc: Svc,
                     account: Annotated[Account, Depends(need("reports.create"))]) -> dict[str, Any]:  # fmt: skip
    """An inbound e-mail posted by a mail gateway, as the raw RFC 822 message."""
    data = await _body(request, svc.settings.max_input_bytes)
    report = report_from_email(data)
    view, created = await run_in_threadpool(_file, svc, report, account, "email")
    return {"report": view, "created": created}


@router.post("/intake/sms", openapi_extra={"requestBody": {"required": True, "content": {
    "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
        "MessageSid": {"type": "string"}, "From": {"type": "string"}, "Body": {"type": "string"}}}}}}})  # fmt: skip
async def post_sms(request: Request, svc: Svc,
                   account: Annotated[Account, Depends(need("reports.create"))]) -> dict[str, Any]:  # fmt: skip
    """An SMS gateway's webhook (a Twilio-style form post)."""
    await _body(request, 100_000)
    try:
        form = await request.form()
    except (AssertionError, ValueError, KeyError) as exc:  # starlette's form parser on a broken body
        raise InputError("body", "not a form post (application/x-www-form-urlencoded)") from exc
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    report = report_from_sms(fields)
    view, created = await run_in_threadpool(_file, svc, report, account, "sms")
    return {"report": view, "created": created}


@router.get("/reports")
def get_reports(svc: Svc, account: Annotated[Account, Depends(need("reports.read"))],
                limit: Annotated[int, Query(ge=1, le=500)] = 50,
                offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> list[dict[str, Any]]:  # fmt: skip
    with svc.store.engine.connect() as conn:
        rows = list_reports(conn, limit, offset, account)
    return [report_view(r, account, svc.sealer, svc.settings.blur_decimals) for r in rows]


@router.get("/reports/{report_id}")
def get_one_report(report_id: str, svc: Svc,
                   account: Annotated[Account, Depends(need("reports.read"))]) -> dict[str, Any]:  # fmt: skip
    with svc.store.engine.connect() as conn:
        row = get_report(conn, report_id)
        if not visible_to(conn, row, account):
            raise NotFound(f"no report {report_id}")
    return report_view(row, account, svc.sealer, svc.settings.blur_decimals)
