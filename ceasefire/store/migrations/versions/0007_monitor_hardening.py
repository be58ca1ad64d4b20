"""monitor hardening: coding failures kept per report, a clustering index, keyed audit entries
naming the token used, and gateway senders bound to accounts

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("reports", sa.Column("coding_error", sa.Text(), nullable=True))
    op.add_column("reports", sa.Column("coding_attempts", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("reports", sa.Column("coding_next_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_reports_cluster", "reports", ["event_type", "occurred_at"])
    op.add_column("audit_log", sa.Column("mac", sa.String(length=64), nullable=True))
    op.add_column("audit_log", sa.Column("token_id", sa.Integer(), nullable=True))
    op.create_table(
        "sender_bindings",
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("address"),
    )


def downgrade() -> None:
    op.drop_table("sender_bindings")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("token_id")
        batch.drop_column("mac")
    op.drop_index("ix_reports_cluster", table_name="reports")
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("coding_next_at")
        batch.drop_column("coding_attempts")
        batch.drop_column("coding_error")
