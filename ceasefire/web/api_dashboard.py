"""The JSON twins of the dashboard's pages: each page is drawn from the route here of the same data."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from ceasefire.errors import InputError
from ceasefire.monitor import clock
from ceasefire.monitor.accounts import Account
from ceasefire.web import dashboard, mapdata, review
from ceasefire.web.context import Services, need, the_services

router = APIRouter(prefix="/api/v1", tags=["dashboard"])
Svc = Annotated[Services, Depends(the_services)]
Country = Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")]
Words = Annotated[str | None, Query(max_length=200)]
Id = Annotated[str | None, Query(max_length=64)]


def _choice(name: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    """A filter's value; empty means any (a form sends every field), anything else must be known."""
    if not value:
        return None
    if value not in allowed:
        raise InputError(name, f"one of {', '.join(allowed)}, or empty for any")
    return value


def board_filter(country: Annotated[str | None, Query(pattern=r"^([A-Za-z]{2})?$")] = None,
                 kind: Annotated[str | None, Query(max_length=16)] = None,
                 status: Annotated[str | None, Query(max_length=16)] = None,
                 origin: Annotated[str | None, Query(max_length=16)] = None, q: Words = None) -> dashboard.BoardFilter:  # fmt: skip
    """The board's filters, as query parameters (the page's form sends them all, empty for any)."""
    return dashboard.BoardFilter(
        country.upper() if country else None,
        _choice("kind", kind, dashboard.KINDS),
        _choice("status", status, dashboard.STATUSES),
        _choice("origin", origin, dashboard.ORIGINS),
        (q or "").strip() or None,
    )


def map_query(since: date | None = None, until: date | None = None,
              zoom: Annotated[int, Query(ge=0, le=18)] = 2,
              south: Annotated[float, Query(ge=-90, le=90)] = -90.0, west: Annotated[float, Query(ge=-540, le=540)] = -180.0,
              north: Annotated[float, Query(ge=-90, le=90)] = 90.0, east: Annotated[float, Query(ge=-540, le=540)] = 180.0,
              event: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2,12}$")] = None) -> mapdata.MapQuery:  # fmt: skip
    return mapdata.MapQuery(since, until, zoom, south, west, north, east, event.upper() if event else None)


@router.get("/board")
def get_board(svc: Svc, account: Annotated[Account, Depends(need("processes.read"))],
              flt: Annotated[dashboard.BoardFilter, Depends(board_filter)]) -> dict[str, Any]:  # fmt: skip
    """The status board: every process the sources bear on, its status, trend and top evidence."""
    with svc.store.engine.connect() as conn:
        return dashboard.board(conn, flt, clock.now().date())


@router.get("/processes/{process_id}")
def get_process(process_id: str, svc: Svc, account: Annotated[Account, Depends(need("processes.read"))],
                page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> dict[str, Any]:  # fmt: skip
    """One process: registry entry, status timeline with its evidence, and a page of its events."""
    with svc.store.engine.connect() as conn:
        return dashboard.process_page(conn, process_id, page)


@router.get("/documents/{doc_id}")
def get_document(doc_id: str, svc: Svc,
                 account: Annotated[Account, Depends(need("processes.read"))]) -> dict[str, Any]:  # fmt: skip
    """A stored document with its cleaned text and every event read from it (with offsets)."""
    with svc.store.engine.connect() as conn:
        return dashboard.document_page(conn, doc_id)


@router.get("/map")
def get_map(svc: Svc, account: Annotated[Account, Depends(need("processes.read"))],
            q: Annotated[mapdata.MapQuery, Depends(map_query)]) -> dict[str, Any]:  # fmt: skip
    """Events and incidents, clustered on a grid for the zoom, in the time window."""
    mapdata.sync_points(svc.store)
    with svc.store.engine.connect() as conn:
        return mapdata.map_data(conn, q, account, svc.settings.blur_decimals)


@router.get("/timeline")
def get_timeline(svc: Svc, account: Annotated[Account, Depends(need("processes.read"))],
                 process: Id = None, country: Country = None) -> dict[str, Any]:  # fmt: skip
    """Events per day by type for a process or a country, with the process's dates and status changes."""
    with svc.store.engine.connect() as conn:
        return dashboard.timeline_data(conn, process, country, clock.now().date())


@router.get("/review")
def get_review(svc: Svc, account: Annotated[Account, Depends(need("incidents.edit"))]) -> dict[str, Any]:
    """Incidents awaiting a grade or a decision, likely duplicates, and reports not yet coded."""
    with svc.store.engine.connect() as conn:
        return review.review_queue(conn, account, svc.sealer, svc.settings)
