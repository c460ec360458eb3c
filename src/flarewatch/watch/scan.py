"""The watch's one counting path: fused records into a series `Tally`, then `WatchSeries`.

`Scan` counts rows of `SCAN_COLUMNS`; both readers feed it:
- `scan_series(connection, as_of, period, today, *where)`, the live path, straight from
  the store (the same series, counts, members in the same order and `coarse` as
  `build_series(read_records(connection, *where), ...)`: tested in
  `tests/watch/test_scan.py`), without a `Record` or a SQLAlchemy row per stored record:
  the rows come from the database cursor as plain tuples, the date as stored (ISO text on
  SQLite);
- `build_series(records, as_of, period, today)`, of `Record`s (tests, hand-made series).
Dates are read into a `date` once per distinct value, and:
- where a record counts (`series_keys`, `family_key` and `is_kind` of
  `flarewatch.watch.series`: the rules themselves, not a copy) is worked out once per
  `Signature` (type, mode, country, admin1, actor, recipient), a `Plan`;
- per record there remain its id appended to the members of each series-period it counts
  in and its dead added; how many records each plan had per period (for the signals) and
  in all dated too coarsely (for `coarse`) is summed per plan, the first and last day
  per plan, and each series' place (country, admin1) is that of the last record read
  (a dyad's country is its last record's), by plan.
At 1,000,000 records (`bench/bench_watch.py`) a `Record` and a rule look-up per stored
record were most of the watch's time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import sqlalchemy as sa

from flarewatch.storage.bulk import no_cycle_collection
from flarewatch.storage.schema import fused_events
from flarewatch.watch.series import (
    PERIOD_PRECISIONS,
    Key,
    Record,
    Tally,
    WatchSeries,
    family_key,
    is_kind,
    period_of,
    series_from,
    series_keys,
)

# The columns read, the signature's first (`Signature`), then date, precision, id, dead.
SCAN_COLUMNS = ("event", "mode", "place_country", "place_admin1", "actor_code",
                "recipient_code", "date", "date_precision", "id", "dead")
# `Record`'s fields, as `flarewatch.watch.run.read_records` reads them.
RECORD_COLUMNS = ("id", "event", "mode", "date", "date_precision", "place_country",
                  "place_admin1", "actor_code", "recipient_code", "dead")
BATCH = 10_000  # rows fetched at a time
Place = tuple[str | None, str | None]  # (country, admin1)
Signature = tuple[Any, ...]  # (event, mode, country, admin1, actor, recipient)
Cell = list[Any]  # [dead, member ids] of one series-period


class Plan:
    """Where the records of one `Signature` count, and what was read of them so far:
    `counts`, the series of their events and deaths, with their place; `signals`, the
    series of their leading signals; `cells` and `signal_cells`, those series' periods
    (shared by every plan counting in the series); `coarse`, the records dated too
    coarsely; `first`, the first period they count in; `last`, the number of the last row
    read of them (-1: none counted)."""

    __slots__ = ("cells", "coarse", "counts", "country", "first", "last", "signal_cells",
                 "signals")

    def __init__(self, signature: Signature, scan: Scan) -> None:
        event, mode, country, admin1, actor, recipient = signature
        record = Record("", event, mode, None, None, country, admin1, actor, recipient, None)
        keys = series_keys(record) if is_kind(record, "violent") else [family_key(record)]
        signals = series_keys(record)[:2] if is_kind(record, "signal") else []
        self.counts: tuple[tuple[Key, Place], ...] = tuple(
            ((found[0], found[1]), (found[2], found[3])) for found in keys if found)
        self.signals: tuple[Key, ...] = tuple((found[0], found[1]) for found in signals)
        self.cells = tuple(scan.cells.setdefault(key, {}) for key, _ in self.counts)
        self.signal_cells = tuple(scan.signals.setdefault(key, {}) for key in self.signals)
        self.country: str | None = country
        self.coarse, self.last, self.first = 0, -1, date.max


class Scan:
    """The counts of one period's series, filled batch by batch (`add`), then a `Tally`:
    `cells`, series -> period start -> [dead, member ids]; `signals`, series -> period
    start -> leading signals; `read`, the rows read; `latest`, the latest day counted."""

    def __init__(self, period: str, as_of: date | None) -> None:
        if period not in PERIOD_PRECISIONS:
            raise ValueError(f"no series period {period!r}; known: day, week")
        self.period, self.as_of, self.read = period, as_of, 0
        self.precisions = PERIOD_PRECISIONS[period]
        self.plans: dict[Signature, Plan] = {}
        self.days: dict[Any, tuple[date, date]] = {}  # stored value -> (day, period start)
        self.cells: dict[Key, dict[date, Cell]] = {}
        self.signals: dict[Key, dict[date, int]] = {}
        self.latest: date | None = None

    def add(self, rows: Iterable[tuple[Any, ...]]) -> None:
        """Count rows of `SCAN_COLUMNS` (undated ones, and those after `as_of`, not): the
        hot loop of the watch, kept to the work each record needs (see the module)."""
        plans, days, precisions, as_of = self.plans, self.days, self.precisions, self.as_of
        latest, number = self.latest, self.read
        for number, row in enumerate(rows, self.read + 1):  # noqa: B007 (read after)
            if row[6] is None:
                continue
            day, start = days.get(row[6]) or self.day(row[6])
            if as_of is not None and day > as_of:
                continue
            plan = plans.get(row[:6]) or self.plan(row[:6])
            plan.last = number
            if row[7] not in precisions:
                plan.coarse += 1
                continue
            if latest is None or day > latest:
                latest = day
            if start < plan.first:
                plan.first = start
            for periods in plan.cells:
                cell = periods.get(start) or periods.setdefault(start, [0, []])
                cell[0] += row[9] or 0
                cell[1].append(row[8])
            for signals in plan.signal_cells:
                signals[start] = signals.get(start, 0) + 1
        self.latest, self.read = latest, number

    def day(self, value: Any) -> tuple[date, date]:
        """(day, its period's start) of a stored date: a `date`, or ISO text (SQLite)."""
        day = value if isinstance(value, date) else date.fromisoformat(value)
        found = self.days[value] = (day, period_of(day, self.period))
        return found

    def plan(self, signature: Signature) -> Plan:
        found = self.plans[signature] = Plan(signature, self)
        return found

    def tally(self) -> Tally:
        """The counts of the rows added, for `series_from`."""
        counts = Tally(period=self.period, last_day=self.latest)
        for key, periods in self.cells.items():
            for start, (dead, ids) in periods.items():
                counts.events[(key, start)] = len(ids)
                counts.deaths[(key, start)] = dead
                counts.members[key][start] = ids
        counts.signals.update({(key, start): records for key, periods in self.signals.items()
                               for start, records in periods.items()})
        for plan in sorted(self.plans.values(), key=lambda plan: plan.last):
            add_plan(counts, plan)
        return counts


def add_plan(counts: Tally, plan: Plan) -> None:
    """Add a plan's coarse records, places and first period to `counts` (plans in the
    order of their last row, so that a series keeps its last record's place)."""
    if plan.last < 0:
        return
    for key, place in plan.counts:
        counts.places[key] = place
        counts.coarse[key] += plan.coarse
    if plan.first < date.max:
        add_first(counts, plan.country, plan.first)


def add_first(counts: Tally, country: str | None, first: date) -> None:
    """The first period of the store and of `country` (none kept for no country): where
    the country's series start (`flarewatch.watch.series.start_of`)."""
    counts.first = first if counts.first is None else min(counts.first, first)
    if country:
        counts.first_by_country[country] = min(counts.first_by_country.get(country, first),
                                               first)


def cursor_rows(connection: sa.Connection, *where: Any) -> Iterator[tuple[Any, ...]]:
    """The fused records (those matching `where`, SQL conditions) as tuples of
    `SCAN_COLUMNS` straight from the database cursor (no column is converted: the date
    as stored), in batches of `BATCH`."""
    columns: list[Any] = [fused_events.c[name] for name in SCAN_COLUMNS]
    columns[6] = sa.type_coerce(fused_events.c.date, sa.String).label("date")
    result = connection.execute(sa.select(*columns).where(*where))
    try:
        while batch := result.cursor.fetchmany(BATCH):
            yield from batch
    finally:
        result.close()


def scan_series(connection: sa.Connection, as_of: date | None = None, period: str = "week",
                today: date | None = None, *where: Any) -> tuple[list[WatchSeries], int]:
    """(`build_series` of the stored fused records matching `where`, records read);
    ValueError for a period other than week or day."""
    return counted(cursor_rows(connection, *where), as_of, period, today)


def build_series(records: Iterable[Record], as_of: date | None = None,
                 period: str = "week", today: date | None = None) -> list[WatchSeries]:
    """Every series with at least one event, over the periods ("week" or "day") from the
    first dated record to `as_of` (default: the last dated record; records dated after it
    are left out), sorted by level and key; ValueError for another period. The last week
    is partial when `as_of`, or else `today`, falls inside it (its days up to that day);
    complete otherwise."""
    return counted(map(record_row, records), as_of, period, today)[0]


def record_row(record: Record) -> tuple[Any, ...]:
    """A `Record` as a row of `SCAN_COLUMNS`."""
    return (record.event, record.mode, record.country, record.admin1, record.actor,
            record.recipient, record.date, record.precision, record.id, record.dead)


def counted(rows: Iterable[tuple[Any, ...]], as_of: date | None, period: str,
            today: date | None) -> tuple[list[WatchSeries], int]:
    """(the series of `rows` of `SCAN_COLUMNS`, rows read); ValueError for a period other
    than week or day."""
    scan = Scan(period, as_of)
    with no_cycle_collection():  # millions of objects, no cycle: a third of the scan
        scan.add(rows)
    return series_from(scan.tally(), as_of, today), scan.read
