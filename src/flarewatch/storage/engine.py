"""Database URLs and engines: where a store lives and how its connections are set up.

SQLite connections wait up to `SQLITE_BUSY_TIMEOUT_S` for another process's write lock
(pysqlite's `timeout`, SQLite's busy handler), so concurrent ingests into one file take
turns instead of failing with "database is locked".

PostgreSQL sessions plan every statement for its own parameter values
(`plan_cache_mode = force_custom_plan`): psycopg prepares a statement on the server
after five runs, and PostgreSQL then soon switches to one generic plan that knows no value.
The API's statements are the same text for every box and every search (the values are
parameters), and a generic plan guesses 100 rows for any box: at 1,000,000 records a
large `bbox` then read and sorted 200,000 rows (800 ms) where its own plan walks the
newest-first index and stops after a page (2 ms). Planning costs about 1 ms.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa

DEFAULT_PATH = "flarewatch.db"
# Connections kept open for reuse: as many as requests the web app may run at once (40,
# anyio's default pool; `FLAREWATCH_WORKER_THREADS` sets fewer). SQLAlchemy's default keeps
# 5 and closes the others on return, so 20 concurrent clients opened and closed a
# connection nearly every request (on PostgreSQL a new server process each). They are
# opened as needed, not up front.
POOL_SIZE = 40
# Long enough to wait out a migration or a large document written by another process.
SQLITE_BUSY_TIMEOUT_S = 30.0
WAL_RETRY_PAUSE_S = 0.01


def resolve_url(url_or_path: str | None = None) -> str:
    """The SQLAlchemy URL for `--db`: None -> $FLAREWATCH_DB -> ./flarewatch.db.

    A plain path is a SQLite file; `postgresql://` selects the psycopg 3 driver.
    """
    target = url_or_path or os.environ.get("FLAREWATCH_DB") or DEFAULT_PATH
    if target.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + target.split("://", 1)[1]
    if "://" in target:
        return target
    return f"sqlite:///{Path(target).expanduser()}"


def set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Foreign keys make deletes cascade; WAL with synchronous=NORMAL keeps one small
    # transaction per document cheap while staying safe against a crash.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    switch_to_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def switch_to_wal(cursor: sqlite3.Cursor, timeout_s: float = SQLITE_BUSY_TIMEOUT_S) -> None:
    """`PRAGMA journal_mode=WAL`, retried for up to `timeout_s` seconds while locked.

    Switching a file to WAL needs an exclusive lock, and SQLite answers "database is
    locked" at once, without its busy handler, while another connection holds a lock:
    two processes opening a new file together race here. Raises the last
    `sqlite3.OperationalError` when the time is up or the error is another one.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                raise
        time.sleep(WAL_RETRY_PAUSE_S)


def set_pragmas(connection: sa.Connection, values: Mapping[str, object]) -> None:
    """SQLite: `PRAGMA name=value` for each item, on this connection; commits."""
    for name, value in values.items():
        connection.exec_driver_sql(f"PRAGMA {name}={value}")
    connection.commit()


@contextmanager
def sqlite_pragmas(connection: sa.Connection, values: Mapping[str, object]) -> Iterator[None]:
    """SQLite: the `values` pragmas on this connection for the block, then the values they
    had before (rolling back whatever the block left open); other stores: nothing."""
    if connection.dialect.name != "sqlite":
        yield
        return
    before = {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar() for name in values}
    set_pragmas(connection, values)
    try:
        yield
    finally:
        connection.rollback()
        set_pragmas(connection, before)


def set_postgresql_planning(dbapi_connection: Any, _record: Any) -> None:
    """Custom plans for every statement of this session (see the module docstring)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("SET plan_cache_mode = force_custom_plan")
    cursor.close()
    dbapi_connection.commit()  # a SET in a transaction rolled back would be undone


def sqlite_pool(url: str) -> dict[str, Any]:
    """`pool_size` for a SQLite file (an in-memory database keeps SQLAlchemy's own pool,
    which takes no size)."""
    database = sa.engine.make_url(url).database
    return {} if database in (None, "", ":memory:") else {"pool_size": POOL_SIZE}


def read_json(text: str | bytes) -> Any:
    """A stored JSON column's value, as `json.loads` reads it: by orjson (a page of 50 fused
    records at 1,000,000 parses about 320 values: 1.4 -> 0.4 ms); by `json.loads` where
    orjson refuses the text (NaN or Infinity, which `json.dumps` writes for such floats) or
    would read it otherwise (a run of `LONG_DIGITS` digits: an integer beyond 64 bits, which
    orjson reads as a float)."""
    if LONG_DIGITS.search(text if isinstance(text, str) else text.decode()):
        return json.loads(text)
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


# 19 digits or more: the shortest run that can be an integer beyond orjson's 64 bits.
LONG_DIGITS = re.compile(r"\d{19}")


def create_store_engine(url: str) -> sa.Engine:
    if sa.engine.make_url(url).get_backend_name() != "sqlite":
        engine = sa.create_engine(url, pool_size=POOL_SIZE, json_deserializer=read_json)
        if engine.dialect.name == "postgresql":
            sa.event.listen(engine, "connect", set_postgresql_planning)
        return engine
    engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S},
                              json_deserializer=read_json, **sqlite_pool(url))
    sa.event.listen(engine, "connect", set_sqlite_pragmas)
    return engine
