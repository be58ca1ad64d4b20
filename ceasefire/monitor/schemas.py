"""The shapes that cross the service boundary, validated with pydantic.

Every intake channel (API, CSV, e-mail, SMS) maps to ``ReportIn``; a field that fails validation
gives an error naming it. Limits are deliberate: a report is a short field message, not a document.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

import pycountry
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from ceasefire.models import PLOVER_EVENTS
from ceasefire.monitor import clock

SourceType = Literal["monitor", "party", "public", "media", "sensor"]
Channel = Literal["api", "csv", "email", "sms"]
Role = Literal["viewer", "monitor", "analyst", "coordinator", "admin", "party", "humanitarian"]
Grade = Literal["single_source", "multiple_sources", "confirmed", "contested", "discounted"]
Verification = Literal[
    "alleged", "under_investigation", "confirmed_violation", "not_confirmed", "undetermined"
]
Severity = Literal["low", "medium", "high", "critical"]
RuleKind = Literal["violation", "spike", "near_site", "status_change", "notified_site_hit", "ack_overdue"]
Stance = Literal["admits", "denies", "investigating", "no_comment"]
TimePrecision = Literal["day", "week", "month"]

SOURCE_TYPES: tuple[str, ...] = ("monitor", "party", "public", "media", "sensor")
ROLES: tuple[str, ...] = ("viewer", "monitor", "analyst", "coordinator", "admin", "party", "humanitarian")
SEVERITIES: tuple[str, ...] = ("low", "medium", "high", "critical")

#: how far ahead of the service's clock an ``occurred_at`` may be (field clocks drift; a day is absurd);
#: the later of the service's clock and the system's counts, since a replay may run the former behind
FUTURE_SLACK = timedelta(hours=1)
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)

Text = Field(min_length=1, max_length=20_000)
Name = Field(min_length=1, max_length=200)
#: an account name: letters, digits and ``. _ @ + -``, starting with a letter or digit (no paths)
ACCOUNT_NAME = re.compile(r"^[^\W_][\w.@+-]{0,99}$")


def clean_name(value: str) -> str:
    """A name or party tag as stored: NFKC-normalised, without format characters (bidi overrides,
    zero-width joiners and the like, which make two tags look alike), spaces collapsed."""
    folded = unicodedata.normalize("NFKC", value)
    kept = "".join(c for c in folded if unicodedata.category(c) != "Cf")
    return " ".join(kept.split())


def hidden_characters(value: str) -> list[str]:
    """The format characters (``U+202E`` ...) in ``value``: refused in account and party names."""
    return sorted({f"U+{ord(c):04X}" for c in value if unicodedata.category(c) == "Cf"})


def known_country(code: str) -> bool:
    """An ISO 3166-1 alpha-2 code of a country (``XK``, Kosovo, as GeoNames has it); not ``ZZ`` or ``AA``."""
    return code == "XK" or pycountry.countries.get(alpha_2=code) is not None


def _tag(value: Any) -> Any:
    if isinstance(value, str):
        cleaned = clean_name(value)
        return cleaned if cleaned else value.strip()  # an empty tag fails min_length below
    return value


def _number(value: Any) -> Any:
    """A coordinate: a number or a numeric string (CSV, e-mail), never ``true``/``false``."""
    if isinstance(value, bool):
        raise ValueError("a coordinate is a number, not true or false")
    return value


Tag = Annotated[str, BeforeValidator(_tag)]
Coordinate = Annotated[float, BeforeValidator(_number)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Location(Strict):
    """A point, a place name resolved with the gazetteer, or both (the point wins)."""

    lat: Coordinate | None = Field(default=None, ge=-90, le=90)
    lon: Coordinate | None = Field(default=None, ge=-180, le=180)
    place: Tag | None = Field(default=None, min_length=1, max_length=200)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$", description="ISO 3166 alpha-2")
    own_position: bool = Field(
        default=False, description="a monitor's own position: blurred for public views"
    )

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if value is not None and not known_country(value):
            raise ValueError(f"{value!r} is not an ISO 3166 country code")
        return value

    @model_validator(mode="after")
    def _point_or_place(self) -> Location:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon go together: give both or neither")
        if self.lat is None and self.place is None:
            raise ValueError("give a point (lat, lon) or a place name")
        return self


class Reporter(Strict):
    name: Tag = Name
    contact: str | None = Field(default=None, max_length=200)


class ReportIn(Strict):
    """One incident report, whatever channel it came by."""

    client_id: str | None = Field(
        default=None, min_length=1, max_length=128, description="the sender's id: a retry with it is a no-op"
    )
    occurred_at: datetime
    time_precision: TimePrecision = "day"
    location: Location
    source_type: SourceType
    text: str = Text
    event_type: str | None = Field(
        default=None, description="PLOVER event type; coded from the text if absent"
    )
    weapons: list[str] = Field(default_factory=list, max_length=20)
    alleged_responsible: Tag | None = Field(default=None, min_length=1, max_length=200)
    reporter: Reporter | None = None
    attachments: list[str] = Field(
        default_factory=list, max_length=50, description="SHA-256 hex of each file"
    )
    #: set by a gateway that took the time of intake for want of one: a retry then differs only there
    _time_of_intake: bool = PrivateAttr(default=False)

    def taken_at_intake(self) -> ReportIn:
        """This report, marked as timed by its intake (a gateway retry must still find it)."""
        self._time_of_intake = True
        return self

    @property
    def time_of_intake(self) -> bool:
        return self._time_of_intake

    @field_validator("occurred_at")
    @classmethod
    def _plausible_time(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        if value > max(clock.now(), clock.system_now()) + FUTURE_SLACK:
            raise ValueError("occurred_at is in the future")
        if value < EARLIEST:
            raise ValueError(f"occurred_at is before {EARLIEST.year}")
        return value.astimezone(UTC)

    @field_validator("event_type")
    @classmethod
    def _known_event(cls, value: str | None) -> str | None:
        if value is None:
            return None
        upper = value.upper()
        if upper not in PLOVER_EVENTS:
            raise ValueError(f"unknown PLOVER event type {value!r}; one of {', '.join(PLOVER_EVENTS)}")
        return upper

    @field_validator("weapons")
    @classmethod
    def _short_words(cls, value: list[str]) -> list[str]:
        cleaned = [clean_name(w).lower() for w in value]
        if any(not 0 < len(w) <= 64 for w in cleaned):
            raise ValueError("each weapon is a word or short phrase of at most 64 characters")
        return cleaned

    @field_validator("attachments")
    @classmethod
    def _hashes(cls, value: list[str]) -> list[str]:
        for item in value:
            lowered = item.lower()
            if len(lowered) != 64 or any(c not in "0123456789abcdef" for c in lowered):
                raise ValueError("attachments are SHA-256 hex digests (64 hex characters)")
        return [v.lower() for v in value]


def payload_errors(exc: Any) -> list[str]:
    """``field: message`` lines from a pydantic ``ValidationError``."""
    lines = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ())) or "body"
        lines.append(f"{where}: {error.get('msg', 'invalid')}")
    return lines
