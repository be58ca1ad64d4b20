"""process identity and ranked links: grouped source records, local scope, supersession, link features

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("processes") as batch:
        batch.add_column(sa.Column("local", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("partial", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("places", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("venues", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("declarations", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("superseded_by", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("in_force_until", sa.Date(), nullable=True))
        batch.add_column(sa.Column("last_seen", sa.Date(), nullable=True))
    op.create_table(
        "process_records",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("process_id", sa.String(length=64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_process_records_process", "process_records", ["process_id"])
    with op.batch_alter_table("event_links") as batch:
        batch.add_column(sa.Column("standing", sa.String(length=12), nullable=False, server_default="linked"))
        batch.add_column(sa.Column("score", sa.Float(), nullable=True))
        batch.add_column(sa.Column("features", sa.JSON(), nullable=True))
    op.create_index("ix_event_links_standing", "event_links", ["process_id", "standing"])
    op.create_index("ix_events_event_date", "events", ["event", "date"])


def downgrade() -> None:
    op.drop_index("ix_events_event_date", table_name="events")
    op.drop_index("ix_event_links_standing", table_name="event_links")
    with op.batch_alter_table("event_links") as batch:
        batch.drop_column("features")
        batch.drop_column("score")
        batch.drop_column("standing")
    op.drop_index("ix_process_records_process", table_name="process_records")
    op.drop_table("process_records")
    with op.batch_alter_table("processes") as batch:
        for column in (
            "last_seen",
            "in_force_until",
            "superseded_by",
            "declarations",
            "venues",
            "places",
            "partial",
            "local",
        ):
            batch.drop_column(column)
