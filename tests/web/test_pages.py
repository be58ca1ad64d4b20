"""Every page as every role, sign-in, sessions and CSRF, and what each reading page shows."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import func, select

from ceasefire.monitor.access import PERMISSIONS
from ceasefire.store.tables import reports
from ceasefire.web.app import page_routes
from ceasefire.web.context import permission_of
from ceasefire.web.pages import NAV
from tests.monitor.conftest import ROLES, Service, report
from tests.web.conftest import PASSWORD, csrf_of, sign_in

pytestmark = pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)


def _path(route: APIRoute) -> str:
    return re.sub(r"\{[^}]+\}", "1", route.path)


def test_every_page_checks_a_known_permission_and_the_nav_only_names_known_ones(service: Service) -> None:
    routes = page_routes()
    assert {r.path for r in routes} >= {"/", "/processes/{process_id}", "/documents/{doc_id}", "/map", "/timeline",
                                        "/review", "/report", "/deconfliction",
                                        "/deconfliction/notifications/{notification_id}",
                                        "/deconfliction/notifications/{notification_id}/ack"}  # fmt: skip
    for route in routes:
        assert permission_of(route) in PERMISSIONS, route.path
    assert all(permission in PERMISSIONS for _, _, permission in NAV)


def test_a_browser_that_is_not_signed_in_is_sent_to_sign_in_and_back(service: Service) -> None:
    for route in page_routes():
        method = sorted(route.methods)[0]
        answer = service.client.request(method, _path(route), follow_redirects=False)
        assert answer.status_code == 303, (route.path, answer.status_code)
        assert answer.headers["location"].startswith("/signin?next=%2F")


def test_a_bad_token_is_401_on_every_page(service: Service) -> None:
    for route in page_routes():
        method = sorted(route.methods)[0]
        answer = service.client.request(method, _path(route), headers={"Authorization": "Bearer cf_nope"})
        assert answer.status_code == 401, route.path
        assert "<html" in answer.text


@pytest.mark.parametrize("role", [*ROLES, "humanitarian"])
def test_each_role_opens_exactly_the_pages_the_permission_table_allows(service: Service, role: str) -> None:
    if role not in service.tokens:
        from ceasefire.monitor.accounts import add_account, create_token

        with service.store.transaction() as conn:
            add_account(conn, "relief-org", role)
            service.tokens[role] = create_token(conn, "relief-org")
    for route in page_routes():
        permission = permission_of(route)
        assert permission is not None
        method = sorted(route.methods)[0]
        answer = service.client.request(
            method, _path(route), headers=service.as_(role), follow_redirects=False
        )
        if role in PERMISSIONS[permission]:
            assert answer.status_code not in (401, 403), (route.path, role, answer.text[:300])
        else:
            assert answer.status_code == 403, (route.path, role, answer.status_code)
            assert role in answer.text


def test_sign_in_sets_a_strict_http_only_cookie_and_sign_out_ends_the_session(
    service: Service, passwords: str
) -> None:
    client = service.client
    answer = sign_in(client, "analyst", next_path="/review")
    assert answer.status_code == 303 and answer.headers["location"] == "/review"
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie  # plain http here
    board = client.get("/")
    assert board.status_code == 200 and "analyst" in board.text
    stolen = client.cookies.get("cf_session")
    out = client.post("/signout", data={"csrf": csrf_of(board.text)}, follow_redirects=False)
    assert out.status_code == 303
    client.cookies.set("cf_session", stolen or "")
    assert client.get("/", follow_redirects=False).status_code == 303  # the old cookie is dead


def test_a_wrong_password_and_an_unknown_account_fail_alike(service: Service, passwords: str) -> None:
    wrong = sign_in(service.client, "analyst", "not the password at all")
    unknown = sign_in(service.client, "nobody-here", PASSWORD)
    from ceasefire.monitor.accounts import add_account

    with service.store.transaction() as conn:
        add_account(conn, "tokens-only", "viewer")
    no_password = sign_in(service.client, "tokens-only", PASSWORD)
    for answer in (wrong, unknown, no_password):
        assert answer.status_code == 303 and "failed=1" in answer.headers["location"]
        assert "cf_session" not in answer.headers.get("set-cookie", "")


def test_the_sign_in_form_needs_its_own_token(service: Service, passwords: str) -> None:
    answer = service.client.post(
        "/signin", data={"name": "analyst", "password": PASSWORD}, follow_redirects=False
    )
    assert answer.status_code == 403


def test_a_one_time_link_signs_in_once(service: Service) -> None:
    from ceasefire.web.sessions import create_link

    with service.store.transaction() as conn:
        token = create_link(conn, "viewer")
    first = service.client.get(f"/signin/link/{token}", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/"
    assert service.client.get("/").status_code == 200
    service.client.cookies.clear()
    again = service.client.get(f"/signin/link/{token}", follow_redirects=False)
    assert "failed=link" in again.headers["location"]


def test_a_bearer_token_on_a_page_is_signed_in_as_its_account(service: Service) -> None:
    answer = service.get("coordinator", "/")
    assert answer.status_code == 200
    assert 'data-testid="signed-in-as">coordinator' in answer.text


def test_changes_by_cookie_need_the_csrf_token(service: Service, passwords: str, syria_truce: Any) -> None:
    client = service.client
    sign_in(client, "analyst")
    filed = service.post("monitor", "/api/v1/reports", json=report("csrf-1"))
    incident = filed.json()["incident_id"]
    form = {"grade": "confirmed", "why": "seen on video"}
    assert client.post(f"/review/{incident}/grade", data=form, follow_redirects=False).status_code == 403
    assert client.post("/api/v1/reports", json=report("csrf-2")).status_code == 403
    page = client.get("/review")
    token = csrf_of(page.text)
    done = client.post(f"/review/{incident}/grade", data={**form, "csrf": token}, follow_redirects=False)
    assert done.status_code == 303 and "graded" in done.headers["location"]
    api = client.post("/api/v1/incidents/" + incident + "/grade", json={"grade": "contested", "why": "denied"},
                      headers={"X-CSRF-Token": token})  # fmt: skip
    assert api.status_code == 200 and api.json()["grade"] == "contested"


def test_pages_carry_a_strict_content_security_policy(service: Service) -> None:
    answer = service.get("viewer", "/map")
    policy = answer.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "connect-src 'self'" in policy and "script-src 'self'" in policy
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", answer.text), "inline script"
    assert not re.search(r'(src|href)="(https?:)?//', answer.text), "an asset from elsewhere"


def test_npm_assets_are_served_from_the_packages_and_nothing_else(service: Service) -> None:
    from ceasefire.web.assets import ASSETS, missing

    if missing(service.settings):
        pytest.skip(f"npm packages not installed (make install): {missing(service.settings)}")
    for name in ASSETS:
        assert service.client.get(f"/assets/{name}").status_code == 200, name
    for name in ("leaflet/package.json", "../pyproject.toml", "leaflet/../../pyproject.toml", "nope.js"):
        assert service.client.get(f"/assets/{name}").status_code == 404, name


def test_the_board_lists_processes_with_trend_and_evidence_and_filters(
    service: Service, corpus: dict[str, Any]
) -> None:
    everything = service.get("viewer", "/api/v1/board").json()
    assert everything["count"] == 48
    first = everything["processes"][0]
    assert first["status"] in ("collapsed", "fragile") and len(first["trend"]["weeks"]) == 12
    assert all(len(p["evidence"]) <= 3 for p in everything["processes"])
    assert any(p["evidence"] for p in everything["processes"])
    candidates = [p for p in everything["processes"] if p["candidate"]]
    assert len(candidates) == 12 and all(p["origin"] == "discovered" for p in candidates)
    page = service.get("viewer", "/").text
    assert page.count('data-testid="board-row"') == 48 and page.count('data-testid="candidate"') == 12
    for query, expected in (("country=LY", 4), ("kind=talks", 12), ("origin=discovered", 12),
                            ("origin=registry", 36), ("q=libya+talks", 1), ("country=LY&kind=ceasefire", 2)):  # fmt: skip
        twin = service.get("viewer", f"/api/v1/board?{query}").json()
        assert twin["count"] == expected, query
        assert service.get("viewer", f"/?{query}").text.count('data-testid="board-row"') == expected
    statuses = {p["status"] for p in everything["processes"]}
    for status in statuses:
        found = service.get("viewer", f"/api/v1/board?status={status}").json()["processes"]
        assert found and all(p["status"] == status for p in found)
    assert service.get("viewer", "/api/v1/board?status=broken").status_code == 422


def test_a_process_page_shows_registry_timeline_and_events_with_claims_and_verdicts(
    service: Service, corpus: dict[str, Any]
) -> None:
    pid = corpus["busiest"]
    data = service.get("viewer", f"/api/v1/processes/{pid}").json()
    assert data["parties"] and data["mediators"] and data["excluded"]
    assert data["timeline"] and data["timeline"][0]["status"] == "proposed"
    assert data["events"] and data["event_count"] >= len(data["events"])
    assert any(e["verdict"] for e in data["events"]) or any(e["claims"] for e in data["events"])
    page = service.get("viewer", f"/processes/{pid}").text
    assert 'data-testid="status-timeline"' in page
    first = data["events"][0]
    assert f"/documents/{first['doc_id']}?event={first['event_id']}#evidence" in page
    assert service.get("viewer", "/processes/no-such-process").status_code == 404


def test_a_document_highlights_the_evidence_sentence_at_its_offsets(
    service: Service, corpus: dict[str, Any]
) -> None:
    doc = service.get("viewer", "/api/v1/documents/bench-doc-3").json()
    chosen = doc["events"][2]
    sentence = doc["text"][chosen["start"] : chosen["end"]]
    assert sentence == chosen["text"]
    page = service.get("viewer", f"/documents/bench-doc-3?event={chosen['event_id']}").text
    marked = re.search(r'<mark class="selected" id="evidence"[^>]*>([^<]*)</mark>', page)
    assert marked and marked.group(1).replace("&#39;", "'") == sentence
    assert page.count('class="selected"') == 1


def test_the_map_clusters_every_placed_event_and_follows_the_time_window(
    service: Service, corpus: dict[str, Any]
) -> None:
    data = service.get("viewer", "/api/v1/map?zoom=1").json()
    clusters = data["layers"]["events"]
    assert sum(c["count"] for c in clusters) == 300
    assert all(sum(c["precision"].values()) == c["count"] for c in clusters)
    fine = service.get("viewer", "/api/v1/map?zoom=9").json()["layers"]["events"]
    assert len(fine) > len(clusters)
    first, last = data["range"]["first"], data["range"]["last"]
    window = service.get("viewer", f"/api/v1/map?zoom=1&since={last}&until={last}").json()
    assert 0 < sum(c["count"] for c in window["layers"]["events"]) < 300
    assert first < last
    singles = [c for c in fine if c["count"] == 1]
    assert singles and singles[0]["doc_id"] and singles[0]["event_id"]


def test_map_points_go_with_their_events(service: Service, corpus: dict[str, Any]) -> None:
    from sqlalchemy import delete

    from ceasefire.store.tables import documents, map_points

    assert sum(c["count"] for c in service.get("viewer", "/api/v1/map").json()["layers"]["events"]) == 300
    with service.store.transaction() as conn:
        conn.execute(delete(documents).where(documents.c.id == "bench-doc-0"))
    with service.store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(map_points)).scalar() == 295
    assert sum(c["count"] for c in service.get("viewer", "/api/v1/map").json()["layers"]["events"]) == 295


def test_the_timeline_counts_events_by_type_against_the_status_changes(
    service: Service, corpus: dict[str, Any]
) -> None:
    pid = corpus["busiest"]
    data = service.get("viewer", f"/api/v1/timeline?process={pid}").json()
    linked = service.get("viewer", f"/api/v1/processes/{pid}").json()["event_count"]
    assert sum(sum(b["counts"].values()) for b in data["bins"]) == linked
    assert {m["kind"] for m in data["marks"]} == {"date", "status"}
    page = service.get("viewer", f"/timeline?process={pid}").text
    assert '<svg class="timeline"' in page and "<title>" in page
    assert service.get("viewer", "/api/v1/timeline?country=SY").json()["bins"]
    assert service.get("viewer", "/api/v1/timeline").status_code == 404


def test_the_review_queue_grades_merges_and_lists_uncoded_reports(service: Service, passwords: str) -> None:
    a = service.post("monitor", "/api/v1/reports", json=report("q-1")).json()
    b = service.post(
        "monitor2", "/api/v1/reports", json=report("q-2", point=(35.95, 36.78))
    ).json()  # 13 km east
    service.run_worker()  # codes the two
    untyped = report("q-3", event_type=None, text="Something happened near the market.")
    service.post("monitor", "/api/v1/reports", json=untyped)
    queue = service.get("analyst", "/api/v1/review").json()
    assert a["incident_id"] != b["incident_id"]
    assert {d["a"] for d in queue["duplicates"]} | {d["b"] for d in queue["duplicates"]} >= {
        a["incident_id"],
        b["incident_id"],
    }
    assert [r["text"] for r in queue["uncoded"]] == [untyped["text"]]
    client = service.client
    sign_in(client, "analyst")
    token = csrf_of(client.get("/review").text)
    merged = client.post(
        f"/review/{b['incident_id']}/merge",
        data={"csrf": token, "into": a["incident_id"], "why": "same strike"},
    )
    assert merged.status_code == 200 and "merged" in merged.text
    graded = client.post(
        f"/review/{a['incident_id']}/grade", data={"csrf": token, "grade": "confirmed", "why": "video"}
    )
    assert "graded" in graded.text
    incident = service.get("analyst", f"/api/v1/incidents/{a['incident_id']}").json()
    assert incident["report_count"] == 2 and incident["grade"] == "confirmed"
    bad = client.post(
        f"/review/{a['incident_id']}/grade", data={"csrf": token, "grade": "confirmed", "why": ""}
    )
    assert bad.status_code == 422


def test_the_report_form_files_through_the_intake_and_a_resend_is_the_same_report(
    service: Service, passwords: str
) -> None:
    client = service.client
    sign_in(client, "monitor")
    token = csrf_of(client.get("/report").text)
    form = {"csrf": token, "client_id": "form-1", "occurred_at": "2026-01-02T10:00", "place": "", "lat": "35.93",
            "lon": "36.63", "source_type": "monitor", "event_type": "ASSAULT", "text": "Shelling hit the school."}  # fmt: skip
    first = client.post("/report", data=form, follow_redirects=False)
    again = client.post("/report", data=form, follow_redirects=False)
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    shown = client.get(first.headers["location"]).text
    assert 'data-testid="filed"' in shown
    with service.store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(reports)).scalar() == 1
        stored = conn.execute(select(reports.c.id)).scalar()
    assert first.headers["location"] == f"/report?filed={stored}"  # the one report, shown as filed
    broken = client.post("/report", data={**form, "client_id": "form-2", "lat": "", "lon": ""})
    assert broken.status_code == 422 and "place" in broken.text


SECRET_NAME, SECRET_CONTACT, SUBMITTER = "Reporter Nadia Qasim", "+963-555-0199", "field-officer-zulu"


@pytest.mark.parametrize("role", ["viewer", "party", "monitor", "analyst"])
def test_no_page_shows_a_reporter_to_a_role_that_may_not_see_one(
    service: Service, corpus: dict[str, Any], role: str
) -> None:
    from ceasefire.monitor.accounts import add_account, create_token

    with service.store.transaction() as conn:
        add_account(conn, SUBMITTER, "monitor")
        token = create_token(conn, SUBMITTER)
    body = report("secret-1", reporter={"name": SECRET_NAME, "contact": SECRET_CONTACT})
    body["location"]["own_position"] = True
    body["alleged_responsible"] = "Syrian Arab Army"
    filed = service.client.post("/api/v1/reports", json=body, headers={"Authorization": f"Bearer {token}"})
    assert filed.status_code == 201
    incident = filed.json()["incident_id"]
    paths = ["/", "/map", "/timeline?country=SY", "/review", "/report", f"/processes/{corpus['busiest']}",
             "/documents/bench-doc-1", "/api/v1/board", "/api/v1/map", "/api/v1/review", f"/api/v1/incidents/{incident}",
             "/api/v1/reports", f"/api/v1/reports/{filed.json()['id']}", "/api/v1/incidents", "/deconfliction"]  # fmt: skip
    for path in paths:
        answer = service.get(role, path)
        assert answer.status_code in (200, 403, 404), (path, answer.status_code)
        assert SECRET_NAME not in answer.text and SECRET_CONTACT not in answer.text, (role, path)
        if role in ("viewer", "party"):
            assert SUBMITTER not in answer.text, (role, path)
    seen = service.get("coordinator", f"/api/v1/reports/{filed.json()['id']}").json()
    assert seen["reporter"]["name"] == SECRET_NAME  # the ones who may, do


@pytest.mark.parametrize(
    "target", ["//evil.example/x", "/\\evil.example", "https://evil.example/", "javascript:x"]
)
def test_signing_in_never_redirects_off_the_site(service: Service, passwords: str, target: str) -> None:
    answer = sign_in(service.client, "viewer", next_path=target)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
