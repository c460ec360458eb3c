"""Alerts: one per onset on a series, updated while the rise goes on, closed when it ends.

`find_alerts(series, settings, now)` runs the settings' detector over each `WatchSeries`
(each week sees only the past) and walks the weeks: the first alarm week opens an alert
(its `onset_week`); later alarms update it (`last_alarm_week`, the latest alarm's
observed, expected, threshold and score); `close_after_weeks` weeks in a row without an
alarm close it (`closed_week`, the first of them). An alert is a JSON-ready dict, the
shape `GET /alerts` returns (docs/alerts.md): its id is stable (a hash of the series key
and the onset week), so a rerun over more data updates the same alert.

Each alert carries its `weeks` (the series from `signal_window_weeks` before the onset to
the latest week of the alert: observed, expected, threshold, alarm, leading signals), the
fused records of its alarm weeks (`events`), the leading signals counted in the window
before and including the onset week (`signals`), and the series' records dated only to a
month or a year (`coarse`: kept out of the weekly counts).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

import numpy as np

from flarewatch.geo.sources import english_country_name
from flarewatch.watch.detect import Detection, detector
from flarewatch.watch.series import WatchSeries
from flarewatch.watch.settings import WatchSettings

Alert = dict[str, Any]


@dataclass
class Episode:
    onset: int
    last: int
    closed: int | None = None


def episodes(alarm: list[bool], close_after: int) -> list[Episode]:
    """Runs of alarms: an episode opens at an alarm and closes at the first of
    `close_after` alarm-free weeks in a row (still open if the series ends sooner)."""
    found: list[Episode] = []
    for week, alarmed in enumerate(alarm):
        current = found[-1] if found and found[-1].closed is None else None
        if alarmed and current is None:
            found.append(Episode(week, week))
        elif alarmed and current is not None:
            current.last = week
        elif current is not None and week - current.last >= close_after:
            current.closed = current.last + 1
    return found


def alert_id(series: WatchSeries, onset: date) -> str:
    digest = hashlib.sha256(f"{series.level}\t{series.key}\t{onset}".encode()).hexdigest()
    return f"alert-{digest[:12]}"


def find_alerts(all_series: list[WatchSeries], settings: WatchSettings,
                now: datetime) -> list[Alert]:
    """Every alert of every series, oldest onset first."""
    found: list[Alert] = []
    for series in all_series:
        detection = detector(settings.detector)(series.events, series.deaths, settings,
                                                exposure(series, settings))
        found.extend(make_alert(series, detection, episode, settings, now)
                     for episode in episodes(list(detection.alarm), settings.close_after_weeks))
    return sorted(found, key=lambda alert: (alert["onset_week"], alert["id"]))


def exposure(series: WatchSeries, settings: WatchSettings) -> np.ndarray | None:
    """The share of each week observed: d / 7 for a partial last week of d days when
    `partial_week` is set; None (whole weeks) otherwise."""
    if not settings.partial_week or series.last_days >= 7 or not len(series.weeks):
        return None
    share = np.ones(len(series.weeks))
    share[-1] = series.last_days / 7
    return share


def make_alert(series: WatchSeries, detection: Detection, episode: Episode,
               settings: WatchSettings, now: datetime) -> Alert:
    """The alert of one episode; its figures are those of its peak alarm week (the highest
    score: the size of the rise), and `last_alarm_week` says how long it has gone on."""
    alarm_weeks = [i for i in range(episode.onset, episode.last + 1) if detection.alarm[i]]
    peak = max(alarm_weeks, key=lambda i: (float(detection.score[i]), -i))
    measure = str(detection.measure[peak])
    return {
        "id": alert_id(series, series.weeks[episode.onset]),
        "status": "open" if episode.closed is None else "closed",
        "series": series_fields(series),
        "measure": measure, "detector": settings.detector,
        "onset_week": series.weeks[episode.onset].isoformat(),
        "peak_week": series.weeks[peak].isoformat(),
        "last_alarm_week": series.weeks[episode.last].isoformat(),
        "closed_week": None if episode.closed is None else series.weeks[
            episode.closed].isoformat(),
        "observed": observed_at(series, measure, peak), "expected": rounded(
            detection.expected[peak]),
        "threshold": rounded(detection.threshold[peak]),
        "score": rounded(detection.score[peak]),
        "summary": summary(series, measure, detection, peak, settings),
        "weeks": week_rows(series, detection, episode, settings),
        "events": [member for i in alarm_weeks for member in
                   series.members.get(series.weeks[i], [])],
        "signals": signal_total(series, episode.onset, settings),
        "coarse": series.coarse,
        "opened_at": now.isoformat(), "updated_at": now.isoformat(),
    }


def observed_at(series: WatchSeries, measure: str, week: int) -> int:
    return int((series.deaths if measure == "deaths" else series.events)[week])


def rounded(value: float) -> float | None:
    """Two decimals; None for a week that was not tested (too little history)."""
    return None if math.isnan(value) else round(float(value), 2)


def counted(number: float | None, word: str) -> str:
    """"1 death", "2 deaths", "0.29 violent events"."""
    if number is None:
        return f"no {word}s"
    shown = f"{number:g}" if isinstance(number, float) else str(number)
    return f"{shown} {word}" if number == 1 else f"{shown} {word}s"


@cache
def country_name(code: str | None) -> str:
    """The common English name of an ISO alpha-3 code (`geo.sources.english_country_name`),
    else the code."""
    return english_country_name(code) or (code or "")


def label(series: WatchSeries) -> str:
    country = country_name(series.country)
    if series.level == "admin1":
        return f"{country}, {series.admin1}"
    if series.level == "dyad":
        return series.key.replace("|", " v. ") + (f" ({country})" if series.country else "")
    if series.level == "family":
        return f"{country}, {series.key.split(':', 1)[1]} events"
    return country


def series_fields(series: WatchSeries) -> dict[str, Any]:
    return {"level": series.level, "key": series.key, "country": series.country,
            "admin1": series.admin1, "label": label(series)}


def summary(series: WatchSeries, measure: str, detection: Detection, week: int,
            settings: WatchSettings) -> str:
    """One line: what the peak week held, and against what it alarmed."""
    events, deaths = int(series.events[week]), int(series.deaths[week])
    told = counted(events, "event" if series.level == "family" else "violent event")
    if series.level != "family":
        told += f" and {counted(deaths, 'death')}"
    return f"{label(series)}: {told} in {week_words(series, week)}; " + against(
        measure, detection, week, settings)


def week_words(series: WatchSeries, week: int) -> str:
    """"the week of 2024-03-11", or "the first 3 days of the week of 2024-03-11" for a
    partial last week."""
    days = observed_days(series, week)
    start = f"the week of {series.weeks[week]}"
    return start if days == 7 else f"the first {'day' if days == 1 else f'{days} days'} of " \
        + start


def observed_days(series: WatchSeries, week: int) -> int:
    return series.last_days if week == len(series.weeks) - 1 else 7


def against(measure: str, detection: Detection, week: int, settings: WatchSettings) -> str:
    if settings.detector == "cusum":
        return (f"CUSUM {rounded(detection.score[week])} above {settings.cusum_h:g} "
                f"({counted(rounded(detection.expected[week]), 'event')} a week expected)")
    unit = "death" if measure == "deaths" else "event"
    return (f"{counted(rounded(detection.expected[week]), unit)} expected, alarm above "
            f"{rounded(detection.threshold[week])}")


def week_rows(series: WatchSeries, detection: Detection, episode: Episode,
              settings: WatchSettings) -> list[dict[str, Any]]:
    first = max(0, episode.onset - settings.signal_window_weeks)
    last = episode.closed if episode.closed is not None else len(series.weeks) - 1
    return [{"week_start": series.weeks[i].isoformat(), "events": int(series.events[i]),
             "deaths": int(series.deaths[i]), "signals": int(series.signals[i]),
             "expected": rounded(detection.expected[i]),
             "threshold": rounded(detection.threshold[i]), "alarm": bool(detection.alarm[i]),
             "records": series.members.get(series.weeks[i], []) if detection.alarm[i] else [],
             **partial_days(series, i)}
            for i in range(first, last + 1)]


def partial_days(series: WatchSeries, week: int) -> dict[str, int]:
    """{"days": d} for a partial last week (its expected and threshold are for d days)."""
    days = observed_days(series, week)
    return {} if days == 7 else {"days": days}


def signal_total(series: WatchSeries, onset: int, settings: WatchSettings) -> dict[str, float]:
    """Leading signals in the `signal_window_weeks` before and including the onset week,
    and the series' mean per such window before it (0 where there is no history)."""
    window = settings.signal_window_weeks
    before = int(series.signals[max(0, onset - window):onset + 1].sum())
    history = series.signals[:max(0, onset - window)]
    usual = float(history.mean() * (window + 1)) if len(history) else 0.0
    return {"before_onset": before, "usual": round(usual, 2)}


# What subscribers are told of an alert (issue 14): its opening, each new high while it is
# open, and its closing; no other change of an alert is sent to the sinks.
NOTICES = ("open", "high", "close")


def notice(before: Alert | None, after: Alert) -> str | None:
    """What this run tells the sinks of `after`, given the stored `before` (None: unseen).

    "open": a new alert (also one first seen already closed: its subscribers never heard
    of it), or a closed alert open again (a reopened alert is news as its opening was);
    "close": an alert open before and closed now; "high": an alert open before and now
    whose alarm weeks reach a new high of events or deaths (`highs`, as the back-test's
    `alarm_rows` news); None for every other change (more weeks, a new expected value, a
    lower or equal peak, a closed alert revised)."""
    if before is None or (before["status"] == "closed" and after["status"] == "open"):
        return "open"
    if after["status"] == "closed":
        return "close" if before["status"] == "open" else None
    return "high" if beats(highs(after), highs(before)) else None


def highs(alert: Alert) -> tuple[int, int]:
    """(most events, most deaths) in one alarm week of the alert's `weeks`; (-1, -1) for
    none."""
    alarmed = [row for row in alert.get("weeks") or [] if row.get("alarm")]
    return (max((int(row["events"]) for row in alarmed), default=-1),
            max((int(row["deaths"]) for row in alarmed), default=-1))


def beats(now: tuple[int, int], before: tuple[int, int]) -> bool:
    """A new high: more events or more deaths in one alarm week than before."""
    return now[0] > before[0] or now[1] > before[1]
