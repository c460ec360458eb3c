"""`events.date_basis` and `fused_events.date_basis`: what an event's date rests on.

"text" (the words of `date_text`), "report" (the report's own day, for want of words) or
"narrative" (the day of the incident told before it in the report,
`flarewatch.incidents.context.with_narrative_days`); NULL when undated. Fusion reads a
narrative day as no day (`flarewatch.fusion.blocking.narrative_dated`): a day carried from
the report's own day looks like the report's day in every other column. Rows stored
before this revision keep NULL, which fusion reads by the rule it used before (a wordless
day other than the report's is a narrative one). A plain ADD COLUMN (no table is
rewritten, no index changes).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

TABLES = ("events", "fused_events")


def upgrade() -> None:
    bind = op.get_bind()
    for table in TABLES:
        if "date_basis" not in column_names(bind, table):
            op.add_column(table, sa.Column("date_basis", sa.String))


def column_names(bind: sa.Connection, table: str) -> set[str]:
    """The table's column names, read from an empty SELECT (as in 0016: reflection warns
    of PostGIS's `geography` type)."""
    return set(bind.execute(sa.text(f'SELECT * FROM "{table}" LIMIT 0')).keys())


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, "date_basis")
