"""Alert rules and subscriptions: what should raise an alert, and who hears of it.

Six kinds of rule, each with its own parameters:
``violation``      an incident linked to a ceasefire reaches a verification state (``alleged`` on
                   linking, ``confirmed_violation`` on a coordinator's decision), optionally for one
                   process or inside an area;
``spike``          incidents in a scope within ``window_hours`` reach ``factor`` times the baseline
                   rate of the ``baseline_days`` before (and at least ``min_count``);
``near_site``      an attack (by default ASSAULT) within ``radius_km`` of a protected site;
``status_change``  the tracker moves a ceasefire's or talks' status;
``notified_site_hit`` a strike near a notified site, route or zone (a deconfliction finding),
                   optionally only within ``radius_km``, for some ``kinds`` of notification, in one
                   ``country``, or only where a party had not acknowledged;
``ack_overdue``    a recipient party has not acknowledged a notification by its deadline.
A subscription sends a rule's alerts to one account by webhook or e-mail, filtered by severity,
kind and area; ``level`` 0 hears first, level 1 when level 0 has not acknowledged in time, and so on.
"""

from __future__ import annotations

import secrets
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlalchemy import Connection

from ceasefire.errors import InputError, NotFound
from ceasefire.geo import valid_area
from ceasefire.models import PLOVER_EVENTS
from ceasefire.monitor import audit, clock
from ceasefire.monitor.accounts import Account, get_account
from ceasefire.monitor.clock import iso
from ceasefire.monitor.destinations import AllowList, check_url
from ceasefire.monitor.schemas import RuleKind, Severity, payload_errors
from ceasefire.monitor.secrets import Sealer
from ceasefire.store import rule_queries


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _area(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is not None and (problem := valid_area(value)):
        raise ValueError(problem)
    return value


_STATES: tuple[Literal["alleged", "confirmed_violation"], ...] = ("alleged", "confirmed_violation")


class ViolationParams(_Params):
    process_id: str | None = Field(default=None, max_length=64)
    area: dict[str, Any] | None = None
    states: list[Literal["alleged", "confirmed_violation"]] = Field(
        default_factory=lambda: list(_STATES), min_length=1
    )
    _check_area = field_validator("area")(_area)


class SpikeParams(_Params):
    process_id: str | None = Field(default=None, max_length=64)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    area: dict[str, Any] | None = None
    # at least a minute and an hour: a shorter span rounds to a zero timedelta, which the rate divides by
    window_hours: float = Field(default=24, ge=1 / 60, le=24 * 30)
    baseline_days: float = Field(default=28, ge=1 / 24, le=365)
    factor: float = Field(default=3.0, ge=1)
    min_count: int = Field(default=3, ge=1, le=10_000)
    _check_area = field_validator("area")(_area)


class Site(_Params):
    name: str = Field(min_length=1, max_length=200)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class NearSiteParams(_Params):
    sites: list[Site] = Field(min_length=1, max_length=1000)
    radius_km: float = Field(gt=0, le=200)
    event_types: list[str] = Field(default_factory=lambda: ["ASSAULT"], min_length=1)

    @field_validator("event_types")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = [v for v in value if v.upper() not in PLOVER_EVENTS]
        if unknown:
            raise ValueError(f"unknown PLOVER event types: {', '.join(unknown)}")
        return [v.upper() for v in value]


class StatusChangeParams(_Params):
    process_id: str | None = Field(default=None, max_length=64)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    statuses: (
        list[Literal["proposed", "holding", "fragile", "collapsed", "ended", "active", "suspended"]] | None
    ) = None


NotificationKind = Literal["site", "movement", "flight", "zone"]


class NotifiedSiteHitParams(_Params):
    radius_km: float | None = Field(default=None, gt=0, le=100)
    kinds: list[NotificationKind] = Field(default_factory=list)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    unacknowledged_only: bool = False


class AckOverdueParams(_Params):
    kinds: list[NotificationKind] = Field(default_factory=list)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")


PARAMS: dict[str, type[_Params]] = {
    "violation": ViolationParams, "spike": SpikeParams, "near_site": NearSiteParams,
    "status_change": StatusChangeParams, "notified_site_hit": NotifiedSiteHitParams,
    "ack_overdue": AckOverdueParams,
}  # fmt: skip


class AlertRuleIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    kind: RuleKind
    severity: Severity = "high"
    params: dict[str, Any] = Field(default_factory=dict)
    ack_minutes: int = Field(default=30, ge=1, le=7 * 24 * 60)

    @model_validator(mode="after")
    def _params_fit_kind(self) -> AlertRuleIn:
        try:
            self.params = PARAMS[self.kind].model_validate(self.params).model_dump(mode="json")
        except ValidationError as exc:
            raise ValueError("params: " + "; ".join(payload_errors(exc))) from None
        return self


class SubscriptionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    account: str = Field(min_length=1, max_length=100)
    channel: Literal["webhook", "email"]
    address: str = Field(min_length=3, max_length=2000)
    secret: str | None = Field(default=None, min_length=16, max_length=200)
    min_severity: Severity = "low"
    kinds: list[RuleKind] = Field(default_factory=list)
    area: dict[str, Any] | None = None
    level: int = Field(default=0, ge=0, le=5)
    _check_area = field_validator("area")(_area)

    @model_validator(mode="after")
    def _address_fits_channel(self) -> SubscriptionIn:
        if self.channel == "webhook" and not self.address.startswith(("http://", "https://")):
            raise ValueError("address: a webhook address is an http(s) URL")
        if self.channel == "email" and ("@" not in self.address or any(c.isspace() for c in self.address)):
            raise ValueError("address: an e-mail address looks like name@host")
        return self


def add_rule(conn: Connection, rule: AlertRuleIn, by: Account) -> dict[str, Any]:
    rule_id = rule_queries.add_rule(conn, {
        "name": rule.name, "kind": rule.kind, "severity": rule.severity, "params": rule.params,
        "ack_minutes": rule.ack_minutes, "active": True, "created_by": by.name, "created_at": clock.now(),
    })  # fmt: skip
    audit.record(conn, by, "rule.add", "alert_rule", rule_id, rule.model_dump(mode="json"))
    return get_rule(conn, rule_id)


def get_rule(conn: Connection, rule_id: int) -> dict[str, Any]:
    row = rule_queries.rule(conn, rule_id)
    if row is None:
        raise NotFound(f"no alert rule {rule_id}")
    return _rule_json(row)


def list_rules(conn: Connection, active_only: bool = False) -> list[dict[str, Any]]:
    return [_rule_json(r) for r in rule_queries.rules(conn, active_only)]


def deactivate_rule(conn: Connection, rule_id: int, by: Account) -> dict[str, Any]:
    get_rule(conn, rule_id)
    rule_queries.deactivate_rule(conn, rule_id)
    audit.record(conn, by, "rule.deactivate", "alert_rule", rule_id)
    return get_rule(conn, rule_id)


def add_subscription(conn: Connection, sub: SubscriptionIn, by: Account, sealer: Sealer,
                     allow: AllowList | None = None) -> dict[str, Any]:  # fmt: skip
    """A subscription; a webhook's signing secret is made when not given and shown only now. A
    webhook address must be a public http(s) URL without credentials, or one ``allow`` names."""
    if sub.channel == "webhook":
        check_url(sub.address, allow or AllowList())
    try:
        account = get_account(conn, sub.account)
    except NotFound as exc:
        raise InputError("account", exc.message) from exc
    secret = (sub.secret or secrets.token_urlsafe(32)) if sub.channel == "webhook" else None
    sub_id = rule_queries.add_subscription(conn, {
        "account_id": account.id, "channel": sub.channel, "address": sub.address,
        "secret_sealed": sealer.seal(secret) if secret else None, "min_severity": sub.min_severity,
        "area": sub.area, "kinds": list(sub.kinds), "level": sub.level, "active": True,
    })  # fmt: skip
    audit.record(conn, by, "subscription.add", "subscription", sub_id,
                 {"account": account.name, "channel": sub.channel, "address": sub.address, "level": sub.level})  # fmt: skip
    view = subscription_json(rule_queries.subscription(conn, sub_id))
    view["account"] = account.name
    if secret:
        view["secret"] = secret
    return view


def list_subscriptions(conn: Connection) -> list[dict[str, Any]]:
    return [subscription_json(r) for r in rule_queries.all_subscriptions(conn)]


def subscription_json(row: Any) -> dict[str, Any]:
    return {"id": row["id"], "account_id": row["account_id"], "channel": row["channel"], "address": row["address"],
            "min_severity": row["min_severity"], "kinds": row["kinds"], "area": row["area"], "level": row["level"],
            "active": row["active"]}  # fmt: skip


def _rule_json(row: dict[str, Any]) -> dict[str, Any]:
    created = row["created_at"]
    return {"id": row["id"], "name": row["name"], "kind": row["kind"], "severity": row["severity"],
            "params": row["params"], "ack_minutes": row["ack_minutes"], "active": row["active"],
            "created_by": row["created_by"],
            "created_at": iso(created)}  # fmt: skip
