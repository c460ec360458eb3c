"""No `ix_events_place_lat_lon` (per-document events): `ix_events_point_date` (place_lat,
place_lon, date, id) leads with its columns.

Every distinct statement that reads `events` in a workload of the API with `fused=false`
and `fused=true` (21 filter sets, each with its next page and its daily counts by every
group), `flarewatch events --per-document`, one-by-one ingest with its fusion, a bulk
load with its fusion pass, and an analyst's split, merge and explain (about 250
statements) was EXPLAINed on both stores at 10,000 events, with and without it: each plan
that used it uses `ix_events_point_date` instead, the same latitude range searched, in
the same time (SQLite: 18 plans, their statements 4.4 ms in all before and 4.3 after;
PostgreSQL, without PostGIS: 31 plans, 23.4 and 21.0 ms), and no other plan changed. A
bulk load builds one index fewer (`storage.deferral`; 20-25 ms of the 0.4-0.5 s its
index builds take at 50,000 events).

Two other indexes that a wider one leads with stay: `ix_events_event` (PostgreSQL's
bitmap scans of a type took twice as long on `ix_events_type_date`: 8 plans, 11 ms in
all became 17) and `ix_events_date_enddate` (without it SQLite answers a `bbox` page
after a cursor from `ix_events_browse` by an OR of three searches and a sort: 0.4 ms
became 11 ms). `fused_events` keeps its own.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

INDEX = "ix_events_place_lat_lon"


def upgrade() -> None:
    """Drop it, and forget it where a killed bulk load left it to be made again
    (`deferred_ddl`, 0009: opening the store restores what that holds)."""
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
    op.execute(f"DELETE FROM deferred_ddl WHERE name = '{INDEX}'")


def downgrade() -> None:
    op.create_index(INDEX, "events", ["place_lat", "place_lon"], if_not_exists=True)
