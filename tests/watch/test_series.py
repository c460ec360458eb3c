"""Weekly series from hand-made fused records, and alert episodes."""

from __future__ import annotations

import datetime as dt
from datetime import date

import numpy as np
import pytest

from flarewatch.watch.alerts import episodes, find_alerts
from flarewatch.watch.scan import build_series
from flarewatch.watch.series import Record, week_of
from flarewatch.watch.settings import default_settings


def record(day: str | None, event: str = "ASSAULT", *, precision: str = "day",
           country: str | None = "BFA", admin1: str | None = "Sahel", actor: str | None = None,
           recipient: str | None = None, dead: int | None = None, mode: str | None = None,
           ident: str = "") -> Record:
    return Record(ident or f"r-{day}-{event}-{admin1}", event, mode,
                  date.fromisoformat(day) if day else None, precision, country, admin1,
                  actor, recipient, dead)


def by_key(records: list[Record], as_of: date | None = None) -> dict[str, object]:
    return {one.key: one for one in build_series(records, as_of)}


def test_weeks_are_consecutive_mondays_with_zeros() -> None:
    found = by_key([record("2024-01-03"), record("2024-01-24", dead=4)])
    series = found["BFA"]
    assert series.weeks == [date(2024, 1, 1), date(2024, 1, 8), date(2024, 1, 15),
                            date(2024, 1, 22)]
    assert list(series.events) == [1, 0, 0, 1] and list(series.deaths) == [0, 0, 0, 4]
    assert list(found["BFA/Sahel"].events) == [1, 0, 0, 1]


@pytest.mark.parametrize(("precision", "counted", "coarse"), [
    ("day", 1, 0), ("week", 1, 0), ("month", 0, 1), ("year", 0, 1),
])
def test_coarse_dates_are_kept_out_and_counted(precision: str, counted: int, coarse: int) -> None:
    found = by_key([record("2024-01-03", ident="anchor"),
                    record("2024-02-01", precision=precision, ident="tested")],
                   as_of=date(2024, 2, 5))
    assert int(found["BFA"].events.sum()) == 1 + counted
    assert found["BFA"].coarse == coarse
    month_start = week_of(date(2024, 2, 1))
    assert ("tested" in found["BFA"].members.get(month_start, [])) is bool(counted)


def test_undated_records_count_nowhere() -> None:
    found = by_key([record("2024-01-03"), record(None)])
    assert int(found["BFA"].events.sum()) == 1 and found["BFA"].coarse == 0


def test_dyads_are_unordered_pairs_and_need_two_sides() -> None:
    found = by_key([record("2024-01-03", actor="MLI MIL", recipient="JNIM"),
                    record("2024-01-04", actor="JNIM", recipient="MLI MIL"),
                    record("2024-01-05", actor="JNIM", recipient="JNIM"),
                    record("2024-01-06", actor="JNIM")])
    dyads = [key for key in found if "|" in key]
    assert dyads == ["JNIM|MLI MIL"] and int(found["JNIM|MLI MIL"].events.sum()) == 2


@pytest.mark.parametrize(("event", "mode", "violent", "family", "signal"), [
    ("ASSAULT", "aerial", 1, None, 0),
    ("PROTEST", "demo", 0, "BFA:protest", 0),
    ("THREATEN", None, 0, "BFA:posture", 1),
    ("MOBILIZE", "troops", 0, "BFA:posture", 1),
    ("COERCE", "restrict", 0, "BFA:coercion", 1),
    ("COERCE", "arrest", 0, "BFA:coercion", 0),   # an arrest is no leading signal
    ("AGREE", None, 0, None, 0),                  # talks get no family series
    ("AID", None, 0, None, 0),
])
def test_what_counts_where(event: str, mode: str | None, violent: int, family: str | None,
                           signal: int) -> None:
    found = by_key([record("2024-01-01", "ASSAULT", ident="base"),
                    record("2024-01-03", event, mode=mode, ident="tested")])
    assert int(found["BFA"].events.sum()) == 1 + violent
    assert int(found["BFA"].signals.sum()) == signal
    assert int(found["BFA/Sahel"].signals.sum()) == signal
    families = [key for key in found if ":" in key]
    assert families == ([family] if family else [])


@pytest.mark.parametrize(("alarms", "spans"), [
    ("..x.....", [(2, 2, 3)]),               # closed at the 4th quiet week after the alarm
    ("..x.x...", [(2, 4, None)]),            # the series ends before it closes
    ("..xx....x", [(2, 3, 4), (8, 8, None)]),  # a new onset after closing
    ("........", []),
])
def test_episodes(alarms: str, spans: list[tuple[int, int, int | None]]) -> None:
    found = episodes([char == "x" for char in alarms], close_after=4)
    assert [(e.onset, e.last, e.closed) for e in found] == [
        (onset, last, None if closed is None else last + 1) for onset, last, closed in spans]


def surge_records(extra: int = 0) -> list[Record]:
    quiet = [record(f"2024-{1 + i // 4:02d}-{1 + 7 * (i % 4):02d}", ident=f"q{i}")
             for i in range(0, 12, 3)]
    surge = [record(f"2024-03-{11 + i % 5:02d}", admin1="Sahel", dead=3, ident=f"s{i}")
             for i in range(6 + extra)]
    return quiet + surge


def test_an_alert_opens_on_the_surge_with_stable_id_and_members() -> None:
    now = dt.datetime(2024, 3, 16, tzinfo=dt.UTC)
    alerts = find_alerts(build_series(surge_records()), default_settings(), now)
    keys = {alert["series"]["key"]: alert for alert in alerts}
    assert set(keys) == {"BFA", "BFA/Sahel"}
    alert = keys["BFA/Sahel"]
    assert alert["status"] == "open" and alert["onset_week"] == "2024-03-11"
    assert alert["observed"] == 6 and alert["observed"] > alert["threshold"] > alert["expected"]
    assert sorted(alert["events"]) == [f"s{i}" for i in range(6)]
    again = find_alerts(build_series(surge_records(extra=2)), default_settings(), now)
    assert alert["id"] in {one["id"] for one in again}  # more data, same alert


def test_no_alert_without_a_rise() -> None:
    steady = [record(f"2024-{1 + i // 4:02d}-{1 + 7 * (i % 4):02d}", ident=f"w{i}")
              for i in range(16)]
    assert find_alerts(build_series(steady), default_settings(),
                       dt.datetime(2024, 5, 1, tzinfo=dt.UTC)) == []


def test_signals_before_the_onset_are_reported() -> None:
    signals = [record("2024-03-05", "THREATEN", ident="t1"),
               record("2024-02-28", "MOBILIZE", mode="troops", ident="t2")]
    alerts = find_alerts(build_series(surge_records() + signals), default_settings(),
                         dt.datetime(2024, 3, 16, tzinfo=dt.UTC))
    sahel = next(a for a in alerts if a["series"]["key"] == "BFA/Sahel")
    assert sahel["signals"]["before_onset"] == 2
    assert sum(row["signals"] for row in sahel["weeks"]) == 2
    assert np.isfinite(sahel["score"])


def test_another_countrys_older_records_do_not_change_a_baseline() -> None:
    """A series starts when the store first covers its country: weeks before it are no
    news, not weeks of no violence."""
    now = dt.datetime(2024, 3, 16, tzinfo=dt.UTC)
    alone = find_alerts(build_series(surge_records()), default_settings(), now)
    older = [record("2022-06-01", country="MLI", admin1="Mopti", ident="mali-old")]
    mixed = find_alerts(build_series(surge_records() + older), default_settings(), now)
    bfa = [alert for alert in mixed if alert["series"]["country"] == "BFA"]
    assert [(a["id"], a["expected"], a["threshold"]) for a in bfa] == [
        (a["id"], a["expected"], a["threshold"]) for a in alone]


def test_the_summary_tells_the_peak_week_with_its_deaths() -> None:
    alerts = find_alerts(build_series(surge_records()), default_settings(),
                         dt.datetime(2024, 3, 16, tzinfo=dt.UTC))
    sahel = next(a for a in alerts if a["series"]["key"] == "BFA/Sahel")
    assert sahel["summary"].startswith(
        "Burkina Faso, Sahel: 6 violent events and 18 deaths in the week of 2024-03-11; ")
    assert sahel["peak_week"] == "2024-03-11"


@pytest.mark.parametrize(("precision", "counted", "coarse"), [
    ("day", 1, 0), ("week", 0, 1), ("month", 0, 1), ("year", 0, 1),
])
def test_daily_series_keep_all_but_days_out(precision: str, counted: int, coarse: int) -> None:
    found = {one.key: one for one in build_series(
        [record("2024-01-03", ident="anchor"),
         record("2024-01-05", precision=precision, ident="tested")],
        as_of=date(2024, 1, 7), period="day")}
    series = found["BFA"]
    assert series.weeks == [date(2024, 1, d) for d in range(3, 8)] and series.period == "day"
    assert list(series.events) == [1, 0, counted, 0, 0] and series.coarse == coarse


def test_an_unknown_period_is_refused() -> None:
    with pytest.raises(ValueError, match="day, week"):
        build_series([record("2024-01-03")], period="month")


@pytest.mark.parametrize(("as_of", "today", "days"), [
    (None, None, 7),                        # no clock: the last week counts as whole
    (date(2024, 1, 10), None, 3),           # a look back to a Wednesday
    (None, date(2024, 1, 9), 2),            # run on Tuesday of the records' last week
    (None, date(2024, 2, 1), 7),            # run after that week is over
    (date(2024, 1, 14), date(2024, 1, 9), 7),  # as_of wins
    (None, date(2024, 1, 5), 7),            # records dated ahead of the clock: not partial
])
def test_the_last_week_knows_its_days(as_of: date | None, today: date | None,
                                      days: int) -> None:
    found = build_series([record("2024-01-02"), record("2024-01-08")], as_of, today=today)
    assert {one.last_days for one in found} == {days}
    assert found[0].weeks[-1] == date(2024, 1, 8)


def test_a_partial_week_says_so_in_the_summary() -> None:
    records = [record(f"2024-01-{day:02d}", ident=f"q{day}") for day in (2, 16, 30)] + [
        record("2024-03-04", ident=f"s{n}", dead=1) for n in range(5)]
    for week in range(5, 10):
        records.append(record(str(date(2024, 1, 1) + dt.timedelta(weeks=week)), ident=f"w{week}"))
    alerts = find_alerts(build_series(records, today=date(2024, 3, 5)), default_settings(),
                         dt.datetime(2024, 3, 5, tzinfo=dt.UTC))
    country = next(a for a in alerts if a["series"]["key"] == "BFA")
    assert "in the first 2 days of the week of 2024-03-04;" in country["summary"]
    assert country["weeks"][-1]["days"] == 2 and "days" not in country["weeks"][0]


def test_a_look_back_leaves_out_what_came_after() -> None:
    records = [record("2024-01-02", ident="a"), record("2024-01-08", ident="b"),
               record("2024-01-11", ident="later", precision="week")]
    found = by_key(records, as_of=date(2024, 1, 9))
    assert list(found["BFA"].events) == [1, 1]  # the record of Thursday waits for Thursday
