"""Indexes (and SQLite's full-text triggers) dropped for a bulk load, then made again.

A table's secondary indexes cost more to keep up row by row than to build once over the
sorted rows, when a load adds much to the table. `deferred(engine, tables)` drops the
non-unique indexes of `tables` as the database describes them (SQLite's `sqlite_master`,
PostgreSQL's `pg_index` with `pg_get_indexdef`: PostGIS and GIN indexes included) and, on
SQLite, the triggers on them (migration 0007's, which keep `fused_events_fts` in step),
and creates them again on the way out, error or not; the full-text index is then rebuilt
once (FTS5's 'rebuild' command). Unique indexes (primary keys, content hashes) stay: the
load relies on them.

The dropped DDL is kept in `deferred_ddl`, in the transaction that drops it, so a load
killed half-way leaves it there: `restore(engine)`, which opening a store runs when the
table has rows, creates what it holds (`IF NOT EXISTS`: a restore cut short can run
again) and empties it. Another process that opens the store during a load restores them
early: the load goes on, slower, and stores the same (the full-text index is rebuilt by
that restore, and kept by the triggers after it).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa

from flarewatch.storage.schema import deferred_ddl

SQLITE_FOUND = sa.text(
    "SELECT name, tbl_name, type, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
    "AND tbl_name IN :tables AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
).bindparams(sa.bindparam("tables", expanding=True))
POSTGRESQL_FOUND = sa.text(
    "SELECT i.relname, t.relname, 'index', pg_get_indexdef(i.oid) FROM pg_index x "
    "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
    "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema() "
    "AND t.relname IN :tables AND NOT x.indisunique"
).bindparams(sa.bindparam("tables", expanding=True))
FTS_REBUILD = "INSERT INTO fused_events_fts(fused_events_fts) VALUES ('rebuild')"


def found_ddl(connection: sa.Connection, tables: Sequence[sa.Table]) -> list[dict[str, str]]:
    """The droppable indexes (and SQLite triggers) of `tables` as `deferred_ddl` rows."""
    query = POSTGRESQL_FOUND if connection.dialect.name == "postgresql" else SQLITE_FOUND
    found = connection.execute(query, {"tables": [table.name for table in tables]})
    return [{"name": name, "table_name": table, "kind": kind, "ddl": ddl}
            for name, table, kind, ddl in found]


def drop(engine: sa.Engine, tables: Sequence[sa.Table]) -> int:
    """Drop the indexes and triggers of `tables`, keeping their DDL; how many."""
    with engine.begin() as connection:
        found = found_ddl(connection, tables)
        if found:
            connection.execute(deferred_ddl.insert(), found)
        for item in found:
            connection.exec_driver_sql(f'DROP {item["kind"].upper()} "{item["name"]}"')
    return len(found)


def if_not_exists(ddl: str) -> str:
    """`CREATE [INDEX|TRIGGER] name ...` as `CREATE ... IF NOT EXISTS name ...`."""
    for kind in ("INDEX", "TRIGGER"):
        head = f"CREATE {kind} "
        if ddl.startswith(head) and not ddl.startswith(head + "IF NOT EXISTS"):
            return head + "IF NOT EXISTS " + ddl[len(head):]
    return ddl


def restore(engine: sa.Engine) -> int:
    """Create what `deferred_ddl` holds (indexes first), rebuild SQLite's full-text index
    when its triggers were among it, and empty the table; how many were created."""
    with engine.begin() as connection:
        found = connection.execute(sa.select(deferred_ddl).order_by(
            deferred_ddl.c.kind, deferred_ddl.c.name)).mappings().all()
        for item in found:
            connection.exec_driver_sql(if_not_exists(item["ddl"]))
        if any(item["kind"] == "trigger" and item["table_name"] == "fused_events"
               for item in found):
            connection.exec_driver_sql(FTS_REBUILD)
        connection.execute(deferred_ddl.delete())
    return len(found)


def pending(engine: sa.Engine) -> bool:
    """Whether a load left dropped DDL to restore (one indexed read)."""
    with engine.connect() as connection:
        return connection.execute(sa.select(deferred_ddl.c.name).limit(1)).first() is not None


@contextmanager
def deferred(engine: sa.Engine, tables: Sequence[sa.Table]) -> Iterator[int]:
    """Within the block, `tables` have no secondary indexes (nor SQLite triggers); yields
    how many were dropped. Restored on leaving, also when the block raises."""
    restore(engine)  # what an interrupted load left, before it is dropped again
    dropped = drop(engine, tables)
    try:
        yield dropped
    finally:
        restore(engine)
