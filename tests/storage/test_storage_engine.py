"""SQLite connections of a store: busy timeout, and the switch to WAL under a lock."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from flarewatch.storage.engine import SQLITE_BUSY_TIMEOUT_S, create_store_engine, switch_to_wal


@pytest.fixture
def locked_file(tmp_path: Path) -> Iterator[tuple[Path, sqlite3.Connection]]:
    """A new SQLite file in rollback-journal mode whose write lock a connection holds."""
    path = tmp_path / "new.db"
    holder = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO t VALUES (1)")
    yield path, holder
    holder.close()


def test_plain_wal_switch_fails_at_once_under_a_lock(
    locked_file: tuple[Path, sqlite3.Connection]
) -> None:
    # Why switch_to_wal retries: the busy timeout does not cover this pragma.
    path, _holder = locked_file
    with closing(sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_S)) as other, \
            pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("PRAGMA journal_mode=WAL")


def test_wal_switch_waits_for_the_lock(locked_file: tuple[Path, sqlite3.Connection]) -> None:
    path, holder = locked_file
    releasing = threading.Timer(0.2, holder.execute, ["COMMIT"])
    with closing(sqlite3.connect(path)) as other:
        releasing.start()
        switch_to_wal(other.cursor())
        releasing.join()
        assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_wal_switch_gives_up_after_its_timeout(
    locked_file: tuple[Path, sqlite3.Connection]
) -> None:
    path, _holder = locked_file
    with closing(sqlite3.connect(path)) as other, pytest.raises(sqlite3.OperationalError):
        switch_to_wal(other.cursor(), timeout_s=0.05)


def test_sqlite_connections_wait_out_another_writer(tmp_path: Path) -> None:
    engine = create_store_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as connection:
        timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one()
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar_one()
    engine.dispose()
    assert (timeout, mode) == (SQLITE_BUSY_TIMEOUT_S * 1000, "wal")

