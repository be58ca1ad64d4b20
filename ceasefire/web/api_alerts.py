"""Alert rules, subscriptions, alerts with their acknowledgements, and the dead-letter list.

Where alerts go (webhook URLs, which may carry secrets in their query strings) and what a delivery
met there (``last_error``) are shown only to the roles that manage deliveries, as subscriptions are.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from ceasefire.errors import NotFound
from ceasefire.monitor import alerts, outbox, rules
from ceasefire.monitor.access import allowed
from ceasefire.monitor.accounts import Account
from ceasefire.monitor.destinations import AllowList
from ceasefire.web.context import Services, need, the_services

router = APIRouter(prefix="/api/v1", tags=["alerts"])
Svc = Annotated[Services, Depends(the_services)]


class AckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str = Field(default="", max_length=2000)


@router.post("/alert-rules", status_code=201)
def add_rule(body: rules.AlertRuleIn, svc: Svc,
             account: Annotated[Account, Depends(need("rules.manage"))]) -> dict[str, Any]:  # fmt: skip
    """A new alert rule (kinds: violation, spike, near_site, status_change; see ``params``)."""
    with svc.store.transaction() as conn:
        return rules.add_rule(conn, body, account)


@router.get("/alert-rules")
def list_rules(svc: Svc, account: Annotated[Account, Depends(need("rules.read"))]) -> list[dict[str, Any]]:
    with svc.store.engine.connect() as conn:
        return rules.list_rules(conn)


@router.delete("/alert-rules/{rule_id}")
def deactivate_rule(rule_id: Annotated[int, Path(ge=1, le=2**31)], svc: Svc,
                    account: Annotated[Account, Depends(need("rules.manage"))]) -> dict[str, Any]:  # fmt: skip
    """Stop a rule (kept, inactive, for the record)."""
    with svc.store.transaction() as conn:
        return rules.deactivate_rule(conn, rule_id, account)


@router.post("/subscriptions", status_code=201)
def add_subscription(body: rules.SubscriptionIn, svc: Svc,
                     account: Annotated[Account, Depends(need("rules.manage"))]) -> dict[str, Any]:  # fmt: skip
    """Send alerts to an account by webhook or e-mail; a webhook's secret is shown only in this answer.
    A webhook is a public http(s) URL without credentials (or one ``CEASEFIRE_WEBHOOK_ALLOW`` names)."""
    with svc.store.transaction() as conn:
        return rules.add_subscription(
            conn, body, account, svc.sealer, AllowList.parse(svc.settings.webhook_allow)
        )


@router.get("/subscriptions")
def list_subscriptions(
    svc: Svc, account: Annotated[Account, Depends(need("rules.manage"))]
) -> list[dict[str, Any]]:
    with svc.store.engine.connect() as conn:
        return rules.list_subscriptions(conn)


@router.get("/alerts")
def list_alerts(svc: Svc, account: Annotated[Account, Depends(need("alerts.read"))],
                state: Literal["open", "acknowledged", "overdue"] | None = None,
                limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[dict[str, Any]]:  # fmt: skip
    """Alerts, newest first, each with its recipients' deadlines and states (open, acknowledged, overdue)."""
    with svc.store.engine.connect() as conn:
        return alerts.list_alerts(conn, account, state, limit)


@router.get("/alerts/{alert_id}")
def get_alert(
    alert_id: str, svc: Svc, account: Annotated[Account, Depends(need("alerts.read"))]
) -> dict[str, Any]:
    with svc.store.engine.connect() as conn:
        if not alerts.visible(conn, alert_id, account):
            raise NotFound(f"no alert {alert_id}")
        found = alerts.get_alert(conn, alert_id)
    if allowed(account.role, "deliveries.manage"):  # addresses and errors: as GET /subscriptions
        found["delivery_log"] = outbox.list_deliveries(svc.store, alert_id)
    return found


@router.post("/alerts/{alert_id}/ack")
def ack(alert_id: str, svc: Svc, account: Annotated[Account, Depends(need("alerts.ack"))],
        body: AckIn | None = None) -> dict[str, Any]:  # fmt: skip
    """Acknowledge an alert as one of its recipients (coordinators and admins: for everyone)."""
    with svc.store.transaction() as conn:
        if not alerts.visible(conn, alert_id, account):
            raise NotFound(f"no alert {alert_id}")
        return alerts.acknowledge(conn, alert_id, account, body.note if body else "")


@router.get("/deliveries/dead")
def dead_letters(
    svc: Svc, account: Annotated[Account, Depends(need("deliveries.manage"))]
) -> list[dict[str, Any]]:
    """Deliveries that failed every try."""
    return outbox.dead_letters(svc.store)


@router.post("/deliveries/{delivery_id}/requeue")
def requeue(delivery_id: str, svc: Svc,
            account: Annotated[Account, Depends(need("deliveries.manage"))]) -> dict[str, Any]:  # fmt: skip
    found = outbox.requeue(svc.store, delivery_id, account)
    svc.worker.notify()
    return found
