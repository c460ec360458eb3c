"""Database URLs and engines: where a store lives and how its connections are set up."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa

DEFAULT_PATH = "flarewatch.db"


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
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_store_engine(url: str) -> sa.Engine:
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", set_sqlite_pragmas)
    return engine
