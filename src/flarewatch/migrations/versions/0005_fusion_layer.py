"""The fusion layer: fused records over the per-document events, and analysts' decisions.

- `fused_events`: one row per real-world incident, with every contract field of an event
  (`schema.event_columns`, the same columns as `events`), reconciled from its per-document
  events, and `source_count`, `sources`, `size_range` and `explanation` (contract: "Fused
  events"); the API's covering indexes as on `events` (0002).
- `events.fused_id`, `events.component` and `events.fusion_country`: the fused record an
  event belongs to, the component of fusion candidates it was clustered in, and the
  country fusion compares it in (`flarewatch.fusion.layer`); NULL until fused. All are
  plain ADD COLUMNs (no table is rewritten). Events stored before this revision are fused
  the next time the store is opened (`Store.fuse_pending`).
- `ix_events_fusion` (event, fusion_country, date, and the columns fusion's blocks read):
  fusion's candidate lookup, answered from the index alone.
- `fusion_decisions`: `split` and `merge` decisions of `flarewatch fuse`.

The columns are those of `event_columns` as of this revision; a later change to them is a
later migration on both tables.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from flarewatch.storage.schema import FUSION_INDEX, event_columns

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

INDEXES = {
    "date_enddate": ["date", "enddate"],
    "place_lat_lon": ["place_lat", "place_lon"],
    "browse": ["date", "place_country", "id", "event", "actor_code", "recipient_code",
               "place_lat", "place_lon", "enddate", "dead", "modality"],
    "type_date": ["event", "date", "place_country", "id", "actor_code", "dead"],
    "point_date": ["place_lat", "place_lon", "date", "id"],
}
INDEXED = ("event", "acled_event_type", "actor_code", "recipient_code", "claimed_by_code",
           "place_country")


def upgrade() -> None:
    op.add_column("events", sa.Column("fused_id", sa.String))
    op.add_column("events", sa.Column("component", sa.String))
    op.add_column("events", sa.Column("fusion_country", sa.String))
    op.create_index("ix_events_fused_id", "events", ["fused_id"])
    op.create_index("ix_events_component", "events", ["component"])
    op.create_index("ix_events_fusion", "events", list(FUSION_INDEX))
    create_fused_events()
    create_fusion_decisions()


def create_fused_events() -> None:
    columns = event_columns()
    for column in columns:
        column.index = False  # named explicitly below
    op.create_table(
        "fused_events",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("doc_id", sa.String, nullable=False),
        *columns,
        sa.Column("source_count", sa.Integer, nullable=False),
        sa.Column("sources", sa.JSON, nullable=False),
        sa.Column("size_range", sa.JSON, nullable=False),
        sa.Column("explanation", sa.JSON, nullable=False),
    )
    for name in INDEXED:
        op.create_index(f"ix_fused_events_{name}", "fused_events", [name])
    for name, indexed in INDEXES.items():
        op.create_index(f"ix_fused_events_{name}", "fused_events", indexed)


def create_fusion_decisions() -> None:
    op.create_table(
        "fusion_decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("event_id", sa.String, nullable=False),
        sa.Column("other_id", sa.String, nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String),
    )
    op.create_index("ix_fusion_decisions_event_id", "fusion_decisions", ["event_id"])
    op.create_index("ix_fusion_decisions_other_id", "fusion_decisions", ["other_id"])


def downgrade() -> None:
    op.drop_table("fusion_decisions")
    op.drop_table("fused_events")
    for name in ("ix_events_fusion", "ix_events_component", "ix_events_fused_id"):
        op.drop_index(name, table_name="events")
    op.drop_column("events", "fusion_country")
    op.drop_column("events", "component")
    op.drop_column("events", "fused_id")
