"""The one place the error tree becomes HTTP statuses. A request never gets a 500 for bad input.

The API answers in JSON; a page (any path outside ``/api/``) answers with an HTML page of the same
status, and a page asked for without credentials sends the browser to sign in. A 503 says what is
down but not where: the store's path or URL, and the key file's, go to the server's log only.

``BodyLimit`` is the request size limit (``CEASEFIRE_MAX_INPUT_BYTES``), enforced on the bytes as
they arrive: a declared Content-Length over it is refused at once, and a body sent in chunks is
cut off with a 413 as soon as it passes it, however the route reads it.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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


log = logging.getLogger("ceasefire.web")
#: what a 503 tells the caller (the detail, with paths and URLs, is logged)
UNAVAILABLE = {
    ServiceUnavailable: "the store or a service it needs cannot be reached now; try again shortly",
    ConfigError: "the service is not configured to do this (a key or setting is missing or wrong); "
                 "the operator has the details in the server's log",
}  # fmt: skip


def status_of(exc: CeasefireError) -> int:
    return next((status for kind, status in STATUS if isinstance(exc, kind)), 500)


def public_message(exc: CeasefireError) -> str:
    """The message a caller may read: a 503's detail stays in the log."""
    for kind, message in UNAVAILABLE.items():
        if isinstance(exc, kind):
            return message
    return exc.message


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
        message = public_message(exc)
        if status == 503:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        if _is_page(request):
            return _page(request, status, exc.code, message, sign_in=isinstance(exc, SignInRequired))
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        body = {"error": exc.code, "message": message}
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


class BodyLimit:
    """ASGI middleware: refuse a request body larger than ``limit`` bytes with a 413, counting the
    bytes as they arrive (chunked bodies have no Content-Length). The app sees the body end there,
    and whatever it would have answered is replaced by the 413."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _too_large(send, self.limit)
            return
        state: dict[str, Any] = {"read": 0, "over": False, "answered": False}

        async def limited() -> Message:
            if state["over"]:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                state["read"] += len(message.get("body", b""))
                if state["read"] > self.limit:
                    state["over"] = True
                    return {"type": "http.disconnect"}  # the app stops reading; nothing more is buffered
            return message

        async def guarded(message: Message) -> None:
            if state["over"]:
                if not state["answered"]:
                    state["answered"] = True
                    await _too_large(send, self.limit)
                return
            await send(message)

        try:
            await self.app(scope, limited, guarded)
        except Exception:
            if not state["over"]:
                raise
            # the app broke off reading (starlette's ClientDisconnect): the 413 is the answer
        if state["over"] and not state["answered"]:
            state["answered"] = True
            await _too_large(send, self.limit)


async def _too_large(send: Send, limit: int) -> None:
    body = JSONResponse({"error": InputTooLarge.code, "message": f"request body larger than {limit} bytes"},
                        status_code=413)  # fmt: skip
    await send({"type": "http.response.start", "status": 413, "headers": body.raw_headers})
    await send({"type": "http.response.body", "body": body.body})
