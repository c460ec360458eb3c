"""Daily counts of fused records (`schema.daily_counts`, migration 0009), kept in step.

A fused record counts once in the row of its key: (start day, place country, admin1,
PLOVER type, actor code), `KEY_COLUMNS` of `fused_events`, NULL where it has none; the row
holds the number of records and the sum of their dead (NULL counts 0). Undated records
are not counted. Keys that hold no record have no row. `daily_country_counts`,
`daily_type_counts`, `daily_actor_counts` and `daily_totals` hold the same per (day,
country), (day, type), (day, actor) and day only: `TABLES`, each keyed on some of
`KEY_COLUMNS`.

Fusion replaces fused records in groups (`flarewatch.fusion.layer.write`); before the old
ones go it calls `replace(connection, old_ids, new_rows)`, which adds the difference
between the new rows' counts and the old records' (read from `fused_events`) to the
affected rows of each table, in the caller's transaction: a record that gains a source
but keeps its key changes nothing. Fusion holds its lock there (`layer.lock`), so two
writers never race on a row, and each key has one row. `recount(connection)` rebuilds
the tables from `fused_events` (migration 0009, the end of a bulk load's fusion pass,
and the from-scratch check of the tests).
The `*_select` functions read `/stats/timeseries` from them (`flarewatch.web.queries`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa

from flarewatch.storage.schema import (
    daily_actor_counts,
    daily_country_counts,
    daily_counts,
    daily_totals,
    daily_type_counts,
    fused_events,
)

# `fused_events` columns -> `daily_counts` columns of the key, in key order.
KEY_COLUMNS = {"date": "day", "place_country": "country", "place_admin1": "admin1",
               "event": "event", "actor_code": "actor"}
# The counts tables, each keyed on some of `KEY_COLUMNS` (the first on all).
TABLES = (daily_counts, daily_country_counts, daily_type_counts, daily_actor_counts,
          daily_totals)
# A record's dead as counted here: a toll of 2**63 - 1 (the store takes it) counted twice
# would overflow a 64-bit sum; no real day's toll comes near 2**40.
DEAD_CAP = 2**40
# The execution option of a connection whose fusion leaves the tables as they are: a bulk
# load's fusion pass, after which they are recounted once (`storage.deferral`,
# `storage.bulk`); keeping them per group of records was a tenth of that pass.
DEFERRED = "flarewatch_counts_deferred"
Key = tuple[dt.date, str | None, str | None, str, str | None]
Tally = dict[Key, list[int]]  # key -> [records, dead]


def tally(records: Iterable[Mapping[Any, Any]]) -> Tally:
    """[records, dead] per key of `fused_events` rows (dicts or row mappings); undated
    ones left out."""
    found: Tally = {}
    for record in records:
        if record["date"] is None:
            continue
        key: Key = tuple(record[name] for name in KEY_COLUMNS)  # type: ignore[assignment]
        slot = found.setdefault(key, [0, 0])
        slot[0] += 1
        slot[1] += min(record["dead"] or 0, DEAD_CAP)
    return found


def difference(new: Tally, old: Tally) -> Tally:
    """`new` minus `old` per key, keys whose counts do not change left out."""
    found: Tally = {}
    for key in new.keys() | old.keys():
        records, dead = new.get(key, [0, 0])
        gone_records, gone_dead = old.get(key, [0, 0])
        if (records - gone_records, dead - gone_dead) != (0, 0):
            found[key] = [records - gone_records, dead - gone_dead]
    return found


def stored_tally(connection: sa.Connection, fused_ids: Iterable[str]) -> Tally:
    """`tally` of the stored fused records `fused_ids` (missing ids add nothing)."""
    wanted = sorted(fused_ids)
    if not wanted:
        return {}
    return tally(connection.execute(tally_select(), {"ids": wanted}).mappings())


@functools.cache
def tally_select() -> sa.Select[Any]:
    """The key columns and dead of the fused records `ids` (bound), built once."""
    columns = [fused_events.c[name] for name in (*KEY_COLUMNS, "dead")]
    return sa.select(*columns).where(fused_events.c.id.in_(sa.bindparam("ids", expanding=True)))


@functools.cache
def key_names(table: sa.Table) -> tuple[str, ...]:
    """The key columns of a counts table, in `KEY_COLUMNS` order."""
    return tuple(name for name in KEY_COLUMNS.values() if name in table.c)


def project(change: Tally, table: sa.Table) -> Tally:
    """`change` summed over the keys of `table` (a part of the full key)."""
    every = list(KEY_COLUMNS.values())
    positions = [every.index(name) for name in key_names(table)]
    found: Tally = {}
    for key, (records, dead) in change.items():
        slot = found.setdefault(tuple(key[i] for i in positions), [0, 0])  # type: ignore[arg-type]
        slot[0] += records
        slot[1] += dead
    return {key: slot for key, slot in found.items() if slot != [0, 0]}


def replace(connection: sa.Connection, old_ids: Iterable[str],
            new_rows: Iterable[Mapping[str, Any]]) -> None:
    """Count `new_rows` (`fused_events` rows about to be written) in place of the stored
    records `old_ids` (about to be deleted) in every table; call it before deleting them.
    Nothing on a connection with the execution option `DEFERRED`."""
    if connection.get_execution_options().get(DEFERRED):
        return
    change = difference(tally(new_rows), stored_tally(connection, old_ids))
    for table in TABLES:
        found = project(change, table)
        if found:
            apply(connection, table, found)


def sort_key(key: tuple[Any, ...]) -> tuple[str, ...]:
    """A total order of keys with NULLs (for comparisons and a stable write order)."""
    return tuple("" if part is None else str(part) for part in key)


@functools.cache
def statements(table: sa.Table) -> tuple[sa.Select[Any], sa.Update, sa.Delete]:
    """(the rows of days `days`, in countries `countries` or none and of types `events`
    where the table has those columns; add `d_events`, `d_dead` to row `row`; delete row
    `row`), built once, so that SQLAlchemy's compiled cache serves every later call."""
    columns = (table.c[name] for name in key_names(table))
    narrow: list[sa.ColumnElement[bool]] = [
        table.c.day.in_(sa.bindparam("days", expanding=True))]
    if "country" in table.c:
        narrow.append(sa.or_(table.c.country.in_(sa.bindparam("countries", expanding=True)),
                             table.c.country.is_(None)))
    if "event" in table.c:
        narrow.append(table.c.event.in_(sa.bindparam("events", expanding=True)))
    read = sa.select(table.c.id, *columns, table.c.events).where(*narrow)
    row = table.c.id == sa.bindparam("row")
    return (read,
            table.update().where(row).values(events=table.c.events + sa.bindparam("d_events"),
                                             dead=table.c.dead + sa.bindparam("d_dead")),
            table.delete().where(row))


def stored_keys(connection: sa.Connection, table: sa.Table, keys: list[tuple[Any, ...]]
                ) -> dict[tuple[Any, ...], tuple[int, int]]:
    """Key -> (row id, records) of the rows of `table` on the days, in the countries (or
    none) and of the types of `keys` (one indexed read, on `ix_<table>_day`: a day of the
    1,000,000-record bench store has some 210 rows, of which this reads a few)."""
    names = key_names(table)
    wanted: dict[str, list[Any]] = {"days": sorted({key[0] for key in keys})}
    if "country" in names:
        wanted["countries"] = sorted({key[1] for key in keys if key[1] is not None})
    if "event" in names:
        wanted["events"] = sorted({key[names.index("event")] for key in keys})
    found = connection.execute(statements(table)[0], wanted)
    return {tuple(row[1:-1]): (row[0], row[-1]) for row in found}


def apply(connection: sa.Connection, table: sa.Table, change: Tally) -> None:
    """Add `change` (per key of `table`) to its rows: a missing row is created, one left
    counting none deleted; one read, then one executemany per kind of write."""
    names = key_names(table)
    stored = stored_keys(connection, table, list(change))
    updates, inserts, deletes = [], [], []
    for key in sorted(change, key=sort_key):
        records, dead = change[key]
        row = stored.get(key)
        if row is None:
            if records > 0:
                inserts.append({**dict(zip(names, key, strict=True)), "events": records,
                                "dead": dead})
        elif row[1] + records <= 0:
            deletes.append({"row": row[0]})
        else:
            updates.append({"row": row[0], "d_events": records, "d_dead": dead})
    _read, update, delete = statements(table)
    for statement, values in ((update, updates), (table.insert(), inserts), (delete, deletes)):
        if values:
            connection.execute(statement, values)


def recount_select(table: sa.Table = daily_counts) -> sa.Select[Any]:
    """The rows of counts table `table` from `fused_events`, in its column order."""
    fused = {name: column for column, name in KEY_COLUMNS.items()}
    keys = [fused_events.c[fused[name]] for name in key_names(table)]
    dead = sa.case((fused_events.c.dead > DEAD_CAP, DEAD_CAP), else_=fused_events.c.dead)
    return (sa.select(*keys, sa.func.count(), sa.func.coalesce(sa.func.sum(dead), 0))
            .where(fused_events.c.date.is_not(None)).group_by(*keys))


def recount(connection: sa.Connection, tables: tuple[sa.Table, ...] = TABLES) -> None:
    """Rebuild the counts tables `tables` (all by default) from `fused_events` (in the
    caller's transaction)."""
    for table in tables:
        connection.execute(table.delete())
        names = [*key_names(table), "events", "dead"]
        connection.execute(table.insert().from_select(names, recount_select(table)))


def stored_rows(connection: sa.Connection, table: sa.Table = daily_counts
                ) -> list[tuple[Any, ...]]:
    """A counts table's rows as sorted (key..., records, dead) tuples (for comparisons)."""
    names = [*key_names(table), "events", "dead"]
    found = connection.execute(sa.select(*(table.c[n] for n in names))).all()
    size = len(names) - 2
    return sorted((tuple(row) for row in found),
                  key=lambda row: (sort_key(row[:size]), row[size:]))


def series_select(table: sa.Table, key: str | None,
                  conditions: list[sa.ColumnElement[bool]]) -> sa.Select[Any]:
    """(day as ISO text, [key,] records, dead) per day (and `key`, a column of counts
    table `table`), by day then key: the shape of `/stats/timeseries`' query over
    `fused_events`."""
    keys = [table.c[key]] if key else []
    return (sa.select(sa.cast(table.c.day, sa.String), *keys,
                      sa.cast(sa.func.sum(table.c.events), sa.BigInteger),
                      sa.cast(sa.func.coalesce(sa.func.sum(table.c.dead), 0), sa.BigInteger))
            .where(*conditions).group_by(table.c.day, *keys).order_by(table.c.day, *keys))


def folded_select(table: sa.Table, key: str, conditions: list[sa.ColumnElement[bool]],
                  kept: set[Any], other: str) -> sa.Select[Any]:
    """`series_select` by `key` with the groups not in `kept` summed as `other`: per day,
    the kept groups in the database's order of the groups (NULL first on SQLite, last on
    PostgreSQL), then `other`, which a kept group named like it joins."""
    column = table.c[key]
    grouped = sa.case((kept_condition(column, kept), column), else_=sa.literal(other))
    last = sa.func.max(sa.case((grouped == other, 1), else_=0))
    # Grouped by position: PostgreSQL binds the CASE's values apart in each clause, and
    # would not see the two CASEs as one expression. A kept group's MIN is its key.
    return (sa.select(sa.cast(table.c.day, sa.String), grouped,
                      sa.cast(sa.func.sum(table.c.events), sa.BigInteger),
                      sa.cast(sa.func.sum(table.c.dead), sa.BigInteger))
            .where(*conditions).group_by(table.c.day, sa.text("2"))
            .order_by(table.c.day, last, sa.func.min(column)))


def kept_condition(column: sa.ColumnElement[Any], kept: set[Any]) -> sa.ColumnElement[bool]:
    """`column` is one of `kept` (which may hold None: IS NULL)."""
    found: list[sa.ColumnElement[bool]] = []
    named = sorted(str(value) for value in kept if value is not None)
    if named:
        found.append(column.in_(named))
    if None in kept:
        found.append(column.is_(None))
    return sa.or_(sa.false(), *found)


def totals_select(table: sa.Table, key: str, conditions: list[sa.ColumnElement[bool]]
                  ) -> sa.Select[Any]:
    """(group, records) over the whole series, in the database's order of the groups."""
    column = table.c[key]
    return (sa.select(column, sa.func.sum(table.c.events)).where(*conditions)
            .group_by(column).order_by(column))


def kept_select(table: sa.Table, key: str, conditions: list[sa.ColumnElement[bool]],
                kept: set[Any]) -> sa.Select[Any]:
    """(day text, group, records, dead) of the `kept` groups, by day then group. A table
    keyed on (day, `key`) alone has one row per group already (fusion writes a key's row
    once, under its lock): its rows are read in index order, without grouping."""
    column, day = table.c[key], table.c.day
    if key_names(table) == ("day", key):
        return (sa.select(sa.cast(day, sa.String), column, table.c.events, table.c.dead)
                .where(*conditions, kept_condition(column, kept)).order_by(day, column))
    return (sa.select(sa.cast(day, sa.String), column, sa.func.sum(table.c.events),
                      sa.cast(sa.func.sum(table.c.dead), sa.BigInteger))
            .where(*conditions, kept_condition(column, kept))
            .group_by(day, column).order_by(day, column))
