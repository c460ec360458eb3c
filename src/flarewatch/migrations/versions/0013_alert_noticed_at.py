"""The time an alert was last noticed as a column, `alerts.noticed_at`; and, on PostgreSQL,
no `ix_fused_events_newest`.

- `alerts.noticed_at`: the alert's version (`updated_at`) of its last notice (opening, new
  high, closing; `flarewatch.watch.alerts.notice`), by which the Atom feed dates and
  orders its entry. It was kept as a delivery row of a sink named "atom"
  (`alert_deliveries`, whose `version` held it); those rows move into the column and are
  deleted. NULL where none was kept (an alert stored before the feed kept notices): its
  `updated_at` stands for it. The column is nullable, so that SQLite adds it in place
  (making it NOT NULL would rebuild `alerts`, and the rebuild's drop of the old table
  would cascade to `alert_events` and `alert_deliveries`).
- `ix_fused_events_newest` (0010, PostgreSQL only; SQLite never had it): `(date NULLS
  FIRST, id)`, the key of 0012's `ix_fused_events_newest_covering`, which serves every
  query it served, the API's newest-first pages (`web.queries.page_rows`) unfiltered,
  after a cursor, by country, since a day, by a large box, by a minimum toll (EXPLAIN
  ANALYZE at 100,000 records: the same plans on the covering index, 0.02-0.45 ms as
  before); the index was a second copy of the same order to keep up on every write.

0006 creates `alerts` from the current Core schema, so a store created after this
revision already has the column: then only the rows move. A store migrated by an early
0006 may lack `alert_deliveries` (no notice was kept there): then nothing moves, and a
downgrade has nowhere to put the notices back.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

FEED_SINK = "atom"  # the sink name under which the notice was kept before this revision
NEWEST = "CREATE INDEX IF NOT EXISTS ix_fused_events_newest ON fused_events (date NULLS FIRST, id)"
MOVE = ("UPDATE alerts SET noticed_at = (SELECT version FROM alert_deliveries WHERE "
        "alert_id = alerts.id AND sink = :sink) WHERE id IN "
        "(SELECT alert_id FROM alert_deliveries WHERE sink = :sink)")
RESTORE = ("INSERT INTO alert_deliveries (alert_id, sink, version, ok, attempted_at, error) "
           "SELECT id, :sink, noticed_at, :ok, noticed_at, NULL FROM alerts "
           "WHERE noticed_at IS NOT NULL")


def upgrade() -> None:
    bind = op.get_bind()
    present = {column["name"] for column in sa.inspect(bind).get_columns("alerts")}
    if "noticed_at" not in present:
        op.add_column("alerts", sa.Column("noticed_at", sa.DateTime(timezone=True)))
    if has_deliveries(bind):
        op.execute(sa.text(MOVE).bindparams(sink=FEED_SINK))
        op.execute(sa.text("DELETE FROM alert_deliveries WHERE sink = :sink")
                   .bindparams(sink=FEED_SINK))
    if bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_fused_events_newest")


def downgrade() -> None:
    """The notices back as "atom" delivery rows; the column dropped; the index again."""
    bind = op.get_bind()
    if has_deliveries(bind):
        op.execute(sa.text(RESTORE).bindparams(sink=FEED_SINK, ok=True))
    op.drop_column("alerts", "noticed_at")
    if bind.dialect.name == "postgresql":
        op.execute(NEWEST)


def has_deliveries(bind: sa.Connection) -> bool:
    """Whether the store has 0006's `alert_deliveries` (an early 0006 did not make it)."""
    return sa.inspect(bind).has_table("alert_deliveries")
