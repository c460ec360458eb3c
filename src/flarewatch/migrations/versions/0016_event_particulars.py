"""`events.particulars`, at the end of `ix_events_type_date`: the names and numbers of each
event's evidence clause, for fusion's lookup of an unplaced event.

An event that names no place and whose report names none either (a follow-up: "their
shelling had killed 4 residents") can be anchored to a stored event only by a name or
number both evidence clauses give (`flarewatch.fusion.score.needed_particulars`); when no
side is coded, it is compared in every country. Its lookup read every stored event of its
type and days in every country (on bench/bench_fusion.py's store of 1,000,000 records,
4,551 rows, 130-200 ms) to keep the one or two sharing a particular. With the column
(" 4 aleppo ", `flarewatch.fusion.score.particulars_column`; "" for none) at the end of
the index leading with the type and the day (`ix_events_type_date`, made again: the API's
plans read its other columns as before), the lookup reads the rows sharing one only.

The column is filled here for every stored event (`flarewatch.fusion.layer.fill_particulars`),
and by fusion for each event it fuses (`flarewatch.fusion.layer.keep_particulars`); a
NULL one (stored unfused, as a bulk load does before its fusion pass) is always a
candidate. The column is a plain ADD COLUMN (no table is rewritten).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

INDEX = "ix_events_type_date"
COLUMNS = ["event", "date", "place_country", "id", "actor_code", "dead"]


def upgrade() -> None:
    """Add the column (unless a store taken back to an older revision kept it) and fill
    it, then make the index again with it (forgetting the index where a killed bulk load
    left it to be made again: `deferred_ddl`, 0009)."""
    bind = op.get_bind()
    if "particulars" not in column_names(bind, "events"):
        op.add_column("events", sa.Column("particulars", sa.String))
    from flarewatch.fusion.layer import fill_particulars

    fill_particulars(bind)
    remake_index([*COLUMNS, "particulars"])


def column_names(bind: sa.Connection, table: str) -> set[str]:
    """The table's column names, read from an empty SELECT rather than reflected: on
    PostGIS, reflection warns of the `geog` column's `geography` type (0008), which
    SQLAlchemy does not know ("SAWarning: Did not recognize type 'geography'")."""
    return set(bind.execute(sa.text(f'SELECT * FROM "{table}" LIMIT 0')).keys())


def remake_index(columns: list[str]) -> None:
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
    op.execute(f"DELETE FROM deferred_ddl WHERE name = '{INDEX}'")
    op.create_index(INDEX, "events", columns)


def downgrade() -> None:
    remake_index(COLUMNS)
    op.drop_column("events", "particulars")
