"""The one place the error tree becomes HTTP statuses. A request never gets a 500 for bad input.

The API answers in JSON; a page (any path outside ``/api/``) answers with an HTML page of the same
status, and a page asked for without credentials sends the browser to sign in.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response

from ceasefire.errors import (
    CeasefireError,
    ConfigError,
    Conflict,
    InputError,
    InputTooLarge,
    NotFound,
    PermissionDenied,
    ServiceUnavailable,
)
from ceasefire.monitor.accounts import Unauthenticated
from ceasefire.web.auth import SignInRequired

STATUS: tuple[tuple[type[CeasefireError], int], ...] = (
    (Unauthenticated, 401),
    (PermissionDenied, 403),
    (NotFound, 404),
    (Conflict, 409),
    (InputTooLarge, 413),
    (InputError, 422),
    (ServiceUnavailable, 503),
    (ConfigError, 503),
)


def status_of(exc: CeasefireError) -> int:
    return next((status for kind, status in STATUS if isinstance(exc, kind)), 500)


def _is_page(request: Request) -> bool:
    return not request.url.path.startswith(("/api/", "/docs", "/openapi"))


def _page(request: Request, status: int, code: str, message: str, *, sign_in: bool = False) -> Response:
    from ceasefire.web.pages import render  # pages import this module's neighbours; import late

    if sign_in:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/signin?next={quote(target, safe='')}", status_code=303)
    return render(
        request, "error.html", None, title=f"Error {status}", status=status, code=code, message=message
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(CeasefireError)
    async def ceasefire_error(request: Request, exc: CeasefireError) -> Response:
        status = status_of(exc)
        if _is_page(request):
            return _page(request, status, exc.code, exc.message, sign_in=isinstance(exc, SignInRequired))
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        body = {"error": exc.code, "message": exc.message}
        if isinstance(exc, InputError):
            body["field"] = exc.source
        return JSONResponse(body, status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error.get("loc", ()))
            fields.append({"field": where, "message": str(error.get("msg", "invalid"))})
        message = "; ".join(f"{f['field']}: {f['message']}" for f in fields) or "invalid request"
        if _is_page(request):
            return _page(request, 422, "CF200", message)
        return JSONResponse({"error": "CF200", "message": message, "fields": fields}, status_code=422)
