"""Input abuse: bodies past the limit however they are sent, e-mail nested thousands deep, webhook
addresses inside the operator's network, delivery logs, and names, coordinates and countries."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ceasefire.cli import app as cli
from ceasefire.errors import InputError, MalformedInput, ServiceUnavailable
from ceasefire.knowledge.gazetteer import MemoryGazetteer
from ceasefire.monitor.access import PERMISSIONS
from ceasefire.monitor.accounts import add_account, create_token
from ceasefire.monitor.destinations import AllowList
from ceasefire.monitor.intake_email import MAX_DEPTH, report_from_email
from ceasefire.monitor.mail import MemoryMailer
from ceasefire.monitor.receiver import WebhookReceiver
from ceasefire.monitor.webhooks import MemoryWebhooks, WebhookSender
from ceasefire.settings import Settings
from ceasefire.store.database import Store
from ceasefire.web import create_app
from ceasefire.web.errors import BodyLimit
from tests.monitor.conftest import ROLES, Service, fake_coder, report

SQLITE = pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
ROOT = Path(__file__).resolve().parents[2]
LIMIT = 10_000
BODY_ROUTES = (("/api/v1/reports", "application/json"), ("/api/v1/reports/csv", "text/csv"),
               ("/api/v1/intake/email", "message/rfc822"),
               ("/api/v1/intake/sms", "application/x-www-form-urlencoded"))  # fmt: skip


def nested_email(depth: int) -> bytes:
    """A message whose text sits ``depth`` multipart levels down (the attack was 2,000 levels, 139 KB)."""
    head = b"From: a@monitors.example\r\nMessage-ID: <deep@x>\r\nMIME-Version: 1.0\r\n"
    opening = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i) for i in range(depth)
    )
    closing = b"".join(b"\r\n--b%d--\r\n" % i for i in reversed(range(depth)))
    return head + opening + b"Content-Type: text/plain\r\n\r\nWhere: Idlib\r\nShelling.\r\n" + closing


# -- 10. the size limit holds for bodies sent in chunks ---------------------------------------------


@pytest.fixture
def small(store: Store, tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    settings = Settings(secret_key=Fernet.generate_key().decode(), database_url=store.url,
                        cache_dir=tmp_path / "cache", max_input_bytes=LIMIT)  # fmt: skip
    app = create_app(settings, store=store, gazetteer=MemoryGazetteer(), webhooks=MemoryWebhooks(),
                     mailer=MemoryMailer(), coder=fake_coder, worker=False)  # fmt: skip
    with store.transaction() as conn:
        add_account(conn, "m", "monitor")
        token = create_token(conn, "m")
    with TestClient(app) as client:
        yield client, {"Authorization": f"Bearer {token}"}


def _chunks(total: int, size: int = 1024) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        yield b"a" * min(size, total - sent)
        sent += size


@SQLITE
@pytest.mark.parametrize(("path", "media"), BODY_ROUTES, ids=lambda v: str(v).rsplit("/", 1)[-1])
def test_a_chunked_body_past_the_limit_is_a_413(small: tuple[TestClient, dict[str, str]], path: str,
                                                media: str) -> None:  # fmt: skip
    client, auth = small
    answer = client.post(path, headers={**auth, "Content-Type": media}, content=_chunks(10 * LIMIT))
    assert answer.status_code == 413, answer.text
    assert answer.json()["error"] == "CF201"
    declared = client.post(path, headers={**auth, "Content-Type": media}, content=b"a" * (LIMIT + 1))
    assert declared.status_code == 413


def test_the_limit_stops_reading_as_soon_as_it_is_passed() -> None:
    """At the ASGI level: the app asks for the whole body; the middleware hands over no more than
    the limit and one chunk, and answers 413 whatever the app would have answered."""
    pulled: list[int] = []
    sent: list[dict[str, Any]] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        while (message := await receive())["type"] == "http.request" and message.get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"read it all"})

    async def receive() -> dict[str, Any]:
        pulled.append(1)
        return {"type": "http.request", "body": b"x" * 1000, "more_body": len(pulled) < 100_000}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/v1/reports", "headers": []}
    asyncio.run(BodyLimit(app, limit=LIMIT)(scope, receive, send))
    assert len(pulled) == LIMIT // 1000 + 1
    assert sent[0]["status"] == 413 and b"larger than" in sent[1]["body"]


# -- 11. e-mail nested thousands deep ---------------------------------------------------------------


def test_an_email_nested_2000_deep_is_refused_before_parsing() -> None:
    raw = nested_email(2000)
    with pytest.raises(MalformedInput, match="multipart or message parts"):
        report_from_email(raw)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 2, 30])
def test_an_email_nested_past_the_depth_is_refused(depth: int) -> None:
    with pytest.raises(MalformedInput, match="structure"):
        report_from_email(nested_email(depth))


def test_an_email_nested_a_little_is_read() -> None:
    report = report_from_email(nested_email(3))
    assert report.location.place == "Idlib"


@SQLITE
def test_the_email_intake_answers_a_deeply_nested_message_with_a_422(service: Service) -> None:
    answer = service.post("monitor", "/api/v1/intake/email", content=nested_email(2000),
                          headers={"Content-Type": "message/rfc822"})  # fmt: skip
    assert answer.status_code == 422, answer.text


# -- 12. webhooks reach no address inside the network ------------------------------------------------


@SQLITE
@pytest.mark.parametrize("address", [
    "http://127.0.0.1:5432/", "http://localhost/hook", "http://[::1]/", "http://169.254.169.254/latest/meta-data",
    "http://10.0.0.7/", "http://192.168.1.1/", "http://2130706433/", "http://0.0.0.0/",
    "https://user:secret@hooks.example.org/", "ftp://hooks.example.org/",
], ids=lambda a: a.split("//")[1][:20])  # fmt: skip
def test_a_webhook_to_the_operators_network_is_refused_naming_the_address(
    service: Service, address: str
) -> None:
    answer = service.post("coordinator", "/api/v1/subscriptions",
                          json={"account": "coordinator", "channel": "webhook", "address": address})  # fmt: skip
    assert answer.status_code == 422, answer.text
    assert "address" in answer.json()["message"]


def test_the_allow_list_lets_an_operator_name_an_internal_host() -> None:
    from ceasefire.monitor.destinations import check_url

    allow = AllowList.parse("10.0.0.0/8, hooks.internal")
    check_url("http://10.1.2.3:8080/h", allow)
    check_url("http://hooks.internal/h", allow)
    with pytest.raises(InputError):
        check_url("http://192.168.0.1/h", allow)


def test_a_name_that_resolves_inside_is_refused_at_delivery_and_a_checked_one_is_pinned() -> None:
    """A host name is resolved when each delivery is made, every address is checked, and the
    request goes to the checked address (so a second, different answer reaches nothing)."""
    answers = iter([["10.0.0.5"], ["127.0.0.1"]])
    resolver = lambda host, port: next(answers)  # noqa: E731
    with WebhookReceiver("s" * 20) as receiver:
        port = receiver.url.rsplit(":", 1)[1].strip("/")
        url = f"http://hooks.example.org:{port}/h"
        sender = WebhookSender(allow=AllowList.parse("127.0.0.1"), resolver=resolver)
        refused = sender.send(url, "s" * 20, b"{}", "d-1")
        assert not refused.ok and refused.status is None
        assert refused.error.startswith("refused: 10.0.0.5 (hooks.example.org) is a private address")
        delivered = sender.send(url, "s" * 20, b"{}", "d-2")
        assert delivered.ok, delivered.error
        assert receiver.wait_for(1, timeout=5)[0].delivery_id == "d-2"
        sender.close()


# -- 13. the delivery log is for those who manage deliveries ---------------------------------------


@SQLITE
@pytest.mark.parametrize("role", ROLES)
def test_the_delivery_log_with_its_addresses_and_errors_is_shown_only_to_delivery_managers(
    service: Service, role: str
) -> None:
    rule = {"name": "site", "kind": "near_site",
            "params": {"sites": [{"name": "h", "lat": 35.9306, "lon": 36.64}], "radius_km": 5}}  # fmt: skip
    assert service.post("coordinator", "/api/v1/alert-rules", json=rule).status_code == 201
    for account in ("monitor", "party", "coordinator"):
        service.post("coordinator", "/api/v1/subscriptions", json={
            "account": account, "channel": "webhook", "address": f"https://h.example.org/{account}?key=topsecret"})  # fmt: skip
    service.post("monitor", "/api/v1/reports", json=report("a", alleged_responsible="Syrian Arab Army"))
    service.webhooks.fail_next(10)
    service.run_worker()
    (alert,) = service.get("coordinator", "/api/v1/alerts").json()
    answer = service.get(role, f"/api/v1/alerts/{alert['id']}")
    if role not in PERMISSIONS["alerts.read"]:
        assert answer.status_code == 403
        return
    assert answer.status_code == 200
    if role in PERMISSIONS["deliveries.manage"]:
        assert len(answer.json()["delivery_log"]) == 3
    else:
        assert (
            "delivery_log" not in answer.json()
            and "topsecret" not in answer.text
            and "HTTP 500" not in answer.text
        )


# -- 15. other inputs ---------------------------------------------------------------------------------


@SQLITE
@pytest.mark.parametrize(
    "name", ["../../../etc/passwd", "amal/admin", "amal\u202egnp", "a\u200db", " ", "-x"]
)
def test_an_account_name_that_is_a_path_or_hides_characters_is_refused(service: Service, name: str) -> None:
    answer = service.post("admin", "/api/v1/accounts", json={"name": name, "role": "viewer"})
    assert answer.status_code == 422, answer.text
    refused = CliRunner().invoke(cli, ["users", "add", name, "--role", "viewer", "--db", service.store.url])
    assert refused.exit_code == 2 and "name" in refused.output


@SQLITE
def test_party_names_are_normalised_and_may_not_hide_characters(service: Service) -> None:
    bidi = service.post(
        "admin", "/api/v1/accounts", json={"name": "p2", "role": "party", "party": "SAA\u202e"}
    )
    assert bidi.status_code == 422 and "U+202E" in bidi.json()["message"]
    tag = "Syrian\u200d Arab\u00a0Army\u202e"  # a zero-width joiner, a no-break space, a bidi override
    filed = service.post("monitor", "/api/v1/reports", json=report("t", alleged_responsible=tag)).json()
    assert filed["alleged_responsible"] == "Syrian Arab Army"
    assert service.get("party", f"/api/v1/incidents/{filed['incident_id']}").status_code == 200
    wide = service.post("monitor", "/api/v1/reports", json=report("w", alleged_responsible="ＳＡＡ")).json()
    assert wide["alleged_responsible"] == "SAA"


@SQLITE
@pytest.mark.parametrize(("location", "field"), [
    ({"lat": True, "lon": 36.6}, "location.lat"), ({"lat": 35.9, "lon": False}, "location.lon"),
    ({"lat": 35.9, "lon": 36.6, "country": "ZZ"}, "location.country"),
    ({"lat": 35.9, "lon": 36.6, "country": "AA"}, "location.country"),
], ids=["lat-true", "lon-false", "country-ZZ", "country-AA"])  # fmt: skip
def test_booleans_for_coordinates_and_unknown_countries_are_refused(
    service: Service, location: dict[str, Any], field: str
) -> None:
    answer = service.post("monitor", "/api/v1/reports", json=report("x", location=location))
    assert answer.status_code == 422 and field in answer.text


@SQLITE
def test_a_503_does_not_name_where_the_store_is(service: Service, monkeypatch: pytest.MonkeyPatch) -> None:
    store = service.client.app.state.services.store  # type: ignore[attr-defined]

    def down() -> Any:
        raise ServiceUnavailable(
            "store sqlite:////srv/secret/ceasefire.db: attempt to write a readonly database"
        )

    monkeypatch.setattr(store, "transaction", down)
    answer = service.post("monitor", "/api/v1/reports", json=report("x"))
    assert answer.status_code == 503
    assert "/srv/secret" not in answer.text and "sqlite" not in answer.text
    assert answer.json()["error"] == "CF700"


@pytest.mark.slow  # opens the real gazetteer
def test_the_readme_sms_example_is_filed_with_the_real_gazetteer() -> None:
    from ceasefire.knowledge.gazetteer import open_gazetteer
    from ceasefire.monitor.intake_sms import report_from_sms
    from ceasefire.monitor.locate import Locator

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"Twilio-style\s+form\s+post:\s+`([^`]+)`", text)
    assert example, "the README's Monitoring section has no SMS example"
    report = report_from_sms({"MessageSid": "SM1", "From": "+963 1", "Body": example.group(1)})
    located = Locator(open_gazetteer(Settings.from_env())).locate(report.location)
    assert located.country == "SY" and located.lat is not None
