"""queries: the countries each process names (backfilled), and indexes for the API's lists and the
rules' counts

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_incidents_process", "incidents", ["process_id"]),
    ("ix_incidents_first", "incidents", ["first_at"]),
    ("ix_party_responses_incident", "party_responses", ["incident_id"]),
    ("ix_alerts_created", "alerts", ["created_at"]),
    ("ix_alert_recipients_account", "alert_recipients", ["account_id", "alert_id"]),
)


def upgrade() -> None:
    op.create_table(
        "process_countries",
        sa.Column("process_id", sa.String(length=64), nullable=False),
        sa.Column("country", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["process_id"], ["processes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("process_id", "country"),
    )
    op.create_index("ix_process_countries_country", "process_countries", ["country", "process_id"])
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    _backfill()


def _backfill() -> None:
    """The country rows of the processes stored before this migration, read in slices."""
    from ceasefire.store.process_countries import country_rows

    conn = op.get_bind()
    processes = sa.table("processes", sa.column("id"), sa.column("countries", sa.JSON))
    countries = sa.table("process_countries", sa.column("process_id"), sa.column("country"))
    last = ""
    while True:
        rows = conn.execute(
            sa.select(processes.c.id, processes.c.countries)
            .where(processes.c.id > last).order_by(processes.c.id).limit(500)
        ).all()  # fmt: skip
        if not rows:
            return
        conn.execute(
            sa.insert(countries), [r for row in rows for r in country_rows(row.id, row.countries or [])]
        )
        last = rows[-1].id


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    op.drop_index("ix_process_countries_country", table_name="process_countries")
    op.drop_table("process_countries")
