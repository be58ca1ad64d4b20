"""The loopback webhook receiver, driven over real HTTP with httpx."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from ceasefire.monitor.receiver import WebhookReceiver
from ceasefire.monitor.webhooks import TIMESTAMP_HEADER, delivery_headers

SECRET = "s3cret"


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver(SECRET) as running:
        yield running


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5) as made:
        yield made


def post(
    client: httpx.Client, receiver: WebhookReceiver, payload: object, delivery_id: str = "d-1", **changes: str
) -> httpx.Response:
    body = json.dumps(payload).encode()
    headers = delivery_headers(SECRET, int(time.time()), body, delivery_id) | changes
    return client.post(receiver.url, content=body, headers=headers)


def test_listens_on_loopback_on_a_free_port(receiver: WebhookReceiver) -> None:
    assert receiver.url.startswith("http://127.0.0.1:")
    assert not receiver.url.endswith(":0/")


def test_valid_delivery_gets_204_and_is_recorded(receiver: WebhookReceiver, client: httpx.Client) -> None:
    before = time.time()
    response = post(client, receiver, {"alert": "violation"}, delivery_id="d-42")
    assert response.status_code == 204
    [delivery] = receiver.wait_for(1, timeout=5)
    assert (delivery.delivery_id, delivery.json) == ("d-42", {"alert": "violation"})
    assert delivery.body == b'{"alert": "violation"}'
    assert before <= delivery.received_at <= time.time()


def test_unsigned_request_gets_401_and_is_not_recorded(
    receiver: WebhookReceiver, client: httpx.Client
) -> None:
    response = client.post(receiver.url, json={"alert": "forged"})
    assert response.status_code == 401
    assert receiver.received == []
    assert receiver.rejected == ["missing_header"]


def test_stale_delivery_gets_401_as_a_replay(receiver: WebhookReceiver, client: httpx.Client) -> None:
    body = b"{}"
    headers = delivery_headers(SECRET, int(time.time()) - 3600, body, "d-1")
    assert client.post(receiver.url, content=body, headers=headers).status_code == 401
    assert receiver.rejected == ["replay"]


def test_tampered_timestamp_gets_401(receiver: WebhookReceiver, client: httpx.Client) -> None:
    response = post(client, receiver, {}, **{TIMESTAMP_HEADER: str(int(time.time()) + 1)})
    assert response.status_code == 401
    assert receiver.rejected == ["bad_signature"]


def test_signed_body_that_is_not_json_gets_400(receiver: WebhookReceiver, client: httpx.Client) -> None:
    body = b"not json"
    headers = delivery_headers(SECRET, int(time.time()), body, "d-1")
    assert client.post(receiver.url, content=body, headers=headers).status_code == 400
    assert receiver.rejected == ["not_json"]


def test_told_to_fail_it_answers_500_for_the_next_n_requests(
    receiver: WebhookReceiver, client: httpx.Client
) -> None:
    receiver.fail_next(2)
    statuses = [post(client, receiver, {"try": n}).status_code for n in range(3)]
    assert statuses == [500, 500, 204]
    assert [delivery.json for delivery in receiver.received] == [{"try": 2}]


def test_request_without_content_length_gets_411(receiver: WebhookReceiver, client: httpx.Client) -> None:
    response = client.post(receiver.url, content=iter([b"{}"]))  # sent chunked
    assert response.status_code == 411


def test_wait_for_returns_what_arrived_when_time_runs_out(receiver: WebhookReceiver) -> None:
    started = time.monotonic()
    assert receiver.wait_for(1, timeout=0.1) == []
    assert time.monotonic() - started >= 0.1


def test_concurrent_deliveries_are_all_recorded(receiver: WebhookReceiver, client: httpx.Client) -> None:
    def deliver(n: int) -> int:
        return post(client, receiver, {"n": n}, delivery_id=f"d-{n}").status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(deliver, range(40)))
    assert statuses == [204] * 40
    received = receiver.wait_for(40, timeout=5)
    assert sorted(delivery.json["n"] for delivery in received) == list(range(40))


def test_after_close_nothing_answers_not_even_a_kept_alive_connection(client: httpx.Client) -> None:
    with WebhookReceiver(SECRET) as receiver:
        assert post(client, receiver, {}).status_code == 204
    with pytest.raises(httpx.TransportError):
        post(client, receiver, {})
    assert len(receiver.received) == 1


def test_close_without_start_releases_the_port() -> None:
    WebhookReceiver(SECRET).close()
