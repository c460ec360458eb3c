"""The alert's `peak_week` and `coarse` columns, for stores whose `alerts` table predates them.

0006 creates the watch tables from the current Core schema (`storage.schema.alerts`). The
two columns were added to that schema after 0006 had first run, so a store migrated then
has an `alerts` table without them, and the watch fails on it ("no such column:
peak_week"). This revision adds them where they are missing: `peak_week` filled with the
alert's `last_alarm_week` (the best week known without its series), `coarse` with 0 (no
coarse-dated records counted). A store created after the change is left as it is.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

FILLS: dict[str, tuple[sa.types.TypeEngine[Any], str]] = {
    "peak_week": (sa.Date(), "last_alarm_week"), "coarse": (sa.Integer(), "0")}


def upgrade() -> None:
    present = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("alerts")}
    missing = [name for name in FILLS if name not in present]
    for name in missing:
        op.add_column("alerts", sa.Column(name, FILLS[name][0], nullable=True))
        op.execute(f"UPDATE alerts SET {name} = {FILLS[name][1]}")
    if missing:
        with op.batch_alter_table("alerts") as batch:
            for name in missing:
                batch.alter_column(name, existing_type=FILLS[name][0], nullable=False)


def downgrade() -> None:
    """Nothing: the columns belong to 0006's table as the schema defines it."""
