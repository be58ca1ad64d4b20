"""The one place the error tree becomes HTTP statuses. A request never gets a 500 for bad input."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

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


def install(app: FastAPI) -> None:
    @app.exception_handler(CeasefireError)
    async def ceasefire_error(_: Request, exc: CeasefireError) -> JSONResponse:
        status = status_of(exc)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        body = {"error": exc.code, "message": exc.message}
        if isinstance(exc, InputError):
            body["field"] = exc.source
        return JSONResponse(body, status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        fields = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error.get("loc", ()))
            fields.append({"field": where, "message": str(error.get("msg", "invalid"))})
        message = "; ".join(f"{f['field']}: {f['message']}" for f in fields) or "invalid request"
        return JSONResponse({"error": "CF200", "message": message, "fields": fields}, status_code=422)
