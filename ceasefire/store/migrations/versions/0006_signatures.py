"""document signatures: MinHash and LSH band keys, so later runs find copies of stored documents

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_signatures",
        sa.Column("doc_id", sa.String(length=64), nullable=False),
        sa.Column("pool", sa.String(length=8), nullable=False),
        sa.Column("minhash", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["doc_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("doc_id"),
    )
    op.create_table(
        "signature_bands",
        sa.Column("band_key", sa.String(length=40), nullable=False),
        sa.Column("doc_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["doc_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("band_key", "doc_id"),
    )
    op.create_index("ix_signature_bands_doc", "signature_bands", ["doc_id"])
    op.create_index("ix_documents_content_hash", "documents", ["content_hash"])
    _backfill()


def _backfill() -> None:
    """Signatures of the documents stored before this migration, read in slices."""
    from ceasefire.store.signatures import save_signature

    conn = op.get_bind()
    documents = sa.table("documents", sa.column("id"), sa.column("kind"), sa.column("text"))
    last = ""
    while True:
        rows = conn.execute(
            sa.select(documents.c.id, documents.c.kind, documents.c.text)
            .where(documents.c.id > last).order_by(documents.c.id).limit(500)
        ).all()  # fmt: skip
        if not rows:
            return
        for row in rows:
            save_signature(conn, row.id, row.kind, row.text)
        last = rows[-1].id


def downgrade() -> None:
    op.drop_index("ix_documents_content_hash", table_name="documents")
    op.drop_index("ix_signature_bands_doc", table_name="signature_bands")
    op.drop_table("signature_bands")
    op.drop_table("document_signatures")
