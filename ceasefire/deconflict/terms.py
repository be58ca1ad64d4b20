"""Each conflict's deconfliction terms, by country: lead times, deadlines, radii, limits.

The defaults follow humanitarian notification practice: a movement is notified 48 hours ahead (24
in an emergency), a party acknowledges within 24 hours (and before a movement starts), a static
site is reconfirmed every 30 days. A coordinator sets other terms for one country
(``PUT /api/v1/deconfliction/terms/{country}``); what is not set keeps its default.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, insert, select, update

from ceasefire.monitor import audit, clock
from ceasefire.store.tables import deconfliction_terms


@dataclass(frozen=True, slots=True)
class Terms:
    #: hours between notifying a movement or flight and the start of its window
    lead_hours: float = 48.0
    emergency_lead_hours: float = 24.0
    #: minutes a recipient party has to acknowledge (a movement's start comes first when sooner)
    ack_minutes: float = 24 * 60.0
    #: the longest window a movement or a flight may ask for
    max_movement_hours: float = 72.0
    max_flight_hours: float = 24.0
    #: the longest a static site or zone stays valid before it is notified again
    max_site_days: float = 366.0
    #: days between reconfirmations of a site or zone
    reconfirm_days: float = 30.0
    #: a strike within this distance of a notified site, route or zone is a hit
    hit_radius_km: float = 2.0
    #: a movement conflicts with incidents this close to its route in the last ``incident_hours``
    incident_radius_km: float = 5.0
    incident_hours: float = 24.0

    def to_json(self) -> dict[str, float]:
        return asdict(self)


DEFAULT = Terms()


class TermsIn(BaseModel):
    """A country's terms; what is left out keeps the default."""

    model_config = ConfigDict(extra="forbid")

    lead_hours: float | None = Field(default=None, ge=0, le=24 * 14)
    emergency_lead_hours: float | None = Field(default=None, ge=0, le=24 * 14)
    ack_minutes: float | None = Field(
        default=None, gt=0, le=60 * 24 * 14, description="fractions allowed (0.1 = 6 s)"
    )
    max_movement_hours: float | None = Field(default=None, gt=0, le=24 * 31)
    max_flight_hours: float | None = Field(default=None, gt=0, le=24 * 31)
    max_site_days: float | None = Field(default=None, gt=0, le=3660)
    reconfirm_days: float | None = Field(default=None, gt=0, le=3660)
    hit_radius_km: float | None = Field(default=None, gt=0, le=100)
    incident_radius_km: float | None = Field(default=None, gt=0, le=200)
    incident_hours: float | None = Field(default=None, gt=0, le=24 * 31)


def terms_for(conn: Connection, country: str | None) -> Terms:
    if not country:
        return DEFAULT
    stored = conn.execute(
        select(deconfliction_terms.c.terms).where(deconfliction_terms.c.country == country)
    ).scalar()
    return _merge(stored or {})


def all_terms(conn: Connection) -> dict[str, Any]:
    rows = conn.execute(select(deconfliction_terms).order_by(deconfliction_terms.c.country)).mappings()
    return {"default": DEFAULT.to_json(),
            "countries": {r["country"]: _merge(r["terms"]).to_json() for r in rows}}  # fmt: skip


def set_terms(conn: Connection, country: str, given: TermsIn, by: str) -> dict[str, float]:
    changes = given.model_dump(exclude_none=True)
    current = conn.execute(
        select(deconfliction_terms.c.terms).where(deconfliction_terms.c.country == country)
    ).scalar()
    merged = {**(current or {}), **changes}
    now = clock.now()
    if current is None:
        conn.execute(
            insert(deconfliction_terms).values(country=country, terms=merged, updated_by=by, updated_at=now)
        )
    else:
        conn.execute(update(deconfliction_terms).where(deconfliction_terms.c.country == country)
                     .values(terms=merged, updated_by=by, updated_at=now))  # fmt: skip
    audit.record(conn, by, "deconfliction.terms", "country", country, changes)
    return _merge(merged).to_json()


def _merge(stored: dict[str, Any]) -> Terms:
    known = {f.name for f in fields(Terms)}
    return replace(DEFAULT, **{k: float(v) for k, v in stored.items() if k in known})
