"""Alembic environment, configured by `flarewatch.storage.migrate` (no alembic.ini).

The caller passes an open connection in `config.attributes["connection"]`; failing that,
`sqlalchemy.url` names the database. Batch mode lets later migrations alter SQLite tables.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from flarewatch.storage.schema import metadata


def run_on(connection: sa.Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    engine = sa.create_engine(context.config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as fresh:
        run_on(fresh)
    engine.dispose()


run_migrations()
