"""`make bench`, second part: the monitoring service as deployed, from report accepted to alert received.

Starts ``ceasefire serve`` on a free port over a fresh store (SQLite by default, or a throwaway
database on the PostgreSQL server ``--db`` names; its own key files), a
:class:`~ceasefire.monitor.receiver.WebhookReceiver` in this process, a ``near_site`` rule whose
site every report is near, and a webhook subscription to the receiver. A second process (this
module with ``--load``) then files reports with a monitor's token and records when each 201 came
back; this process matches every webhook delivery (``alert.report_id``) to its report.

Each report is its own incident (their times lie further apart than the clustering window), so
each raises exactly one alert. One report is filed and delivered before timing starts: the
service loads its report coder and place index on first use.

Phases: ``latency``, N reports at a paced rate, one in ``--free-text`` of them free text only
(no event type: the service's coder process codes it, so the alerts are timed while reports are
coded), giving the alert latency p50/p99/max (seconds from a typed report's 201 to its webhook's
arrival); then ``throughput``, N reports as fast as a few client threads can send them (reports
accepted per second, and the alert latency under that load).

    python -m ceasefire.bench_service --reports 300 --rate 50 --burst 600 --clients 4
    python -m ceasefire.bench_service --db postgresql+psycopg://postgres@127.0.0.1:54329/postgres
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from ceasefire.monitor.receiver import Received, WebhookReceiver

SECRET = "bench-webhook-secret-0123456789"
SITE_LAT, SITE_LON = 35.9306, 36.6339
SITE: dict[str, Any] = {"name": "bench site", "lat": SITE_LAT, "lon": SITE_LON}
#: hours between two reports' times: more than the clustering window, so none share an incident
SPACING_HOURS = 7.0
#: the acceptance targets: p99 alert latency at the paced rate, seconds; reports accepted a second
TARGET_P99 = 1.0
TARGET_THROUGHPUT = 300.0
START_TIMEOUT = 120.0


# -- the load process ------------------------------------------------------------------------------


#: free-text reports, as monitors write them (the coder reads each)
FREE_TEXT = (
    "Artillery shelled the eastern districts of the town this morning, hitting two houses near the market.",
    "Clashes broke out between government forces and rebels near the checkpoint; three fighters were killed.",
    "A drone struck a vehicle on the road to the hospital. Residents said the driver was wounded.",
    "Government troops moved tanks towards the front line overnight, witnesses told our monitor.",
)


def report_body(index: int, free_text: int = 0) -> dict[str, Any]:
    """Report ``index``: an attack near the site, ``SPACING_HOURS * index`` hours ago (plus one);
    with ``free_text`` N, every Nth is text only, for the coder."""
    at = datetime.now(UTC) - timedelta(hours=1 + SPACING_HOURS * index)
    east = (index % 40) * 0.002  # up to 7 km east of the site
    body: dict[str, Any] = {
        "client_id": f"bench-{index}",
        "occurred_at": at.isoformat(),
        "location": {"lat": SITE_LAT, "lon": SITE_LON + east},
        "source_type": "monitor",
        "event_type": "ASSAULT",
        "text": f"Bench report {index}: artillery fire near the site.",
    }
    if free_text and index % free_text == 0:
        del body["event_type"]
        body["text"] = FREE_TEXT[index // free_text % len(FREE_TEXT)]
    return body


def load(url: str, token: str, first: int, count: int, rate: float, threads: int,
         free_text: int = 0) -> list[dict[str, Any]]:  # fmt: skip
    """File reports ``first .. first+count-1``; ``rate`` per second (0: as fast as ``threads`` go).

    Each thread keeps one HTTP/1.1 connection (``http.client``: a lean client, so the bench measures
    the service and not its own load)."""
    parts = urlsplit(url)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    start = time.time() + 0.2
    local = threading.local()

    def post(body: bytes) -> tuple[int, dict[str, Any]]:
        for attempt in (1, 2):  # a kept-alive connection the server closed meanwhile is opened again
            conn: http.client.HTTPConnection | None = getattr(local, "conn", None)
            if conn is None:
                conn = local.conn = http.client.HTTPConnection(
                    parts.hostname or "127.0.0.1", parts.port, timeout=60
                )
            try:
                conn.request("POST", "/api/v1/reports", body=body, headers=headers)
                answer = conn.getresponse()
                return answer.status, json.loads(answer.read() or b"{}")
            except (http.client.HTTPException, ConnectionError):
                conn.close()
                local.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def one(index: int) -> dict[str, Any]:
        if rate > 0:
            time.sleep(max(0.0, start + (index - first) / rate - time.time()))
        body = report_body(index, free_text)
        data = json.dumps(body).encode()
        sent = time.time()
        status, answer = post(data)
        accepted = time.time()
        return {
            "index": index,
            "id": answer.get("id") if status in (200, 201) else None,
            "status": status,
            "sent": sent,
            "accepted": accepted,
            "typed": "event_type" in body,
        }

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(one, range(first, first + count)))


# -- the bench ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) by the nearest-rank method."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q * len(ordered))))
    return ordered[rank - 1]


class Bench:
    def __init__(self, root: Path, db_url: str | None = None, workers: int = 1) -> None:
        self.root, self.workers = root, workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db_url = db_url or f"sqlite:///{root / 'bench.db'}"
        inherited = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("CEASEFIRE_") or k == "CEASEFIRE_CACHE_DIR"
        }
        self.env = {**inherited, "CEASEFIRE_DATABASE_URL": self.db_url,
                    "CEASEFIRE_SECRET_KEY_FILE": str(root / "secret.key"), "CEASEFIRE_DELIVERY_ATTEMPTS": "20",
                    "CEASEFIRE_WEBHOOK_ALLOW": "127.0.0.1"}  # fmt: skip
        self.server: subprocess.Popen[bytes] | None = None
        self.tokens: dict[str, str] = {}

    def accounts(self) -> None:
        from ceasefire.monitor.accounts import add_account, create_token
        from ceasefire.store.database import Store

        store = Store.open(self.db_url)
        with store.transaction() as conn:
            for name, role in (("coordinator", "coordinator"), ("monitor", "monitor")):
                add_account(conn, name, role, by="bench")
                self.tokens[name] = create_token(conn, name, "bench", by="bench")
        store.close()

    def start(self) -> None:
        from ceasefire.knowledge.gazetteer_store import ensure_index, index_path
        from ceasefire.settings import Settings

        ensure_index(index_path(Settings.from_env(self.env).cache_dir))  # built here, not timed there
        log = (self.root / "serve.log").open("ab")
        self.server = subprocess.Popen(
            [sys.executable, "-m", "ceasefire", "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(self.workers)],
            env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        with httpx.Client(base_url=self.url) as client:
            while time.monotonic() < deadline:
                if self.server.poll() is not None:
                    raise SystemExit(f"the service exited ({self.server.returncode}):\n{self.log_tail()}")
                try:
                    if client.get("/openapi.json", timeout=2).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
        raise SystemExit(f"the service did not answer within {START_TIMEOUT:g} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.server is None:
            return
        self.server.send_signal(signal.SIGTERM)
        try:
            self.server.wait(15)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait(15)
        self.server = None

    def log_tail(self) -> str:
        path = self.root / "serve.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def configure(self, receiver_url: str) -> None:
        headers = {"Authorization": f"Bearer {self.tokens['coordinator']}"}
        with httpx.Client(base_url=self.url, headers=headers, timeout=30) as client:
            for path, body in (
                ("/api/v1/alert-rules", {"name": "bench site", "kind": "near_site", "severity": "high",
                                         "params": {"sites": [SITE], "radius_km": 20}}),
                ("/api/v1/subscriptions", {"account": "coordinator", "channel": "webhook", "address": receiver_url,
                                           "secret": SECRET}),
            ):  # fmt: skip
                answer = client.post(path, json=body)
                if answer.status_code != 201:
                    raise SystemExit(f"POST {path}: {answer.status_code} {answer.text}")

    def run_load(self, first: int, count: int, rate: float, threads: int,
                 free_text: int = 0) -> list[dict[str, Any]]:  # fmt: skip
        """The load, in a second process; its records, one per report."""
        out = self.root / f"load-{first}.json"
        command = [sys.executable, "-m", "ceasefire.bench_service", "--load", "--url", self.url,
                   "--token", self.tokens["monitor"], "--first", str(first), "--reports", str(count),
                   "--rate", str(rate), "--clients", str(threads), "--out", str(out),
                   "--free-text", str(free_text)]  # fmt: skip
        subprocess.run(command, check=True, env=self.env, timeout=600)
        records: list[dict[str, Any]] = json.loads(out.read_text())
        failed = [r for r in records if r["status"] != 201]
        if failed:
            raise SystemExit(f"{len(failed)} report(s) not accepted, e.g. {failed[0]}\n{self.log_tail()}")
        return records


def arrivals(receiver: WebhookReceiver, records: list[dict[str, Any]], timeout: float) -> list[Received]:
    """The deliveries so far, once every typed report of ``records`` has its alert (or ``timeout`` passed)."""
    wanted = {r["id"] for r in records if r.get("typed", True)}
    deadline = time.monotonic() + timeout
    while True:
        got = receiver.received
        if wanted <= {d.json["alert"].get("report_id") for d in got} or time.monotonic() > deadline:
            return got
        time.sleep(0.05)


def latencies(records: list[dict[str, Any]], received: list[Received]) -> tuple[list[float], int]:
    """Seconds from each report's 201 to its alert's arrival, and how many alerts did not come."""
    arrived: dict[str, float] = {}
    for delivery in received:
        report_id = delivery.json["alert"].get("report_id")
        if report_id and report_id not in arrived:
            arrived[report_id] = delivery.received_at
    typed = [r for r in records if r.get("typed", True)]  # a free-text report's alert waits for its coding
    found = [arrived[r["id"]] - r["accepted"] for r in typed if r["id"] in arrived]
    return found, len(typed) - len(found)


def summary(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": float("nan"), "p99": float("nan"), "max": float("nan")}
    return {"p50": percentile(values, 0.5), "p99": percentile(values, 0.99), "max": max(values)}


@contextmanager
def database(server: str | None) -> Iterator[str | None]:
    """None (a SQLite file in the bench's folder), or a fresh database on a PostgreSQL server, dropped after."""
    if server is None:
        yield None
        return
    from ceasefire.store.database import scratch_database

    with scratch_database(server, "cf_bench") as url:
        yield url


def bench(reports: int, rate: float, burst: int, clients: int, timeout: float, free_text: int = 5,
          db: str | None = None, workers: int = 1) -> dict[str, Any]:  # fmt: skip
    with (tempfile.TemporaryDirectory(prefix="ceasefire-bench-") as tmp, WebhookReceiver(SECRET) as receiver,
          database(db) as db_url):  # fmt: skip
        run = Bench(Path(tmp), db_url, workers)
        run.accounts()
        try:
            run.start()
            run.configure(receiver.url)

            # warm-up: the first report loads the service's coder and place index
            warm = run.run_load(0, 1, 0, 1)
            got = arrivals(receiver, warm, timeout)
            cold = latencies(warm, got)[0]

            # phase 1: a steady rate, some reports free text for the coder
            steady = run.run_load(1, reports, rate, 4, free_text)
            got = arrivals(receiver, steady, timeout)
            steady_latency, steady_missing = latencies(steady, got)
            steady_seconds = max(r["accepted"] for r in steady) - min(r["sent"] for r in steady)

            # phase 2: as fast as the clients go
            flood = run.run_load(1 + reports, burst, 0, clients)
            got = arrivals(receiver, flood, timeout)
            flood_latency, flood_missing = latencies(flood, got)
            flood_seconds = max(r["accepted"] for r in flood) - min(r["sent"] for r in flood)
            rejected = receiver.rejected
        finally:
            run.stop()
    steady_stats, flood_stats = summary(steady_latency), summary(flood_latency)
    accepted_per_s = burst / flood_seconds
    return {
        "bench": "service", "store": "postgresql" if db else "sqlite", "cpus": os.cpu_count(),
        "serve_workers": workers,
        "cold_first_alert_s": round(cold[0], 3) if cold else None,
        "latency": {"reports": reports, "rate_per_s": rate, "free_text_every": free_text,
                    "offered_s": round(steady_seconds, 2), "alerts_missing": steady_missing,
                    **{k: round(v, 4) for k, v in steady_stats.items()}},
        "throughput": {"reports": burst, "clients": clients, "seconds": round(flood_seconds, 2),
                       "reports_per_s": round(accepted_per_s, 1), "alerts_missing": flood_missing,
                       **{f"alert_{k}": round(v, 4) for k, v in flood_stats.items()}},
        "webhooks_rejected": len(rejected),
        "target_p99_s": TARGET_P99, "p99_ok": steady_stats["p99"] <= TARGET_P99 and steady_missing == 0,
        "target_reports_per_s": TARGET_THROUGHPUT, "throughput_ok": accepted_per_s >= TARGET_THROUGHPUT,
    }  # fmt: skip


def table(result: dict[str, Any]) -> str:
    lat, thr = result["latency"], result["throughput"]
    rows = [
        ("phase", "reports", "rate", "p50 s", "p99 s", "max s", "missing"),
        ("latency", str(lat["reports"]), f"{lat['rate_per_s']:g}/s", f"{lat['p50']:.3f}", f"{lat['p99']:.3f}",
         f"{lat['max']:.3f}", str(lat["alerts_missing"])),
        ("throughput", str(thr["reports"]), f"{thr['reports_per_s']:.1f}/s", f"{thr['alert_p50']:.3f}",
         f"{thr['alert_p99']:.3f}", f"{thr['alert_max']:.3f}", str(thr["alerts_missing"])),
    ]  # fmt: skip
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    verdict = "met" if result["p99_ok"] else "MISSED"
    every = f", one in {lat['free_text_every']} free text" if lat["free_text_every"] else ""
    lines += [
        f"first alert after start (cold): {result['cold_first_alert_s']} s; "
        f"throughput phase: {thr['clients']} client threads, {thr['seconds']} s",
        f"target p99 alert latency <= {result['target_p99_s']:g} s at {lat['rate_per_s']:g} reports/s{every}: {verdict}",
        f"target >= {result['target_reports_per_s']:g} reports/s accepted: "
        f"{'met' if result['throughput_ok'] else 'MISSED'}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=300, help="reports in the latency phase (default 300)")
    parser.add_argument("--rate", type=float, default=50.0, help="reports per second in it (default 50)")
    parser.add_argument("--free-text", type=int, default=5,
                        help="one in N reports of the latency phase is free text only, coded by the service (default 5; 0: none)")  # fmt: skip
    parser.add_argument(
        "--burst", type=int, default=600, help="reports in the throughput phase (default 600)"
    )
    parser.add_argument("--clients", type=int, default=4, help="client threads in it (default 4)")
    parser.add_argument("--workers", type=int, default=1,
                        help="serving processes of the service (`ceasefire serve --workers`, default 1)")  # fmt: skip
    parser.add_argument("--db", help="a PostgreSQL server to bench on (a throwaway database is made there)")
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds to wait for the alerts of a phase"
    )
    parser.add_argument("--load", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    parser.add_argument("--first", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.load:
        records = load(
            args.url, args.token, args.first, args.reports, args.rate, args.clients, args.free_text
        )
        args.out.write_text(json.dumps(records))
        return
    result = bench(args.reports, args.rate, args.burst, args.clients, args.timeout, args.free_text, args.db,
                   args.workers)  # fmt: skip
    store = "PostgreSQL" if args.db else "SQLite"
    print(f"service bench: ceasefire serve --workers {args.workers} on {store}, near_site alerts by webhook "
          f"({os.cpu_count()} CPUs)")  # fmt: skip
    print(table(result))
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main()
