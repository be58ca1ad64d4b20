"""Who is asking: an API token (``Authorization: Bearer``) or a signed-in browser's session cookie.

Routes of the JSON API take either; pages take either too, and send a browser with neither to the
sign-in page. A request authenticated by cookie that changes something must carry the session's
CSRF token (``X-CSRF-Token`` header, or the ``csrf`` form field); one with a token needs none, as
a browser never sends it by itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from sqlalchemy import Connection

from ceasefire.errors import PermissionDenied
from ceasefire.monitor.accounts import Account, Unauthenticated, authenticate
from ceasefire.settings import Settings
from ceasefire.web import sessions
from ceasefire.web.sessions import Cookies, Session

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SignInRequired(Unauthenticated):
    """A page asked for with no credentials: the browser is sent to the sign-in page."""


@dataclass(frozen=True, slots=True)
class Caller:
    account: Account
    session: Session | None  # None when the request carried an API token

    @property
    def csrf(self) -> str:
        return self.session.csrf if self.session else ""


def cookies_for(settings: Settings) -> Cookies:
    return Cookies(sessions.session_secret(settings), int(settings.session_hours * 3600))


def cookie_session(request: Request, conn: Connection) -> Session | None:
    cookies: Cookies = request.app.state.cookies
    return sessions.find(conn, cookies.token(request.cookies.get(sessions.COOKIE)))


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def identify(request: Request, conn: Connection, token: str | None, *, page: bool = False) -> Caller:
    """The caller, by token first, else by session cookie; ``Unauthenticated`` when neither holds."""
    if token:
        return Caller(authenticate(conn, token), None)
    session = cookie_session(request, conn)
    if session is None:
        if page:
            raise SignInRequired("sign in to see this page")
        authenticate(conn, None)  # raises the API's own 401
    assert session is not None
    return Caller(session.account, session)


def check_csrf(caller: Caller, offered: str | None) -> None:
    if caller.session is not None and not sessions.csrf_ok(caller.session, offered):
        raise PermissionDenied("missing or wrong CSRF token: reload the page and try again")


def secure_request(request: Request) -> bool:
    return request.url.scheme == "https"
