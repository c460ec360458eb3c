"""Escalation detectors over one weekly series, each week seeing only the past.

A detector takes `events` and `deaths` (1-D integer arrays, one value per consecutive ISO
week, oldest first) and returns a `Detection`: per week the `expected` value, the
`threshold` above which it alarms, the `score` (how far above the baseline, in standard
deviations of it), the `alarm` flag and the `measure` that alarmed ("events", "deaths" or
"" for none). Weeks with too little history (`min_baseline_weeks`) have NaN expectations
and never alarm.

- `farrington` (the default): a Farrington-style count baseline with overdispersion
  (Farrington et al. 1996, JRSS A 159(3); Noufaily et al. 2013, Stat. Med. 32(7)). Events:
  the quasi-Poisson fit of the trailing `baseline_weeks` (intercept only: the mean mu and
  the dispersion phi = Pearson chi2 / (n - 1), as statsmodels' GLM with `scale="X2"` gives,
  `quasi_poisson_fit`), threshold mu + z * sqrt(phi * mu) with `events_z`, and at least
  `events_min` events. Deaths, heavy-tailed, on the log scale: log(1 + deaths) above its
  trailing mean + `deaths_z` standard deviations, with at least `deaths_min` deaths. A week
  alarms on either.
- `cusum`: Page's one-sided CUSUM (Page 1954, Biometrika 41) of the events' standardised
  residuals against the same baseline, for sustained shifts: S = max(0, S + r - k), alarm
  when S > h (`cusum_k`, `cusum_h`), then S restarts at 0.
- `mean3sd`: the anchor of `../shared/data/watch/README.md`: at least 3 events and more than
  the mean + 3 sd of the previous 26 weeks.
- `no-change`: the no-change forecast (next week as this week; the ViEWS escalation
  competition's benchmark) as a detector: alarm when a week has at least `events_min`
  events and exceeds last week's count by `no_change_z` Poisson sd (sqrt(max(last, 1))).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from flarewatch.watch.settings import WatchSettings

Array = np.ndarray


@dataclass(frozen=True)
class Detection:
    expected: Array
    threshold: Array
    score: Array
    alarm: Array
    measure: Array


@dataclass(frozen=True)
class Baseline:
    mean: Array
    sd: Array


def trailing(values: Array, weeks: int, min_weeks: int) -> Baseline:
    """Mean and sample sd (ddof 1) of the up to `weeks` values before each week; NaN where
    fewer than `min_weeks` (at least 2) precede it."""
    x = values.astype(float)
    sums = np.concatenate(([0.0], np.cumsum(x)))
    squares = np.concatenate(([0.0], np.cumsum(x * x)))
    end = np.arange(len(x))
    start = np.maximum(0, end - weeks)
    n = (end - start).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (sums[end] - sums[start]) / n
        var = (squares[end] - squares[start] - n * mean * mean) / (n - 1)
    short = n < max(min_weeks, 2)
    mean[short] = np.nan
    return Baseline(mean, np.sqrt(np.clip(var, 0.0, None)) + np.where(short, np.nan, 0.0))


def quasi_poisson_fit(window: Array) -> tuple[float, float]:
    """(mu, phi) of an intercept-only quasi-Poisson GLM of the counts in `window`: the mean,
    and Pearson chi2 / (n - 1) (1.0 where the mean is 0). `trailing` computes the same in
    bulk: its sd**2 equals phi * mu."""
    mu = float(window.mean())
    if mu == 0:
        return 0.0, 1.0
    return mu, float(((window - mu) ** 2 / mu).sum() / (len(window) - 1))


def exceed(observed: Array, base: Baseline, z: float, minimum: float, floor: Array) -> Detection:
    """Alarm where `observed` > mean + z sd and `floor` >= minimum; score in sd units."""
    threshold = base.mean + z * base.sd
    with np.errstate(invalid="ignore", divide="ignore"):
        score = (observed - base.mean) / np.where(base.sd > 0, base.sd, 1.0)
    alarm = (observed > threshold) & (floor >= minimum) & ~np.isnan(base.mean)
    return Detection(base.mean, threshold, score, alarm, np.where(alarm, "events", ""))


def farrington(events: Array, deaths: Array, settings: WatchSettings) -> Detection:
    """Events on the quasi-Poisson baseline, deaths on the log scale; either alarms."""
    weeks, least = settings.baseline_weeks, settings.min_baseline_weeks
    on_events = exceed(events, trailing(events, weeks, least), settings.events_z,
                       settings.events_min, events)
    log_deaths = np.log1p(deaths.astype(float))
    on_deaths = exceed(log_deaths, trailing(log_deaths, weeks, least), settings.deaths_z,
                       settings.deaths_min, deaths)
    return either(on_events, deaths_detection(on_deaths))


def deaths_detection(on_log: Detection) -> Detection:
    """A log-scale deaths detection back on the scale of deaths (expected, threshold)."""
    return Detection(np.expm1(on_log.expected), np.expm1(on_log.threshold), on_log.score,
                     on_log.alarm, np.where(on_log.alarm, "deaths", ""))


def either(first: Detection, second: Detection) -> Detection:
    """Week by week the first detection's values, the second's where only it alarms."""
    take = second.alarm & ~first.alarm
    return Detection(*(np.where(take, getattr(second, name), getattr(first, name))
                       for name in ("expected", "threshold", "score", "alarm", "measure")))


def cusum(events: Array, deaths: Array, settings: WatchSettings) -> Detection:
    """Page's CUSUM of standardised event residuals (sd floored at 1 event)."""
    base = trailing(events, settings.baseline_weeks, settings.min_baseline_weeks)
    residual = (events - base.mean) / np.maximum(base.sd, 1.0)
    sums, alarm = cusum_path(np.nan_to_num(residual), settings.cusum_k, settings.cusum_h)
    alarm &= (events >= settings.events_min) & ~np.isnan(base.mean)
    threshold = base.mean + (settings.cusum_h + settings.cusum_k) * np.maximum(base.sd, 1.0)
    return Detection(base.mean, threshold, sums, alarm, np.where(alarm, "events", ""))


def cusum_path(residual: Array, k: float, h: float) -> tuple[Array, Array]:
    """The CUSUM sums and alarms of a residual series; the sum restarts after an alarm."""
    sums, alarm, total = np.zeros(len(residual)), np.zeros(len(residual), bool), 0.0
    for week, value in enumerate(residual):
        total = max(0.0, total + value - k)
        sums[week], alarm[week] = total, total > h
        total = 0.0 if alarm[week] else total
    return sums, alarm


def mean3sd(events: Array, deaths: Array, settings: WatchSettings) -> Detection:
    """The README's anchor: >= 3 events and above mean + 3 sd of the previous 26 weeks."""
    base = trailing(events, settings.mean3sd_weeks, settings.mean3sd_weeks)
    return exceed(events, base, settings.mean3sd_z, 3, events)


def no_change(events: Array, deaths: Array, settings: WatchSettings) -> Detection:
    """Last week's count as the forecast, Poisson sd around it."""
    last = np.concatenate(([np.nan], events[:-1].astype(float)))
    base = Baseline(last, np.sqrt(np.maximum(np.nan_to_num(last), 1.0)))
    return exceed(events, base, settings.no_change_z, settings.events_min, events)


Detector = Callable[[Array, Array, WatchSettings], Detection]

DETECTORS: dict[str, Detector] = {
    "farrington": farrington,
    "cusum": cusum,
    "mean3sd": mean3sd,
    "no-change": no_change,
}


def detector(name: str) -> Detector:
    """The detector called `name`; `ValueError` listing the known ones otherwise."""
    if name not in DETECTORS:
        raise ValueError(f"no detector {name!r}; known: {', '.join(DETECTORS)}")
    return DETECTORS[name]
