"""Escalation detectors over one weekly series, each week seeing only the past.

A detector takes `events` and `deaths` (1-D integer arrays, one value per consecutive ISO
week, oldest first) and returns a `Detection`: per week the `expected` value, the
`threshold` above which it alarms, the `score` (how far above the baseline, in standard
deviations of it), the `alarm` flag and the `measure` that alarmed ("events", "deaths" or
"" for none). Weeks with too little history (`min_baseline_weeks`) have NaN expectations
and never alarm. `exposure` (optional, one value per week, default 1) is the share of each
week observed: a partial current week of d days has d / 7, and its events are tested
against that share of the baseline (mean * e, sd * sqrt(e): counts of a Poisson-like
process over part of the time); deaths, on the log scale, keep the whole week's test.

- `farrington` (the default): a Farrington-style count baseline with overdispersion
  (Farrington et al. 1996, JRSS A 159(3); Noufaily et al. 2013, Stat. Med. 32(7)). Events:
  the quasi-Poisson fit of the trailing `baseline_weeks` (intercept only: the mean mu and
  the dispersion phi = Pearson chi2 / (n - 1), as statsmodels' GLM with `scale="X2"` gives,
  `quasi_poisson_fit`), refitted with past outbreak weeks down-weighted (`reweighted`,
  `reweight_cut`; 0 keeps the plain fit), threshold mu + z * sqrt(phi * mu) with
  `events_z`, at least `events_min` events, and (`events_min_4w`, off by default) at
  least that many in the week and the 3 before. Deaths, heavy-tailed, on the log scale:
  log(1 + deaths) above its trailing mean + `deaths_z` standard deviations, with at least
  `deaths_min` deaths. And a change point as a second opinion for a series at war (an
  event in every week of its baseline, where the band is wide): a week `shift_z` sd up
  that the best segmentation (PELT's, penalty `shift_penalty`) sets apart from the weeks
  before it (`war_shift`). A week alarms on any of them.
- `cusum`: Page's one-sided CUSUM (Page 1954, Biometrika 41) of the events' standardised
  residuals against the same baseline, for sustained shifts: S = max(0, S + r - k), alarm
  when S > h (`cusum_k`, `cusum_h`), then S restarts at 0.
- `pelt`: change points (ruptures' PELT, Killick et al. 2012, JASA 107(500); l2 cost) on
  the Anscombe-transformed events (2 sqrt(x + 3/8): variance about 1) of the trailing
  `baseline_weeks` and the week itself, penalty `pelt_penalty` * log(n): the week alarms
  when it starts a segment of its own above the one before (and has `events_min` events);
  the deaths channel is farrington's. Slow (one PELT fit per candidate week).
- `mean3sd`: the anchor of `../shared/data/watch/README.md`: at least 3 events and more than
  the mean + 3 sd of the previous 26 weeks.
- `no-change`: the no-change forecast (next week as this week; the ViEWS escalation
  competition's benchmark) as a detector: alarm when a week has at least `events_min`
  events and exceeds last week's count by `no_change_z` Poisson sd (sqrt(max(last, 1))).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

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


def windows(values: Array, weeks: int) -> Array:
    """(n, weeks) matrix: row i holds the up to `weeks` values before week i, 0-padded."""
    padded = np.concatenate((np.zeros(weeks), values.astype(float)))
    return np.lib.stride_tricks.sliding_window_view(padded, weeks)[:len(values)]


def reweighted(values: Array, weeks: int, min_weeks: int, cut: float) -> Baseline:
    """Quasi-Poisson mean and sd (sqrt(phi * mu)) of the trailing `weeks`, refitted once with
    past outbreak weeks down-weighted (Farrington et al. 1996; Noufaily et al. 2013, Stat.
    Med. 32(7)): weeks whose Anscombe residual s exceeds `cut` get weight s**-2, the
    weights are scaled to sum to n, and mu and phi are refitted. NaN where
    fewer than `min_weeks` (at least 2) precede a week."""
    x = values.astype(float)
    y, valid = windows(x, weeks), windows(np.ones(len(x)), weeks)
    n = valid.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mu, phi = weighted_fit(y, valid, n)
        weights = anscombe_weights(windows(x ** (2 / 3), weeks), valid, mu, phi, n, cut)
        mu, phi = weighted_fit(y, weights, n)
    mu[n < max(min_weeks, 2)] = np.nan
    return Baseline(mu, np.sqrt(phi * mu))


def weighted_fit(y: Array, weights: Array, n: Array) -> tuple[Array, Array]:
    """Row-wise weighted mean mu and dispersion phi = sum w (y - mu)^2 / mu / (n - 1) of a
    window matrix (weight 0 on padding); phi is 1 where mu is 0. Not floored at 1 (as
    Farrington's is): a steady, underdispersed series keeps its narrow band, as in
    `trailing` (with the floor, a level doubling from 20 to 45 a week went unflagged)."""
    mu = (weights * y).sum(axis=1) / weights.sum(axis=1)
    chi2 = (weights * (y - mu[:, None]) ** 2).sum(axis=1) / np.where(mu > 0, mu, 1.0)
    return mu, np.where(mu > 0, chi2 / (n - 1), 1.0)


def anscombe_weights(y23: Array, valid: Array, mu: Array, phi: Array, n: Array,
                     cut: float) -> Array:
    """s**-2 where the Anscombe residual s = 1.5 (y^(2/3) - mu^(2/3)) / (mu^(1/6)
    sqrt(phi (1 - 1/n))) exceeds `cut`, else 1 (0 on padding); scaled to sum to n in each
    row. `y23`: the windows of y^(2/3)."""
    spread = mu ** (1 / 6) * np.sqrt(phi * (1 - 1 / n))
    scale = 1.5 / np.where(spread > 0, spread, np.inf)
    residual = (y23 - (mu ** (2 / 3))[:, None]) * scale[:, None]
    weights = np.where(residual > cut, 1.0 / np.maximum(residual, cut) ** 2, 1.0) * valid
    return weights * (n / weights.sum(axis=1))[:, None]


def events_baseline(events: Array, settings: WatchSettings) -> Baseline:
    """The events' baseline: `reweighted` when `reweight_cut` > 0, the plain trailing
    quasi-Poisson fit (`trailing`) otherwise."""
    weeks, least = settings.baseline_weeks, settings.min_baseline_weeks
    if settings.reweight_cut > 0:
        return reweighted(events, weeks, least, settings.reweight_cut)
    return trailing(events, weeks, least)


def scaled(base: Baseline, exposure: Array | None) -> Baseline:
    """The baseline of a part `exposure` (0-1] of each week: mean * e, sd * sqrt(e)."""
    if exposure is None:
        return base
    return Baseline(base.mean * exposure, base.sd * np.sqrt(exposure))


def exceed(observed: Array, base: Baseline, z: float, minimum: float, floor: Array) -> Detection:
    """Alarm where `observed` > mean + z sd and `floor` >= minimum; score in sd units."""
    threshold = base.mean + z * base.sd
    score = standardised(observed, base)
    alarm = (observed > threshold) & (floor >= minimum) & ~np.isnan(base.mean)
    return Detection(base.mean, threshold, score, alarm, np.where(alarm, "events", ""))


def farrington(events: Array, deaths: Array, settings: WatchSettings,
               exposure: Array | None = None) -> Detection:
    """Events on the quasi-Poisson baseline, deaths on the log scale, and a level shift of
    a series at war (`war_shift`); any of them alarms."""
    base = scaled(events_baseline(events, settings), exposure)
    on_events = exceed(events, base, settings.events_z, settings.events_min, events)
    found = either(recent_minimum(on_events, events, settings.events_min_4w),
                   deaths_channel(deaths, settings))
    return either(found, war_shift(events, base, on_events.score, settings))


def at_war(events: Array, weeks: int) -> Array:
    """Per week: the `weeks` before it (fewer at the start, at least one) all hold an
    event: a series at war, where no week is quiet."""
    quiet = np.concatenate(([1], recent_sums((events == 0).astype(int), weeks)[:-1]))
    return quiet == 0


def war_shift(events: Array, base: Baseline, score: Array,
              settings: WatchSettings) -> Detection:
    """A rise within a war: on a series `at_war`, a week with `events_min` events and
    `shift_z` baseline sd above the mean (`score`: `standardised(events, base)`, the events
    test's) that the best segmentation (`split_offs` with `last_segments`: PELT's answer,
    Killick et al. 2012, JASA 107(500), by the exact search it prunes) puts in a segment of
    its own above the one before (penalty `shift_penalty` x log n, on the Anscombe scale of
    the trailing `baseline_weeks` and the week). A year at war makes the quasi-Poisson band
    wide (phi of 4 or more), so a clear step up from the recent level stays under
    `events_z`; the change point asks that the week stand apart from the weeks just before
    it, not only from the year. `shift_penalty` 0: off. Its score is in baseline sd, as
    the events test's."""
    alarm = np.zeros(len(events), bool)
    if settings.shift_penalty > 0:
        candidates = at_war(events, settings.baseline_weeks) & (
            events >= settings.events_min) & (score >= settings.shift_z) & ~np.isnan(base.mean)
        alarm = split_offs(events, candidates, settings.baseline_weeks,
                           settings.shift_penalty, last_segments)[0]
    threshold = np.maximum(base.mean + settings.shift_z * base.sd, pelt_threshold(
        base.mean, settings.baseline_weeks, max(settings.shift_penalty, 0.1)))
    return Detection(base.mean, threshold, score, alarm, np.where(alarm, "events", ""))


def standardised(observed: Array, base: Baseline) -> Array:
    """(observed - mean) / sd (sd 0 read as 1); NaN where the baseline is."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return (observed - base.mean) / np.where(base.sd > 0, base.sd, 1.0)


def recent_sums(values: Array, weeks: int) -> Array:
    """The sum of each week and the `weeks` - 1 before it (fewer at the start)."""
    sums = np.concatenate(([0], np.cumsum(values)))
    end = np.arange(1, len(values) + 1)
    return sums[end] - sums[np.maximum(0, end - weeks)]


def recent_minimum(found: Detection, events: Array, least: int) -> Detection:
    """Drop the alarms of weeks with fewer than `least` events in the week and the 3 before
    (Farrington et al. 1996's rule of at least 5 reports in the past 4 weeks, the
    `limit54` of the R package `surveillance`); `least` 0 keeps every alarm."""
    if least <= 0:
        return found
    alarm = found.alarm & (recent_sums(events, 4) >= least)
    return Detection(found.expected, found.threshold, found.score, alarm,
                     np.where(alarm, found.measure, ""))


def deaths_channel(deaths: Array, settings: WatchSettings) -> Detection:
    """log(1 + deaths) above its trailing mean + `deaths_z` sd, with `deaths_min` deaths."""
    log_deaths = np.log1p(deaths.astype(float))
    base = trailing(log_deaths, settings.baseline_weeks, settings.min_baseline_weeks)
    return deaths_detection(exceed(log_deaths, base, settings.deaths_z, settings.deaths_min,
                                   deaths))


def deaths_detection(on_log: Detection) -> Detection:
    """A log-scale deaths detection back on the scale of deaths (expected, threshold)."""
    return Detection(np.expm1(on_log.expected), np.expm1(on_log.threshold), on_log.score,
                     on_log.alarm, np.where(on_log.alarm, "deaths", ""))


def either(first: Detection, second: Detection) -> Detection:
    """Week by week the first detection's values, the second's where only it alarms."""
    take = second.alarm & ~first.alarm
    return Detection(*(np.where(take, getattr(second, name), getattr(first, name))
                       for name in ("expected", "threshold", "score", "alarm", "measure")))


def cusum(events: Array, deaths: Array, settings: WatchSettings,
          exposure: Array | None = None) -> Detection:
    """Page's CUSUM of standardised event residuals (sd floored at 1 event)."""
    base = scaled(trailing(events, settings.baseline_weeks, settings.min_baseline_weeks),
                  exposure)
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


def pelt(events: Array, deaths: Array, settings: WatchSettings,
         exposure: Array | None = None) -> Detection:
    """PELT change points on the trailing window of each candidate week (a week with
    `events_min` events, above the trailing mean); farrington's deaths channel beside.
    expected: the trailing mean; threshold: the count that would split off from a flat
    window (`pelt_threshold`); score: the jump, in Anscombe units. A partial week is
    tested as a whole week (`exposure` is not used)."""
    weeks = settings.baseline_weeks
    base = trailing(events, weeks, settings.min_baseline_weeks)
    with np.errstate(invalid="ignore"):
        candidates = (events >= settings.events_min) & (events > base.mean)
    alarm, score = split_offs(events, candidates, weeks, settings.pelt_penalty,
                              ruptures_segments)
    threshold = pelt_threshold(base.mean, weeks, settings.pelt_penalty)
    on_events = Detection(base.mean, threshold, score, alarm, np.where(alarm, "events", ""))
    return either(on_events, deaths_channel(deaths, settings))


def anscombe(counts: Array) -> Array:
    """2 sqrt(x + 3/8): Poisson counts with a variance of about 1 (Anscombe 1948)."""
    return 2 * np.sqrt(counts.astype(float) + 3 / 8)


Segments = Callable[[Array, float], tuple[int, int]]


def split_offs(events: Array, candidates: Array, weeks: int, penalty: float,
               segments: Segments) -> tuple[Array, Array]:
    """Per week (False, 0.0 where not a candidate): `split_off` of the Anscombe-scaled
    events of the `weeks` before it and the week itself."""
    scale = anscombe(events)
    alarm, jump = np.zeros(len(events), bool), np.zeros(len(events))
    for week in np.flatnonzero(candidates):
        alarm[week], jump[week] = split_off(scale[max(0, week - weeks):week + 1], penalty,
                                            segments)
    return alarm, jump


def split_off(window: Array, penalty: float, segments: Segments) -> tuple[bool, float]:
    """(alarm, jump): whether the best segmentation of `window` (l2 cost, penalty
    `penalty` * log n per segment; `segments` gives the starts of its last two segments)
    puts the window's last value in a segment of its own, above the segment before; the
    jump between their means."""
    last = len(window) - 1
    if last < 1:
        return False, 0.0
    before, start = segments(window, penalty * np.log(len(window)))
    if start != last:
        return False, 0.0
    jump = float(window[-1] - window[before:last].mean())
    return jump > 0, jump


def ruptures_segments(window: Array, penalty: float) -> tuple[int, int]:
    """The starts of the last two segments (0 for both when there is one) of ruptures'
    PELT (Killick et al. 2012; l2 cost, min_size 1, jump 1) on `window`."""
    import ruptures

    ends = ruptures.Pelt(model="l2", min_size=1, jump=1).fit(window).predict(pen=penalty)
    starts = [0, 0, *ends[:-1]]
    return starts[-2], starts[-1]


def last_segments(window: Array, penalty: float) -> tuple[int, int]:
    """What `ruptures_segments` gives, by optimal partitioning (Jackson et al. 2005, IEEE
    Signal Process. Lett. 12(2); `segment_starts`), the exact search PELT prunes, in
    numpy: about 100 times faster on a year's window, as the live watch needs."""
    starts = segment_starts(window.astype(float), penalty)
    return int(starts[starts[-1]]), int(starts[-1])


def segment_starts(x: Array, penalty: float) -> Array:
    """start[t]: where the last segment of the best segmentation of x[:t] starts (l2 cost:
    each segment's squared deviations from its mean, plus `penalty` per segment). Ties go
    to the earliest start, as in ruptures."""
    n = len(x)
    s1, s2 = (np.concatenate(([0.0], np.cumsum(v))) for v in (x, x * x))
    start, end = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    with np.errstate(invalid="ignore", divide="ignore"):
        cost = s2[end] - s2[start] - (s1[end] - s1[start]) ** 2 / (end - start)
    by_end = np.ascontiguousarray(cost.T)  # by_end[t, s]: the cost of x[s:t]
    best, starts = np.full(n + 1, -penalty), np.zeros(n + 1, int)
    for t in range(1, n + 1):
        total = best[:t] + by_end[t, :t]
        starts[t] = total.argmin()
        best[t] = total[starts[t]] + penalty
    return starts


def pelt_threshold(mean: Array, weeks: int, penalty: float) -> Array:
    """The count above which one week splits off from a flat window of `weeks` at `mean`
    (the l2 cost falls by d^2 n / (n + 1) > penalty * log(n + 1), d on the Anscombe
    scale), back on the count scale: an approximation, for the chart."""
    rise = np.sqrt(penalty * np.log(weeks + 1) * (weeks + 1) / weeks)
    return np.maximum((anscombe(np.nan_to_num(mean)) + rise) ** 2 / 4 - 3 / 8, 0) + \
        np.where(np.isnan(mean), np.nan, 0.0)


def mean3sd(events: Array, deaths: Array, settings: WatchSettings,
            exposure: Array | None = None) -> Detection:
    """The README's anchor: >= 3 events and above mean + 3 sd of the previous 26 weeks."""
    base = trailing(events, settings.mean3sd_weeks, settings.mean3sd_weeks)
    return exceed(events, scaled(base, exposure), settings.mean3sd_z, 3, events)


def no_change(events: Array, deaths: Array, settings: WatchSettings,
              exposure: Array | None = None) -> Detection:
    """Last week's count as the forecast, Poisson sd around it."""
    last = np.concatenate(([np.nan], events[:-1].astype(float)))
    share = np.ones(len(events)) if exposure is None else exposure
    base = Baseline(last * share, np.sqrt(np.maximum(np.nan_to_num(last * share), 1.0)))
    return exceed(events, base, settings.no_change_z, settings.events_min, events)


class Detector(Protocol):
    def __call__(self, events: Array, deaths: Array, settings: WatchSettings,
                 exposure: Array | None = None) -> Detection: ...


DETECTORS: dict[str, Detector] = {
    "farrington": farrington,
    "cusum": cusum,
    "pelt": pelt,
    "mean3sd": mean3sd,
    "no-change": no_change,
}


def detector(name: str) -> Detector:
    """The detector called `name`; `ValueError` listing the known ones otherwise."""
    if name not in DETECTORS:
        raise ValueError(f"no detector {name!r}; known: {', '.join(DETECTORS)}")
    return DETECTORS[name]
