"""The dashboard's set queries (JSON paths, grid clustering, date ranges) on SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

from tests.monitor.conftest import Service, report


def test_board_process_map_and_timeline_read_the_same_on_each_backend(
    service: Service, corpus: dict[str, Any], syria_truce: Any
) -> None:
    syria_truce()
    service.post("monitor", "/api/v1/reports", json=report("b-1"))
    board = service.get("viewer", "/api/v1/board").json()
    assert board["count"] == 48
    trends = [p["trend"] for p in board["processes"]]
    assert sum(sum(t["weeks"]) for t in trends) > 0
    process = service.get("viewer", f"/api/v1/processes/{corpus['busiest']}").json()
    assert process["events"]
    placed = service.get("viewer", "/api/v1/map?zoom=2").json()
    assert sum(c["count"] for c in placed["layers"]["events"]) == 300
    assert sum(c["count"] for c in placed["layers"]["incidents"]) >= 1
    assert placed["range"]["first"] < placed["range"]["last"]
    timeline = service.get("viewer", f"/api/v1/timeline?process={corpus['busiest']}").json()
    assert sum(sum(b["counts"].values()) for b in timeline["bins"]) == process["event_count"]
    for path in ("/", f"/processes/{corpus['busiest']}", "/map", "/documents/bench-doc-2"):
        assert service.get("viewer", path).status_code == 200, path
