"""E-mail alerts: ``SmtpMailer`` against a real SMTP server on loopback, and the in-memory fake."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ceasefire.errors import InputError, ServiceUnavailable
from ceasefire.monitor.mail import Mailer, MemoryMailer, SmtpMailer
from tests.monitor.smtp_listener import SmtpListener

SENDER = "alerts@monitoring.example"
TO = "duty-officer@monitoring.example"
SUBJECT = "Violation alleged near Debaltseve"
BODY = "Shelling reported at 04:10 by two monitors.\nIncident #17 opened."


@pytest.fixture
def smtp() -> Iterator[SmtpListener]:
    with SmtpListener() as listener:
        yield listener


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


# -- against a real SMTP server ---------------------------------------------------------------------


def test_smtp_mailer_delivers_subject_recipient_and_body(smtp: SmtpListener) -> None:
    SmtpMailer(smtp.host, smtp.port, SENDER).send(TO, SUBJECT, BODY)
    [message] = smtp.wait_for(1, timeout=5)
    assert (message["From"], message["To"], message["Subject"]) == (SENDER, TO, SUBJECT)
    assert message.get_content().rstrip("\n") == BODY
    [delivery] = smtp.delivered
    assert (delivery.mail_from, delivery.rcpt_tos) == (SENDER, (TO,))


def test_smtp_mailer_sets_date_and_message_id(smtp: SmtpListener) -> None:
    SmtpMailer(smtp.host, smtp.port, SENDER).send(TO, SUBJECT, BODY)
    [message] = smtp.wait_for(1, timeout=5)
    sent_at = parsedate_to_datetime(message["Date"])
    assert abs(sent_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    assert message["Message-ID"].endswith("@monitoring.example>")


def test_smtp_mailer_keeps_non_ascii_subject_and_body(smtp: SmtpListener) -> None:
    SmtpMailer(smtp.host, smtp.port, SENDER).send(TO, "Прекращение огня нарушено", "Обстрел — 04:10")
    [message] = smtp.wait_for(1, timeout=5)
    assert message["Subject"] == "Прекращение огня нарушено"
    assert message.get_content().rstrip("\n") == "Обстрел — 04:10"


def test_smtp_mailer_to_a_closed_port_names_host_and_port() -> None:
    port = closed_port()
    with pytest.raises(ServiceUnavailable, match=f"127.0.0.1:{port}") as caught:
        SmtpMailer("127.0.0.1", port, SENDER, timeout=2).send(TO, SUBJECT, BODY)
    assert "ConnectionRefusedError" in str(caught.value)
    assert isinstance(caught.value.__cause__, ConnectionRefusedError)


def test_smtp_mailer_that_asks_for_starttls_the_server_lacks_is_unavailable(smtp: SmtpListener) -> None:
    mailer = SmtpMailer(smtp.host, smtp.port, SENDER, starttls=True)
    with pytest.raises(ServiceUnavailable, match="STARTTLS"):
        mailer.send(TO, SUBJECT, BODY)
    assert smtp.messages == []


def test_header_injection_in_the_subject_is_an_input_error(smtp: SmtpListener) -> None:
    mailer = SmtpMailer(smtp.host, smtp.port, SENDER)
    with pytest.raises(InputError):
        mailer.send(TO, "Alert\r\nBcc: attacker@example.org", BODY)
    assert smtp.messages == []


# -- STARTTLS and login, with a certificate made for the test ----------------------------------------


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(server context, client context trusting only the server's self-signed certificate)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder: Path = tmp_path_factory.mktemp("tls")
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert_file, key_file)
    client = ssl.create_default_context(cafile=str(cert_file))
    return server, client


def test_smtp_mailer_upgrades_with_starttls_and_logs_in(tls: tuple[ssl.SSLContext, ssl.SSLContext]) -> None:
    server_context, client_context = tls
    with SmtpListener(tls_context=server_context, credentials={"alerts": "pw"}) as smtp:
        mailer = SmtpMailer(
            smtp.host,
            smtp.port,
            SENDER,
            username="alerts",
            password="pw",
            starttls=True,
            ssl_context=client_context,
        )
        mailer.send(TO, SUBJECT, BODY)
        [message] = smtp.wait_for(1, timeout=5)
    assert message["Subject"] == SUBJECT


def test_smtp_mailer_with_a_wrong_password_is_unavailable(tls: tuple[ssl.SSLContext, ssl.SSLContext]) -> None:
    server_context, client_context = tls
    with SmtpListener(tls_context=server_context, credentials={"alerts": "pw"}) as smtp:
        mailer = SmtpMailer(
            smtp.host,
            smtp.port,
            SENDER,
            username="alerts",
            password="guess",
            starttls=True,
            ssl_context=client_context,
        )
        with pytest.raises(ServiceUnavailable, match="SMTPAuthenticationError"):
            mailer.send(TO, SUBJECT, BODY)
        assert smtp.messages == []


def test_smtp_mailer_refuses_a_certificate_it_does_not_trust(
    tls: tuple[ssl.SSLContext, ssl.SSLContext],
) -> None:
    server_context, _ = tls
    with SmtpListener(tls_context=server_context) as smtp:
        mailer = SmtpMailer(smtp.host, smtp.port, SENDER, starttls=True)  # the system's trust store
        with pytest.raises(ServiceUnavailable, match="CERTIFICATE_VERIFY_FAILED"):
            mailer.send(TO, SUBJECT, BODY)


# -- the shipped fake --------------------------------------------------------------------------------


def test_memory_mailer_records_the_message_it_would_send() -> None:
    fake = MemoryMailer(sender=SENDER)
    mailer: Mailer = fake
    mailer.send(TO, SUBJECT, BODY)
    [message] = fake.sent
    assert (message["From"], message["To"], message["Subject"]) == (SENDER, TO, SUBJECT)
    assert message.get_content().rstrip("\n") == BODY


def test_memory_mailer_fails_the_next_n_sends_then_recovers() -> None:
    fake = MemoryMailer()
    fake.fail_next(2)
    for _ in range(2):
        with pytest.raises(ServiceUnavailable, match="told to fail"):
            fake.send(TO, SUBJECT, BODY)
    fake.send(TO, SUBJECT, BODY)
    assert len(fake.sent) == 1
