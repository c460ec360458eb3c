"""Migrations create the schema of schema.py; opening finds a fresh path or a current db."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from flarewatch.errors import StorageError
from flarewatch.storage import Store, open_store, resolve_url, upgrade
from flarewatch.storage.migrate import HEAD_REVISION, script_heads
from flarewatch.storage.schema import metadata


def test_migrated_database_matches_the_core_schema(store: Store) -> None:
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_database_is_at_head_after_open(store: Store) -> None:
    with store.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    assert set(current) == script_heads() == {HEAD_REVISION}


def test_reopening_a_current_database_is_fast(database_url: str) -> None:
    open_store(database_url).close()
    started = time.perf_counter()
    for _ in range(5):
        open_store(database_url).close()
    assert (time.perf_counter() - started) / 5 < 0.2


def test_upgrade_creates_the_tables(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    upgrade(url)
    upgrade(url)  # at head: nothing to do
    names = set(sa.inspect(sa.create_engine(url)).get_table_names())
    assert {table.name for table in metadata.sorted_tables} | {"alembic_version"} == names


@pytest.mark.parametrize(
    ("given", "environment", "expected"),
    [
        ("events.db", None, "sqlite:///events.db"),
        ("/data/x.db", None, "sqlite:////data/x.db"),
        ("sqlite:///rel.db", None, "sqlite:///rel.db"),
        ("postgresql://u:p@host:5432/db", None, "postgresql+psycopg://u:p@host:5432/db"),
        ("postgresql+psycopg://host/db", None, "postgresql+psycopg://host/db"),
        (None, "from-env.db", "sqlite:///from-env.db"),
        (None, None, "sqlite:///flarewatch.db"),
    ],
)
def test_resolve_url(
    given: str | None, environment: str | None, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if environment is None:
        monkeypatch.delenv("FLAREWATCH_DB", raising=False)
    else:
        monkeypatch.setenv("FLAREWATCH_DB", environment)
    assert resolve_url(given) == expected


def test_a_path_that_cannot_be_opened_raises_storage_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="E020"):
        open_store(str(tmp_path / "missing-dir" / "x.db"))


def test_open_store_creates_a_fresh_sqlite_file(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "new.db")) as store:
        assert (store.count_documents(), store.count_events()) == (0, 0)
    assert (tmp_path / "new.db").exists()


def test_downgrade_to_base_removes_the_tables(tmp_path: Path) -> None:
    from alembic import command

    from flarewatch.storage.migrate import alembic_config

    url = f"sqlite:///{tmp_path / 'x.db'}"
    upgrade(url)
    command.downgrade(alembic_config(url), "base")
    assert set(sa.inspect(sa.create_engine(url)).get_table_names()) == {"alembic_version"}
