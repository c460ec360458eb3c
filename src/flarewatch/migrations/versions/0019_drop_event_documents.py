"""Drop `event_documents`, which repeated each per-document event's own document and
evidence span (`events.doc_id`, `events.evidence_start`, `evidence_end`,
`evidence_sentence`).

Since migration 0001 the table was to link an event to each document reporting it; every
writer linked an event to the document it was extracted from only, and the fusion layer
(0005: `fused_events`, `events.fused_id`) is what links one incident to its many
sources. The API's evidence and a document's events now read `events`. A bulk load of
50,000 events wrote 50,000 rows fewer, with their primary key and `doc_id` index: on
SQLite its rows-only load went from about 1.02 to 0.95 s (bench/bench_storage.py's
documents, `--bulk-only`, 2 cores).

The downgrade makes the table again as 0001 made it and fills it from `events`.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

REFILL = ("INSERT INTO event_documents (event_id, doc_id, evidence_start, evidence_end, "
          "evidence_sentence) SELECT id, doc_id, evidence_start, evidence_end, "
          "evidence_sentence FROM events")


def upgrade() -> None:
    op.drop_table("event_documents")


def downgrade() -> None:
    op.create_table(
        "event_documents",
        sa.Column("event_id", sa.String, sa.ForeignKey("events.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("doc_id", sa.String, sa.ForeignKey("documents.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("evidence_sentence", sa.Integer, nullable=False),
    )
    op.create_index("ix_event_documents_doc_id", "event_documents", ["doc_id"])
    op.execute(REFILL)
