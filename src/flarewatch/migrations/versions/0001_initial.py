"""Initial schema: documents, events, event_documents, entities, places, timexes.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def document_fk() -> sa.ForeignKey:
    return sa.ForeignKey("documents.id", ondelete="CASCADE")


def entity_columns(prefix: str) -> list[sa.Column[object]]:
    return [
        sa.Column(f"{prefix}_text", sa.String),
        sa.Column(f"{prefix}_name", sa.String),
        sa.Column(f"{prefix}_code", sa.String),
        sa.Column(f"{prefix}_sector", sa.String),
        sa.Column(f"{prefix}_other_sectors", sa.JSON),
    ]


def create_documents() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("url", sa.String),
        sa.Column("title", sa.String),
        sa.Column("date", sa.Date),
        sa.Column("source", sa.String),
        sa.Column("language", sa.String),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("content_hash", name="uq_documents_content_hash"),
    )
    op.create_index("ix_documents_date", "documents", ["date"])


def place_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("place_text", sa.String),
        sa.Column("place_name", sa.String),
        sa.Column("place_geonameid", sa.BigInteger),
        sa.Column("place_lat", sa.Float),
        sa.Column("place_lon", sa.Float),
        sa.Column("place_country", sa.String),
        sa.Column("place_admin1", sa.String),
        sa.Column("place_precision", sa.String),
        sa.Column("place_feature", sa.String),
        sa.Column("place_start", sa.Integer),
        sa.Column("place_end", sa.Integer),
    ]


def outcome_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("date", sa.Date),
        sa.Column("enddate", sa.Date),
        sa.Column("date_precision", sa.String),
        sa.Column("date_text", sa.String),
        sa.Column("dead", sa.Integer),
        sa.Column("injured", sa.Integer),
        sa.Column("arrested", sa.Integer),
        sa.Column("casualties", sa.JSON, nullable=False),
        sa.Column("modality", sa.String, nullable=False),
        sa.Column("event_text", sa.Text, nullable=False),
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("evidence_sentence", sa.Integer, nullable=False),
        sa.Column("trigger_start", sa.Integer, nullable=False),
        sa.Column("trigger_end", sa.Integer, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
    ]


def create_events() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("doc_id", sa.String, document_fk(), nullable=False),
        sa.Column("event", sa.String, nullable=False),
        sa.Column("mode", sa.String),
        sa.Column("acled_event_type", sa.String),
        sa.Column("acled_sub_event_type", sa.String),
        sa.Column("cameo", sa.String),
        *entity_columns("actor"),
        *entity_columns("recipient"),
        *entity_columns("claimed_by"),
        *place_columns(),
        *outcome_columns(),
    )
    indexed = ("doc_id", "event", "acled_event_type", "actor_code", "recipient_code",
               "claimed_by_code", "place_country")
    for column in indexed:
        op.create_index(f"ix_events_{column}", "events", [column])
    op.create_index("ix_events_date_enddate", "events", ["date", "enddate"])
    op.create_index("ix_events_place_lat_lon", "events", ["place_lat", "place_lon"])


def create_event_documents() -> None:
    op.create_table(
        "event_documents",
        sa.Column(
            "event_id", sa.String, sa.ForeignKey("events.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("doc_id", sa.String, document_fk(), primary_key=True),
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("evidence_sentence", sa.Integer, nullable=False),
    )
    op.create_index("ix_event_documents_doc_id", "event_documents", ["doc_id"])


def create_layer(name: str, *columns: sa.Column[object]) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String, document_fk(), nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        *columns,
    )
    op.create_index(f"ix_{name}_doc_id", name, ["doc_id"])


def create_layers() -> None:
    create_layer(
        "entities",
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("text", sa.String, nullable=False),
        sa.Column("name", sa.String),
        sa.Column("code", sa.String),
        sa.Column("sector", sa.String),
        sa.Column("other_sectors", sa.JSON, nullable=False),
    )
    op.create_index("ix_entities_code", "entities", ["code"])
    create_layer(
        "places",
        sa.Column("text", sa.String, nullable=False),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("geonameid", sa.BigInteger),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("country", sa.String),
        sa.Column("admin1", sa.String),
        sa.Column("precision", sa.String, nullable=False),
        sa.Column("feature", sa.String),
    )
    op.create_index("ix_places_country", "places", ["country"])
    create_layer(
        "timexes",
        sa.Column("text", sa.String, nullable=False),
        sa.Column("type", sa.String, nullable=False),
        sa.Column("value", sa.String, nullable=False),
        sa.Column("date", sa.String),
        sa.Column("enddate", sa.String),
        sa.Column("precision", sa.String),
    )


def upgrade() -> None:
    create_documents()
    create_events()
    create_event_documents()
    create_layers()


def downgrade() -> None:
    for name in ("timexes", "places", "entities", "event_documents", "events", "documents"):
        op.drop_table(name)
