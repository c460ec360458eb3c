"""The store's reader (`scan_series`: cursor tuples, dates as stored, SQL conditions)
against the records' (`build_series` over `read_records`: `Record`s, dates read by
SQLAlchemy), both counting with `Scan`, on a small store: the same series, counts, members
(in order), places, coarse records and rows read, and the same alerts from them."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from stored import add_rows, fused_row, surge_rows

from flarewatch.storage import open_store
from flarewatch.storage.schema import fused_events
from flarewatch.watch.alerts import find_alerts
from flarewatch.watch.run import read_records
from flarewatch.watch.scan import build_series, scan_series
from flarewatch.watch.series import WatchSeries
from flarewatch.watch.settings import default_settings

TODAY = dt.date(2024, 6, 5)
# (type, mode) drawn for the records: violent, leading signals (COERCE restrict is one,
# COERCE arrest is not), family types, and types that count nowhere.
KINDS = [("ASSAULT", None), ("ASSAULT", "aerial"), ("THREATEN", None), ("MOBILIZE", "troops"),
         ("COERCE", "restrict"), ("COERCE", "arrest"), ("PROTEST", "demo"), ("AGREE", None)]
PLACES = [("BFA", "Sahel"), ("BFA", "Nord"), ("BFA", None), ("MLI", "Mopti"), ("MLI", None),
          (None, None), ("", None)]
ACTORS = [None, "JNIM", "BFA MIL", "MLI MIL"]  # a dyad's records in two countries
PRECISIONS = ["day", "day", "day", "week", "month", "year", None]


def drawn_row(rng: random.Random, number: int) -> dict[str, Any]:
    """One fused record of every kind, place, actor pair and date precision the watch
    tells apart; about one in twenty undated."""
    day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(150))
    event, mode = rng.choice(KINDS)
    country, admin1 = rng.choice(PLACES)
    row = fused_row(f"r{number:03d}", str(day), event=event, dead=rng.choice([None, 0, 1, 7]))
    row.update(date_precision=rng.choice(PRECISIONS), mode=mode, place_country=country,
               place_admin1=admin1, actor_code=rng.choice(ACTORS),
               recipient_code=rng.choice(ACTORS))
    row["date"] = None if rng.random() < 0.05 else day
    return row


@pytest.fixture
def db(database_url: str) -> str:
    """400 drawn records (a fixed seed) and a surge in Sahel in the week of 2024-03-11, in
    an order unlike their ids."""
    rng = random.Random(14)
    surge = [{**row, "mode": None, "actor_code": "JNIM", "recipient_code": "BFA MIL"}
             for row in surge_rows(count=30)]
    rows = [drawn_row(rng, number) for number in range(400)] + surge
    rng.shuffle(rows)
    add_rows(database_url, rows)
    return database_url


def fields(series: WatchSeries) -> dict[str, Any]:
    return {**vars(series), **{name: getattr(series, name).tolist()
                               for name in ("events", "deaths", "signals")}}


@pytest.mark.parametrize(("as_of", "period", "where"), [
    (None, "week", []),
    (dt.date(2024, 3, 13), "week", []),  # a look back: a partial week, later records out
    (dt.date(2024, 4, 7), "week", []),
    (None, "day", []),
    (dt.date(2024, 2, 20), "day", [fused_events.c.place_country == "BFA"]),
    (None, "week", [fused_events.c.date >= dt.date(2024, 2, 1)]),
])
def test_the_scan_reads_what_the_records_give(db: str, as_of: dt.date | None, period: str,
                                              where: list[Any]) -> None:
    with open_store(db) as store, store.engine.connect() as connection:
        records = list(read_records(connection, *where))
        expected = build_series(records, as_of, period, TODAY)
        found, read = scan_series(connection, as_of, period, TODAY, *where)
    assert read == len(records)
    assert [fields(one) for one in found] == [fields(one) for one in expected]
    assert {one.level for one in found} == {"country", "admin1", "dyad", "family"}


def test_the_same_alerts_come_of_it(db: str) -> None:
    now = dt.datetime(2024, 6, 5, tzinfo=dt.UTC)
    with open_store(db) as store, store.engine.connect() as connection:
        expected = find_alerts(build_series(read_records(connection), None, today=TODAY),
                               default_settings(), now)
        found = find_alerts(scan_series(connection, today=TODAY)[0], default_settings(), now)
    assert found == expected and found


@pytest.mark.parametrize("period", ["month", "quarter"])
def test_another_period_is_refused(db: str, period: str) -> None:
    with open_store(db) as store, store.engine.connect() as connection, \
            pytest.raises(ValueError, match="day, week"):
        scan_series(connection, None, period)


def test_an_empty_store_has_no_series(database_url: str) -> None:
    with open_store(database_url) as store, store.engine.connect() as connection:
        assert scan_series(connection) == ([], 0)
