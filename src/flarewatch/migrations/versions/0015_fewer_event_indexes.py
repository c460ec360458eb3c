"""Fewer single-column indexes on per-document `events`: no `ix_events_event`,
`ix_events_recipient_code`, `ix_events_claimed_by_code` or `ix_events_place_country`
(`fused_events` keeps its own). A bulk load builds four indexes fewer
(`storage.deferral`).

Every distinct statement that reads `events` in a workload of the API with `fused=false`
(26 filter sets, each with its next page and its daily series, plain and by country, type
and actor), `flarewatch events --per-document` (`Store.query_events`) and, at 10,000
events, one-by-one ingest with its fusion, a bulk load with its fusion pass, and an
analyst's split, merge and explain, was EXPLAINed with and without them:

- SQLite, 1,000,000 events (bench/bench_web.py's store, no planner statistics, as a
  store has none): no plan read `ix_events_event` (`ix_events_type_date` leads with
  `event`) or `ix_events_claimed_by_code`. One plan changed: the per-document `country`
  of `flarewatch events`, which took the other three by a MULTI-INDEX OR and sorted
  every match (a page of 100 of UKR: 178 ms) and now walks `ix_events_date_enddate`
  (under 1 ms). At 10,000 events the same plan changed, and no other of 241 statements.
- PostgreSQL, the same 1,000,000 events (VACUUM ANALYZEd, PostGIS): 13 of 142 plans
  changed, 1,914 ms in all before and 1,695 after. A `bbox` with a type no longer ANDs a
  bitmap of the whole type (16-18 ms became 7-10); a `country`, answered by a parallel
  scan where it was a BitmapOr of the three, took 276-522 ms and now 265-434; the next
  page of a rare country in a month took 52 ms and now 122 (`ix_events_browse`, index
  only). No statement of fusion or of the fused records changed its plan.

Kept, though a wider index leads with them or a page could walk `ix_events_browse`:
`ix_events_acled_event_type`, `ix_events_actor_code` and `ix_events_date_enddate`. Without
them a per-document daily series of an ACLED type took 3.4-5.3 s instead of 0.2-0.25 s
(the type is in no covering index), one of an actor 100-113 ms instead of 60-89, and each
scan in date order that reads the rows anyway (a series of a mode or a sector) 30-40%
longer on the wide `ix_events_browse`.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

COLUMNS = ("event", "recipient_code", "claimed_by_code", "place_country")
INDEXES = tuple(f"ix_events_{column}" for column in COLUMNS)


def upgrade() -> None:
    """Drop them, and forget them where a killed bulk load left them to be made again
    (`deferred_ddl`, 0009: opening the store restores what that holds)."""
    for index in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {index}")
        op.execute(f"DELETE FROM deferred_ddl WHERE name = '{index}'")


def downgrade() -> None:
    for index, column in zip(INDEXES, COLUMNS, strict=True):
        op.create_index(index, "events", [column], if_not_exists=True)
