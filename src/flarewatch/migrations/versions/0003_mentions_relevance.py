"""Every telling of an event, and how relevant each document is.

`events.mentions`: a JSON list of `{"start", "end", "sentence"}`, the tellings of the
incident in its document besides the principal evidence span; rows stored before this
revision get `[]`. `documents.relevance`: 0..1 (how much the document is about political
violence), NULL for documents stored before or never scored; indexed for
`GET /events?min_relevance=`. Both are plain ADD COLUMNs, so upgrading a large database
rewrites no table (SQLite accepts NOT NULL with a constant default).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("events", sa.Column("mentions", sa.JSON, nullable=False,
                                      server_default="[]"))
    op.add_column("documents", sa.Column("relevance", sa.Float))
    op.create_index("ix_documents_relevance", "documents", ["relevance"])


def downgrade() -> None:
    # In place (SQLite >= 3.35 drops a column natively): copying `documents` or `events`
    # in batch mode would drop the old table, and with foreign keys on, SQLite's implicit
    # DELETE of a dropped table cascades to every row that references it.
    op.drop_index("ix_documents_relevance", table_name="documents")
    op.drop_column("documents", "relevance")
    op.drop_column("events", "mentions")
