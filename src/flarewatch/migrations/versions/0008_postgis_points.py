"""PostGIS points on PostgreSQL: `geog geography(Point, 4326)` on `events` and
`fused_events`, generated from `place_lon`/`place_lat` (NULL without a point), with a GiST
index on it (for analysts' geography queries: `ST_DWithin(geog, ..., metres)`) and one on
`geog::geometry` (the API's `bbox` and `near` boxes, `flarewatch.storage.points`); and
the view `fused_events_map` (the main fields and `geom geometry(Point, 4326)`) that QGIS
opens as a layer.

Only where PostGIS can be had: the extension is created (in `public`) when the server
offers it and the user may create it, and the columns are added when the `geography`
type is then on the search path. Elsewhere, and on SQLite, nothing changes: the API uses
latitude and longitude, with the same results (tested on every store).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

LOG = logging.getLogger(__name__)
POINT = ("CASE WHEN place_lat IS NULL OR place_lon IS NULL THEN NULL "
         "ELSE ST_SetSRID(ST_MakePoint(place_lon, place_lat), 4326)::geography END")
MAP_FIELDS = ("id", "event", "mode", "acled_event_type", "acled_sub_event_type", "date",
              "enddate", "date_precision", "actor_code", "actor_sector", "recipient_code",
              "recipient_sector", "place_name", "place_country", "place_admin1", "dead",
              "injured", "modality", "source_count", "event_text")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql" or not postgis_ready(bind):
        return
    for table in ("events", "fused_events"):
        op.execute(f"ALTER TABLE {table} ADD COLUMN geog geography(Point, 4326) "
                   f"GENERATED ALWAYS AS ({POINT}) STORED")
        op.execute(f"CREATE INDEX ix_{table}_geog ON {table} USING gist (geog)")
        op.execute(f"CREATE INDEX ix_{table}_geom ON {table} USING gist ((geog::geometry))")
    op.execute(f"CREATE VIEW fused_events_map AS SELECT {', '.join(MAP_FIELDS)}, "
               "geog::geometry(Point, 4326) AS geom FROM fused_events")


def postgis_ready(bind: sa.Connection) -> bool:
    """PostGIS installed (or installed now) and its `geography` type on the search path."""
    offered = bind.execute(sa.text(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")).first()
    if offered is None:
        LOG.info("PostgreSQL offers no PostGIS: points stay latitude and longitude")
        return False
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public"))
    except sa.exc.DBAPIError as error:
        LOG.warning("PostGIS not created (%s): points stay latitude and longitude",
                    str(error.orig).splitlines()[0])
        return False
    return bind.execute(sa.text("SELECT to_regtype('geography')")).scalar() is not None


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute("DROP VIEW IF EXISTS fused_events_map")
    for table in ("events", "fused_events"):
        op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS geog")
