"""The back-test's scoring, on hand-made series whose right answers are worked out here,
and its input errors."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from flarewatch.errors import InputError
from flarewatch.watch.backtest import (
    Alarm,
    Onset,
    Series,
    detection_lag,
    explained,
    read_onsets,
    read_weekly,
    reported_weeks,
    score_alarms,
    signal_lead,
)
from flarewatch.watch.settings import default_settings

MONDAY = date(2024, 1, 1)


def weeks(count: int) -> list[date]:
    return [MONDAY + timedelta(weeks=i) for i in range(count)]


def alarm(key: tuple[str, str], week: int) -> Alarm:
    return Alarm(key, MONDAY + timedelta(weeks=week), "test", 1.0, "events", 3, 0.0, 1.0)


@pytest.mark.parametrize(("onset_day", "alarm_week", "days", "lag"), [
    (3, 30, 7, 4),      # onset on Thursday of week 30, alarm that week: known on Monday + 7
    (3, 31, 7, 11),     # the next week's alarm is within 7 days of a Thursday (week 31 <= d+7)
    (0, 31, 7, 14),     # a Monday onset: the next week starts exactly 7 days later
    (3, 32, 7, None),   # two weeks later: not within 7 days
    (3, 32, 14, 18),    # ... but within 14
    (3, 29, 28, None),  # an alarm the week before the onset does not detect it
])
def test_detection_lag(onset_day: int, alarm_week: int, days: int, lag: int | None) -> None:
    week = MONDAY + timedelta(weeks=30)
    onset = Onset(("X", ""), week + timedelta(days=onset_day), week, "e")
    assert detection_lag(onset, {MONDAY + timedelta(weeks=alarm_week)}, days) == lag


@pytest.mark.parametrize(("key", "week", "expected"), [
    (("X", "North"), 29, True),    # one week before the onset week
    (("X", "North"), 28, False),   # two weeks before
    (("X", "North"), 42, True),    # twelve weeks after
    (("X", "North"), 43, False),   # thirteen
    (("X", ""), 35, True),         # the country series of an admin1 onset
    (("X", "South"), 35, False),   # a sister admin1 series is not explained
    (("Y", "North"), 35, False),   # another country
])
def test_explained_windows(key: tuple[str, str], week: int, expected: bool) -> None:
    onset = Onset(("X", "North"), MONDAY + timedelta(weeks=30, days=2),
                  MONDAY + timedelta(weeks=30), "e")
    assert explained(key, MONDAY + timedelta(weeks=week), [onset]) is expected


def test_scores_count_false_alarms_after_burn_in_only() -> None:
    key = ("X", "")
    series = [Series(key, weeks(100), np.zeros(100, int), np.zeros(100, int))]
    onset = Onset(key, MONDAY + timedelta(weeks=50, days=1), MONDAY + timedelta(weeks=50), "e")
    alarms = [alarm(key, 10), alarm(key, 30), alarm(key, 50), alarm(key, 70)]
    result = score_alarms(series, alarms, [onset])
    assert result["detected_7d_count"] == 1 and result["median_lag_days"] == 6.0
    # weeks 26..99 = 74, minus the explained window 49..62 (14 weeks) = 60 quiet weeks
    assert result["false_alarms"] == 2 and result["alarms"] == 3
    assert result["false_alarms_per_100_series_weeks"] == pytest.approx(100 * 2 / 60, abs=1e-3)
    assert result["precision"] == pytest.approx(1 / 3, abs=1e-4)


@pytest.mark.parametrize(("text", "code"), [
    ("country_iso3,admin1,week_start,events,deaths\nX,,2024-01-01,one,0\n", "E060"),
    ("country_iso3,admin1,week_start,events,deaths\nX,,2024-13-01,1,0\n", "E060"),
    ("country,week\nX,2024-01-01\n", "E060"),
    ("country_iso3,admin1,week_start,events,deaths\nX,,2024-01-01,1,0\nX,,2024-01-15,1,0\n",
     "E062"),
    ("country_iso3,admin1,week_start,events,deaths\nX,,2024-01-02,1,0\n", "E060"),  # Tuesday
    ("country_iso3,admin1,week_start,events,deaths\nX,,2024-01-01,-1,0\n", "E060"),
    ("country_iso3,admin1,week_start,events,deaths\n", "E060"),  # no rows
    ("country_iso3;admin1;week_start;events;deaths\nX;;2024-01-01;1;0\n", "E060"),
])
def test_bad_weekly_files_name_the_error(tmp_path: Path, text: str, code: str) -> None:
    path = tmp_path / "weekly.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=code) as raised:
        read_weekly(path)
    assert str(path) in str(raised.value)


def test_bad_onsets_file_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "onsets.csv"
    path.write_text("country_iso3,admin1,onset_date,week_start\nX,,2024-01-03,2024-01-01\n"
                    "X,,someday,2024-01-01\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"onsets.csv:3: E061"):
        read_onsets(path)


def test_non_utf8_weekly_file(tmp_path: Path) -> None:
    path = tmp_path / "weekly.csv"
    path.write_bytes(b"country_iso3,admin1\n\xff\xfe,\n")
    with pytest.raises(InputError, match="E003"):
        read_weekly(path)


def series_with_signals(signals: list[int]) -> Series:
    count = len(signals)
    return Series(("X", ""), weeks(count), np.zeros(count, int), np.zeros(count, int),
                  np.array(signals))


@pytest.mark.parametrize(("before", "usual", "signalled"), [
    ([0, 1, 2, 1], 0, True),    # signals in the weeks before, none usually
    ([0, 0, 0, 0], 0, False),   # none before
    ([1, 1, 1, 1], 1, False),   # as many as usual: no rise
    ([2, 2, 2, 2], 1, True),    # twice the usual rate
])
def test_signal_lead_compares_with_the_usual_rate(before: list[int], usual: int,
                                                  signalled: bool) -> None:
    signals = [usual] * 40 + before + [0] * 10
    onset_week = MONDAY + timedelta(weeks=44)
    result = signal_lead([series_with_signals(signals)],
                         [Onset(("X", ""), onset_week, onset_week, "e")])
    assert result["onsets_scored"] == 1
    assert result["onsets_signalled"] == (1.0 if signalled else 0.0)
    assert result["series_with_signals"] == 1


def test_signal_lead_without_a_signals_column() -> None:
    plain = Series(("X", ""), weeks(60), np.zeros(60, int), np.zeros(60, int))
    assert signal_lead([plain], [])["series_with_signals"] == 0


def test_weekly_file_with_signals_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "weekly.csv"
    path.write_text("country_iso3,admin1,week_start,events,deaths,signals\n"
                    "X,,2024-01-01,1,0,2\nX,,2024-01-08,0,0,0\n", encoding="utf-8")
    (series,) = read_weekly(path)
    assert series.signals is not None and list(series.signals) == [2, 0]


def news_case(alarms: list[int], events: dict[int, int],
              deaths: dict[int, int] | None = None) -> tuple[Series, np.ndarray]:
    """A 20-week series with the given counts (0 elsewhere) and alarm weeks."""
    series = Series(("X", ""), weeks(20),
                    np.array([events.get(i, 0) for i in range(20)]),
                    np.array([(deaths or {}).get(i, 0) for i in range(20)]))
    return series, np.isin(np.arange(20), alarms)


@pytest.mark.parametrize(("alarms", "events", "deaths", "written"), [
    ([5], {5: 6}, None, [5]),                                # one alarm, one row
    ([5, 6, 7], {5: 10, 6: 8, 7: 9}, None, [5]),             # trap: stays up, under its high
    ([5, 6, 7], {5: 5, 6: 8, 7: 12}, None, [5, 6, 7]),       # the rise goes on: new highs
    ([5, 6], {5: 5, 6: 4}, {5: 10, 6: 50}, [5, 6]),          # a new high of deaths
    ([5, 6], {5: 6, 6: 6}, {5: 30, 6: 30}, [5]),             # trap: equal is no new high
    ([5, 9], {5: 5, 9: 5}, None, [5]),                       # trap: 3 quiet weeks, same alert
    ([5, 10], {5: 5, 10: 5}, None, [5, 10]),                 # 4 quiet weeks closed it: a new one
    ([5, 8], {5: 9, 8: 6}, None, [5]),                       # trap: back up, but lower
    ([5, 7], {5: 8, 7: 2}, {5: 40, 7: 30}, [5]),             # trap: a lower deaths alarm
    ([5, 6, 12, 13], {5: 9, 6: 10, 12: 3, 13: 4}, None, [5, 6, 12, 13]),  # a new alert's own highs
])
def test_back_test_rows_are_the_alert_news(alarms: list[int], events: dict[int, int],
                                           deaths: dict[int, int] | None,
                                           written: list[int]) -> None:
    series, alarm = news_case(alarms, events, deaths)
    assert reported_weeks(series, alarm, default_settings()) == written


def test_every_alarm_week_is_a_row_when_asked() -> None:
    series, alarm = news_case([5, 6, 7], {5: 10, 6: 8, 7: 9})
    settings = default_settings().with_overrides({"alarm_rows": "all"})
    assert reported_weeks(series, alarm, settings) == [5, 6, 7]
