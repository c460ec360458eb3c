"""Daily counts per PLOVER type and per actor code (`daily_type_counts`,
`daily_actor_counts`; `flarewatch.storage.counts`), filled here from the stored fused
records, and `daily_country_counts` indexed by country for a series' totals.

A series by type or by actor read `daily_counts` (a row per day, country, admin1, type and
actor: hundreds a day), where one by country reads `daily_country_counts` (a few dozen).
Each now reads its own table; the index on (country, events) lets the totals that choose
the named groups of a series by country read in country order, without sorting. On
bench/bench_web.py's store of 1,000,000 records (SQLite, cache off, p50 / p95, before and
after on copies of one store): by type 247.8 / 319.3 -> 88.7 / 102.6 ms, by actor
489.7 / 608.6 -> 72.8 / 106.1, by country 108.4 / 118.7 -> 83.0 / 110.7. New tables
and an index only; nothing existing is changed.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

from flarewatch.storage.counts import recount
from flarewatch.storage.schema import daily_actor_counts, daily_type_counts

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

COUNTRY_INDEX = "ix_daily_country_counts_country"


def upgrade() -> None:
    """Make the tables (unless a store taken back to an older revision kept them) and the
    index (which a store made by 0009 from today's schema has already), then count."""
    bind = op.get_bind()
    daily_type_counts.create(bind, checkfirst=True)
    daily_actor_counts.create(bind, checkfirst=True)
    op.create_index(COUNTRY_INDEX, "daily_country_counts", ["country", "events"],
                    if_not_exists=True)
    recount(bind, (daily_type_counts, daily_actor_counts))


def downgrade() -> None:
    bind = op.get_bind()
    op.drop_index(COUNTRY_INDEX, "daily_country_counts", if_exists=True)
    daily_actor_counts.drop(bind)
    daily_type_counts.drop(bind)
