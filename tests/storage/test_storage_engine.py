"""SQLite connections of a store: busy timeout, and the switch to WAL under a lock."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa

from flarewatch.storage.engine import (
    SQLITE_BUSY_TIMEOUT_S,
    create_store_engine,
    read_json,
    switch_to_wal,
)


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



@pytest.mark.parametrize("text", [
    '{"a": [1, 2.5, "é", null, true]}',
    '[{"count": 3, "status": "dead", "who": "civilians"}]',
    '"tab\\there \\u2028 東京"',
    '[1e-05, 1e16, -0.0, 0.1]',
    '[NaN, Infinity, -Infinity]',  # json.dumps writes these for such floats
    '123456789012345678901234567890',  # beyond 64 bits
    '[18446744073709551615, -9223372036854775808, 0.1234567890123456789]',
    '{"a": 1, "a": 2}',
])
def test_stored_json_reads_as_json_loads_reads_it(text: str) -> None:
    expected, found = json.loads(text), read_json(text)
    assert json.dumps(found) == json.dumps(expected) and type(found) is type(expected)


def test_a_store_engine_reads_json_columns_with_read_json(tmp_path: Path) -> None:
    engine = create_store_engine(f"sqlite:///{tmp_path / 'json.db'}")
    table = sa.Table("t", sa.MetaData(), sa.Column("value", sa.JSON))
    table.create(engine)
    value = {"sizes": [1, 2**70], "ratio": float("nan"), "place": "Khankendi"}
    with engine.begin() as connection:
        connection.execute(table.insert(), {"value": value})
        found = connection.execute(sa.select(table.c.value)).scalar_one()
    assert engine.dialect._json_deserializer is read_json  # type: ignore[attr-defined]
    assert found["sizes"] == [1, 2**70] and found["ratio"] != found["ratio"]
