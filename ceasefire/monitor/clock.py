"""Times as the store gives them back: SQLite drops the zone, so every stored time is read as UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def aware(at: datetime) -> datetime:
    """``at`` with its zone; a naive time from the store is UTC."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def iso(at: datetime) -> str:
    return aware(at).isoformat()


def iso_or_none(at: datetime | None) -> str | None:
    return None if at is None else iso(at)
