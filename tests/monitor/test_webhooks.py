"""Signed webhooks: signing, verification with its reasons, backoff, the fake, and the real sender
against a real receiver on loopback."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import httpx
import pytest

from ceasefire.errors import PermissionDenied
from ceasefire.monitor.destinations import AllowList
from ceasefire.monitor.receiver import WebhookReceiver
from ceasefire.monitor.webhooks import (
    DELIVERY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    Attempt,
    MemoryWebhooks,
    WebhookRejected,
    WebhookSender,
    backoff,
    delivery_headers,
    sign,
    verify,
)

SECRET = "s3cret"
NOW = 1_700_000_000
BODY = b'{"alert":1}'


def signed(body: bytes = BODY, secret: str = SECRET, timestamp: int = NOW) -> dict[str, str]:
    return delivery_headers(secret, timestamp, body, "d-1")


def rejection(headers: dict[str, str], body: bytes = BODY) -> WebhookRejected:
    with pytest.raises(WebhookRejected) as caught:
        verify(SECRET, headers, body, now=NOW)
    return caught.value


# -- signing and verification ---------------------------------------------------------------------


def test_signature_is_hmac_sha256_of_timestamp_dot_body() -> None:
    expected = "sha256=a6854171a6201554baf0ab6abdd9945fe8c6afcc37020e30cc1d5f30bea36324"
    assert sign(SECRET, NOW, BODY) == expected


def test_signed_delivery_verifies() -> None:
    verify(SECRET, signed(), BODY, now=NOW)


def test_header_names_match_without_regard_to_case() -> None:
    headers = {name.lower(): value for name, value in signed().items()}
    verify(SECRET, headers, BODY, now=NOW)


def test_delivery_headers_carry_id_timestamp_and_json_type() -> None:
    headers = signed()
    assert headers[DELIVERY_HEADER] == "d-1"
    assert headers[TIMESTAMP_HEADER] == str(NOW)
    assert headers["Content-Type"] == "application/json"


def test_tampered_body_is_rejected_as_bad_signature() -> None:
    error = rejection(signed(), b'{"alert":2}')
    assert error.reason == "bad_signature"
    assert "signature does not match" in str(error)


def test_wrong_secret_is_rejected_as_bad_signature() -> None:
    assert rejection(signed(secret="other")).reason == "bad_signature"


def test_changed_timestamp_is_rejected_as_bad_signature() -> None:
    headers = signed() | {TIMESTAMP_HEADER: str(NOW + 1)}
    assert rejection(headers).reason == "bad_signature"


@pytest.mark.parametrize(
    ("offset", "words"), [(-301, "old"), (+301, "ahead")], ids=["stale", "from-the-future"]
)
def test_timestamp_outside_tolerance_is_rejected_as_replay(offset: int, words: str) -> None:
    error = rejection(signed(timestamp=NOW + offset))
    assert error.reason == "replay"
    assert f"301 s {words}" in str(error)


def test_timestamp_at_the_tolerance_edge_is_accepted() -> None:
    verify(SECRET, signed(timestamp=NOW - 300), BODY, now=NOW)


def test_tolerance_can_be_tightened() -> None:
    with pytest.raises(WebhookRejected, match="replay"):
        verify(SECRET, signed(timestamp=NOW - 10), BODY, now=NOW, tolerance=5)


@pytest.mark.parametrize("header", [SIGNATURE_HEADER, TIMESTAMP_HEADER], ids=["signature", "timestamp"])
def test_missing_header_is_rejected_naming_it(header: str) -> None:
    headers = {name: value for name, value in signed().items() if name != header}
    error = rejection(headers)
    assert error.reason == "missing_header"
    assert header in str(error)


def test_timestamp_that_is_not_an_integer_is_rejected() -> None:
    headers = signed() | {TIMESTAMP_HEADER: "yesterday"}
    error = rejection(headers)
    assert error.reason == "bad_timestamp"
    assert "'yesterday' is not an integer" in str(error)


def test_signature_with_non_ascii_characters_is_rejected_not_crashing() -> None:
    assert rejection(signed() | {SIGNATURE_HEADER: "sha256=é"}).reason == "bad_signature"


def test_rejection_is_a_permission_error_with_its_code() -> None:
    error = rejection({})
    assert isinstance(error, PermissionDenied)
    assert str(error).startswith("[CF600] webhook rejected (missing_header)")


# -- backoff --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attempts", "seconds"),
    [(0, 0.0), (1, 1.0), (2, 2.0), (3, 4.0), (5, 16.0), (9, 256.0), (10, 300.0), (10_000, 300.0)],
    ids=lambda value: str(value),
)
def test_backoff_doubles_from_base_up_to_cap(attempts: int, seconds: float) -> None:
    assert backoff(attempts) == seconds


def test_backoff_scales_with_base_and_respects_a_custom_cap() -> None:
    assert [backoff(n, base=0.5, cap=3.0) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]


# -- the shipped fake ------------------------------------------------------------------------------


def test_memory_webhooks_records_verifiable_deliveries() -> None:
    fake = MemoryWebhooks(clock=lambda: NOW)
    attempt = fake.send("https://hooks.example/a", SECRET, BODY, "d-7")
    assert attempt.ok
    [sent] = fake.sent
    assert (sent.url, sent.body, sent.headers[DELIVERY_HEADER]) == ("https://hooks.example/a", BODY, "d-7")
    verify(SECRET, sent.headers, sent.body, now=NOW)


def test_memory_webhooks_fails_the_next_n_sends_then_recovers() -> None:
    fake = MemoryWebhooks()
    fake.fail_next(2, status=503)
    fake.fail_next(1, status=None)
    results = [fake.send("https://hooks.example/a", SECRET, BODY, f"d-{i}") for i in range(4)]
    assert [(a.ok, a.status, a.error) for a in results] == [
        (False, 503, "HTTP 503"),
        (False, 503, "HTTP 503"),
        (False, None, "timed out"),
        (True, 204, ""),
    ]
    assert (len(fake.failed), len(fake.sent)) == (3, 1)


# -- the real sender against a real receiver -------------------------------------------------------


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver(SECRET) as running:
        yield running


#: the receivers here listen on loopback, which a sender reaches only when allowed
LOOPBACK = AllowList.parse("127.0.0.1")


@pytest.fixture
def sender() -> Iterator[WebhookSender]:
    with WebhookSender(timeout=2.0, allow=LOOPBACK) as made:
        yield made


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_sender_delivers_a_verified_body_to_the_receiver(
    receiver: WebhookReceiver, sender: WebhookSender
) -> None:
    attempt = sender.send(receiver.url, SECRET, json.dumps({"alert": "violation"}).encode(), "d-1")
    assert (attempt.ok, attempt.status, attempt.error) == (True, 204, "")
    assert attempt.seconds > 0
    [delivery] = receiver.wait_for(1, timeout=5)
    assert (delivery.delivery_id, delivery.json) == ("d-1", {"alert": "violation"})


def test_sender_reports_a_server_error_with_its_status(
    receiver: WebhookReceiver, sender: WebhookSender
) -> None:
    receiver.fail_next(1)
    failed = sender.send(receiver.url, SECRET, BODY, "d-1")
    retried = sender.send(receiver.url, SECRET, BODY, "d-1")
    assert (failed.ok, failed.status, failed.error) == (False, 500, "HTTP 500")
    assert retried.ok
    assert len(receiver.received) == 1


def test_sender_with_the_wrong_secret_gets_401(receiver: WebhookReceiver, sender: WebhookSender) -> None:
    attempt = sender.send(receiver.url, "wrong", BODY, "d-1")
    assert (attempt.ok, attempt.status, attempt.error) == (False, 401, "HTTP 401")
    assert receiver.rejected == ["bad_signature"]


def test_sender_to_a_closed_port_fails_without_raising(sender: WebhookSender) -> None:
    attempt = sender.send(f"http://127.0.0.1:{closed_port()}/", SECRET, BODY, "d-1")
    assert (attempt.ok, attempt.status) == (False, None)
    assert attempt.error.startswith("connection refused")


def test_sender_gives_up_on_a_server_that_never_answers() -> None:
    with socket.socket() as silent, WebhookSender(timeout=0.2, allow=LOOPBACK) as sender:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # the kernel completes the handshake; nobody ever reads or answers
        port = silent.getsockname()[1]
        attempt = sender.send(f"http://127.0.0.1:{port}/", SECRET, BODY, "d-1")
    assert attempt == Attempt(False, None, "timed out", attempt.seconds)
    assert 0.15 < attempt.seconds < 2


def test_sender_reports_an_invalid_url_without_raising(sender: WebhookSender) -> None:
    attempt = sender.send("ftp://hooks.example/", SECRET, BODY, "d-1")
    assert (attempt.ok, attempt.status) == (False, None)
    assert attempt.error == "refused: a webhook address is an http(s) URL"


def test_sender_uses_the_given_client_and_clock_and_leaves_the_client_open() -> None:
    with WebhookReceiver(SECRET, clock=lambda: NOW) as frozen, httpx.Client() as client:
        sender = WebhookSender(client, clock=lambda: NOW, allow=LOOPBACK)
        assert sender.send(frozen.url, SECRET, BODY, "d-1").ok
        sender.close()
        assert not client.is_closed
        [delivery] = frozen.wait_for(1, timeout=5)
    assert delivery.received_at == NOW
