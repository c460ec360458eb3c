"""Full-text search over fused records: `q=` of the API answered from an index.

- SQLite: an FTS5 table `fused_events_fts` over `fused_events` (external content, by
  rowid; the unicode61 tokenizer without diacritics) on the event's words, its place and
  both sides' words, kept in step by triggers on insert, update and delete, and filled
  from the stored records here.
- PostgreSQL: a stored generated `tsvector` column `fused_events.search` (the `simple`
  configuration: names are not stemmed) with a GIN index.
`flarewatch.storage.search` builds the queries. The per-document `events` table is not
indexed (`fused=false` searches it by substring).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

from flarewatch.storage.search import SEARCHED_COLUMNS

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = ", ".join(SEARCHED_COLUMNS)
NEW = ", ".join(f"new.{name}" for name in SEARCHED_COLUMNS)
OLD = ", ".join(f"old.{name}" for name in SEARCHED_COLUMNS)
SQLITE = [
    f"CREATE VIRTUAL TABLE fused_events_fts USING fts5({COLUMNS}, content='fused_events', "
    "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER fused_events_fts_insert AFTER INSERT ON fused_events BEGIN "
    f"INSERT INTO fused_events_fts(rowid, {COLUMNS}) VALUES (new.rowid, {NEW}); END",
    "CREATE TRIGGER fused_events_fts_delete AFTER DELETE ON fused_events BEGIN "
    f"INSERT INTO fused_events_fts(fused_events_fts, rowid, {COLUMNS}) "
    f"VALUES ('delete', old.rowid, {OLD}); END",
    "CREATE TRIGGER fused_events_fts_update AFTER UPDATE ON fused_events BEGIN "
    f"INSERT INTO fused_events_fts(fused_events_fts, rowid, {COLUMNS}) "
    f"VALUES ('delete', old.rowid, {OLD}); "
    f"INSERT INTO fused_events_fts(rowid, {COLUMNS}) VALUES (new.rowid, {NEW}); END",
    "INSERT INTO fused_events_fts(fused_events_fts) VALUES ('rebuild')",
]
DOCUMENT = " || ' ' || ".join(f"coalesce({name}, '')" for name in SEARCHED_COLUMNS)
POSTGRESQL = [
    "ALTER TABLE fused_events ADD COLUMN search tsvector GENERATED ALWAYS AS "
    f"(to_tsvector('simple'::regconfig, {DOCUMENT})) STORED",
    "CREATE INDEX ix_fused_events_search ON fused_events USING gin (search)",
]


def upgrade() -> None:
    statements = SQLITE if op.get_bind().dialect.name == "sqlite" else POSTGRESQL
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER fused_events_fts_{name}")
        op.execute("DROP TABLE fused_events_fts")
    else:
        op.execute("DROP INDEX ix_fused_events_search")
        op.execute("ALTER TABLE fused_events DROP COLUMN search")
