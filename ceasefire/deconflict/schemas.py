"""The notification format: a GeoJSON Feature (RFC 7946) whose ``properties`` say what it is.

``properties`` hold at least ``kind`` (``site``, ``movement``, ``flight`` or ``zone``), ``name``,
``function`` (sites), ``country`` (ISO alpha-2), ``recipients`` (party names, as on party
accounts), ``valid_from`` and ``valid_until`` (ISO 8601 with a zone), ``emergency``,
``coordinates_source`` and ``verified``, and for flights ``altitude_min_m``, ``altitude_max_m`` and
``width_m``. Other properties are kept as they came. The Feature's own ``id`` is the sender's id:
sending the same Feature again finds the first.

Shape errors (a missing field, a wrong type) are caught here; the checks that need the clock, the
store or the gazetteer are in ``validate.py``. Either way the answer is a 422 naming the field.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Kind = Literal["site", "movement", "flight", "zone"]
Function = Literal["hospital", "school", "warehouse", "office", "water_station", "shelter", "camp"]
#: how a movement went, in the humanitarian access vocabulary
Outcome = Literal["facilitated", "partially_facilitated", "impeded", "denied", "postponed"]
KINDS: tuple[str, ...] = ("site", "movement", "flight", "zone")
FUNCTIONS: tuple[str, ...] = ("hospital", "school", "warehouse", "office", "water_station", "shelter", "camp")
OUTCOMES: tuple[str, ...] = ("facilitated", "partially_facilitated", "impeded", "denied", "postponed")
#: the geometry types each kind takes
GEOMETRIES: dict[str, tuple[str, ...]] = {
    "site": ("Point", "Polygon"),
    "movement": ("LineString", "MultiLineString"),
    "flight": ("LineString",),
    "zone": ("Polygon", "MultiPolygon"),
}

Name = Field(min_length=1, max_length=200)


def _zoned(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValueError("give the time with its zone (2026-05-01T06:00:00Z or +03:00)")
    return value


class NotificationProperties(BaseModel):
    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)

    kind: Kind
    name: str = Name
    function: Function | None = None
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166 alpha-2")
    recipients: list[str] = Field(
        min_length=1, max_length=50, description="party names, as on party accounts"
    )
    valid_from: datetime | None = Field(
        default=None, description="movements and flights: when the window opens"
    )
    valid_until: datetime
    emergency: bool = False
    coordinates_source: str = Field(min_length=1, max_length=200, description="GPS on site, map pick, ...")
    precision_m: float | None = Field(default=None, ge=0, le=100_000)
    verified: bool = Field(description="checked on the ground")
    verified_by: str | None = Field(default=None, min_length=1, max_length=200)
    place: str | None = Field(default=None, min_length=1, max_length=200,
                              description="the place the coordinates should be in, checked against them")  # fmt: skip
    altitude_min_m: float | None = Field(default=None, ge=-500, le=25_000)
    altitude_max_m: float | None = Field(default=None, ge=-500, le=25_000)
    width_m: float | None = Field(default=None, gt=0, le=100_000)
    times: list[datetime] | None = Field(default=None, max_length=500,
                                         description="movements and flights: when each position is passed")  # fmt: skip
    vehicles: list[str] = Field(default_factory=list, max_length=200)
    markings: str | None = Field(default=None, max_length=500)
    aircraft: list[str] = Field(default_factory=list, max_length=50)
    contact: str | None = Field(default=None, max_length=200)

    _zones = field_validator("valid_from", "valid_until")(_zoned)

    @field_validator("times")
    @classmethod
    def _zoned_times(cls, value: list[datetime] | None) -> list[datetime] | None:
        for at in value or []:
            _zoned(at)
        return value

    @field_validator("recipients")
    @classmethod
    def _named(cls, value: list[str]) -> list[str]:
        cleaned = [v.strip() for v in value]
        if any(not 0 < len(v) <= 200 for v in cleaned):
            raise ValueError("each recipient is a party name of 1 to 200 characters")
        if len({v.casefold() for v in cleaned}) != len(cleaned):
            raise ValueError("a party is named twice")
        return cleaned


class NotificationIn(BaseModel):
    """One notification, as a GeoJSON Feature."""

    model_config = ConfigDict(extra="allow")

    type: Literal["Feature"]
    id: str | int | None = Field(default=None, description="the sender's id: a retry with it is a no-op")
    geometry: dict[str, Any]
    properties: NotificationProperties

    @field_validator("id")
    @classmethod
    def _short(cls, value: str | int | None) -> str | int | None:
        if value is not None and not 0 < len(str(value)) <= 128:
            raise ValueError("an id is 1 to 128 characters")
        return value


class AckIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    state: Literal["received", "acknowledged"] = "acknowledged"
    note: str = Field(default="", max_length=2000)
    party: str | None = Field(default=None, max_length=200,
                              description="staff recording a party's acknowledgement name the party")  # fmt: skip


class OutcomeIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    outcome: Outcome
    note: str = Field(default="", max_length=2000)


class ReconfirmIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    note: str = Field(default="", max_length=2000)
    valid_until: datetime | None = Field(default=None, description="a new end of validity")

    _zones = field_validator("valid_until")(_zoned)
