"""Covering indexes for the web API: newest-first listing and daily counts at scale.

`ix_events_browse` leads with the date, so GET /events (newest first) walks it backwards
and stops after one page, and /stats/timeseries counts days from it alone, whatever
mix of country, type, place and modality filters it is given. `ix_events_type_date`
does the same for a PLOVER type, grouped by country in index order. `ix_events_point_date`
answers a map box without reading rows. Measured in bench/bench_web.py at 1M events.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_events_browse": ["date", "place_country", "id", "event", "actor_code",
                         "recipient_code", "place_lat", "place_lon", "enddate", "dead",
                         "modality"],
    "ix_events_type_date": ["event", "date", "place_country", "id", "actor_code", "dead"],
    "ix_events_point_date": ["place_lat", "place_lon", "date", "id"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "events", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="events")
