"""E-mail -> reports: one message a report, its details read from ``Key: value`` lines in the body.

A monitor writes a plain message; lines that start with one of these keys (case-insensitive) fill
the report, and stay in its text too::

    When: 2026-03-01 14:00          occurred_at (ISO 8601, or YYYY-MM-DD HH:MM in UTC); else the
                                    Date header; else the time of intake
    Where: Saraqib  (or Place:)     the place name
    Lat: 36.21 / Lon: 37.13         a point (or ``Location: 36.21, 37.13``)
    Type: ASSAULT                   the PLOVER event type
    Weapons: mortar, artillery      comma-separated
    Responsible: SAA  (or Alleged:) who is alleged to be responsible
    Source: monitor                 the source type (else the caller's default)

The Message-ID is the client id (a retry is a no-op; without one, the intake's keyed content hash
finds a retry), the From header the reporter, and each attachment is recorded as the SHA-256 of its
decoded bytes. A message with neither a place nor a point is refused: a report must say where.

A message may hold at most ``MAX_CONTAINERS`` multipart or message parts, nested at most
``MAX_DEPTH`` deep; the count is read from the raw bytes before parsing, so a message built to
nest thousands deep is refused at once (a ``MalformedInput``) instead of taking the parser seconds
and the stack. Callers in a server parse off the event loop.
"""

from __future__ import annotations

import mailbox
import re
from collections.abc import Iterator
from datetime import datetime
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from ceasefire.errors import InputError, InputTooLarge, MalformedInput, SourceNotFound
from ceasefire.monitor import clock
from ceasefire.monitor.intake import RowError, error_lines, parse_timestamp, sha256_hex, validate_report
from ceasefire.monitor.schemas import ReportIn
from ceasefire.sources.markup import html_text

MAX_MESSAGE_BYTES = 10 * 1024 * 1024
#: multipart and message/* parts in one message, and how deep they may nest
MAX_CONTAINERS = 32
MAX_DEPTH = 8
#: a Content-Type header with its folded lines (any case, anywhere: a bound, not a parse)
_CONTENT_TYPE = re.compile(rb"content-type[ \t]*:[^\n]*(?:\n[ \t][^\n]*)*", re.IGNORECASE)
_CONTAINER = re.compile(rb"multipart|message", re.IGNORECASE)
_KEY_LINE = re.compile(
    r"^[ \t]*(when|where|place|lat|lon|location|type|weapons|responsible|alleged|source)[ \t]*:[ \t]*(.*?)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_POINT = re.compile(r"^([-+]?\d+(?:\.\d+)?)\s*[,;]\s*([-+]?\d+(?:\.\d+)?)$")
_BODY_TYPES = ("text/plain", "text/html")


def report_from_email(
    raw: bytes, *, now: datetime | None = None, default_source_type: str = "public"
) -> ReportIn:
    """The report in one RFC 822 message.

    Raises ``InputTooLarge`` past 10 MB, and ``MalformedInput`` naming the message for a message
    without a text body or a location, a bad date, or a field that fails validation.
    """
    if len(raw) > MAX_MESSAGE_BYTES:
        raise InputTooLarge("e-mail message", f"size: {len(raw):,} bytes; a message may have at most 10 MB")
    message = _parse(raw)
    client_id = _client_id(message)
    source = f"e-mail {client_id or 'without Message-ID'}"
    text = _body_text(message, source)
    keys = _key_lines(text)
    occurred_at = _occurred_at(keys, message, source)
    fields: dict[str, Any] = {
        "client_id": client_id,
        "occurred_at": occurred_at or now or clock.now(),
        "location": _location(keys, source),
        "source_type": keys.get("source", default_source_type).lower(),
        "text": text,
        "attachments": _attachment_hashes(message),
        **_coding(keys),
    }
    reporter = _reporter(message)
    if reporter:
        fields["reporter"] = reporter
    report = validate_report(fields, source)
    return report if occurred_at is not None else report.taken_at_intake()


def reports_from_mailbox(
    path: Path, *, now: datetime | None = None, default_source_type: str = "public"
) -> Iterator[ReportIn | RowError]:
    """Each message of an mbox file as a report, or a ``RowError`` at its 1-based position."""
    if not path.is_file():
        raise SourceNotFound(str(path), "no such mbox file")
    box = mailbox.mbox(path, create=False)
    try:
        for position, key in enumerate(box.iterkeys(), start=1):
            yield _mailbox_entry(position, box.get_bytes(key), now, default_source_type)
    finally:
        box.close()


def _mailbox_entry(
    position: int, raw: bytes, now: datetime | None, default_source_type: str
) -> ReportIn | RowError:
    try:
        return report_from_email(raw, now=now, default_source_type=default_source_type)
    except InputError as exc:
        try:
            client_id = _client_id(_parse(raw, headers_only=True))
        except InputError:
            client_id = None
        return RowError(position, client_id, error_lines(exc))


def sender(raw: bytes) -> str | None:
    """The address in the From header (what a gateway binding is keyed by), read from the headers only."""
    try:
        addresses = getattr(_parse(raw, headers_only=True).get("From"), "addresses", ())
    except (InputError, IndexError, ValueError):
        return None
    return str(addresses[0].addr_spec).strip() or None if addresses else None


def _parse(raw: bytes, *, headers_only: bool = False) -> EmailMessage:
    """The parsed message; ``MalformedInput`` for one that holds too many parts or nests too deep."""
    source = "e-mail message"
    if not headers_only:
        containers = sum(1 for header in _CONTENT_TYPE.finditer(raw) if _CONTAINER.search(header.group(0)))
        if containers > MAX_CONTAINERS:
            raise MalformedInput(source, f"structure: {containers} multipart or message parts; at most "
                                         f"{MAX_CONTAINERS} are read")  # fmt: skip
    try:
        message = BytesParser(policy=default_policy).parsebytes(raw, headersonly=headers_only)
        if not headers_only:
            _check_depth(message, source)
    except RecursionError as exc:
        raise MalformedInput(source, f"structure: parts nested deeper than {MAX_DEPTH}") from exc
    return message


def _check_depth(message: EmailMessage, source: str) -> None:
    """Refuse parts nested deeper than ``MAX_DEPTH`` (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(message, 0)]
    while stack:
        part, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise MalformedInput(source, f"structure: parts nested deeper than {MAX_DEPTH}")
        payload = part.get_payload()
        if isinstance(payload, list):
            stack.extend((child, depth + 1) for child in payload)


def _client_id(message: EmailMessage) -> str | None:
    """The Message-ID without its angle brackets (a long one: ``email-`` and a hash of it), or None."""
    message_id = str(message.get("Message-ID", "")).strip().strip("<>").strip()
    if not message_id:
        return None
    if len(message_id) > 128:  # ReportIn's limit; keep it stable rather than refuse the message
        return "email-" + sha256_hex(message_id.encode())[:32]
    return message_id


def _body_text(message: EmailMessage, source: str) -> str:
    """The text/plain body, else the text/html one reduced to text; line ends normalised."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        raise MalformedInput(source, "text: no text/plain or text/html body")
    try:
        content = part.get_content()
    except LookupError as exc:
        raise MalformedInput(source, f"text: unknown charset ({exc})") from exc
    if part.get_content_subtype() == "html":
        content = html_text(content, paragraphs=False)
    return str(content).replace("\r\n", "\n").replace("\r", "\n").strip()


def _key_lines(text: str) -> dict[str, str]:
    """The first non-empty value of each ``Key:`` line, keys lowercased."""
    keys: dict[str, str] = {}
    for match in _KEY_LINE.finditer(text):
        key, value = match[1].lower(), match[2]
        if value and key not in keys:
            keys[key] = value
    return keys


def _occurred_at(keys: dict[str, str], message: EmailMessage, source: str) -> datetime | None:
    """From the When: line, else the Date header; None when neither is there (the intake's time is taken)."""
    if "when" in keys:
        try:
            return parse_timestamp(keys["when"])
        except ValueError as exc:
            raise MalformedInput(source, f"When: {exc}") from exc
    return _date_header(message, source)


def _date_header(message: EmailMessage, source: str) -> datetime | None:
    header = message.get("Date")
    if header is None:
        return None
    try:
        return parsedate_to_datetime(str(header))
    except (TypeError, ValueError) as exc:
        raise MalformedInput(source, f"Date: {str(header)!r} is not an RFC 5322 date") from exc


def _location(keys: dict[str, str], source: str) -> dict[str, str]:
    """A point from Lat/Lon or ``Location: lat, lon``, and a place from Where/Place.

    A ``Location:`` line that is not a pair of numbers is taken as the place when no other is given.
    """
    location: dict[str, str] = {}
    place = keys.get("where") or keys.get("place")
    if "lat" in keys or "lon" in keys:
        location.update({k: keys[k] for k in ("lat", "lon") if k in keys})
    elif "location" in keys:
        point = _POINT.match(keys["location"])
        if point:
            location.update(lat=point[1], lon=point[2])
        else:
            place = place or keys["location"]
    if place:
        location["place"] = place
    if not location:
        raise MalformedInput(
            source,
            "location: none given; add a 'Where: <place>' line, or 'Lat:' and 'Lon:' lines, "
            "or 'Location: <lat>, <lon>'",
        )
    return location


def _coding(keys: dict[str, str]) -> dict[str, Any]:
    """The event type, weapons and alleged responsible the sender stated."""
    coding: dict[str, Any] = {}
    if "type" in keys:
        coding["event_type"] = keys["type"]
    if "weapons" in keys:
        coding["weapons"] = [w.strip() for w in keys["weapons"].split(",") if w.strip()]
    alleged = keys.get("responsible") or keys.get("alleged")
    if alleged:
        coding["alleged_responsible"] = alleged
    return coding


def _reporter(message: EmailMessage) -> dict[str, str] | None:
    """The first From address: its display name (else the address) and the address as contact."""
    addresses = getattr(message.get("From"), "addresses", ())
    if not addresses:
        return None
    contact = str(addresses[0].addr_spec).strip()
    name = str(addresses[0].display_name).strip() or contact
    if not name:
        return None
    return {"name": name, "contact": contact} if contact else {"name": name}


def _attachment_hashes(message: EmailMessage) -> list[str]:
    """SHA-256 hex of each part that is not the message's text (transfer encoding undone)."""
    hashes: list[str] = []
    for part in message.walk():
        if part.is_multipart() or _is_body_text(part):
            continue
        payload = part.get_payload(decode=True)
        hashes.append(sha256_hex(payload if isinstance(payload, bytes) else part.as_bytes()))
    return hashes


def _is_body_text(part: EmailMessage) -> bool:
    return part.get_content_type() in _BODY_TYPES and not part.is_attachment()
