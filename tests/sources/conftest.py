"""Shared fixtures for the source tests: the fixture folder and a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ceasefire.settings import Settings

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sources"
BIG = b"x" * 5000


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(cache_dir=tmp_path / "cache")


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _routes() -> dict[str, tuple[int, str | None, bytes]]:
    return {
        "/article.html": (200, "text/html; charset=utf-8", read("wordpress_post.html")),
        "/notes.txt": (
            200,
            "text/plain",
            b"The truce line near the port was quiet overnight, monitors said.",
        ),
        "/latin1.txt": (
            200,
            "text/plain; charset=iso-8859-1",
            "Le caf\xe9 a rouvert pr\xe8s du port.".encode("latin-1"),
        ),
        "/feed.xml": (200, "application/rss+xml", read("feed.rss")),
        "/records.jsonl": (200, "application/x-ndjson", read("records.jsonl")),
        "/odd-charset.txt": (200, "text/plain; charset=no-such-charset", "Caf\u00e9 reopened.".encode()),
        "/report.pdf": (200, "application/pdf", b"%PDF-1.4 not really a pdf"),
        "/big-declared": (200, "text/plain", BIG),
        "/big-streamed": (200, "text/plain", BIG),
        "/empty.txt": (200, "text/plain", b"   \n"),
        "/junk.bin": (200, "text/plain", b"\x00\x01\x02\x03" * 100),
    }


class _Handler(BaseHTTPRequestHandler):
    routes = _routes()

    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/notes.txt")
            self.end_headers()
            return
        status, ctype, body = self.routes.get(self.path, (404, "text/plain", b"not found"))
        if self.path == "/slow":
            status, ctype, body = 200, "text/plain", b"too late"
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        if self.path != "/big-streamed":
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (size cap)
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """Base URL of a real HTTP server on 127.0.0.1 serving the routes above.

    It speaks HTTP/1.0, so a body without Content-Length ends when the connection closes.
    """
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
