"""What every intake channel shares: the per-row error value, timestamps, and validation.

The channels themselves are pure functions, one module each, that turn what the field sends into
``ReportIn`` values (no database, no web framework; the API routes call them)::

    intake_csv.reports_from_csv(data)          CSV upload -> list[ReportIn | RowError]
    intake_email.report_from_email(raw)        one RFC 822 message -> ReportIn
    intake_email.reports_from_mailbox(path)    an mbox file -> Iterator[ReportIn | RowError]
    intake_sms.report_from_sms(form)           a Twilio-style form post -> ReportIn

A whole input that cannot be read raises an ``InputError`` (``MalformedInput``, ``InputTooLarge``);
one bad record among many becomes a ``RowError`` and the rest go on.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from ceasefire.errors import InputError, MalformedInput
from ceasefire.monitor.schemas import ReportIn, payload_errors


@dataclass(frozen=True)
class RowError:
    """One record of a batch (CSV row, mbox message) that did not become a report.

    ``row`` is 1-based (CSV: data rows, header excluded; mbox: the message's position);
    each of ``errors`` reads ``field: message``.
    """

    row: int
    client_id: str | None
    errors: list[str]


def sha256_hex(data: bytes) -> str:
    """The SHA-256 hex digest of ``data`` (attachments and derived client ids)."""
    return hashlib.sha256(data).hexdigest()


def parse_timestamp(value: str) -> datetime:
    """An ISO 8601 date-time (``2026-03-01T14:00Z``, ``2026-03-01 14:00``, ``2026-03-01``).

    A time without an offset is UTC (``ReportIn`` attaches it). Raises ``ValueError`` with a
    message fit to show after ``field: ``.
    """
    text = value.strip()
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a date-time; use ISO 8601, e.g. 2026-03-01T14:00Z") from exc


def validate_report(fields: dict[str, Any], source: str) -> ReportIn:
    """``ReportIn`` from mapped fields, or ``MalformedInput`` naming ``source`` and every bad field.

    The ``ValidationError`` stays attached as ``__cause__`` so a batch can list the fields one by one.
    """
    try:
        return ReportIn.model_validate(fields)
    except ValidationError as exc:
        raise MalformedInput(source, "; ".join(payload_errors(exc))) from exc


def error_lines(exc: InputError) -> list[str]:
    """The ``field: message`` lines behind an intake error (one per bad field where known)."""
    if isinstance(exc.__cause__, ValidationError):
        return payload_errors(exc.__cause__)
    return [exc.problem]
