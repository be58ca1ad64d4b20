"""Reports in (API, CSV, e-mail gateway, SMS gateway) and out, as each role may see them.

Bodies are read as a stream and refused with a 413 as soon as they pass the channel's limit (a
chunked body has no Content-Length to check first); e-mail is parsed off the event loop.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ceasefire.errors import Conflict, InputError, InputTooLarge, NotFound, PermissionDenied
from ceasefire.monitor.accounts import Account
from ceasefire.monitor.batching import Filer
from ceasefire.monitor.filing import Filed, relay
from ceasefire.monitor.intake import RowError
from ceasefire.monitor.intake_csv import reports_from_csv
from ceasefire.monitor.intake_email import MAX_MESSAGE_BYTES, report_from_email, sender
from ceasefire.monitor.intake_sms import report_from_sms
from ceasefire.monitor.reports import get_report, list_reports, report_view, visible_to
from ceasefire.monitor.schemas import ReportIn
from ceasefire.web.context import Services, need, the_services

router = APIRouter(prefix="/api/v1", tags=["reports"])
Svc = Annotated[Services, Depends(the_services)]
#: an SMS gateway's form post is short
SMS_BYTES = 100_000


_filers_lock = threading.Lock()


def filer_of(svc: Services) -> Filer:
    """The service's filer (one writer thread, reports many to a transaction), made on first use."""
    with _filers_lock:
        found: Filer | None = getattr(svc, "_filer", None)
        if found is None:
            found = Filer(svc.store, svc.locator, svc.sealer, svc.settings, place=svc.place_on_intake)
            svc._filer = found  # type: ignore[attr-defined]
        return found


def _file(svc: Services, report: ReportIn, account: Account, channel: str,
          relayed_for: str | None = None) -> tuple[dict[str, Any], bool]:  # fmt: skip
    """File through the filer; ``relayed_for`` is a gateway's sender (e-mail address, phone number),
    which may be bound to the account the report is filed as."""
    filer, note = account, None
    if channel in ("email", "sms"):
        with svc.store.engine.connect() as conn:
            filer, report, note = relay(conn, report, account, relayed_for)
    return _filed(svc, filer_of(svc).file(report, filer, channel, note), account)


def _filed(svc: Services, filed: Filed, account: Account) -> tuple[dict[str, Any], bool]:
    """The stored report as ``account`` sees it, and whether it is new; wakes the worker when there
    is work for it (alerts to send, a report to place or text to code)."""
    created = filed.accepted.created
    if filed.alerts or (created and filed.accepted.report["incident_id"] is None):
        svc.worker.notify()
    return report_view(filed.accepted.report, account, svc.sealer, svc.settings.blur_decimals), created


@router.post("/reports", status_code=201, responses={200: {"description": "the same report, sent before"},
                                                     409: {"description": "the client_id names another report"}})  # fmt: skip
async def post_report(report: ReportIn, svc: Svc,
                      account: Annotated[Account, Depends(need("reports.create"))]) -> JSONResponse:  # fmt: skip
    """File one report. A retry with the same ``client_id`` returns the stored report (200); the same
    ``client_id`` with other content is a 409. ``source_type`` must be one the caller's role may give.

    The answer comes once the report is stored. Its ``incident_id`` is set when the service places
    reports as they are filed, and is null until the worker has placed it otherwise
    (``ceasefire serve``) or until a free-text report is coded."""
    filed = await asyncio.wrap_future(filer_of(svc).submit(report, account, "api"))
    view, created = _filed(svc, filed, account)
    return JSONResponse(view, status_code=201 if created else 200)


def _batch(svc: Services, items: list[ReportIn | RowError], account: Account, channel: str) -> dict[str, Any]:
    stored, repeated, errors = [], 0, []
    for number, item in enumerate(items, start=1):
        if isinstance(item, RowError):
            errors.append({"row": item.row, "client_id": item.client_id, "errors": item.errors})
            continue
        try:
            view, created = _file(svc, item, account, channel)
        except (InputError, PermissionDenied, Conflict) as exc:  # this row only: the rest still go in
            errors.append({"row": number, "client_id": item.client_id, "errors": [_problem(exc)]})
            continue
        if created:
            stored.append(view["id"])
        else:
            repeated += 1
    return {"stored": stored, "already_stored": repeated, "errors": errors}


def _problem(exc: Exception) -> str:
    if isinstance(exc, InputError):
        return f"{exc.source}: {exc.problem}"
    if isinstance(exc, PermissionDenied):
        return f"source_type: {exc.message}"
    return f"client_id: {exc}"


def _raw(media: str) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {media: {"schema": {"type": "string"}}}}}


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, read as a stream: ``InputTooLarge`` (413) as soon as it passes ``limit``
    bytes, however it is sent (with a Content-Length or in chunks)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise InputTooLarge("body", f"{int(declared):,} bytes; at most {limit:,} are read here")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise InputTooLarge("body", f"more than {limit:,} bytes; at most {limit:,} are read here")
        chunks.append(chunk)
    data = b"".join(chunks)
    if not data:
        raise InputError("body", "the request body is empty")
    return data


@router.post("/reports/csv", openapi_extra=_raw("text/csv"))
async def post_reports_csv(request: Request, svc: Svc,
                           account: Annotated[Account, Depends(need("reports.create"))]) -> dict[str, Any]:  # fmt: skip
    """A CSV of reports (one a row); bad rows are listed with their fields, good rows are stored."""
    data = await read_body(request, svc.settings.max_input_bytes)
    items = await run_in_threadpool(reports_from_csv, data)
    return await run_in_threadpool(_batch, svc, items, account, "csv")


@router.post("/intake/email", openapi_extra=_raw("message/rfc822"))
async def post_email(request: Request, svc: Svc,
                     account: Annotated[Account, Depends(need("reports.create"))]) -> dict[str, Any]:  # fmt: skip
    """An inbound e-mail posted by a mail gateway, as the raw RFC 822 message (at most 10 MB). It is
    filed as the account its sender is bound to, if any (``ceasefire users bind``), else as public."""
    data = await read_body(request, min(svc.settings.max_input_bytes, MAX_MESSAGE_BYTES))
    report = await run_in_threadpool(report_from_email, data)
    view, created = await run_in_threadpool(_file, svc, report, account, "email", sender(data))
    return {"report": view, "created": created}


@router.post("/intake/sms", openapi_extra={"requestBody": {"required": True, "content": {
    "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
        "MessageSid": {"type": "string"}, "From": {"type": "string"}, "Body": {"type": "string"}}}}}}})  # fmt: skip
async def post_sms(request: Request, svc: Svc,
                   account: Annotated[Account, Depends(need("reports.create"))]) -> dict[str, Any]:  # fmt: skip
    """An SMS gateway's webhook (a Twilio-style form post). It is filed as the account its sender is
    bound to, if any, else as public."""
    data = await read_body(request, SMS_BYTES)
    fields = _form(data)
    report = report_from_sms(fields)
    view, created = await run_in_threadpool(_file, svc, report, account, "sms", fields.get("From"))
    return {"report": view, "created": created}


def _form(data: bytes) -> dict[str, str]:
    from urllib.parse import parse_qsl

    try:
        text = data.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=False, max_num_fields=100)
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError("body", "not a form post (application/x-www-form-urlencoded, UTF-8)") from exc
    return {key: value for key, value in pairs}


Coding = Literal["pending", "failed", "coded"]


@router.get("/reports")
def get_reports(svc: Svc, account: Annotated[Account, Depends(need("reports.read"))],
                limit: Annotated[int, Query(ge=1, le=500)] = 50,
                offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
                coding: Annotated[Coding | None, Query(description="only reports whose coding is ...")] = None,
                ) -> list[dict[str, Any]]:  # fmt: skip
    """Reports, newest first, as the caller may see them; ``coding=failed`` lists those the coder
    could not code (with why, for staff)."""
    with svc.store.engine.connect() as conn:
        rows = list_reports(conn, limit, offset, account, coding)
    return [report_view(r, account, svc.sealer, svc.settings.blur_decimals) for r in rows]


@router.get("/reports/{report_id}")
def get_one_report(report_id: str, svc: Svc,
                   account: Annotated[Account, Depends(need("reports.read"))]) -> dict[str, Any]:  # fmt: skip
    with svc.store.engine.connect() as conn:
        row = get_report(conn, report_id)
        if not visible_to(conn, row, account):
            raise NotFound(f"no report {report_id}")
    return report_view(row, account, svc.sealer, svc.settings.blur_decimals)
