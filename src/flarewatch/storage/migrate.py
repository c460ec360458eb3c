"""Alembic migrations run from code: `upgrade(url)` brings a database to head.

No alembic.ini is needed: the configuration is built here. Opening a store calls
`upgrade_connection`, which first reads the stored revision and returns at once when it
is `HEAD_REVISION`, so opening an up-to-date database stays fast and does not even
import Alembic (slow to import); Alembic runs only when there is something to migrate.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from flarewatch.storage.engine import create_store_engine, resolve_url

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
# The newest revision in migrations/versions; a test checks that they agree.
HEAD_REVISION = "0003"


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
    """Migrate the database behind `connection` to head (a no-op when it is there)."""
    at_head = current_revisions(connection) == {HEAD_REVISION}
    connection.rollback()
    if at_head:
        return
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
    connection.commit()


def upgrade(url: str) -> None:
    """Migrate the database at `url` (a URL or path, as for `open_store`) to head."""
    engine = create_store_engine(resolve_url(url))
    try:
        with engine.connect() as connection:
            upgrade_connection(connection)
    finally:
        engine.dispose()
