"""Many rows of one table written fast, for bulk loads: `insert_rows(connection, table,
values)`.

The rows are the dicts of `flarewatch.storage.rows` (every row of a table has the same
keys). Each value goes through the bind processor SQLAlchemy itself would apply for the
dialect (JSON to text, dates to ISO text on SQLite ...; `plan`), so the stored values are
those of `connection.execute(table.insert(), values)`; SQLAlchemy's per-row work is what
is left out. SQLite gets one DBAPI `executemany` of tuples; PostgreSQL gets
`COPY ... FROM STDIN` (psycopg 3 `cursor.copy`), one row written per dict. Both run in
the connection's transaction. Errors are the driver's (sqlite3 / psycopg exceptions).
"""

from __future__ import annotations

import functools
import json
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from flarewatch.storage.rows import Row

Processor = Callable[[Any], Any]


@dataclass(frozen=True)
class Plan:
    """How to write rows with keys `names` to a table: the columns in order, and the
    bind processors of those that have one."""

    names: tuple[str, ...]
    processors: tuple[tuple[str, Processor], ...]


@functools.lru_cache(maxsize=64)
def plan(dialect: sa.Dialect, table: sa.Table, names: tuple[str, ...]) -> Plan:
    found = ((name, processor(table.c[name], dialect)) for name in names)
    return Plan(names, tuple((name, process) for name, process in found if process))


def processor(column: sa.Column[Any], dialect: sa.Dialect) -> Processor | None:
    """The column's bind processor for `dialect`, JSON ones with `empty_list_first`.

    COPY takes JSON as its text: `json.dumps`, which is what psycopg's `Json` wrapper
    (SQLAlchemy's processor on PostgreSQL) sends, so the stored text is the same.
    """
    if not isinstance(column.type, sa.JSON):
        return column.type._cached_bind_processor(dialect)
    if dialect.name == "postgresql":
        return empty_list_first(json.dumps)
    process = column.type._cached_bind_processor(dialect)
    return empty_list_first(process) if process else None


def empty_list_first(process: Processor) -> Processor:
    """A JSON processor that reuses its own result for `[]` (most JSON values of a row:
    other sectors, casualties, mentions), which spares a `json.dumps` each."""
    empty = process([])

    def processed(value: Any) -> Any:
        return empty if value == [] else process(value)

    return processed


def prepare(chosen: Plan, values: list[Row]) -> None:
    """Apply the plan's processors to every row, in place."""
    for name, process in chosen.processors:
        for row in values:
            row[name] = process(row[name])


def quoted(names: tuple[str, ...]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def execute_many(connection: sa.Connection, table: sa.Table, chosen: Plan,
                 values: list[Row]) -> None:
    """SQLite: one `executemany` of an INSERT, the rows as tuples (pysqlite binds named
    parameters from a dict about three times slower)."""
    marks = ", ".join("?" * len(chosen.names))
    statement = f'INSERT INTO "{table.name}" ({quoted(chosen.names)}) VALUES ({marks})'
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(statement, list(map(operator.itemgetter(*chosen.names), values)))
    finally:
        cursor.close()


def copy_rows(connection: sa.Connection, table: sa.Table, chosen: Plan,
              values: list[Row]) -> None:
    """PostgreSQL: `COPY table (columns) FROM STDIN`, one `write_row` per row."""
    fields = operator.itemgetter(*chosen.names)
    raw: Any = connection.connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(
            f'COPY "{table.name}" ({quoted(chosen.names)}) FROM STDIN') as copy:
        for row in values:
            copy.write_row(fields(row))


def insert_rows(connection: sa.Connection, table: sa.Table, values: list[Row]) -> None:
    """Write `values` (dicts with the same keys, at least two) to `table`; they are
    changed in place (processed values)."""
    if not values:
        return
    chosen = plan(connection.dialect, table, tuple(values[0]))
    prepare(chosen, values)
    if connection.dialect.name == "postgresql":
        copy_rows(connection, table, chosen, values)
    else:
        execute_many(connection, table, chosen, values)
