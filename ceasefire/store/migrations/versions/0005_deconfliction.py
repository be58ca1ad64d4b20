"""deconfliction: notifications, recipients, acknowledgements, conflicts, findings

Also widens ``alert_rules.kind`` and ``alerts.kind`` from 16 to 24 characters (``notified_site_hit``
is 17). SQLite does not enforce a VARCHAR length, and rebuilding ``alerts`` there would trip the
foreign keys of its deliveries, so on SQLite only the declared type in the schema text changes
(the documented ``writable_schema`` procedure for changes that leave the stored rows as they are).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_WIDENED = ("alert_rules", "alerts")


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("client_id", sa.String(length=160), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("function", sa.String(length=24), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("geometry", sa.JSON(), nullable=False),
        sa.Column("properties", sa.JSON(), nullable=False),
        sa.Column("notified_by", sa.Integer(), nullable=False),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("emergency", sa.Boolean(), nullable=False),
        sa.Column("coordinates_source", sa.String(length=200), nullable=False),
        sa.Column("precision_m", sa.Float(), nullable=True),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("verified_by", sa.String(length=200), nullable=True),
        sa.Column("altitude_min_m", sa.Float(), nullable=True),
        sa.Column("altitude_max_m", sa.Float(), nullable=True),
        sa.Column("width_m", sa.Float(), nullable=True),
        sa.Column("min_lon", sa.Float(), nullable=False),
        sa.Column("min_lat", sa.Float(), nullable=False),
        sa.Column("max_lon", sa.Float(), nullable=False),
        sa.Column("max_lat", sa.Float(), nullable=False),
        sa.Column("reconfirm_due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reconfirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=24), nullable=True),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        sa.Column("outcome_by", sa.String(length=100), nullable=True),
        sa.Column("outcome_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["notified_by"], ["accounts.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("notified_by", "client_id", name="uq_notification_client"),
    )
    op.create_index("ix_notifications_window", "notifications", ["valid_until", "valid_from"])
    op.create_index("ix_notifications_box", "notifications", ["min_lat", "max_lat"])
    op.create_index("ix_notifications_country", "notifications", ["country", "kind"])
    op.create_table(
        "notification_recipients",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("notification_id", sa.String(length=32), nullable=False),
        sa.Column("party", sa.String(length=200), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by", sa.String(length=100), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("overdue_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["notification_id"], ["notifications.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("notification_id", "party", name="uq_notification_recipient"),
    )
    op.create_index("ix_notification_recipients_due", "notification_recipients",
                    ["acknowledged_at", "overdue_at", "due_at"])  # fmt: skip
    op.create_table(
        "deconfliction_conflicts",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("notification_id", sa.String(length=32), nullable=False),
        sa.Column("other_id", sa.String(length=32), nullable=True),
        sa.Column("incident_ids", sa.JSON(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["notification_id"], ["notifications.id"]),
        sa.ForeignKeyConstraint(["other_id"], ["notifications.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_deconfliction_conflicts_notification", "deconfliction_conflicts", ["notification_id"])
    op.create_index("ix_deconfliction_conflicts_other", "deconfliction_conflicts", ["other_id"])
    op.create_table(
        "deconfliction_findings",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("notification_id", sa.String(length=32), nullable=False),
        sa.Column("incident_id", sa.String(length=32), nullable=True),
        sa.Column("event_id", sa.String(length=64), nullable=True),
        sa.Column("distance_km", sa.Float(), nullable=False),
        sa.Column("gap_hours", sa.Float(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["notification_id"], ["notifications.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_deconfliction_findings_notification", "deconfliction_findings", ["notification_id"])
    op.create_index("ix_deconfliction_findings_incident", "deconfliction_findings", ["incident_id"])
    op.create_table(
        "deconfliction_terms",
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("country"),
    )
    _kind_length(16, 24)


def downgrade() -> None:
    _kind_length(24, 16)
    op.drop_table("deconfliction_terms")
    op.drop_index("ix_deconfliction_findings_incident", table_name="deconfliction_findings")
    op.drop_index("ix_deconfliction_findings_notification", table_name="deconfliction_findings")
    op.drop_table("deconfliction_findings")
    op.drop_index("ix_deconfliction_conflicts_other", table_name="deconfliction_conflicts")
    op.drop_index("ix_deconfliction_conflicts_notification", table_name="deconfliction_conflicts")
    op.drop_table("deconfliction_conflicts")
    op.drop_index("ix_notification_recipients_due", table_name="notification_recipients")
    op.drop_table("notification_recipients")
    op.drop_index("ix_notifications_country", table_name="notifications")
    op.drop_index("ix_notifications_box", table_name="notifications")
    op.drop_index("ix_notifications_window", table_name="notifications")
    op.drop_table("notifications")


def _kind_length(old: int, new: int) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        for table in _WIDENED:
            op.alter_column(table, "kind", existing_type=sa.String(length=old), type_=sa.String(length=new),
                            existing_nullable=False)  # fmt: skip
        return
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema=ON")
    for table in _WIDENED:
        bind.exec_driver_sql(
            "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = ?",
            (f"kind VARCHAR({old}) NOT NULL", f"kind VARCHAR({new}) NOT NULL", table),
        )
    bind.exec_driver_sql(f"PRAGMA schema_version={int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema=OFF")
