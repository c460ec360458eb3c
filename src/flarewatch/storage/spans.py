"""The `since` filter on a date index: the earliest start a record reaching a day can have.

A record's days are `[date, enddate]` (`enddate` NULL: the one day `date`); `since`
keeps the records whose last day, `coalesce(enddate, date)`, is on or after it. No
index orders that expression the way the date-led indexes are walked, so `since` alone
bounds nothing: a date range read every record before its end (at 1,000,000 records a
month of one country's series took 330 ms on SQLite). Every dated record reaching
`since` starts on or after `since` less the longest span of any record, the span being
`coalesce(enddate, date) - date` in days (`SPAN`), so `date >= earliest_start(since,
table)` is implied for dated records and bounds the date index from below. The longest
span is read from an index on that expression (migration 0012; one index step) in the
same statement, so it is always the store's current one. Undated records fail the
bound, so it is added only where they are left out anyway (the daily series).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement

# A record's span in days, as each store's expression index (0012) writes it.
SPAN = {"sqlite": "julianday(coalesce(enddate, date)) - julianday(date)",
        "postgresql": "(coalesce(enddate, date) - date)"}
SPAN_TABLES = ("events", "fused_events")


def span_index(table: str) -> str:
    return f"ix_{table}_span"


class EarliestStart(ColumnElement[dt.date]):
    """`since` less the longest span (0 in a store without dated records) of `table`."""

    inherit_cache = False  # the day is not in SQLAlchemy's cache key
    type = sa.Date()

    def __init__(self, since: dt.date, table: sa.Table):
        self.since, self.table = since, table


def earliest_start(since: dt.date, table: sa.Table) -> sa.ColumnElement[dt.date]:
    return EarliestStart(since, table)


def longest_span(element: EarliestStart, dialect: str) -> str:
    return (f"(SELECT coalesce(max({SPAN[dialect]}), 0) FROM {element.table.name})")


@compiles(EarliestStart, "sqlite")
def earliest_sqlite(element: EarliestStart, compiler: sa.sql.compiler.SQLCompiler,
                    **kw: object) -> str:
    since = compiler.process(sa.bindparam(None, element.since, sa.Date, unique=True), **kw)
    days = f"CAST(round({longest_span(element, 'sqlite')}) AS INTEGER)"
    return f"date({since}, '-' || {days} || ' days')"


@compiles(EarliestStart, "postgresql")
def earliest_postgresql(element: EarliestStart, compiler: sa.sql.compiler.SQLCompiler,
                        **kw: object) -> str:
    since = compiler.process(sa.bindparam(None, element.since, sa.Date, unique=True), **kw)
    return f"(CAST({since} AS DATE) - {longest_span(element, 'postgresql')})"
