"""Hits: a strike within the radius of a notified site (or on a route in its window) becomes a
``notified_site_hit`` finding with its evidence, and raises an alert; from a monitor's report and
from an article ingested from the news."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from ceasefire.ingest import ingest_documents
from ceasefire.models import Document
from ceasefire.monitor import clock
from ceasefire.settings import Settings
from tests.deconflict.conftest import (
    FAR_FROM_HOSPITAL,
    HOSPITAL,
    NEAR_HOSPITAL,
    PARTY_A,
    PARTY_B,
    movement,
    notify,
    site,
)
from tests.monitor.conftest import Service, report

FINDINGS = "/api/v1/deconfliction/findings"


def _rule(svc: Service, **params: Any) -> None:
    answer = svc.post("coordinator", "/api/v1/alert-rules",
                      json={"name": "hits", "kind": "notified_site_hit", "params": params})  # fmt: skip
    assert answer.status_code == 201, answer.text
    svc.post("coordinator", "/api/v1/subscriptions",
             json={"account": "coordinator", "channel": "webhook", "address": "https://duty.example/hook"})  # fmt: skip


def _strike(svc: Service, point: tuple[float, float], client_id: str = "s1", hours_ago: float = 1,
            **extra: Any) -> dict[str, Any]:  # fmt: skip
    at = datetime.now(UTC) - timedelta(hours=hours_ago)
    answer = svc.post("monitor", "/api/v1/reports", json=report(client_id, point=point, at=at, **extra))
    assert answer.status_code == 201, answer.text
    found: dict[str, Any] = answer.json()
    return found


def test_shelling_300_m_from_a_notified_hospital_is_a_finding_with_its_evidence(
    deconf: Service, moved: clock.ManualClock
) -> None:
    _rule(deconf)
    hospital = notify(deconf, site())
    deconf.post("party", f"/api/v1/deconfliction/notifications/{hospital['id']}/ack", json={"note": "noted"})
    moved.advance(days=3)  # the clock comes to today; party B never acknowledged
    filed = _strike(deconf, NEAR_HOSPITAL, alleged_responsible=PARTY_B, weapons=["artillery"])

    [finding] = deconf.get("coordinator", FINDINGS).json()
    assert finding["kind"] == "notified_site_hit"
    assert finding["notification_id"] == hospital["id"] and finding["incident_id"] == filed["incident_id"]
    assert finding["distance_km"] == pytest.approx(0.3, abs=0.01)
    assert finding["gap_hours"] == pytest.approx(
        71, abs=0.1
    )  # notified three days before, struck an hour ago
    acks = {a["party"]: a for a in finding["acknowledgements"]}
    assert acks[PARTY_A]["acknowledged_before_strike"] and acks[PARTY_A]["note"] == "noted"
    assert acks[PARTY_B]["acknowledged_at"] is None and not acks[PARTY_B]["acknowledged_before_strike"]
    assert finding["responsible"]["party"] == PARTY_B
    assert finding["responsible"]["acknowledgement"]["state"] == "overdue"
    assert finding["warnings"] == [f"{PARTY_B}, held responsible, had not acknowledged the notification"]
    evidence = finding["evidence"]
    assert evidence["notification"]["notified_by"] == "msf" and evidence["notification"]["verified"] is True
    assert [s["report_id"] for s in evidence["incident"]["sources"]] == [filed["id"]]
    assert "reporter" not in json.dumps(evidence)

    deconf.run_worker()
    [alert] = deconf.get("coordinator", "/api/v1/alerts").json()
    assert alert["kind"] == "notified_site_hit" and "had not acknowledged" in alert["title"]
    [hook] = deconf.webhooks.sent
    carried = json.loads(hook.body)["alert"]["detail"]
    assert carried["finding"] == finding["id"] and carried["distance_km"] == finding["distance_km"]
    assert {a["party"] for a in carried["acknowledgements"]} == {PARTY_A, PARTY_B}


def test_a_strike_by_an_affiliated_force_names_the_party_it_belongs_to(
    deconf: Service, moved: clock.ManualClock
) -> None:
    notify(deconf, site())
    moved.advance(days=3)
    _strike(deconf, NEAR_HOSPITAL, alleged_responsible="Tiger Forces")  # a unit of the Syrian Arab Army
    [finding] = deconf.get("coordinator", FINDINGS).json()
    assert finding["responsible"]["party"] == PARTY_A and "affiliated" in finding["responsible"]["how"]


@pytest.mark.parametrize(
    ("point", "hours_ago", "hit"),
    [(NEAR_HOSPITAL, 1, True), (FAR_FROM_HOSPITAL, 1, False), (NEAR_HOSPITAL, 24 * 4, False)],
    ids=["300-m-away", "5-km-away", "before-it-was-notified"],
)
def test_only_strikes_within_the_radius_while_notified_are_hits(
    deconf: Service, moved: clock.ManualClock, point: tuple[float, float], hours_ago: float, hit: bool
) -> None:
    notify(deconf, site())
    moved.advance(days=3)
    _strike(deconf, point, hours_ago=hours_ago)
    assert len(deconf.get("coordinator", FINDINGS).json()) == int(hit)


def test_a_protest_near_the_site_is_no_hit(deconf: Service, moved: clock.ManualClock) -> None:
    notify(deconf, site())
    moved.advance(days=3)
    _strike(deconf, NEAR_HOSPITAL, event_type="PROTEST", text="A crowd gathered outside the hospital.")
    assert deconf.get("coordinator", FINDINGS).json() == []


def test_a_strike_on_a_route_counts_only_inside_the_window(deconf: Service, moved: clock.ManualClock) -> None:
    convoy = notify(deconf, movement(start_in=50, hours=10))  # window: 22 h to 12 h ago on the real clock
    moved.advance(days=3)
    on_route = (35.9306, 36.6900)  # on the road, 5 km from the hospital end
    _strike(deconf, on_route, "during", hours_ago=18)
    _strike(deconf, on_route, "after", hours_ago=2)
    [finding] = deconf.get("coordinator", FINDINGS).json()
    assert finding["notification_id"] == convoy["id"] and finding["distance_km"] < 0.05
    assert "the coordinates were not verified on the ground" in finding["warnings"]


def test_rule_parameters_pick_the_hits_that_alert(deconf: Service, moved: clock.ManualClock) -> None:
    _rule(deconf, radius_km=0.1)
    _rule(deconf, unacknowledged_only=True, kinds=["site"])
    made = notify(deconf, site())
    for party in ("party", "party_b"):
        deconf.post(party, f"/api/v1/deconfliction/notifications/{made['id']}/ack", json={})
    moved.advance(days=3)
    _strike(deconf, NEAR_HOSPITAL)  # 300 m: beyond the first rule's radius; acknowledged by all
    assert len(deconf.get("coordinator", FINDINGS).json()) == 1
    assert deconf.get("coordinator", "/api/v1/alerts").json() == []


def test_the_notifier_hears_of_a_hit_on_what_it_notified(deconf: Service, moved: clock.ManualClock) -> None:
    _rule(deconf)
    deconf.post("coordinator", "/api/v1/subscriptions",
                json={"account": "msf", "channel": "email", "address": "security@msf.example"})  # fmt: skip
    notify(deconf, site())
    notify(
        deconf, site("Another organisation's clinic", (HOSPITAL[0] + 0.3, HOSPITAL[1])), role="coordinator"
    )
    moved.advance(days=3)
    _strike(deconf, NEAR_HOSPITAL)
    _strike(deconf, (HOSPITAL[0] + 0.3, HOSPITAL[1] + 0.001), "s2")
    deconf.run_worker()
    [mail] = deconf.mailer.sent
    assert mail["To"] == "security@msf.example" and "Idlib central hospital" in mail["Subject"]
    assert [a["detail"]["name"] for a in deconf.get("humanitarian", "/api/v1/alerts").json()] == [
        "Idlib central hospital"
    ]


@pytest.mark.slow
def test_a_strike_sentence_in_an_ingested_article_hits_a_notified_hospital(
    deconf: Service, moved: clock.ManualClock
) -> None:
    _rule(deconf)
    hospital = notify(deconf, site())  # notified three days back
    moved.advance(days=3)
    text = ("Syrian government forces shelled a hospital in Idlib on Tuesday, killing three people, "
            "local monitors said.")  # fmt: skip
    article = Document(
        id="news-1", text=text, published=date.today(), source="test", url="https://news.example/1"
    )
    summary = ingest_documents(deconf.store, [article], Settings.from_env(database_url=deconf.store.url))
    assert summary.events >= 1
    findings = deconf.get("coordinator", FINDINGS).json()
    assert findings and {f["notification_id"] for f in findings} == {hospital["id"]}
    finding = findings[0]
    assert finding["incident_id"] is None and finding["event_id"] in summary.stored_events
    event = finding["evidence"]["event"]
    assert event["sources"][0]["sentence"] == text and event["sources"][0]["url"] == "https://news.example/1"
    assert finding["responsible"]["party"] == PARTY_A
    assert "the strike is placed to the city only" in finding["warnings"]
    alerts = deconf.get("coordinator", "/api/v1/alerts").json()
    assert {a["kind"] for a in alerts} == {"notified_site_hit"}
    assert {a["detail"]["event_id"] for a in alerts} == {f["event_id"] for f in findings}
