"""Daily counts of fused records and the bulk load's deferred DDL: `daily_counts` (per
day, country, admin1, PLOVER type and actor code) and `daily_country_counts` (per day and
country; `flarewatch.storage.counts`), filled here from the stored fused records, and
`deferred_ddl` (`flarewatch.storage.deferral`).
New tables only; nothing existing is changed.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

from flarewatch.storage.counts import recount
from flarewatch.storage.schema import daily_country_counts, daily_counts, deferred_ddl

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    daily_counts.create(bind)
    daily_country_counts.create(bind)
    deferred_ddl.create(bind)
    recount(bind, (daily_counts, daily_country_counts))


def downgrade() -> None:
    bind = op.get_bind()
    deferred_ddl.drop(bind)
    daily_country_counts.drop(bind)
    daily_counts.drop(bind)
