"""Daily counts of all fused records (`daily_totals`; `flarewatch.storage.counts`), filled
here from the stored fused records.

A series of all records summed `daily_country_counts` per day (some 30 rows a day), and a
series by group read the rest of each day (the groups past `top`) with a second scan of
its counts table, which it now takes from the day's total less its named groups
(`flarewatch.web.queries.with_rest`). New table only; nothing existing is changed.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

from flarewatch.storage.counts import recount
from flarewatch.storage.schema import daily_totals

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Make the table (unless a store taken back to an older revision kept it), then
    count."""
    bind = op.get_bind()
    daily_totals.create(bind, checkfirst=True)
    recount(bind, (daily_totals,))


def downgrade() -> None:
    daily_totals.drop(op.get_bind())
