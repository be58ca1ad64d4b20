"""SMS gateway (a Twilio-style form post) -> a report, read from a short field message.

The body is the report's text; these markers in it (any order, case-insensitive) fill the rest,
each value running to the next marker or the end of the message::

    @ Saraqib   or   at: Saraqib              the place
    #36.21,37.13                              a point (lat,lon)
    #type ASSAULT   or a leading PLOVER word  the event type ("Assault @ Saraqib")
    #by SAA                                   who is alleged to be responsible
    #src monitor                              the source type (default: public)
    #when 2026-03-01T14:00Z                   when it happened (default: the time of intake)

``Shelling @ Idlib #type ASSAULT #by SAA #src monitor`` is a complete report. Any other
``#word`` ends the value before it and is otherwise left in the text. ``MessageSid`` gives the client
id (``sms-<sid>``: a gateway retry is a no-op), ``From`` the reporter; media fields are ignored.
A claimed ``#src`` counts only where the sender may give it (``filing.file_relayed``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ceasefire.errors import MalformedInput
from ceasefire.models import PLOVER_EVENTS
from ceasefire.monitor import clock
from ceasefire.monitor.intake import parse_timestamp, validate_report
from ceasefire.monitor.schemas import ReportIn

_MARKER = re.compile(
    r"(?P<point>(?<!\S)#(?P<lat>[-+]?\d+(?:\.\d+)?)\s*,\s*(?P<lon>[-+]?\d+(?:\.\d+)?))"
    r"|(?<!\S)#(?P<key>[a-z]+)\b:?"
    r"|(?P<at>(?<![\w@])@|(?<!\w)at:)",
    re.IGNORECASE,
)
_KEYWORDS = frozenset({"type", "by", "src", "when"})
_TRIM = " \t\n,;.:"


def report_from_sms(
    form: Mapping[str, str], *, now: datetime | None = None, default_source_type: str = "public"
) -> ReportIn:
    """The report in one SMS gateway post.

    Raises ``MalformedInput`` naming the message for a missing ``MessageSid`` or ``Body``, a body
    without a place or point, a bad ``#when``, or a value that fails validation.
    """
    sid = form.get("MessageSid", "").strip()
    if not sid:
        raise MalformedInput("SMS", "MessageSid: missing; the gateway sends one with every message")
    source = f"SMS {sid}"
    body = form.get("Body", "").strip()
    if not body:
        raise MalformedInput(source, "Body: missing or empty")
    found = markers(body)
    fields: dict[str, Any] = {
        "client_id": f"sms-{sid}",
        "occurred_at": _occurred_at(found, now, source),
        "location": _location(found, source),
        "source_type": _first_word(found.get("src", default_source_type)).lower(),
        "text": body,
    }
    event_type = _first_word(found["type"]) if "type" in found else _leading_event(body)
    if event_type:
        fields["event_type"] = event_type
    if "by" in found:
        fields["alleged_responsible"] = found["by"]
    sender = form.get("From", "").strip()
    if sender:
        fields["reporter"] = {"name": sender, "contact": sender}
    report = validate_report(fields, source)
    return report if "when" in found else report.taken_at_intake()


def markers(body: str) -> dict[str, str]:
    """The first value of each marker in an SMS body: ``place``, ``lat``/``lon``, and the keywords."""
    found: dict[str, str] = {}
    matches = list(_MARKER.finditer(body))
    ends = [m.start() for m in matches[1:]] + [len(body)]
    for match, end in zip(matches, ends, strict=False):  # no markers: nothing to read
        value = body[match.end() : end].strip(_TRIM)
        if match["point"]:
            found.setdefault("lat", match["lat"])
            found.setdefault("lon", match["lon"])
        elif match["at"] and value:
            found.setdefault("place", value)
        elif match["key"] and match["key"].lower() in _KEYWORDS and value:
            found.setdefault(match["key"].lower(), value)
    return found


def _occurred_at(found: dict[str, str], now: datetime | None, source: str) -> datetime:
    if "when" not in found:
        return now or clock.now()
    try:
        return parse_timestamp(_first_word(found["when"]))
    except ValueError as exc:
        raise MalformedInput(source, f"#when: {exc}") from exc


def _location(found: dict[str, str], source: str) -> dict[str, str]:
    location: dict[str, str] = {k: found[k] for k in ("lat", "lon", "place") if k in found}
    if not location:
        raise MalformedInput(
            source, "location: none given; add '@ <place>' or '#<lat>,<lon>' (e.g. '@ Saraqib')"
        )
    return location


def _leading_event(body: str) -> str | None:
    """The PLOVER event type a body opens with (``Assault @ ...``), if it does."""
    first = _first_word(body).strip(_TRIM).upper()
    return first if first in PLOVER_EVENTS else None


def _first_word(value: str) -> str:
    words = value.split()
    return words[0] if words else value
