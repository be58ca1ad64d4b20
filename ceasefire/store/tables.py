"""The schema, as SQLAlchemy Core tables. Migrations in ``migrations/versions`` create exactly this.

Two layers stay apart: ``events`` (what sources report, as coded) and ``adjudications`` (what a
person decided). ``verdicts`` are what the rules say about an event against a process's terms;
``claims`` keep each source's stance on an event side by side.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("content_hash", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("source", Text, nullable=False, default=""),
    Column("url", Text),
    Column("title", Text),
    Column("author", Text),
    Column("site", Text),
    Column("published", Date),
    Column("published_at", DateTime(timezone=True)),
    Column("parent_id", String(64)),
    Column("language", String(8)),
    Column("countries", JSON, nullable=False),
    Column("text", Text, nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False),
)

rejections = Table(
    "rejections",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("doc_id", String(64), nullable=False),
    Column("source", Text, nullable=False),
    Column("stage", String(32), nullable=False),
    Column("reason", String(32), nullable=False),
    Column("detail", Text, nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("doc_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("event", String(16), nullable=False),
    Column("mode", String(32)),
    Column("modality", String(16), nullable=False),
    Column("process_kind", String(16)),
    Column("process_phase", String(24)),
    Column("country", String(2)),
    Column("date", Date),
    Column("confidence", Float, nullable=False),
    Column("record", JSON, nullable=False),
    Index("ix_events_doc", "doc_id"),
    Index("ix_events_country_date", "country", "date"),
    Index("ix_events_type", "event"),
)

processes = Table(
    "processes",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("origin", String(16), nullable=False),
    Column("confirmed", Boolean, nullable=False),
    Column("merged_into", String(64)),
    Column("countries", JSON, nullable=False),
    Column("areas", JSON, nullable=False),
    Column("declared", Date),
    Column("effective", Date),
    Column("ended", Date),
    Column("written", Boolean),
    Column("terms", JSON, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("status", String(16)),
    Column("status_since", Date),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

process_aliases = Table(
    "process_aliases",
    metadata,
    Column("process_id", String(64), ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True),
    Column("alias", String(200), primary_key=True),
)

process_actors = Table(
    "process_actors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("process_id", String(64), ForeignKey("processes.id", ondelete="CASCADE"), nullable=False),
    Column("role", String(16), nullable=False),
    Column("name", Text, nullable=False),
    Column("entity_id", String(64)),
    Column("country", String(8)),
    Column("sector", String(16)),
    Index("ix_process_actors_process", "process_id"),
)

process_ids = Table(
    "process_ids",
    metadata,
    Column("process_id", String(64), ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True),
    Column("scheme", String(32), primary_key=True),
    Column("value", String(64), primary_key=True),
    Index("ix_process_ids_lookup", "scheme", "value"),
)

event_links = Table(
    "event_links",
    metadata,
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("process_id", String(64), ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True),
    Column("method", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Index("ix_event_links_process", "process_id"),
)

verdicts = Table(
    "verdicts",
    metadata,
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("process_id", String(64), ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True),
    Column("verdict", String(24), nullable=False),
    Column("reason", Text, nullable=False),
)

adjudications = Table(
    "adjudications",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("process_id", String(64), ForeignKey("processes.id", ondelete="CASCADE"), nullable=False),
    Column("decision", String(16), nullable=False),
    Column("decided_by", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
)

claims = Table(
    "claims",
    metadata,
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("process_id", String(64), ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True),
    Column("claimant", String(200), primary_key=True),
    Column("stance", String(16), nullable=False),
    Column("about", Text),
    Column("doc_id", String(64), nullable=False),
)

status_changes = Table(
    "status_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("process_id", String(64), ForeignKey("processes.id", ondelete="CASCADE"), nullable=False),
    Column("status", String(16), nullable=False),
    Column("at", Date, nullable=False),
    Column("rule", Text, nullable=False),
    Column("evidence", JSON, nullable=False),
    UniqueConstraint("process_id", "at", "status", name="uq_status_changes"),
    Index("ix_status_changes_process", "process_id"),
)
