"""Raising alerts from rules, addressing them, acknowledging and escalating them.

An alert is raised once per trigger (``violation:rule:incident:state`` and the like, unique in the
store), in the same transaction as the change that caused it, together with one recipient row per
account (with its acknowledgement deadline) and one queued delivery per subscription. The worker
sends the queue; nothing here waits on the network.

Deconfliction feeds the same machinery: a strike near a notified site is a finding
(``deconflict/hits.py``) that rules of kind ``notified_site_hit`` raise; a party's acknowledgement
of a notification past its deadline is raised once by rules of kind ``ack_overdue`` (checked with
each escalation round), and escalates like any alert.

An alert's title and detail go to every recipient, parties included, so where the incident holds a
monitor's own position they carry only the blurred point and coarsened distances (``blur.py``).
Escalation takes one overdue recipient at a time: one that fails is logged and the rest go on.
"""

from __future__ import annotations

import logging
import math
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, bindparam, exists, false, func, select, update

from ceasefire.deconflict import hits, notifications
from ceasefire.errors import NotFound, PermissionDenied
from ceasefire.geo import distance_km, in_area
from ceasefire.models import stable_id
from ceasefire.monitor import audit, blur, clock
from ceasefire.monitor.access import RECIPIENTS_ONLY
from ceasefire.monitor.accounts import Account
from ceasefire.monitor.clock import aware
from ceasefire.monitor.schemas import SEVERITIES
from ceasefire.store import rule_queries
from ceasefire.store.database import insert_new, memo
from ceasefire.store.tables import (
    accounts,
    alert_recipients,
    alerts,
    deliveries,
    subscriptions,
)
from ceasefire.store.tables import notifications as notification_table

log = logging.getLogger("ceasefire.alerts")
#: roles that never receive alerts (viewers read only published data)
SILENT = frozenset({"viewer"})
_SUBSCRIBED = (
    select(subscriptions, accounts.c.role, accounts.c.party)
    .join(accounts, accounts.c.id == subscriptions.c.account_id)
    .where(
        subscriptions.c.active.is_(True),
        subscriptions.c.level == bindparam("level"),
        accounts.c.active.is_(True),
    )
)
_ANY_NOTIFICATION = select(exists().where(notification_table.c.id.is_not(None)))
_RECIPIENTS_OF = (
    select(alert_recipients, accounts.c.name).join(accounts, accounts.c.id == alert_recipients.c.account_id)
    .where(alert_recipients.c.alert_id.in_(bindparam("ids", expanding=True)))
    .order_by(alert_recipients.c.alert_id, alert_recipients.c.level, alert_recipients.c.id)
)  # fmt: skip
_SENT_OF = (
    select(deliveries.c.alert_id, deliveries.c.state, func.count())
    .where(deliveries.c.alert_id.in_(bindparam("ids", expanding=True)))
    .group_by(deliveries.c.alert_id, deliveries.c.state).order_by(deliveries.c.alert_id, deliveries.c.state)
)  # fmt: skip


def on_report(conn: Connection, report: dict[str, Any], incident: dict[str, Any],
              blur_decimals: int = 1, alone: bool = False) -> list[str]:  # fmt: skip
    """Alerts a newly placed report raises: a violation alleged, an attack near a site or a notified
    one, a spike. ``alone``: the incident holds this report only (it has just started it)."""
    raised: list[str] = []
    notified = memo(conn, "any_notification", lambda: bool(conn.execute(_ANY_NOTIFICATION).scalar()))
    findings = hits.on_incident(conn, incident) if notified else []
    own: bool | None = bool(report.get("own_position")) if alone else None
    for rule in _active(conn):
        params = rule["params"]
        if rule["kind"] in ("violation", "near_site", "notified_site_hit") and own is None:
            own = bool(report.get("own_position")) or rule_queries.holds_own_position(conn, incident["id"])
        if rule["kind"] == "violation" and incident["verification"] == "alleged":
            raised += _violation(conn, rule, incident, "alleged", blur_decimals if own else None)
        elif rule["kind"] == "near_site" and report["event_type"] in params["event_types"]:
            raised += _near_site(
                conn, rule, report, incident, blur_decimals if report.get("own_position") else None
            )
        elif rule["kind"] == "spike":
            raised += _spike(conn, rule, incident)
        elif rule["kind"] == "notified_site_hit":
            for finding in findings:
                raised += _site_hit(conn, rule, finding, incident=incident, report=report,
                                    blurred=blur_decimals if own else None)  # fmt: skip
    return raised


def on_findings(conn: Connection, findings: list[dict[str, Any]]) -> list[str]:
    """Alerts for hits found outside a report (events coded from the news)."""
    raised: list[str] = []
    for rule in _active(conn):
        if rule["kind"] == "notified_site_hit":
            for finding in findings:
                raised += _site_hit(conn, rule, finding)
    return raised


def on_verification(conn: Connection, incident: dict[str, Any], blur_decimals: int = 1) -> list[str]:
    raised: list[str] = []
    blurred = blur_decimals if rule_queries.holds_own_position(conn, incident["id"]) else None
    for rule in _active(conn):
        if rule["kind"] == "violation":
            raised += _violation(conn, rule, incident, incident["verification"], blurred)
    return raised


def on_status(conn: Connection) -> list[str]:
    """Alerts for status changes the tracker made after each rule was set up (a rule that fails is
    logged and the others go on)."""
    raised: list[str] = []
    for rule in _active(conn):
        if rule["kind"] != "status_change":
            continue
        try:
            with conn.begin_nested():
                raised += _status_changes(conn, rule)
        except Exception:
            log.exception("status alerts of rule %s failed", rule["id"])
    return raised


def _status_changes(conn: Connection, rule: dict[str, Any]) -> list[str]:
    raised: list[str] = []
    params = rule["params"]
    moved = rule_queries.status_moved(conn, rule["created_at"], process_id=params.get("process_id"),
                                      country=params.get("country"))  # fmt: skip
    for row in moved:
        if params.get("statuses") and row["status"] not in params["statuses"]:
            continue
        trigger = f"status:{rule['id']}:{row['id']}:{row['status']}:{row['status_since']}"
        title = f"{row['name']} is now {row['status']} (since {row['status_since']})"
        raised += _fire(conn, rule, trigger, title, {"process": row["id"], "status": row["status"],
                                                      "since": str(row["status_since"])},
                        process_id=row["id"])  # fmt: skip
    return raised


def _violation(conn: Connection, rule: dict[str, Any], incident: dict[str, Any], state: str,
               blurred: int | None = None) -> list[str]:  # fmt: skip
    params = rule["params"]
    if state not in params["states"] or not incident["process_id"]:
        return []
    if params.get("process_id") and params["process_id"] != incident["process_id"]:
        return []
    if params.get("area") and not _inside(params["area"], incident):
        return []
    words = "confirmed violation" if state == "confirmed_violation" else "alleged violation"
    title = f"{words} of {incident['process_id']}: {incident['event_type']} at {incident['place'] or _point(incident, blurred)}"
    return _fire(conn, rule, f"violation:{rule['id']}:{incident['id']}:{state}", title,
                 {"state": state, "grade": incident["grade"]}, incident=incident)  # fmt: skip


def _near_site(conn: Connection, rule: dict[str, Any], report: dict[str, Any], incident: dict[str, Any],
               blurred: int | None = None) -> list[str]:  # fmt: skip
    if report["lat"] is None or report["lon"] is None:
        return []
    params = rule["params"]
    near = [(distance_km(report["lat"], report["lon"], s["lat"], s["lon"]), s) for s in params["sites"]]
    near = [(d, s) for d, s in near if d <= params["radius_km"]]
    if not near:
        return []
    d, site = min(near, key=lambda pair: pair[0])
    if blurred is None:
        title = f"{report['event_type']} {d:.1f} km from protected site {site['name']}"
        detail: dict[str, Any] = {"site": site["name"], "distance_km": round(d, 2)}
    else:  # the report is where a monitor stood: no distance that would give the point away
        title = f"{report['event_type']} {blur.distance(d, blurred)} of protected site {site['name']}"
        detail = {"site": site["name"], "distance": blur.distance(d, blurred)}
    return _fire(conn, rule, f"site:{rule['id']}:{incident['id']}:{site['name']}", title, detail,
                 incident=incident, report=report)  # fmt: skip


def _site_hit(conn: Connection, rule: dict[str, Any], finding: dict[str, Any], *,
              incident: dict[str, Any] | None = None, report: dict[str, Any] | None = None,
              blurred: int | None = None) -> list[str]:  # fmt: skip
    params, evidence = rule["params"], finding["evidence"]
    notified = evidence["notification"]
    if params.get("kinds") and notified["kind"] not in params["kinds"]:
        return []
    if params.get("country") and notified["country"] != params["country"]:
        return []
    if params.get("radius_km") is not None and finding["distance_km"] > params["radius_km"]:
        return []
    if params.get("unacknowledged_only") and all(
        a["acknowledged_before_strike"] for a in finding["acknowledgements"]
    ):
        return []
    struck = evidence.get("incident") or evidence.get("event") or {}
    distance = (
        f"{finding['distance_km']:.2f} km from"
        if blurred is None
        else f"{blur.distance(finding['distance_km'], blurred)} of"
    )
    title = (f"{struck.get('event_type') or 'strike'} {distance} notified {notified['kind']} "
             f"{notified['name']!r}, {finding['gap_hours']:.1f} h after it was notified")  # fmt: skip
    if finding["warnings"]:
        title += ": " + "; ".join(finding["warnings"])
    responsible = finding["responsible"]
    detail = {"finding": finding["id"], "notification_id": finding["notification_id"], "name": notified["name"],
              "incident_id": finding["incident_id"], "event_id": finding["event_id"],
              "distance_km": finding["distance_km"] if blurred is None else None, "gap_hours": finding["gap_hours"],
              "acknowledgements": finding["acknowledgements"], "responsible": responsible,
              "warnings": finding["warnings"], "notifier_account": notified["notifier_account"]}  # fmt: skip
    return _fire(conn, rule, f"hit:{rule['id']}:{finding['id']}", title, detail, incident=incident, report=report,
                 party=responsible["party"] if responsible else None,
                 point=(struck["lat"], struck["lon"]) if struck.get("lat") is not None else None)  # fmt: skip


def _ack_overdue(conn: Connection, now: datetime) -> list[str]:
    """Raise, once each, the acknowledgements of notifications now past their deadline."""
    rules = [r for r in _active(conn) if r["kind"] == "ack_overdue"]
    if not rules:
        return []
    raised: list[str] = []
    for late in notifications.overdue_recipients(conn, now):
        if not notifications.mark_overdue(conn, late["id"], now):
            continue
        due = clock.aware(late["due_at"]).isoformat()
        audit.record(conn, "system", "notification.overdue", "notification", late["notification_id"],
                     {"party": late["party"], "due_at": due})  # fmt: skip
        point = ((late["min_lat"] + late["max_lat"]) / 2, (late["min_lon"] + late["max_lon"]) / 2)
        for rule in rules:
            params = rule["params"]
            if (params.get("kinds") and late["kind"] not in params["kinds"]) or (
                    params.get("country") and late["country"] != params["country"]):  # fmt: skip
                continue
            title = f"{late['party']} has not acknowledged {late['kind']} {late['name']!r} (due {due})"
            detail = {"notification_id": late["notification_id"], "party": late["party"], "due_at": due,
                      "notifier_account": late["notified_by"]}  # fmt: skip
            raised += _fire(conn, rule, f"ackdue:{rule['id']}:{late['id']}", title, detail, party=late["party"],
                            point=point)  # fmt: skip
    return raised


def _spike(conn: Connection, rule: dict[str, Any], incident: dict[str, Any]) -> list[str]:
    params = rule["params"]
    if params.get("process_id") and params["process_id"] != incident["process_id"]:
        return []
    if params.get("country") and params["country"] != incident["country"]:
        return []
    if params.get("area") and not _inside(params["area"], incident):
        return []
    now = max(clock.now(), aware(incident["last_at"]))
    window = timedelta(hours=params["window_hours"])
    recent = _count(conn, params, now - window, now)
    baseline = _count(conn, params, now - window - timedelta(days=params["baseline_days"]), now - window)
    rate = baseline * window / timedelta(days=params["baseline_days"])
    if recent < params["min_count"] or recent < params["factor"] * rate:
        return []
    bucket = math.floor(now.timestamp() / window.total_seconds())
    title = f"{recent} incidents in {params['window_hours']:g} h against a baseline of {rate:.1f}"
    return _fire(conn, rule, f"spike:{rule['id']}:{bucket}", title,
                 {"recent": recent, "baseline_rate": round(rate, 2), "window_hours": params["window_hours"]},
                 incident=incident)  # fmt: skip


def _count(conn: Connection, params: dict[str, Any], start: datetime, end: datetime) -> int:
    scope = {"process_id": params.get("process_id"), "country": params.get("country")}
    if not params.get("area"):
        return rule_queries.incidents_begun(conn, start, end, **scope)
    return sum(1 for r in rule_queries.points_begun(conn, start, end, **scope) if _inside(params["area"], r))


def _fire(conn: Connection, rule: dict[str, Any], trigger: str, title: str, detail: dict[str, Any], *,
          incident: dict[str, Any] | None = None, report: dict[str, Any] | None = None,
          process_id: str | None = None, party: str | None = None,
          point: tuple[float, float] | None = None) -> list[str]:  # fmt: skip
    """Raise one alert (unless its trigger fired already) with its recipients and deliveries."""
    now = clock.now()
    alert_id = "alr-" + stable_id(trigger)
    row = {
        "id": alert_id, "rule_id": rule["id"], "trigger": trigger, "kind": rule["kind"], "severity": rule["severity"],
        "title": title, "detail": detail, "incident_id": incident["id"] if incident else None,
        "report_id": report["id"] if report else None,
        "process_id": process_id or (incident["process_id"] if incident else None),
        "party": party or (incident["responsible"] if incident else None),
        "lat": incident["lat"] if incident else point[0] if point else None,
        "lon": incident["lon"] if incident else point[1] if point else None,
        "created_at": now,
    }  # fmt: skip
    if not insert_new(conn, alerts, row):  # this trigger fired before (or in a concurrent request)
        return []
    address(conn, row, rule, level=0, now=now)
    audit.record(conn, "system", "alert.raise", "alert", alert_id, {"rule": rule["id"], "trigger": trigger})
    return [alert_id]


def address(conn: Connection, alert: dict[str, Any], rule: dict[str, Any], level: int, now: datetime) -> int:
    """Recipients and queued deliveries for the subscriptions of ``level`` that want this alert."""
    due = now + timedelta(minutes=rule["ack_minutes"])
    added = 0
    subscribed = memo(
        conn, f"subscribed:{level}", lambda: conn.execute(_SUBSCRIBED, {"level": level}).mappings().all()
    )
    for sub in subscribed:
        if _wants(sub, alert) and _queue(conn, alert, sub, level, due, now):
            added += 1
    return added


def _queue(conn: Connection, alert: dict[str, Any], sub: Any, level: int, due: datetime,
           now: datetime) -> bool:  # fmt: skip
    """The subscriber as a recipient (unless it is one already) and a delivery to it; False when the
    alert was addressed to this subscription before."""
    insert_new(conn, alert_recipients, {"alert_id": alert["id"], "account_id": sub["account_id"], "level": level,
                                        "due_at": due, "acked_at": None, "escalated_at": None})  # fmt: skip
    return insert_new(conn, deliveries, {
        "id": "dlv-" + stable_id(alert["id"], sub["id"]), "alert_id": alert["id"], "subscription_id": sub["id"],
        "channel": sub["channel"], "address": sub["address"], "state": "pending", "attempts": 0, "next_at": now,
        "last_error": "", "created_at": now, "sent_at": None,
    })  # fmt: skip


def _wants(sub: Any, alert: dict[str, Any]) -> bool:
    if sub["role"] in SILENT:
        return False
    if SEVERITIES.index(alert["severity"]) < SEVERITIES.index(sub["min_severity"]):
        return False
    if sub["kinds"] and alert["kind"] not in sub["kinds"]:
        return False
    if sub["area"] and (alert["lat"] is None or not in_area(sub["area"], alert["lat"], alert["lon"])):
        return False
    if sub["role"] == "party":
        return bool(alert["party"]) and alert["party"].casefold() == (sub["party"] or "").casefold()
    if sub["role"] == "humanitarian":  # hears of what it notified
        return bool((alert["detail"] or {}).get("notifier_account") == sub["account_id"])
    return True


def escalate(conn: Connection, now: datetime | None = None) -> int:
    """Raise notifications' overdue acknowledgements, then send overdue, unacknowledged alerts to the
    next level; returns how many were raised or escalated."""
    now = now or clock.now()
    late = _ack_overdue(conn, now)
    overdue = conn.execute(
        select(alert_recipients).where(alert_recipients.c.acked_at.is_(None), alert_recipients.c.escalated_at.is_(None),
                                       alert_recipients.c.due_at < now)
    ).mappings().all()  # fmt: skip
    done = 0
    for recipient in overdue:
        try:
            with conn.begin_nested():  # one alert that cannot be escalated must not stop the rest
                done += _escalate_one(conn, dict(recipient), now)
        except Exception:
            log.exception("escalating alert %s failed", recipient["alert_id"])
    return done + len(late)


def _escalate_one(conn: Connection, recipient: dict[str, Any], now: datetime) -> int:
    alert = get_alert(conn, recipient["alert_id"], now)
    if alert["acked"]:
        return 0
    rule = rule_queries.rule(conn, alert["rule_id"])
    if rule is None:
        raise NotFound(f"no alert rule {alert['rule_id']} (of alert {alert['id']})")
    added = address(conn, _alert_row(conn, alert["id"]), rule, recipient["level"] + 1, now)
    conn.execute(
        update(alert_recipients).where(alert_recipients.c.id == recipient["id"]).values(escalated_at=now)
    )
    audit.record(conn, "system", "alert.escalate", "alert", alert["id"],
                 {"from_level": recipient["level"], "recipients_added": added})  # fmt: skip
    return 1


def acknowledge(conn: Connection, alert_id: str, account: Account, note: str = "") -> dict[str, Any]:
    """Acknowledge as a recipient; a coordinator or admin may acknowledge for everyone."""
    _alert_row(conn, alert_id)
    now = clock.now()
    mine = conn.execute(
        update(alert_recipients).where(alert_recipients.c.alert_id == alert_id,
                                       alert_recipients.c.account_id == account.id,
                                       alert_recipients.c.acked_at.is_(None)).values(acked_at=now)
    ).rowcount  # fmt: skip
    if not mine:
        recipient = conn.execute(
            select(alert_recipients.c.id).where(alert_recipients.c.alert_id == alert_id,
                                                alert_recipients.c.account_id == account.id)
        ).first()  # fmt: skip
        if recipient is None:
            if account.role not in {"coordinator", "admin"}:
                raise PermissionDenied(f"{account.name} is not a recipient of alert {alert_id}")
            conn.execute(update(alert_recipients).where(alert_recipients.c.alert_id == alert_id,
                                                        alert_recipients.c.acked_at.is_(None)).values(acked_at=now))  # fmt: skip
    audit.record(conn, account, "alert.ack", "alert", alert_id, {"note": note})
    return get_alert(conn, alert_id)


def get_alert(conn: Connection, alert_id: str, now: datetime | None = None) -> dict[str, Any]:
    return _alert_views(conn, [_alert_row(conn, alert_id)], now or clock.now())[0]


def list_alerts(
    conn: Connection, account: Account, state: str | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """Alerts, newest first, that ``account`` may read, in ``state`` when given: three queries however
    many there are (the alerts, their recipients, their deliveries)."""
    query = select(alerts).order_by(alerts.c.created_at.desc(), alerts.c.id)
    if account.role in RECIPIENTS_ONLY:
        mine = select(alert_recipients.c.alert_id).where(alert_recipients.c.account_id == account.id)
        query = query.where(alerts.c.id.in_(mine))
    now = clock.now()
    if state is not None:
        query = query.where(_in_state(state, now))
    rows = conn.execute(query.limit(limit)).mappings().all()
    return _alert_views(conn, [dict(r) for r in rows], now)


def visible(conn: Connection, alert_id: str, account: Account) -> bool:
    if account.role not in RECIPIENTS_ONLY:
        return True
    return conn.execute(
        select(func.count()).where(alert_recipients.c.alert_id == alert_id, alert_recipients.c.account_id == account.id)
    ).scalar_one() > 0  # fmt: skip


def _in_state(state: str, now: datetime) -> ColumnElement[bool]:
    """The alerts in ``state`` at ``now``, as ``_alert_json`` tells it: acknowledged once a recipient
    acknowledged, else overdue once a recipient's deadline passed, else open."""
    mine = alert_recipients.c.alert_id == alerts.c.id
    acked = exists().where(mine, alert_recipients.c.acked_at.is_not(None))
    overdue = exists().where(mine, alert_recipients.c.acked_at.is_(None), alert_recipients.c.due_at < now)
    if state == "acknowledged":
        return acked
    if state == "overdue":
        return and_(~acked, overdue)
    if state == "open":
        return and_(~acked, ~overdue)
    return false()


def _alert_views(conn: Connection, rows: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """The views of alert ``rows``, in their order, from one query for all their recipients and one
    for all their deliveries."""
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    recipients: dict[str, list[dict[str, Any]]] = {alert_id: [] for alert_id in ids}
    for r in conn.execute(_RECIPIENTS_OF, {"ids": ids}).mappings():
        recipients[r["alert_id"]].append(_recipient_json(r, now))
    sent: dict[str, dict[str, int]] = {alert_id: {} for alert_id in ids}
    for alert_id, state, count in conn.execute(_SENT_OF, {"ids": ids}):
        sent[alert_id][state] = count
    return [_alert_json(row, recipients[row["id"]], sent[row["id"]]) for row in rows]


def _recipient_json(r: Any, now: datetime) -> dict[str, Any]:
    due = aware(r["due_at"])
    state = "acknowledged" if r["acked_at"] else "overdue" if due < now else "open"
    return {"account": r["name"], "level": r["level"], "due_at": due.isoformat(), "state": state,
            "acked_at": aware(r["acked_at"]).isoformat() if r["acked_at"] else None,
            "escalated": r["escalated_at"] is not None}  # fmt: skip


def _alert_json(
    row: dict[str, Any], recipients: list[dict[str, Any]], sent: dict[str, int]
) -> dict[str, Any]:
    acked = any(r["state"] == "acknowledged" for r in recipients)
    overdue = any(r["state"] == "overdue" for r in recipients)
    return {
        "id": row["id"], "rule_id": row["rule_id"], "kind": row["kind"], "severity": row["severity"],
        "title": row["title"], "detail": row["detail"], "incident_id": row["incident_id"],
        "report_id": row["report_id"], "process_id": row["process_id"],
        "created_at": aware(row["created_at"]).isoformat(),
        "state": "acknowledged" if acked else "overdue" if overdue else "open", "acked": acked,
        "recipients": recipients, "deliveries": sent,
    }  # fmt: skip


def _alert_row(conn: Connection, alert_id: str) -> dict[str, Any]:
    row = conn.execute(select(alerts).where(alerts.c.id == alert_id)).mappings().first()
    if row is None:
        raise NotFound(f"no alert {alert_id}")
    return dict(row)


def _active(conn: Connection) -> list[dict[str, Any]]:
    return rule_queries.active_rules(conn)


def _inside(area: dict[str, Any], incident: dict[str, Any]) -> bool:
    return (
        incident["lat"] is not None
        and incident["lon"] is not None
        and in_area(area, incident["lat"], incident["lon"])
    )


def _point(incident: dict[str, Any], blurred: int | None = None) -> str:
    if incident["lat"] is None or incident["lon"] is None:
        return "an unknown place"
    if blurred is not None:
        lat, lon = blur.point(incident["lat"], incident["lon"], blurred)
        return f"about {lat:.{blurred}f}, {lon:.{blurred}f}"
    return f"{incident['lat']:.3f}, {incident['lon']:.3f}"
