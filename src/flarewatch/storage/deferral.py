"""Indexes (and SQLite's full-text triggers) dropped for a bulk load, then made again.

A table's secondary indexes cost more to keep up row by row than to build once over the
sorted rows, when a load adds much to the table. `deferred(engine, tables)` drops the
non-unique indexes of `tables` as the database describes them (SQLite's `sqlite_master`,
PostgreSQL's `pg_index` with `pg_get_indexdef`: PostGIS and GIN indexes included) and, on
SQLite, the triggers on them (migration 0007's, which keep `fused_events_fts` in step),
and creates them again on the way out, error or not; the full-text index is then rebuilt
once (FTS5's 'rebuild' command), and with `recount` the daily counts are recounted once
from `fused_events` (`counts.recount`: the block fused without keeping them, a `RECOUNT`
row stands for them). Unique indexes (primary keys, content hashes) stay: the load
relies on them. On PostgreSQL the builds run with `BUILD_MEMORY` of
`maintenance_work_mem`, `BUILD_WORKERS` indexes at a time, with `BUILD_PARALLEL`
workers each. On SQLite they run in one transaction without fsync (`build_settings`):
the builds of a 50,000-event load took 0.39-0.54 s where a transaction per index, each
checkpointed with an fsync, took 0.48-0.73; the table is read once per index, and read
through a page cache as large as the load's and memory-mapped they took a tenth less
CPU (median of 8, 0.41 against 0.45 s; in-memory sorts or sorter threads made none
faster).

The dropped DDL is kept in `deferred_ddl`, in the transaction that drops it, so a load
killed half-way leaves it there: `restore(engine)`, which opening a store runs when the
table has rows, creates what it holds (`IF NOT EXISTS`: a restore cut short can run
again; on SQLite, where it is one transaction, one cut short leaves all it holds) and
empties it. Another process that opens the store during a load restores them
early: the load goes on, slower, and stores the same (the full-text index is rebuilt by
that restore, and kept by the triggers after it).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import sqlalchemy as sa

from flarewatch.storage import counts
from flarewatch.storage.engine import sqlite_pragmas
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
# The row of `deferred_ddl` that stands for the daily counts (`storage.counts`), to be
# recounted from `fused_events` once the indexes are back.
RECOUNT = {"name": "recount daily_counts", "table_name": "daily_counts", "kind": "recount",
           "ddl": ""}
# PostgreSQL's sort memory for an index build (its default, 64 MB, spills larger ones).
BUILD_MEMORY = "256MB"
BUILD_WORKERS = 2
# PostgreSQL's parallel workers per index build (`max_parallel_maintenance_workers`): none,
# as `BUILD_WORKERS` builds run at once already. Its default (2) started workers for the
# larger `events` indexes that competed with the other build for the same cores: the
# rebuild after a 50,000-event load took 0.88 s of the server's CPU, 0.65 without
# (median of 3, bench/bench_storage.py's documents, 2 cores).
BUILD_PARALLEL = 0
# SQLite's settings for a restore's connection (`build_settings`): no fsync; 256 MiB of
# page cache and 1 GiB of the file memory-mapped, so that the builds after the first
# read the table from memory without a system call per page.
BUILD_PRAGMAS = {"synchronous": "OFF", "cache_size": "-262144", "mmap_size": str(2**30)}


def found_ddl(connection: sa.Connection, tables: Sequence[sa.Table]) -> list[dict[str, str]]:
    """The droppable indexes (and SQLite triggers) of `tables` as `deferred_ddl` rows."""
    query = POSTGRESQL_FOUND if connection.dialect.name == "postgresql" else SQLITE_FOUND
    found = connection.execute(query, {"tables": [table.name for table in tables]})
    return [{"name": name, "table_name": table, "kind": kind, "ddl": ddl}
            for name, table, kind, ddl in found]


def drop(engine: sa.Engine, tables: Sequence[sa.Table], recount: bool = False) -> int:
    """Drop the indexes and triggers of `tables`, keeping their DDL; how many. With
    `recount`, also note that the daily counts are to be recounted (`RECOUNT`)."""
    with engine.begin() as connection:
        found = found_ddl(connection, tables)
        if recount:
            connection.execute(deferred_ddl.insert(), [RECOUNT])
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
    when its triggers were among it, recount the daily counts when `RECOUNT` was, and
    empty the table; how many indexes and triggers were created.

    On PostgreSQL the indexes are first built `BUILD_WORKERS` at a time, each in a
    transaction of its own (`build_apart`); the last transaction then finds them built.
    On SQLite all is one transaction, on a connection with `BUILD_PRAGMAS` (see
    `build_settings`).
    """
    if engine.dialect.name == "postgresql":
        build_apart(engine, listed(engine))
    with engine.connect() as connection, build_settings(connection), connection.begin():
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # see `build_settings`
        found = listed(connection)
        if found and connection.dialect.name == "postgresql":
            postgresql_build_settings(connection)
        for item in found:
            if item["kind"] != RECOUNT["kind"]:
                connection.exec_driver_sql(if_not_exists(item["ddl"]))
        if any(item["kind"] == RECOUNT["kind"] for item in found):
            recount(connection)
        if any(item["kind"] == "trigger" and item["table_name"] == "fused_events"
               for item in found):
            connection.exec_driver_sql(FTS_REBUILD)
        connection.execute(deferred_ddl.delete())
    return sum(item["kind"] != RECOUNT["kind"] for item in found)


@contextmanager
def build_settings(connection: sa.Connection) -> Iterator[None]:
    """SQLite: `BUILD_PRAGMAS` on the connection for the block, then the values before.

    A restore on SQLite is one transaction, begun by hand (`BEGIN IMMEDIATE`): pysqlite
    begins one only before an INSERT, UPDATE or DELETE, so each `CREATE INDEX` was a
    transaction of its own, and each commit checkpointed the write-ahead log into the
    file with an fsync. Without fsync (`synchronous=OFF`, as for the load whose indexes
    these are: `bulk.LOAD_PRAGMAS`) a killed process loses nothing, and a restore cut
    short leaves all of `deferred_ddl` for the next one; an operating system crash may
    lose the restore or damage the file, as it may the load's last batches.
    """
    with sqlite_pragmas(connection, BUILD_PRAGMAS):
        yield


def recount(connection: sa.Connection) -> None:
    """`counts.recount`, holding fusion's lock (`fusion.layer.lock`) as its writers do."""
    import flarewatch.fusion.layer

    flarewatch.fusion.layer.lock(connection)
    counts.recount(connection)


def listed(bind: sa.Engine | sa.Connection) -> list[sa.RowMapping]:
    """The rows of `deferred_ddl`, by kind then name."""
    statement = sa.select(deferred_ddl).order_by(deferred_ddl.c.kind, deferred_ddl.c.name)
    if isinstance(bind, sa.Connection):
        return list(bind.execute(statement).mappings())
    with bind.connect() as connection:
        return list(connection.execute(statement).mappings())


def build_apart(engine: sa.Engine, found: Sequence[sa.RowMapping]) -> None:
    """PostgreSQL: the indexes of `found`, `BUILD_WORKERS` at a time on connections of
    their own (index builds of one table do not block each other; each is CPU-bound on
    its server process), each `IF NOT EXISTS`: a build cut short leaves the row of
    `deferred_ddl`, so the next restore builds it again."""
    indexes = [item["ddl"] for item in found if item["kind"] == "index"]
    if len(indexes) < 2:
        return
    with ThreadPoolExecutor(BUILD_WORKERS) as pool:
        list(pool.map(functools.partial(build_one, engine), indexes))


def build_one(engine: sa.Engine, ddl: str) -> None:
    with engine.begin() as connection:
        postgresql_build_settings(connection)
        connection.exec_driver_sql(if_not_exists(ddl))


def postgresql_build_settings(connection: sa.Connection) -> None:
    """PostgreSQL: `BUILD_MEMORY` and `BUILD_PARALLEL` for the rest of the transaction."""
    connection.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
    connection.exec_driver_sql(
        f"SET LOCAL max_parallel_maintenance_workers = {BUILD_PARALLEL}")


def pending(engine: sa.Engine) -> bool:
    """Whether a load left dropped DDL to restore (one indexed read)."""
    with engine.connect() as connection:
        return connection.execute(sa.select(deferred_ddl.c.name).limit(1)).first() is not None


@contextmanager
def deferred(engine: sa.Engine, tables: Sequence[sa.Table], recount: bool = False
             ) -> Iterator[int]:
    """Within the block, `tables` have no secondary indexes (nor SQLite triggers); yields
    how many were dropped. Restored on leaving, also when the block raises; with
    `recount`, the daily counts are then recounted too (the block fuses on a connection
    that leaves them: `counts.DEFERRED`)."""
    restore(engine)  # what an interrupted load left, before it is dropped again
    dropped = drop(engine, tables, recount)
    try:
        yield dropped
    finally:
        restore(engine)
