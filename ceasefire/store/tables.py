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
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
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
    Index("ix_documents_content_hash", "content_hash"),
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

#: each stored document's MinHash (``pipeline/dedupe.py``) and its LSH bands, so a copy in a later run
#: is found without reading earlier texts (``store/signatures.py``)
document_signatures = Table(
    "document_signatures",
    metadata,
    Column("doc_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("pool", String(8), nullable=False),
    Column("minhash", LargeBinary, nullable=False),
)

signature_bands = Table(
    "signature_bands",
    metadata,
    Column("band_key", String(40), primary_key=True),
    Column("doc_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_signature_bands_doc", "doc_id"),
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
    Index("ix_events_event_date", "event", "date"),
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
    Column("local", Boolean, nullable=False, server_default=false()),
    Column("partial", Boolean, nullable=False, server_default=false()),
    Column("places", JSON),
    Column("venues", JSON),
    Column("declarations", JSON),
    #: derived by the tracker: the newer process that replaced it, and the day its terms stop binding
    Column("superseded_by", String(64)),
    Column("in_force_until", Date),
    #: the latest day a source spoke of it (or it began): an open-ended process goes dormant after
    Column("last_seen", Date),
)

process_aliases = Table(
    "process_aliases",
    metadata,
    Column("process_id", String(64), ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True),
    Column("alias", String(200), primary_key=True),
)

#: each country a process names, a row apiece, so the processes that may bind in a country are found
#: by an index (``store/process_countries.py``); one that names none binds anywhere and has a single
#: row under ``ANY_COUNTRY`` (0008)
process_countries = Table(
    "process_countries",
    metadata,
    Column("process_id", String(64), ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True),
    Column("country", Text, primary_key=True),
    Index("ix_process_countries_country", "country", "process_id"),
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
    #: ``linked``, or ``ambiguous`` for one of tied candidates (shown, never counted)
    Column("standing", String(12), nullable=False, server_default="linked"),
    Column("score", Float),
    Column("features", JSON),
    Index("ix_event_links_process", "process_id"),
    Index("ix_event_links_standing", "process_id", "standing"),
)

#: every registry record a process was grouped from (``registry/identity.py``), kept for provenance
process_records = Table(
    "process_records",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("origin", String(16), nullable=False),
    Column("process_id", String(64), nullable=False),
    Column("data", JSON, nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False),
    Index("ix_process_records_process", "process_id"),
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

# --- monitor and respond: accounts, reports, incidents, alerts, audit -----------------------------

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("party", String(200)),
    Column("email", String(320)),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    #: argon2id hash (``monitor/accounts.py``); null for accounts that use API tokens only
    Column("password_hash", String(200)),
    Column("password_set_at", DateTime(timezone=True)),
)

tokens = Table(
    "tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("digest", String(64), nullable=False, unique=True),
    Column("label", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("event_type", String(16)),
    Column("first_at", DateTime(timezone=True), nullable=False),
    Column("last_at", DateTime(timezone=True), nullable=False),
    Column("lat", Float),
    Column("lon", Float),
    Column("place", Text),
    Column("country", String(2)),
    Column("geo_precision", Integer, nullable=False),
    Column("time_precision", Integer, nullable=False),
    Column("grade", String(20), nullable=False),
    Column("grade_reason", Text, nullable=False),
    Column("grade_set_by", String(100)),
    Column("responsible", String(200)),
    Column("process_id", String(64)),
    Column("verification", String(24)),
    Column("reasons", JSON, nullable=False),
    Column("merged_into", String(32)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_incidents_time", "last_at"),
    #: the list filtered by ceasefire, and a spike rule's counts by time (0008)
    Index("ix_incidents_process", "process_id"),
    Index("ix_incidents_first", "first_at"),
)

reports = Table(
    "reports",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("client_id", String(160), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("channel", String(8), nullable=False),
    Column("submitted_by", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("time_precision", String(8), nullable=False),
    Column("lat", Float),
    Column("lon", Float),
    Column("place", Text),
    Column("place_resolved", JSON),
    Column("country", String(2)),
    Column("own_position", Boolean, nullable=False),
    Column("source_type", String(8), nullable=False),
    Column("event_type", String(16)),
    Column("weapons", JSON, nullable=False),
    Column("alleged_responsible", String(200)),
    Column("text", Text, nullable=False),
    Column("attachments", JSON, nullable=False),
    Column("reporter_sealed", Text),
    Column("coded", JSON),
    Column("coded_at", DateTime(timezone=True)),
    Column("incident_id", String(32), ForeignKey("incidents.id")),
    #: why coding last failed, how often it was tried, and when to try again (0007)
    Column("coding_error", Text),
    Column("coding_attempts", Integer, nullable=False, server_default="0"),
    Column("coding_next_at", DateTime(timezone=True)),
    UniqueConstraint("submitted_by", "client_id", name="uq_report_client"),
    Index("ix_reports_incident", "incident_id"),
    Index("ix_reports_uncoded", "coded_at"),
    #: clustering looks for reports of one type within a time window (0007)
    Index("ix_reports_cluster", "event_type", "occurred_at"),
)

verification_steps = Table(
    "verification_steps",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(32), ForeignKey("incidents.id"), nullable=False),
    Column("state", String(24), nullable=False),
    Column("by", String(100), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("why", Text, nullable=False),
    Index("ix_verification_incident", "incident_id"),
)

party_responses = Table(
    "party_responses",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(32), ForeignKey("incidents.id"), nullable=False),
    Column("party", String(200), nullable=False),
    Column("by", String(100), nullable=False),
    Column("stance", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_party_responses_incident", "incident_id"),  # 0008
)

alert_rules = Table(
    "alert_rules",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    #: widened from 16 in 0005: ``notified_site_hit`` is a rule kind
    Column("kind", String(24), nullable=False),
    Column("severity", String(8), nullable=False),
    Column("params", JSON, nullable=False),
    Column("ack_minutes", Integer, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("channel", String(8), nullable=False),
    Column("address", Text, nullable=False),
    Column("secret_sealed", Text),
    Column("min_severity", String(8), nullable=False),
    Column("area", JSON),
    Column("kinds", JSON, nullable=False),
    Column("level", Integer, nullable=False),
    Column("active", Boolean, nullable=False),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("rule_id", Integer, ForeignKey("alert_rules.id"), nullable=False),
    Column("trigger", String(200), nullable=False, unique=True),
    Column("kind", String(24), nullable=False),
    Column("severity", String(8), nullable=False),
    Column("title", Text, nullable=False),
    Column("detail", JSON, nullable=False),
    Column("incident_id", String(32)),
    Column("report_id", String(32)),
    Column("process_id", String(64)),
    Column("party", String(200)),
    Column("lat", Float),
    Column("lon", Float),
    Column("created_at", DateTime(timezone=True), nullable=False),
    #: the list is newest first (0008)
    Index("ix_alerts_created", "created_at"),
)

alert_recipients = Table(
    "alert_recipients",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", String(32), ForeignKey("alerts.id"), nullable=False),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("level", Integer, nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("acked_at", DateTime(timezone=True)),
    Column("escalated_at", DateTime(timezone=True)),
    UniqueConstraint("alert_id", "account_id", name="uq_alert_recipient"),
    Index("ix_alert_recipients_due", "acked_at", "escalated_at", "due_at"),
    #: the alerts a party or organisation may read: those addressed to it (0008); by alert, the
    #: unique constraint's index serves
    Index("ix_alert_recipients_account", "account_id", "alert_id"),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("alert_id", String(32), ForeignKey("alerts.id"), nullable=False),
    Column("subscription_id", Integer, ForeignKey("subscriptions.id"), nullable=False),
    Column("channel", String(8), nullable=False),
    Column("address", Text, nullable=False),
    Column("state", String(8), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_at", DateTime(timezone=True), nullable=False),
    Column("last_error", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True)),
    #: also the index an alert's deliveries are read by
    UniqueConstraint("alert_id", "subscription_id", name="uq_delivery"),
    Index("ix_deliveries_due", "state", "next_at"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("action", String(48), nullable=False),
    Column("entity", String(24), nullable=False),
    Column("entity_id", String(64), nullable=False),
    Column("data", JSON, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    #: HMAC of ``seq:hash`` under the audit key, kept outside the store (0007; older entries have none)
    Column("mac", String(64)),
    #: the API token the change was made with, when it came through the API (0007)
    Column("token_id", Integer),
)

#: an e-mail address or phone number a gateway relays for: its reports are filed as that account's (0007)
sender_bindings = Table(
    "sender_bindings",
    metadata,
    Column("address", String(320), primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# --- dashboard: signed-in browser sessions and one-time sign-in links (``web/sessions.py``) --------

#: one row per signed-in browser; the cookie carries the token, the store only its SHA-256
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Index("ix_web_sessions_account", "account_id"),
)

#: a link that signs an account in once (``make run`` prints one for the demo viewer)
login_links = Table(
    "login_links",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
)

#: the board's trend counts events by country, day and type: covered by this index, no row is read
ix_events_country_date_type = Index(
    "ix_events_country_date_type", events.c.country, events.c.date, events.c.event
)

#: where each event was placed, read out of its record once (``web/mapdata.py`` fills it lazily, so the
#: map clusters without parsing JSON); a row per event, coordinates or not, gone with its event
map_points = Table(
    "map_points",
    metadata,
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("doc_id", String(64), nullable=False),
    Column("event", String(16), nullable=False),
    Column("date", Date),
    Column("lat", Float),
    Column("lon", Float),
    Column("precision", String(16)),
    Index("ix_map_points_date", "date"),
)

# --- deconfliction: notifications, their recipients, conflicts between them, hits (``deconflict/``) --

#: a notified site, movement, flight or zone: the GeoJSON geometry and properties as validated, the
#: columns the checks filter on (kind, country, window, envelope), and what the checks flagged
notifications = Table(
    "notifications",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("client_id", String(160), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("name", String(200), nullable=False),
    Column("function", String(24)),
    Column("country", String(2), nullable=False),
    Column("geometry", JSON, nullable=False),
    Column("properties", JSON, nullable=False),
    Column("notified_by", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("notified_at", DateTime(timezone=True), nullable=False),
    Column("valid_from", DateTime(timezone=True), nullable=False),
    Column("valid_until", DateTime(timezone=True), nullable=False),
    Column("emergency", Boolean, nullable=False),
    Column("coordinates_source", String(200), nullable=False),
    Column("precision_m", Float),
    Column("verified", Boolean, nullable=False),
    Column("verified_by", String(200)),
    Column("altitude_min_m", Float),
    Column("altitude_max_m", Float),
    Column("width_m", Float),
    Column("min_lon", Float, nullable=False),
    Column("min_lat", Float, nullable=False),
    Column("max_lon", Float, nullable=False),
    Column("max_lat", Float, nullable=False),
    Column("reconfirm_due", DateTime(timezone=True), nullable=False),
    Column("reconfirmed_at", DateTime(timezone=True)),
    Column("outcome", String(24)),
    Column("outcome_note", Text),
    Column("outcome_by", String(100)),
    Column("outcome_at", DateTime(timezone=True)),
    Column("flags", JSON, nullable=False),
    UniqueConstraint("notified_by", "client_id", name="uq_notification_client"),
    Index("ix_notifications_window", "valid_until", "valid_from"),
    Index("ix_notifications_box", "min_lat", "max_lat"),
    Index("ix_notifications_country", "country", "kind"),
)

#: one row per recipient party: sent -> received -> acknowledged, or overdue past ``due_at``
notification_recipients = Table(
    "notification_recipients",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("notification_id", String(32), ForeignKey("notifications.id"), nullable=False),
    Column("party", String(200), nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("received_at", DateTime(timezone=True)),
    Column("acknowledged_at", DateTime(timezone=True)),
    Column("acknowledged_by", String(100)),
    Column("note", Text, nullable=False),
    #: when the overdue acknowledgement was raised as an alert (once)
    Column("overdue_at", DateTime(timezone=True)),
    UniqueConstraint("notification_id", "party", name="uq_notification_recipient"),
    Index("ix_notification_recipients_due", "acknowledged_at", "overdue_at", "due_at"),
)

#: a space-time conflict of one notification with another, or with recent incidents
deconfliction_conflicts = Table(
    "deconfliction_conflicts",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(24), nullable=False),
    Column("notification_id", String(32), ForeignKey("notifications.id"), nullable=False),
    Column("other_id", String(32), ForeignKey("notifications.id")),
    Column("incident_ids", JSON, nullable=False),
    Column("detail", JSON, nullable=False),
    Column("found_at", DateTime(timezone=True), nullable=False),
    Index("ix_deconfliction_conflicts_notification", "notification_id"),
    Index("ix_deconfliction_conflicts_other", "other_id"),
)

#: an incident (a monitor's report) or a coded news event that struck near a notified site or route
deconfliction_findings = Table(
    "deconfliction_findings",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(24), nullable=False),
    Column("notification_id", String(32), ForeignKey("notifications.id"), nullable=False),
    Column("incident_id", String(32)),
    Column("event_id", String(64)),
    Column("distance_km", Float, nullable=False),
    Column("gap_hours", Float, nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_deconfliction_findings_notification", "notification_id"),
    Index("ix_deconfliction_findings_incident", "incident_id"),
)

#: each conflict's terms (by country), where they differ from the defaults in ``deconflict/terms.py``
deconfliction_terms = Table(
    "deconfliction_terms",
    metadata,
    Column("country", String(2), primary_key=True),
    Column("terms", JSON, nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
