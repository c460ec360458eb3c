"""Alembic migrations run from code: `upgrade(url)` brings a database to head.

No alembic.ini is needed: the configuration is built here. Opening a store calls
`upgrade_connection`, which first reads the stored revision and returns at once when it
is `HEAD_REVISION`, so opening an up-to-date database stays fast and does not even
import Alembic (slow to import); Alembic runs only when there is something to migrate.

Processes may open one new database at the same moment (two `flarewatch ingest` runs):
the check and the migration then run in one transaction that holds the database's
migration lock, `pg_advisory_xact_lock(MIGRATION_LOCK_KEY)` on PostgreSQL and the write
lock of `BEGIN IMMEDIATE` on SQLite. The revision is read again under the lock, so the
process that waited finds the head revision and migrates nothing; a migration is all or
nothing on both stores (their DDL is transactional).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from flarewatch.storage.engine import create_store_engine, resolve_url

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
# The newest revision in migrations/versions; a test checks that they agree.
HEAD_REVISION = "0020"
# The key of PostgreSQL's advisory lock on migrating: any constant that every flarewatch
# process shares ("flarewat" in ASCII). Advisory locks are per database.
MIGRATION_LOCK_KEY = 0x666C_6172_6577_6174


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def script_heads() -> set[str]:
    """The head revisions as Alembic reads them from the migration scripts."""
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def current_revisions(connection: sa.Connection) -> set[str]:
    if not sa.inspect(connection).has_table("alembic_version"):
        return set()
    stored = connection.execute(sa.text("SELECT version_num FROM alembic_version"))
    return set(stored.scalars())


def upgrade_connection(connection: sa.Connection) -> None:
    """Migrate the database behind `connection` to head (a no-op when it is there).

    Safe when other processes do the same at once: see the module docstring. Commits;
    waits for another process's migration (on SQLite for up to the busy timeout).
    """
    at_head = current_revisions(connection) == {HEAD_REVISION}
    connection.rollback()
    if not at_head:
        with foreign_keys_off(connection):
            migrate_locked(connection)
            connection.commit()


@contextmanager
def foreign_keys_off(connection: sa.Connection) -> Iterator[None]:
    """SQLite without foreign keys while migrating: batch mode rebuilds a table (copy, drop,
    rename), and dropping it with the keys on deletes the rows that reference it (`ON DELETE
    CASCADE`: an alert's events and deliveries at 0011), as Alembic's batch-mode notes warn.
    The pragma acts only outside a transaction, so it is set before the lock is taken."""
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        if sqlite:
            connection.rollback()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def migrate_locked(connection: sa.Connection) -> None:
    """Take the migration lock, read the revision again and migrate to head if behind.

    Leaves the transaction open (and the lock held) for the caller to commit.
    """
    from alembic import command

    lock_for_migration(connection)
    if current_revisions(connection) != {HEAD_REVISION}:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def lock_for_migration(connection: sa.Connection) -> None:
    """Begin a transaction holding the database's migration lock until it ends.

    pysqlite begins its transactions lazily, at the first write; `BEGIN IMMEDIATE` takes
    the write lock now, so the revision read next is the one this process migrates from.
    """
    if connection.dialect.name == "postgresql":
        key = sa.literal(MIGRATION_LOCK_KEY, sa.BigInteger)
        connection.execute(sa.select(sa.func.pg_advisory_xact_lock(key)))
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def upgrade(url: str) -> None:
    """Migrate the database at `url` (a URL or path, as for `open_store`) to head."""
    engine = create_store_engine(resolve_url(url))
    try:
        with engine.connect() as connection:
            upgrade_connection(connection)
    finally:
        engine.dispose()
