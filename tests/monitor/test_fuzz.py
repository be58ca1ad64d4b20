"""Fuzz every operation of the API from its own OpenAPI description (schemathesis).

Valid and invalid requests, generated from the schema, go to the ASGI app over a SQLite store with
the shipped fakes: none may be answered with a 5xx. The store holds a ceasefire, rules, reports,
incidents, alerts and a dead delivery first, and every operation with path parameters is also run
against those, so the fuzzer reaches past "no such incident". As an admin every operation is open;
as a viewer, an operation the role may not use must refuse. A sharpened copy of the description
(each rule kind's ``params``, reports with a plausible time and a point) drives rules and reports
deeper still. Bodies are also sent in chunks (no Content-Length), and e-mail nested up to 2,000
deep. Examples are derandomized and bounded, so the run is the same on every machine.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from cryptography.fernet import Fernet
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from sqlalchemy import select, update

from ceasefire.knowledge.gazetteer import MemoryGazetteer
from ceasefire.models import PLOVER_EVENTS
from ceasefire.monitor.access import SOURCE_TYPES, allowed
from ceasefire.monitor.accounts import add_account, create_token, digest
from ceasefire.monitor.mail import MemoryMailer
from ceasefire.monitor.rules import PARAMS
from ceasefire.monitor.webhooks import MemoryWebhooks
from ceasefire.registry.process import Process
from ceasefire.registry.store import save_process
from ceasefire.settings import Settings
from ceasefire.store.database import Store
from ceasefire.store.tables import accounts, deliveries, tokens
from ceasefire.web import create_app
from ceasefire.web.app import ROUTERS
from ceasefire.web.context import permission_of

#: examples per operation and generation mode (and per seeded entity)
EXAMPLES = 25
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
#: the e-mail intake takes a raw RFC 822 message: send the generated text as it is
schemathesis.serializer.alias("message/rfc822", "text/plain")
#: what a viewer may get from an operation its role does not allow (400: a body that is not even
#: text, which FastAPI refuses while reading it, before any dependency has run)
REFUSED = frozenset({400, 401, 403, 404, 422})
#: Idlib, and a protected site 2 km west of it
IDLIB = (35.9306, 36.6339)
SITE = {"name": "hospital", "lat": 35.9306, "lon": 36.6119}
SITE_POINT = (35.9306, 36.6219)


def no_events(text: str, published: date, doc_id: str) -> list[dict[str, Any]]:
    return []


@dataclass
class Fuzzed:
    app: Any
    store: Store
    tokens: dict[str, str]
    #: (METHOD, path template) -> the permission the route checks
    permissions: dict[tuple[str, str], str]
    #: path parameter -> ids of things that exist
    seeds: dict[str, list[Any]] = field(default_factory=dict)

    def auth(self, role: str) -> dict[str, str]:
        """The role's header, its token and account brought back to life first (the fuzzer may revoke the
        one and disable the other)."""
        with self.store.transaction() as conn:
            conn.execute(update(accounts).where(accounts.c.name == f"fuzz-{role}").values(active=True))
            conn.execute(
                update(tokens).where(tokens.c.digest == digest(self.tokens[role])).values(revoked_at=None)
            )
        return {"Authorization": f"Bearer {self.tokens[role]}"}


def report(client_id: str, point: tuple[float, float] = IDLIB, hours_ago: float = 1, **extra: Any) -> dict[str, Any]:  # fmt: skip
    at = datetime.now(UTC) - timedelta(hours=hours_ago)
    return {"client_id": client_id, "occurred_at": at.isoformat(), "location": {"lat": point[0], "lon": point[1]},
            "source_type": "public", "event_type": "ASSAULT", "text": "Shelling near the hospital.",
            "alleged_responsible": "Syrian Arab Army", **extra}  # fmt: skip


def seed(fuzzed: Fuzzed, webhooks: MemoryWebhooks) -> None:
    """A ceasefire, rules of three kinds, an incident of two reports, alerts, and dead deliveries."""
    with fuzzed.store.transaction() as conn:
        save_process(conn, Process(id="fuzz-sy-truce", name="Fuzz Syria truce", kind="ceasefire", origin="manual",
                                   countries=["SY"], effective=date(2020, 3, 6)))  # fmt: skip
    headers = fuzzed.auth("admin")
    client = TestClient(fuzzed.app)  # no lifespan: the worker is driven by hand below

    def post(path: str, body: Any) -> Any:
        answer = client.post(path, headers=headers, json=body)
        assert answer.status_code in (200, 201), answer.text
        return answer.json()

    rules = [
        post("/api/v1/alert-rules", {"name": "violations", "kind": "violation"}),
        post(
            "/api/v1/alert-rules",
            {"name": "site", "kind": "near_site", "params": {"sites": [SITE], "radius_km": 5}},
        ),
        post(
            "/api/v1/alert-rules", {"name": "spike", "kind": "spike", "params": {"min_count": 1, "factor": 1}}
        ),
    ]
    post("/api/v1/subscriptions", {"account": "fuzz-admin", "channel": "webhook",
                                   "address": "http://127.0.0.1:9/hook", "secret": "s" * 16})  # fmt: skip
    post("/api/v1/subscriptions", {"account": "fuzz-admin", "channel": "email", "address": "a@example.org"})
    filed = [
        post("/api/v1/reports", report("seed-1", reporter={"name": "Amal", "contact": "+963 1"})),
        post("/api/v1/reports", report("seed-2", (35.94, 36.64), 0.5)),
        post("/api/v1/reports", report("seed-3", (36.5, 37.1), 30, event_type=None)),
    ]
    incident_ids = sorted({client.get(f"/api/v1/reports/{r['id']}", headers=headers).json()["incident_id"]
                           for r in filed} - {None})  # fmt: skip
    alert_ids = [a["id"] for a in client.get("/api/v1/alerts", headers=headers).json()]
    # every delivery fails once and, with one attempt allowed, lands on the dead-letter list
    worker = fuzzed.app.state.services.worker
    webhooks.fail_next(1000)
    worker.run_once()
    worker.drain()
    with fuzzed.store.engine.connect() as conn:
        dead = list(conn.execute(select(deliveries.c.id).where(deliveries.c.state == "dead")).scalars())
        token_ids = list(conn.execute(select(tokens.c.id).order_by(tokens.c.id)).scalars())
    assert incident_ids and alert_ids and dead, (incident_ids, alert_ids, dead)
    fuzzed.seeds = {
        "incident_id": incident_ids, "report_id": [r["id"] for r in filed], "alert_id": alert_ids,
        "delivery_id": dead, "rule_id": [r["id"] for r in rules], "name": ["fuzz-admin", "fuzz-viewer"],
        "token_id": token_ids[-1:],  # the newest token, not the ones the tests use
    }  # fmt: skip


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Fuzzed:
    root: Path = tmp_path_factory.mktemp("fuzz")
    url = f"sqlite:///{root / 'fuzz.db'}"
    store = Store.open(url)
    config = Settings(secret_key=Fernet.generate_key().decode(), database_url=url, cache_dir=root / "cache",
                      delivery_attempts=1, webhook_allow="127.0.0.1")  # fmt: skip
    webhooks = MemoryWebhooks()
    app = create_app(config, store=store, gazetteer=MemoryGazetteer(), webhooks=webhooks,
                     mailer=MemoryMailer(), coder=no_events, worker=False)  # fmt: skip
    made = {}
    with store.transaction() as conn:
        for role in ("admin", "viewer"):
            add_account(conn, f"fuzz-{role}", role)
            made[role] = create_token(conn, f"fuzz-{role}", "fuzz")
        create_token(conn, "fuzz-viewer", "spare")  # for the fuzzer to revoke
    permissions = {
        (method, route.path): perm
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute) and (perm := permission_of(route))
        for method in route.methods
    }
    fuzzed = Fuzzed(app, store, made, permissions)
    seed(fuzzed, webhooks)
    return fuzzed


@pytest.fixture(scope="module")
def api(fuzzed: Fuzzed) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", fuzzed.app)


def run_cases(strategy: Any, call: Callable[[Any], None], examples: int = EXAMPLES) -> str | None:
    """Run ``call`` on examples of ``strategy``; the failure, or None."""

    @settings(FUZZ, max_examples=examples)
    @given(case=strategy)
    def run(case: Any) -> None:
        call(case)

    try:
        run()
    except Unsatisfiable:
        return None  # no invalid request exists for an operation without inputs
    except Exception as exc:  # every failure is collected, then all are reported together
        return str(exc)
    return None


def variants(operation: Any, seeds: dict[str, list[Any]]) -> Iterator[tuple[str, Any]]:
    """Valid and invalid requests with generated path parameters, then valid ones on seeded things."""
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        yield str(mode), operation.as_strategy(generation_mode=mode)
    names = [p.name for p in operation.path_parameters]
    if names and all(n in seeds for n in names):
        for i in range(max(len(seeds[n]) for n in names)):
            fixed = {n: seeds[n][i % len(seeds[n])] for n in names}
            yield f"positive, {fixed}", operation.as_strategy(path_parameters=fixed)


def fuzz(api: Any, fuzzed: Fuzzed, role: str, check: Callable[[Any, Any], None]) -> list[str]:
    """Every operation, every variant; what went wrong, one entry per operation and variant."""
    problems: list[str] = []
    for result in api.get_all_operations():
        operation = result.ok()
        for label, strategy in variants(operation, fuzzed.seeds):

            def call(case: Any) -> None:
                check(case, send(case, fuzzed.auth(role)))

            if (failure := run_cases(strategy, call)) is not None:
                problems.append(f"{operation.label} ({label}): {failure}")
    return problems


def send(case: Any, headers: dict[str, str]) -> Any:
    """The response to ``case``; an exception the app let out (a 500) names the request."""
    try:
        return case.call(headers=headers)
    except Exception as exc:
        raise AssertionError(f"{type(exc).__name__}: {exc} for {case.as_curl_command()}") from exc


def not_5xx(case: Any, response: Any) -> None:
    assert response.status_code < 500, (
        f"{response.status_code} for {case.as_curl_command()}\n{response.text[:500]}"
    )


@pytest.mark.slow  # about 30 s
def test_no_operation_answers_an_admin_with_a_server_error(api: Any, fuzzed: Fuzzed) -> None:
    problems = fuzz(api, fuzzed, "admin", not_5xx)
    assert not problems, "\n\n".join(problems)


@pytest.mark.slow  # about 30 s
def test_a_viewer_is_refused_what_its_role_may_not_do(api: Any, fuzzed: Fuzzed) -> None:
    def refused(case: Any, response: Any) -> None:
        not_5xx(case, response)
        permission = fuzzed.permissions.get((case.method.upper(), case.path))
        assert permission, f"{case.method} {case.path} checks no permission"
        if not allowed("viewer", permission):
            assert response.status_code in REFUSED, (
                f"viewer got {response.status_code} from {case.method} {case.path} ({permission}): "
                f"{case.as_curl_command()}\n{response.text[:500]}"
            )

    problems = fuzz(api, fuzzed, "viewer", refused)
    assert not problems, "\n\n".join(problems)


# -- deeper: the description sharpened where the API checks more than its schema says -------------


def sharpened(document: dict[str, Any]) -> dict[str, Any]:
    """The API description with each rule kind's ``params`` spelled out (the API takes a free object
    and checks it against the kind's model), and reports with a plausible time and a point."""
    document = copy.deepcopy(document)
    schemas = document["components"]["schemas"]
    rule = schemas["AlertRuleIn"]
    kinds = []
    for kind, model in PARAMS.items():
        params = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(params.pop("$defs", {}))
        variant = copy.deepcopy(rule)
        variant["properties"]["kind"] = {"type": "string", "enum": [kind]}
        variant["properties"]["params"] = params
        variant["required"] = [*rule["required"], "params"]
        kinds.append(variant)
    schemas["AlertRuleIn"] = {"oneOf": kinds}
    now = datetime.now(UTC)
    times = [now - timedelta(minutes=m) for m in (5, 90, 60 * 30, 60 * 24 * 40)] + [
        datetime(2021, 5, 1, tzinfo=UTC)
    ]
    properties = schemas["ReportIn"]["properties"]
    properties["occurred_at"] = {"type": "string", "enum": [t.isoformat() for t in times]}
    properties["source_type"] = {"type": "string", "enum": sorted(SOURCE_TYPES["admin"])}  # the fuzzer's role
    properties["event_type"] = {
        "anyOf": [{"type": "string", "enum": sorted(PLOVER_EVENTS)}, {"type": "null"}]
    }
    words = {"type": "string", "pattern": r"\S", "maxLength": 64}  # checked once stripped
    properties["weapons"] = {**properties["weapons"], "items": words}
    hashes = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
    properties["attachments"] = {**properties["attachments"], "items": hashes}
    properties["text"] = {**properties["text"], "pattern": r"\S"}
    location = schemas["Location"]
    location["properties"]["lat"] = {"type": "number", "minimum": 35.0, "maximum": 37.0}
    location["properties"]["lon"] = {"type": "number", "minimum": 36.0, "maximum": 38.0}
    location["required"] = ["lat", "lon"]
    return document


@pytest.fixture(scope="module")
def sharp(api: Any, fuzzed: Fuzzed) -> Any:
    loaded = schemathesis.openapi.from_dict(sharpened(api.raw_schema))
    loaded.app = fuzzed.app
    return loaded


def test_rules_of_every_kind_then_a_report_they_watch(sharp: Any, fuzzed: Fuzzed) -> None:
    """A new rule with any valid params, then a report that every rule looks at: never a 5xx."""
    operation = sharp["/api/v1/alert-rules"]["POST"]
    made = []

    def call(case: Any) -> None:
        answer = send(case, fuzzed.auth("admin"))
        not_5xx(case, answer)
        if answer.status_code != 201:
            return
        rule = answer.json()
        made.append(rule["kind"])
        client, headers = TestClient(fuzzed.app, raise_server_exceptions=False), fuzzed.auth("admin")
        try:
            filed = client.post(
                "/api/v1/reports", headers=headers, json=report(f"rule-{len(made)}", SITE_POINT)
            )
            assert filed.status_code == 201, f"{filed.status_code} after rule {rule}: {filed.text[:500]}"
        finally:  # one rule at a time: a broken one must not break the reports that follow
            gone = client.delete(f"/api/v1/alert-rules/{rule['id']}", headers=headers)
            assert gone.status_code == 200, gone.text

    failure = run_cases(operation.as_strategy(), call)
    assert failure is None, failure
    assert set(made) == set(PARAMS), made  # every kind was tried


def test_valid_reports_are_filed(sharp: Any, fuzzed: Fuzzed) -> None:
    """Reports with any valid content: stored (201), found again (200), refused (422), or a client_id
    sent again with other content (409); never a 5xx."""
    operation = sharp["/api/v1/reports"]["POST"]
    statuses: list[int] = []

    def call(case: Any) -> None:
        answer = send(case, fuzzed.auth("admin"))
        not_5xx(case, answer)
        statuses.append(answer.status_code)

    failure = run_cases(operation.as_strategy(), call, examples=60)
    assert failure is None, failure
    assert statuses.count(201) > len(statuses) // 2, str(sorted(statuses))


# -- chunked bodies and nested MIME ----------------------------------------------------------------


def _pieces(data: bytes, size: int) -> Iterator[bytes]:
    """``data`` sent in chunks of ``size`` bytes (Transfer-Encoding: chunked, no Content-Length)."""
    for start in range(0, len(data), size):
        yield data[start : start + size]


@st.composite
def mime_messages(draw: Any) -> bytes:
    """An e-mail of multipart and message/rfc822 parts nested 0 to 2,000 deep, in varied spelling."""
    depth = draw(st.one_of(st.integers(0, 12), st.sampled_from([33, 200, 2000])))
    kinds = draw(st.lists(st.sampled_from(["multipart/mixed", "multipart/alternative", "Multipart/Related",
                                           "message/rfc822"]), min_size=1, max_size=4))  # fmt: skip
    fold = draw(st.booleans())
    head = b"From: field@monitors.example\r\nMessage-ID: <fuzz-%d@x>\r\nMIME-Version: 1.0\r\n" % depth
    opening, closing = [], []
    for level in range(depth):
        kind = kinds[level % len(kinds)]
        if kind == "message/rfc822":
            opening.append(b"Content-Type: message/rfc822\r\n\r\nSubject: inner\r\n")
            continue
        separator = b";\r\n\t" if fold else b"; "
        opening.append(
            b"Content-Type: "
            + kind.encode()
            + separator
            + b'boundary="z%d"\r\n\r\n--z%d\r\n' % (level, level)
        )
        closing.append(b"\r\n--z%d--\r\n" % level)
    text = draw(st.sampled_from([b"Where: Idlib\r\nShelling.", b"No place given.", b"Where: \xff\xfe"]))
    return head + b"".join(opening) + b"Content-Type: text/plain\r\n\r\n" + text + b"".join(reversed(closing))


def test_nested_mime_sent_in_chunks_is_never_a_server_error(fuzzed: Fuzzed) -> None:
    client = TestClient(fuzzed.app, raise_server_exceptions=False)
    statuses: list[int] = []

    @settings(FUZZ, max_examples=60)
    @given(raw=mime_messages(), size=st.integers(1, 8192))
    def run(raw: bytes, size: int) -> None:
        headers = {**fuzzed.auth("admin"), "Content-Type": "message/rfc822"}
        answer = client.post("/api/v1/intake/email", headers=headers, content=_pieces(raw, size))
        assert answer.status_code in (200, 409, 413, 422), f"{answer.status_code}: {answer.text[:300]}"
        statuses.append(answer.status_code)

    run()
    assert 200 in statuses and 422 in statuses, statuses


def test_every_body_sent_in_chunks_is_never_a_server_error(fuzzed: Fuzzed) -> None:
    """Every operation that takes a body, as an admin: generated bodies (JSON, CSV, form posts, e-mail,
    arbitrary bytes), sent in chunks of any size with no Content-Length."""
    client = TestClient(fuzzed.app, raise_server_exceptions=False)
    bodies = st.one_of(
        st.binary(max_size=4000),
        st.builds(
            lambda v: json.dumps(v).encode(), st.dictionaries(st.text(max_size=12), st.text(max_size=40))
        ),
        st.builds(lambda body: json.dumps(body).encode(), st.just(report("chunked"))),
        st.just(
            b"client_id,occurred_at,lat,lon,source_type,text\r\nc1,2026-01-05T10:00Z,35.9,36.6,public,x\r\n"
        ),
        st.just(b"MessageSid=SM1&From=%2B963&Body=Shelling+%40+Idlib+%23type+ASSAULT"),
        mime_messages(),
    )
    media = st.sampled_from(
        ["application/json", "text/csv", "message/rfc822", "application/x-www-form-urlencoded"]
    )
    routes = sorted({(m, p) for m, p in fuzzed.permissions if m in ("POST", "PUT")})
    failures: list[str] = []
    for method, template in routes:
        path = template
        for name, values in fuzzed.seeds.items():
            path = path.replace("{" + name + "}", str(values[0]))
        path = re.sub(r"\{[^}]+\}", "1", path)
        try:
            _chunked(client, fuzzed, method, path, bodies, media)()
        except Exception as exc:  # collected, then reported together
            failures.append(str(exc))
    assert not failures, "\n\n".join(failures)


def _chunked(client: TestClient, fuzzed: Fuzzed, method: str, path: str, bodies: Any, media: Any) -> Any:
    """A hypothesis test sending generated bodies to one operation in chunks."""

    @settings(FUZZ, max_examples=15)
    @given(body=bodies, size=st.integers(1, 2048), content_type=media)
    def run(body: bytes, size: int, content_type: str) -> None:
        headers = {**fuzzed.auth("admin"), "Content-Type": content_type}
        answer = client.request(method, path, headers=headers, content=_pieces(body, size))
        assert answer.status_code < 500, f"{method} {path}: {answer.status_code} {answer.text[:300]}"

    return run
