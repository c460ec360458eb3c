"""The back-test: detectors run over weekly series as if live, scored against onsets.

Input: `weekly.csv` of `../shared/data/watch/` (country_iso3, admin1, week_start, events,
deaths; one row per series and week, zero weeks included) and `onsets.csv` (country_iso3,
admin1, onset_date, week_start, event, ...). Scoring follows that README ("How a detector
is scored", after the `surveillance` R package's `algo.quality`, Hoehle 2007):
- an onset on series s at date d is detected within N days if s has an alarm for a week
  w with week_start(d) <= w <= d + N days; its lag is (first such w + 7 days) - d;
- an alarm is explained if its week lies within [onset week - 1 week, onset week + 12
  weeks] of an onset on the same series, on its country series (for an admin1 series) or
  on one of its admin1 series (for a country series); the others are false alarms;
- false alarms per 100 series-weeks count weeks after each series' first 26 (burn-in) and
  outside the explained windows; precision = explained alarms / alarms after burn-in.

The alarms written (`run_detector`) are the alert news by default (`alarm_rows`): the week
an alert opens and each week it reaches a new high, not every week it stays up.

Errors: `InputError` E060/E061 naming the file and line of a malformed row, E062 for a
series with missing or repeated weeks.
"""

from __future__ import annotations

import csv
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from flarewatch.errors import Errors, InputError
from flarewatch.watch.alerts import episodes
from flarewatch.watch.detect import detector
from flarewatch.watch.series import WEEKLY_COLUMNS
from flarewatch.watch.settings import WatchSettings

SeriesKey = tuple[str, str]  # (country_iso3, admin1 or "")
BURN_IN_WEEKS = 26
WEEK = timedelta(days=7)
ALARM_COLUMNS = ("country_iso3", "admin1", "week_start", "detector", "score", "measure",
                 "observed", "expected", "threshold")


@dataclass(frozen=True)
class Series:
    key: SeriesKey
    weeks: list[date]
    events: np.ndarray
    deaths: np.ndarray
    signals: np.ndarray | None = None  # the optional `signals` column (leading signals)


@dataclass(frozen=True)
class Onset:
    key: SeriesKey
    day: date
    week: date
    event: str


@dataclass(frozen=True)
class Alarm:
    key: SeriesKey
    week: date
    detector: str
    score: float
    measure: str
    observed: int
    expected: float
    threshold: float


def read_rows(path: Path) -> Iterable[tuple[int, dict[str, str]]]:
    """(line number, row) of a CSV file with a header; E003 for bytes that are not UTF-8."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            yield from enumerate(csv.DictReader(handle), start=2)
    except UnicodeDecodeError as error:
        raise InputError(str(path), Errors.E003, str(error)) from None


WEEKLY_REQUIRED = WEEKLY_COLUMNS[:5]  # `signals`, the sixth, is optional


def read_weekly(path: Path) -> list[Series]:
    """The series of a weekly file, each sorted by week; weeks must be consecutive
    Mondays and counts whole numbers >= 0."""
    rows: dict[SeriesKey, list[tuple[date, int, int, int | None]]] = defaultdict(list)
    for line, row in read_rows(path):
        check_columns(path, row, WEEKLY_REQUIRED)
        rows[(row["country_iso3"], row["admin1"] or "")].append(weekly_row(path, line, row))
    if not rows:
        raise InputError(str(path), Errors.E060, "no rows under the header")
    return [series_of(key, sorted(values), path) for key, values in rows.items()]


def check_columns(path: Path, row: dict[str, str], required: tuple[str, ...]) -> None:
    missing = [name for name in required if name not in row]
    if missing:
        raise InputError(str(path), Errors.E060, f"no column {', '.join(missing)}", 1)


def weekly_row(path: Path, line: int, row: dict[str, str]) -> tuple[date, int, int, int | None]:
    try:
        week = date.fromisoformat(row["week_start"] or "")
        counts = [count(row[name]) for name in ("events", "deaths")]
        signals = count(row["signals"]) if row.get("signals") not in (None, "") else None
    except (TypeError, ValueError) as error:
        raise InputError(str(path), Errors.E060, str(error), line) from None
    if week.weekday() != 0:
        raise InputError(str(path), Errors.E060, f"week_start {week} is not a Monday", line)
    return week, counts[0], counts[1], signals


def count(text: str | None) -> int:
    value = int(text or "")
    if value < 0:
        raise ValueError(f"a count below 0 ({value})")
    return value


def series_of(key: SeriesKey, values: list[tuple[date, int, int, int | None]],
              path: Path) -> Series:
    weeks = [value[0] for value in values]
    if any(later - earlier != WEEK for earlier, later in zip(weeks, weeks[1:], strict=False)):
        gap = next(later for earlier, later in zip(weeks, weeks[1:], strict=False)
                   if later - earlier != WEEK)
        raise InputError(str(path), Errors.E062, f"{'/'.join(key)} (at {gap})")
    signals = None if any(v[3] is None for v in values) else np.array([v[3] for v in values])
    return Series(key, weeks, np.array([v[1] for v in values]),
                  np.array([v[2] for v in values]), signals)


def read_onsets(path: Path) -> list[Onset]:
    onsets = []
    for line, row in read_rows(path):
        try:
            onsets.append(Onset((row["country_iso3"], row["admin1"] or ""),
                                date.fromisoformat(row["onset_date"]),
                                date.fromisoformat(row["week_start"]), row.get("event", "")))
        except KeyError as error:
            raise InputError(str(path), Errors.E061, f"no column {error}", line) from None
        except (TypeError, ValueError) as error:
            raise InputError(str(path), Errors.E061, str(error), line) from None
    return onsets


def run_detector(series: list[Series], settings: WatchSettings,
                 name: str | None = None) -> list[Alarm]:
    """The alarms of detector `name` (default: the settings') over every series: every
    alarm week, or the alert news (`alarm_rows`, `reported_weeks`)."""
    name = name or settings.detector
    alarms: list[Alarm] = []
    for one in series:
        found = detector(name)(one.events, one.deaths, settings)
        alarms.extend(Alarm(one.key, one.weeks[i], name, round(float(found.score[i]), 3),
                            str(found.measure[i]), observed_of(one, str(found.measure[i]), int(i)),
                            round(float(found.expected[i]), 3),
                            round(float(found.threshold[i]), 3))
                      for i in reported_weeks(one, found.alarm, settings))
    return alarms


def reported_weeks(series: Series, alarm: np.ndarray, settings: WatchSettings) -> list[int]:
    """The alarm weeks (indexes) the back-test writes. `alarm_rows` "all": every one.
    "news": one alert per onset, as the watch keeps them (`flarewatch.watch.alerts.episodes`:
    an alert opens at an alarm and closes after `close_after_weeks` weeks without one), so a
    row for the week an alert opens and for each later alarm week of that alert that takes
    its events or its deaths to a new high (the rise goes on); an alarm week at or under the
    alert's highs so far is the same alert going on, not news."""
    if settings.alarm_rows == "all":
        return [int(i) for i in np.flatnonzero(alarm)]
    return [week for episode in episodes(list(alarm), settings.close_after_weeks)
            for week in new_highs(series, alarm, episode.onset, episode.last)]


def new_highs(series: Series, alarm: np.ndarray, first: int, last: int) -> list[int]:
    """The alarm weeks in [first, last] whose events or deaths exceed those of every alarm
    week before them in that span (the first alarm week always)."""
    found: list[int] = []
    events = deaths = -1
    for week in (i for i in range(first, last + 1) if alarm[i]):
        if series.events[week] > events or series.deaths[week] > deaths:
            found.append(week)
        events = max(events, int(series.events[week]))
        deaths = max(deaths, int(series.deaths[week]))
    return found


def observed_of(series: Series, measure: str, week: int) -> int:
    return int((series.deaths if measure == "deaths" else series.events)[week])


def write_alarms(alarms: list[Alarm], path: Path) -> None:
    """One CSV row per alarm (`ALARM_COLUMNS`), by series and week."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ALARM_COLUMNS)
        for alarm in sorted(alarms, key=lambda a: (a.key, a.week)):
            writer.writerow([*alarm.key, alarm.week.isoformat(), alarm.detector, alarm.score,
                             alarm.measure, alarm.observed, alarm.expected, alarm.threshold])


def related(key: SeriesKey, onset: Onset) -> bool:
    """The onset explains alarms on `key`: same series, its country, or one of its admin1."""
    return key[0] == onset.key[0] and (key[1] == onset.key[1] or "" in (key[1], onset.key[1]))


def explained(key: SeriesKey, week: date, onsets: list[Onset]) -> bool:
    return any(related(key, o) and o.week - WEEK <= week <= o.week + 12 * WEEK for o in onsets)


def detection_lag(onset: Onset, alarm_weeks: set[date], days: int) -> int | None:
    """Days from the onset until its first alarm week is complete; None if none within."""
    hits = [w for w in alarm_weeks if onset.week <= w <= onset.day + timedelta(days=days)]
    return (min(hits) + WEEK - onset.day).days if hits else None


def score_alarms(series: list[Series], alarms: list[Alarm], onsets: list[Onset],
                 keys: set[SeriesKey] | None = None) -> dict[str, Any]:
    """The README's measures: detected within 7/14/28 days, lags, false alarms, precision;
    of the series in `keys` (default: all): detection of their own onsets, false alarms
    against every onset (a country series' alarm is explained by its admin1's onset also
    when that series is not in `keys`)."""
    by_key: dict[SeriesKey, set[date]] = defaultdict(set)
    for alarm in alarms:
        by_key[alarm.key].add(alarm.week)
    scored = series if keys is None else [one for one in series if one.key in keys]
    own = onsets if keys is None else [onset for onset in onsets if onset.key in keys]
    return {**detection_scores(own, by_key), **false_alarm_scores(scored, by_key, onsets)}


def detection_scores(onsets: list[Onset], by_key: dict[SeriesKey, set[date]]) -> dict[str, Any]:
    result: dict[str, Any] = {"onsets": len(onsets)}
    for days in (7, 14, 28):
        found = [lag for o in onsets
                 if (lag := detection_lag(o, by_key.get(o.key, set()), days)) is not None]
        result[f"detected_{days}d"] = round(len(found) / len(onsets), 4) if onsets else 0.0
        result[f"detected_{days}d_count"] = len(found)
    lags28 = found  # the lags within 28 days, the last of the loop
    result["median_lag_days"] = float(statistics.median(lags28)) if lags28 else None
    result["mean_lag_days"] = round(statistics.fmean(lags28), 2) if lags28 else None
    return result


def false_alarm_scores(series: list[Series], by_key: dict[SeriesKey, set[date]],
                       onsets: list[Onset]) -> dict[str, Any]:
    false = explained_count = quiet_weeks = 0
    for one in series:
        for week in one.weeks[BURN_IN_WEEKS:]:
            is_explained = explained(one.key, week, onsets)
            quiet_weeks += not is_explained
            alarmed = week in by_key.get(one.key, ())
            false += alarmed and not is_explained
            explained_count += alarmed and is_explained
    alarms = false + explained_count
    return {"alarms": alarms, "false_alarms": false, "quiet_weeks": quiet_weeks,
            "false_alarms_per_100_series_weeks": round(100 * false / max(quiet_weeks, 1), 3),
            "precision": round(explained_count / alarms, 4) if alarms else 0.0}


def signal_lead(series: list[Series], onsets: list[Onset], window: int = 4) -> dict[str, Any]:
    """Do leading signals rise before onsets? Over series with a `signals` column: a week is
    "signalled" when the `window` weeks before it hold more signals than the series' mean
    per `window` weeks over the 26 weeks before those (and at least one). Returns the share
    of onsets signalled, and, as the control, the share of all other weeks after burn-in
    that are signalled (a signal that leads onsets is more frequent before them)."""
    with_signals = [one for one in series if one.signals is not None]
    onset_weeks = {(o.key, o.week) for o in onsets}
    at_onsets: list[bool] = []
    others: list[bool] = []
    for one in with_signals:
        for index in range(BURN_IN_WEEKS, len(one.weeks)):
            flag = signalled(one.signals, index, window)  # type: ignore[arg-type]
            (at_onsets if (one.key, one.weeks[index]) in onset_weeks else others).append(flag)
    return {"series_with_signals": len(with_signals), "onsets_scored": len(at_onsets),
            "onsets_signalled": share(at_onsets), "other_weeks_signalled": share(others)}


def signalled(signals: np.ndarray, index: int, window: int) -> bool:
    before = int(signals[max(0, index - window):index].sum())
    history = signals[max(0, index - window - 26):max(0, index - window)]
    usual = float(history.mean()) * window if len(history) else 0.0
    return before >= 1 and before > usual


def share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None
