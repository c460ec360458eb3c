"""Detectors over hand-made weekly series (tests/watch/data/detector_cases.tsv)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from flarewatch.watch.detect import (
    DETECTORS,
    anscombe,
    at_war,
    cusum_path,
    detector,
    last_segments,
    quasi_poisson_fit,
    recent_sums,
    reweighted,
    ruptures_segments,
    split_off,
    trailing,
)
from flarewatch.watch.settings import default_settings

DATA = Path(__file__).resolve().parent / "data"


def cases() -> list[tuple[str, list[int], list[int], list[int]]]:
    rows = []
    for line in (DATA / "detector_cases.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, events, deaths, alarms, _why = line.split("\t")
            rows.append((name, [int(x) for x in events.split()],
                         [int(x) for x in deaths.split()],
                         [] if alarms == "-" else [int(x) for x in alarms.split()]))
    return rows


@pytest.mark.parametrize(("name", "events", "deaths", "alarms"), cases(),
                         ids=[row[0] for row in cases()])
def test_farrington_alarms(name: str, events: list[int], deaths: list[int],
                           alarms: list[int]) -> None:
    found = detector("farrington")(np.array(events), np.array(deaths), default_settings())
    assert list(np.flatnonzero(found.alarm)) == alarms


def test_table_has_as_many_traps_as_alarms() -> None:
    traps = sum(1 for row in cases() if not row[3])
    assert 0.4 <= traps / len(cases()) <= 0.6


@pytest.mark.parametrize("seed", range(5))
def test_trailing_matches_quasi_poisson_glm(seed: int) -> None:
    """The bulk baseline is the intercept-only quasi-Poisson GLM that statsmodels fits."""
    import statsmodels.api as sm

    counts = np.random.default_rng(seed).negative_binomial(2, 0.3, size=40)
    base = trailing(counts, 26, 8)
    week = 35
    window = counts[week - 26:week]
    fit = sm.GLM(window, np.ones((len(window), 1)), family=sm.families.Poisson()).fit(
        scale="X2")
    mu, phi = quasi_poisson_fit(window)
    assert mu == pytest.approx(float(np.exp(fit.params[0])))
    assert phi == pytest.approx(float(fit.scale))
    assert base.mean[week] == pytest.approx(mu)
    assert base.sd[week] ** 2 == pytest.approx(phi * mu)


def test_trailing_sees_only_the_past() -> None:
    counts = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 100])
    base = trailing(counts, 52, 8)
    assert np.isnan(base.mean[:8]).all()
    assert base.mean[9] == pytest.approx(5.0)  # the 100 of week 9 is not in its own baseline


def test_cusum_restarts_after_an_alarm() -> None:
    sums, alarm = cusum_path(np.array([0.0, 3.0, 3.0, 3.0, 0.0, 3.0]), k=1.0, h=3.5)
    assert list(alarm) == [False, False, True, False, False, False]
    assert sums[3] == pytest.approx(2.0)


@pytest.mark.parametrize("name", list(DETECTORS))
def test_every_detector_gives_one_value_per_week(name: str) -> None:
    events = np.array([0, 1, 0, 0, 2, 0, 1, 0, 0, 9, 0, 0] * 3)
    found = detector(name)(events, events * 3, default_settings())
    for values in (found.expected, found.threshold, found.score, found.alarm, found.measure):
        assert len(values) == len(events)
    assert found.alarm.any()


def test_unknown_detector_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="farrington"):
        detector("oracle")


STEADY = [2, 1, 2, 2, 1, 2, 1, 2, 2, 1, 2, 1]  # about 1.6 events a week


@pytest.mark.parametrize(("last", "days", "alarm"), [
    (3, 2, True),    # three events in two days of a week that usually holds 1.6
    (3, 5, False),   # three in five days: near the usual pace
    (5, 5, True),    # five in five days: above the 4.1 of five days' share
    (5, 7, False),   # five in a whole week is no surge here (threshold 5.1)
    (2, 1, False),   # below events_min, however early in the week
])
def test_a_partial_week_is_tested_on_its_days(last: int, days: int, alarm: bool) -> None:
    events = np.array([*STEADY, last])
    share = np.ones(len(events))
    share[-1] = days / 7
    found = detector("farrington")(events, np.zeros_like(events), default_settings(), share)
    whole = detector("farrington")(events, np.zeros_like(events), default_settings())
    assert bool(found.alarm[-1]) is alarm
    assert found.expected[-1] == pytest.approx(whole.expected[-1] * days / 7)


def reference_reweighted(window: np.ndarray, cut: float) -> tuple[float, float]:
    """Farrington's reweighting written out for one window (Noufaily et al. 2013, s. 2)."""
    y, n = window.astype(float), len(window)
    mu, phi = quasi_poisson_fit(window)
    s = 1.5 * (y ** (2 / 3) - mu ** (2 / 3)) / (mu ** (1 / 6) * np.sqrt(phi * (1 - 1 / n)))
    w = np.array([v ** -2 if v > cut else 1.0 for v in s])
    w = w * n / w.sum()
    mu2 = float((w * y).sum() / w.sum())
    return mu2, float((w * (y - mu2) ** 2).sum() / mu2 / (n - 1))


@pytest.mark.parametrize(("seed", "cut"), [(0, 1.0), (1, 1.5), (2, 2.58), (3, 1.5)])
def test_reweighted_baseline_matches_the_formula(seed: int, cut: float) -> None:
    counts = np.random.default_rng(seed).negative_binomial(2, 0.3, size=40)
    counts[20] = 40  # a past outbreak week inside the window
    week = 35
    base = reweighted(counts, 26, 8, cut)
    mu, phi = reference_reweighted(counts[week - 26:week], cut)
    assert base.mean[week] == pytest.approx(mu)
    assert base.sd[week] ** 2 == pytest.approx(phi * mu)
    assert base.mean[week] < trailing(counts, 26, 8).mean[week]  # the outbreak weighs less


@pytest.mark.parametrize(("events", "alarms"), [
    ([1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 9], [10]),   # a step up after a flat stretch
    ([1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 2], []),     # no change
    ([6, 7, 6, 5, 7, 6, 6, 7, 5, 6, 4], []),     # a step down never alarms
])
def test_pelt_alarms_on_a_new_higher_segment(events: list[int], alarms: list[int]) -> None:
    found = detector("pelt")(np.array(events), np.zeros(len(events), int), default_settings())
    assert list(np.flatnonzero(found.alarm)) == alarms


WAR = [30, 50, 35, 45, 28, 52, 40, 38, 44, 33, 47, 36, 42, 31, 49, 39, 41, 34, 46, 37]


@pytest.mark.parametrize(("events", "changes", "alarm"), [
    (WAR + [65], {}, True),   # a step up within a war: 3.8 sd, under events_z
    (WAR + [75], {}, True),
    (WAR + [60], {}, False),  # trap: 3.1 sd, but PELT keeps it in the war's segment
    (WAR[:5] + [0] + WAR[6:] + [75], {}, False),  # trap: one quiet week, no war
    (WAR + [15], {}, False),  # trap: a step down
    ([10, 70] * 10 + [75], {}, False),  # trap: swings this large are usual here
    (WAR + [75], {"shift_penalty": "0"}, False),  # trap: the rule off
    (WAR + [75], {"shift_z": "5.5"}, False),  # trap: the week is not tested below shift_z
])
def test_a_rise_within_a_war_alarms_on_a_change_point(events: list[int],
                                                      changes: dict[str, str],
                                                      alarm: bool) -> None:
    settings = default_settings().with_overrides(changes)
    found = detector("farrington")(np.array(events), np.full(len(events), 100), settings)
    assert list(np.flatnonzero(found.alarm)) == ([len(events) - 1] if alarm else [])
    assert found.score[-1] < settings.events_z  # the events test alone would not alarm


@pytest.mark.parametrize(("events", "weeks", "war"), [
    ([1, 2, 0, 3, 4, 5], 3, [0, 1, 1, 0, 0, 0]),  # the zero week spoils the 3 after it
    ([1, 2, 0, 3, 4, 5], 1, [0, 1, 1, 0, 1, 1]),
    ([0, 0], 52, [0, 0]),
])
def test_at_war_means_no_quiet_week_in_the_window(events: list[int], weeks: int,
                                                  war: list[int]) -> None:
    assert list(at_war(np.array(events), weeks).astype(int)) == war


@pytest.mark.parametrize("seed", range(24))
def test_the_numpy_search_gives_what_ruptures_pelt_gives(seed: int) -> None:
    """The war shift's numpy search (`last_segments`) finds the last two segments that
    ruptures' PELT (`ruptures_segments`, the pelt detector's) finds, on sparse, busy and
    stepped windows of 2 to 53 weeks, and `split_off` answers alike on both."""
    rng = np.random.default_rng(seed)
    level = (0.3, 2.0, 10.0, 40.0)[seed % 4]
    counts = rng.negative_binomial(2, 2 / (2 + level), size=int(rng.integers(2, 54)))
    counts[-1] += (0, 5, 30)[seed % 3]
    window, penalty = anscombe(counts), (1.0, 2.0, 3.0)[seed % 3]
    cost = penalty * np.log(len(window))
    assert last_segments(window, cost) == ruptures_segments(window, cost)
    alarm, jump = split_off(window, penalty, last_segments)
    assert (alarm, jump) == (split_off(window, penalty, ruptures_segments)[0],
                             pytest.approx(split_off(window, penalty, ruptures_segments)[1]))


QUIET = [0] * 10


@pytest.mark.parametrize(("events", "deaths", "alarms"), [
    (QUIET + [5], None, [10]),             # five at once: enough in the 4 weeks
    (QUIET + [3], None, []),               # trap: three after zeros alarm without the rule
    (QUIET + [4], None, []),               # trap: four, still under five in 4 weeks
    (QUIET + [3, 4], None, [11]),          # three then four: seven in the 4 weeks
    (QUIET[:9] + [2, 0, 3], None, [11]),   # two, none, three: five in the 4 weeks
    (QUIET[:9] + [2, 0, 0, 0, 3], None, []),  # trap: the two is 4 weeks back, out of them
    (QUIET + [3, 2], None, []),            # trap: five in the 4 weeks, but two is too few
    (QUIET + [1], QUIET + [100], [10]),    # the deaths channel is not held by the rule
])
def test_recent_minimum_of_events(events: list[int], deaths: list[int] | None,
                                  alarms: list[int]) -> None:
    """events_min_4w = 5: Farrington's rule of at least 5 reports in the past 4 weeks."""
    settings = default_settings().with_overrides({"events_min_4w": "5"})
    found = detector("farrington")(np.array(events), np.array(deaths or [0] * len(events)),
                                   settings)
    assert list(np.flatnonzero(found.alarm)) == alarms


@pytest.mark.parametrize(("values", "weeks", "sums"), [
    ([1, 2, 3, 4, 5], 4, [1, 3, 6, 10, 14]),
    ([5, 0, 0, 0, 0], 4, [5, 5, 5, 5, 0]),
    ([2, 2], 1, [2, 2]),
])
def test_recent_sums(values: list[int], weeks: int, sums: list[int]) -> None:
    assert list(recent_sums(np.array(values), weeks)) == sums
