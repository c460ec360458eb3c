"""Span indexes for `since`, the full-text vocabularies, and on PostgreSQL a newest-first
index holding the words and the point.

- `ix_events_span`, `ix_fused_events_span` (both stores): an index on each record's span
  in days, `coalesce(enddate, date) - date` (`storage.spans.SPAN`), so the longest span
  is one index step and `since` bounds the date indexes from below
  (`storage.spans.earliest_start`): a month of one country's daily series at 1,000,000
  records read 400,000 index entries (330 ms on SQLite, 150 ms on PostgreSQL).
- `ix_fused_events_newest_covering` (PostgreSQL): `(date NULLS FIRST, id) INCLUDE
  (search[, geog])`, the words (0007) and, with PostGIS, the point (0008). A `bbox` or
  `q=` page walks the newest records until it has a page; on `ix_fused_events_newest`
  each record it passes is read from the table to test it (a small box in a busy region:
  24,000 table reads, 255 ms; a place's name, 30,000 reads, 240 ms); with the point and
  the words in the index the walk reads the index only (PostgreSQL's index-only scan,
  once vacuum has marked the pages all-visible: 7 and 12 ms). The GiST and GIN indexes
  still serve boxes and words with few records.
- `fused_events_fts_vocab` (SQLite): an FTS5 `fts5vocab` table over `fused_events_fts`,
  the indexed words, from which `storage.search` turns a prefix term into the exact word
  or its few extensions (a word in every record as a prefix: 80 ms; as a word: 8 ms).
- `search_words` (PostgreSQL): the same for the `search` tsvector (0007), a table of
  every lexeme, kept by statement triggers on `fused_events` (insert and update; a word
  no longer held stays, and matches nothing).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from flarewatch.storage.spans import SPAN, SPAN_TABLES, span_index

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

NEWEST_COVERING = ("CREATE INDEX IF NOT EXISTS ix_fused_events_newest_covering ON "
                   "fused_events (date NULLS FIRST, id) INCLUDE ({columns})")


VOCABULARY = ("CREATE VIRTUAL TABLE IF NOT EXISTS fused_events_fts_vocab "
              "USING fts5vocab(fused_events_fts, 'row')")
# The words of `search` (PostgreSQL): every lexeme any record has had, added by statement
# triggers in the writing transaction, in byte order (COLLATE "C": a prefix is a range),
# inserted sorted so that concurrent writers take their locks in one order.
ADD_WORDS = ("INSERT INTO search_words SELECT DISTINCT unnest(tsvector_to_array(search)) "
             "FROM {rows} ORDER BY 1 ON CONFLICT DO NOTHING")
WORDS = [
    'CREATE TABLE search_words (word text COLLATE "C" PRIMARY KEY)',
    ADD_WORDS.format(rows="fused_events"),
    "CREATE FUNCTION fused_events_add_words() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN {ADD_WORDS.format(rows='new_rows')}; RETURN NULL; END $$",
    *(f"CREATE TRIGGER fused_events_words_{kind.lower()} AFTER {kind} ON fused_events "
      "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
      "EXECUTE FUNCTION fused_events_add_words()" for kind in ("INSERT", "UPDATE")),
]


def upgrade() -> None:
    bind = op.get_bind()
    span = SPAN[bind.dialect.name]
    for table in SPAN_TABLES:
        op.execute(f"CREATE INDEX IF NOT EXISTS {span_index(table)} ON {table} (({span}))")
    if bind.dialect.name == "sqlite":
        op.execute(VOCABULARY)
        return
    for statement in WORDS:
        op.execute(statement)
    columns = "search, geog" if has_points(bind) else "search"
    op.execute(NEWEST_COVERING.format(columns=columns))


def has_points(bind: sa.Connection) -> bool:
    """Whether 0008 gave `fused_events` its PostGIS point column."""
    return bind.execute(sa.text(
        "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = 'fused_events' AND column_name = 'geog'")).first() is not None


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS fused_events_fts_vocab")
    else:
        op.execute("DROP TABLE IF EXISTS search_words")
        op.execute("DROP FUNCTION IF EXISTS fused_events_add_words() CASCADE")
        op.execute("DROP INDEX IF EXISTS ix_fused_events_newest_covering")
    for table in SPAN_TABLES:
        op.execute(f"DROP INDEX IF EXISTS {span_index(table)}")
