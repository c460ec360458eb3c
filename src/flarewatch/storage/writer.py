"""Many rows of one table written fast, for bulk loads: `insert_columns(connection, table,
found)`.

The rows come as `storage.columns.Columns` (one sequence of values per column). Each column
goes through the bind processor SQLAlchemy itself would apply for the dialect (JSON to
text, dates to ISO text on SQLite ...; `plan`), a column at a time, so the stored values
are those of `connection.execute(table.insert(), values)`; SQLAlchemy's per-row work is
what is left out. SQLite gets INSERTs of many rows each, a batch's constants written as
literals (`execute_many`); PostgreSQL gets `COPY ... FROM STDIN` (psycopg 3
`cursor.copy`, whose dumpers are in C), in the binary format where every value fits it
(`binary_fits`): the server then parses no text, and a load of 50,000 events copied in
0.52 s where the text format took 0.66, with 0.58 s of the client's CPU where it took
0.71 (bench/bench_storage.py's documents). Both run in the connection's transaction.
Errors are the driver's (sqlite3 / psycopg exceptions).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any

import sqlalchemy as sa

from flarewatch.storage.columns import Columns
from flarewatch.storage.rows import UNSTORABLE

Processor = Callable[[Any], Any]


@dataclass(frozen=True)
class Plan:
    """How to write rows with keys `names` to a table: the columns in order, and the
    column processors (`processor`) of those that have one."""

    names: tuple[str, ...]
    processors: tuple[tuple[str, Processor], ...]


@functools.lru_cache(maxsize=64)
def plan(dialect: sa.Dialect, table: sa.Table, names: tuple[str, ...]) -> Plan:
    found = ((name, processor(table.c[name], dialect)) for name in names)
    return Plan(names, tuple((name, process) for name, process in found if process))


def processor(column: sa.Column[Any], dialect: sa.Dialect) -> Processor | None:
    """The column's bind processor for `dialect`, as a function of a whole column (a list
    of values) to the processed list; JSON ones through `json_column`.

    COPY takes JSON as its text: `json.dumps`, which is what psycopg's `Json` wrapper
    (SQLAlchemy's processor on PostgreSQL) sends, so the stored text is the same (the
    binary format of `json` is its text too).
    """
    if not isinstance(column.type, sa.JSON):
        process = column.type._cached_bind_processor(dialect)
        if process is None:
            return None
        return functools.partial(applier(column), process)
    if dialect.name == "postgresql":
        return functools.partial(json_column, json.dumps)
    process = column.type._cached_bind_processor(dialect)
    return functools.partial(json_column, process) if process else None


def applier(column: sa.Column[Any]) -> Callable[[Processor, Sequence[Any]], list[Any]]:
    """How a column's processor is applied to its values: once per distinct value for
    dates (SQLite formats each as text, and a load repeats a few thousand days; dates
    are hashable, and two are equal only when they are the same day); once per run of
    one object for times (`documents.ingested_at` is one datetime for a whole batch; two
    equal instants in other time zones are not the same text, so they are not pooled by
    value); else once per value."""
    if isinstance(column.type, sa.Date):
        return each_distinct
    return each_run if isinstance(column.type, sa.DateTime) else each


def each(process: Processor, column: Sequence[Any]) -> list[Any]:
    return list(map(process, column))


def each_distinct(process: Processor, column: Sequence[Any]) -> list[Any]:
    """`each`, calling `process` once per distinct value."""
    done = {value: process(value) for value in set(column)}
    return [done[value] for value in column]


def each_run(process: Processor, column: Sequence[Any]) -> list[Any]:
    """`each`, calling `process` once per run of the same object (`is`)."""
    done: list[Any] = []
    last, result = object(), None
    for value in column:
        if value is not last:
            last, result = value, process(value)
        done.append(result)
    return done


def json_column(process: Processor, column: Sequence[Any]) -> list[Any]:
    """A JSON column processed, with the result for `[]` and None computed once (most
    JSON values of a row: other sectors, casualties, mentions)."""
    empty, null = process([]), process(None)
    if column[0] == [] and column.count([]) == len(column):
        return [empty] * len(column)
    return [empty if value == [] else null if value is None else process(value)
            for value in column]


def prepare(chosen: Plan, found: Columns) -> list[Sequence[Any]]:
    """The columns with the plan's processors applied (new lists where processed)."""
    processors = dict(chosen.processors)
    return [processors[name](column) if name in processors else column
            for name, column in zip(found.names, found.values, strict=True)]


def quoted(names: tuple[str, ...]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def execute_many(connection: sa.Connection, table: sa.Table, names: tuple[str, ...],
                 columns: list[Sequence[Any]]) -> None:
    """SQLite: INSERTs of many rows each (`ROW_PARAMETERS`), one `executemany` of them,
    then one of a row each for the rest, the rows as tuples (pysqlite binds named
    parameters from a dict about three times slower), in order. A column holding one
    value in every row is written as its SQL literal (`constant_literal`) instead of a
    parameter bound in each row; the first column is always bound (each row binds
    something). The stored values are the same.

    Binding took two thirds of an insert's time (about 90 ns a string), and a batch's
    rows share many values (empty JSON lists, one ingest time); each statement run cost
    about 2 us more (reset, step, the GIL let go and taken back): a statement of 50 rows
    inserted 25,000 events in 0.14 s where one of a row took 0.19, their links (5
    columns) in 0.03 s where it took 0.06 (bench/bench_storage.py's documents).
    """
    literals = [None, *map(constant_literal, columns[1:])]
    bound = [at for at, literal in enumerate(literals) if literal is None]
    order = bound + [at for at, literal in enumerate(literals) if literal is not None]
    one = "(" + ", ".join(["?"] * len(bound) + [v for v in literals if v is not None]) + ")"
    head = f'INSERT INTO "{table.name}" ({quoted(tuple(names[at] for at in order))}) VALUES '
    raw: Any = connection.connection.driver_connection
    many = rows_per_statement(raw, len(bound), len(one.encode()))
    rows = zip(*(columns[at] for at in bound), strict=True)
    groups = (tuple(chain.from_iterable(islice(rows, many)))
              for _ in range(len(columns[0]) // many))
    cursor = raw.cursor()
    try:
        if many > 1:
            cursor.executemany(head + ", ".join([one] * many), groups)
        cursor.executemany(head + one, rows)
    finally:
        cursor.close()


# Parameters bound by one INSERT of many rows: about 2,000 (25,000 events inserted as
# fast in statements of 27 to 108 rows).
ROW_PARAMETERS = 2000


def rows_per_statement(raw: sqlite3.Connection, width: int, size: int) -> int:
    """Rows of `width` parameters, `size` bytes of SQL, per INSERT:
    `ROW_PARAMETERS`' worth, within the connection's limits on parameters and on the
    length of a statement (half of it)."""
    most = min(ROW_PARAMETERS, raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    longest = raw.getlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH) // 2
    return max(1, min(most // width, longest // (size + 2)))


def constant_literal(column: Sequence[Any]) -> str | None:
    """The SQL literal of the value of a column holding one value of one class in every
    row, where reading the literal stores what binding the value does: NULL, a 64-bit
    int, a string without U+0000 or a lone surrogate (`rows.UNSTORABLE`); else None."""
    first = column[0]
    if first is not None and first.__class__ not in (str, int):
        return None
    if column[-1] != first or column.count(first) != len(column):
        return None
    if set(map(type, column)) != {first.__class__}:  # equal, as 1 and 1.0 or True are
        return None
    return sql_literal(first)


def sql_literal(value: str | int | None) -> str | None:
    """`value` as SQLite reads it in a statement, or None where that would differ (or a
    string is longer than `LITERAL_CHARACTERS`)."""
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value) if -2**63 < value < 2**63 else None
    if len(value) > LITERAL_CHARACTERS or UNSTORABLE.search(value):
        return None
    return "'" + value.replace("'", "''") + "'"


# The longest string written as a literal (a batch's shared codes, names, JSON lists; a
# statement of many rows repeats it in each).
LITERAL_CHARACTERS = 200


def copy_rows(connection: sa.Connection, table: sa.Table, names: tuple[str, ...],
              columns: list[Sequence[Any]]) -> None:
    """PostgreSQL: `COPY table (columns) FROM STDIN`, one `write_row` per row; in the
    binary format, each column dumped as its PostgreSQL type (`copy_types`), where every
    value fits its type (`binary_fits`), else as text."""
    raw: Any = connection.connection.driver_connection
    types = copy_types(table, names)
    binary = all(map(binary_fits, types, columns))
    form = " (FORMAT BINARY)" if binary else ""
    with raw.cursor() as cursor, cursor.copy(
            f'COPY "{table.name}" ({quoted(names)}) FROM STDIN{form}') as copy:
        if binary:
            copy.set_types(types)
        for row in zip(*columns, strict=True):
            copy.write_row(row)


# The PostgreSQL type of each kind of column, as the binary format writes its values.
# JSON columns hold their text already (`processor`), which is also what PostgreSQL's
# `json` reads in the binary format; `String` covers `Text` (and is what `varchar` reads).
COPY_TYPES = ((sa.JSON, "text"), (sa.String, "text"), (sa.BigInteger, "int8"),
              (sa.Integer, "int4"), (sa.Float, "float8"), (sa.DateTime, "timestamptz"),
              (sa.Date, "date"))
# The classes of value (besides None) each type takes in the binary format, exactly: a
# bool, an int in a float column or a datetime in a date column goes as text, and gets
# what the text format gives it (stored, cast or refused by the server).
BINARY_CLASSES: dict[str, set[type]] = {
    "text": {str}, "int4": {int}, "int8": {int}, "float8": {float},
    "timestamptz": {dt.datetime}, "date": {dt.date}}
# psycopg's binary dumpers wrap an int out of these bounds (2**31 as int4 is stored as
# -2**31) where the server refuses its text: such a column goes as text.
INT_BOUNDS = {"int4": (-2**31, 2**31 - 1), "int8": (-2**63, 2**63 - 1)}


@functools.lru_cache(maxsize=64)
def copy_types(table: sa.Table, names: tuple[str, ...]) -> list[str]:
    """The `COPY_TYPES` name of each column; TypeError for a kind it lacks."""
    return [copy_type(table.c[name].type) for name in names]


def copy_type(kind: sa.types.TypeEngine[Any]) -> str:
    for base, name in COPY_TYPES:
        if isinstance(kind, base):
            return name
    raise TypeError(f"no COPY type for a {kind!r} column")


def binary_fits(kind: str, column: Sequence[Any]) -> bool:
    """Whether the binary format of `kind` stores each value of the column as its text
    would (`BINARY_CLASSES`, `INT_BOUNDS`)."""
    classes = set(map(type, column)) - {type(None)}
    if not classes <= BINARY_CLASSES[kind]:
        return False
    if kind not in INT_BOUNDS or not classes:
        return True
    present = [value for value in column if value is not None] if None in column else column
    low, high = INT_BOUNDS[kind]
    return low <= min(present) and max(present) <= high


def insert_columns(connection: sa.Connection, table: sa.Table, found: Columns) -> None:
    """Write the rows of `found` to `table` (nothing when it has none)."""
    if not len(found):
        return
    processed = prepare(plan(connection.dialect, table, found.names), found)
    names, values = written(table, found.names, processed)
    if connection.dialect.name == "postgresql":
        copy_rows(connection, table, names, values)
    else:
        execute_many(connection, table, names, values)


def written(table: sa.Table, names: tuple[str, ...], processed: list[Sequence[Any]]
            ) -> tuple[tuple[str, ...], list[Sequence[Any]]]:
    """The columns to write: all but those NULL in every row with no default, which the
    database stores as NULL all the same when left out. A batch leaves many
    fields empty in every event (a third of the columns in the benchmark's): each costs
    a parameter per row to bind, or a field per row to copy."""
    kept = [at for at, column in enumerate(processed)
            if not all_null(column) or has_default(table.c[names[at]])]
    return tuple(names[at] for at in kept), [processed[at] for at in kept]


def all_null(column: Sequence[Any]) -> bool:
    """Whether every value of a column (of at least one) is None; the first is looked at
    first, which settles it for most columns without a scan of all."""
    return column[0] is None and column.count(None) == len(column)


def has_default(column: sa.Column[Any]) -> bool:
    return column.default is not None or column.server_default is not None
