"""The rule that chose the shipped events_z (`choose_z`) and the folds it is checked on."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from flarewatch.evaluation.watch import CHOICE_Z, choose_z, folds
from flarewatch.watch.backtest import Series


def scored(caught: dict[str, int], rate: dict[str, float]) -> dict[str, dict[str, float]]:
    """Scores of every z in CHOICE_Z: `caught` and `rate` by z, 0 caught / 2.0 elsewhere."""
    return {z: {"detected_7d_count": caught.get(z, 0),
                "false_alarms_per_100_series_weeks": rate.get(z, 2.0)} for z in CHOICE_Z}


@pytest.mark.parametrize(("caught", "rate", "chosen"), [
    # three z keep the most catches within the target: the middle one
    ({"6": 5, "6.5": 5, "6.75": 5, "7": 5}, {"6": 1.2, "6.5": 0.99, "6.75": 0.9, "7": 0.8},
     "6.75"),
    # an even count: the lower middle
    ({"6.5": 5, "6.75": 5, "7": 5, "7.5": 5},
     {"6.5": 0.99, "6.75": 0.9, "7": 0.8, "7.5": 0.7}, "6.75"),
    # trap: a stricter z within the target that catches fewer is not taken
    ({"6": 5, "7": 4}, {"6": 1.2, "7": 0.8}, "6"),
    # trap: none within the target: the fewest false alarms among the best catchers
    ({"5": 3, "5.5": 3}, {"5": 1.5, "5.5": 1.3}, "5.5"),
])
def test_choose_z(caught: dict[str, int], rate: dict[str, float], chosen: str) -> None:
    assert choose_z(scored(caught, rate)) == chosen


def test_folds_leave_each_country_out_then_split_in_halves() -> None:
    keys = [("A", ""), ("A", "North"), ("A", "South"), ("B", ""), ("B", "East")]
    series = [Series(key, [date(2024, 1, 1)], np.zeros(1, int), np.zeros(1, int))
              for key in keys]
    found = dict(folds(series))
    assert found["A"] == set(keys[:3]) and found["B"] == set(keys[3:])
    assert found["half 1"] == {("A", ""), ("A", "South"), ("B", "")}
    assert found["half 1"] | found["half 2"] == set(keys)
    assert not found["half 1"] & found["half 2"]
