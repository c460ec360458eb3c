"""`flarewatch.fusion.fit_ingest`: the threshold it keeps, the weights table it writes and
the weights file it swaps in while sweeping. Half of the rows are traps."""

from __future__ import annotations

import numpy as np
import pytest

from flarewatch.fusion import blocking
from flarewatch.fusion.fit_ingest import PARTS, chosen, fitted_parts, table_with, using


def result(records: float, precision: float) -> dict[str, float]:
    return {"records_per_incident": records, "precision": precision}


@pytest.mark.parametrize(("results", "threshold"), [
    # the fewest records per incident among the precise enough
    ([(1.0, result(1.5, 0.90)), (1.2, result(1.7, 0.97)), (1.4, result(1.8, 0.99))], 1.2),
    # trap: fewer records but too imprecise
    ([(0.8, result(1.2, 0.95)), (1.6, result(1.9, 0.96))], 1.6),
    # trap: none precise enough: the most precise
    ([(0.8, result(1.2, 0.80)), (1.6, result(1.9, 0.90))], 1.6),
])
def test_chosen_threshold(results, threshold):
    assert chosen(results, 0.96)[0] == threshold


def test_the_fit_weighs_the_telling_part_and_rounds_to_tenths():
    generator = np.random.default_rng(0)
    rows = np.zeros((300, len(PARTS)))
    rows[:, PARTS.index("same_place")] = generator.integers(0, 2, 300)
    rows[:, PARTS.index("words")] = generator.random(300)  # noise
    gold = rows[:, PARTS.index("same_place")].copy()
    gold[:30] = 1 - gold[:30]  # some noise in the gold
    weights = fitted_parts(rows, gold)
    assert weights["same_place"] > 2 and abs(weights["words"]) < 1
    assert weights["same_toll"] == 0.0  # trap: a part that never holds weighs nothing
    assert all(round(value, 1) == value for value in weights.values())


def test_using_swaps_the_weights_and_restores_them():
    shipped = dict(blocking.weights())
    table = table_with(shipped, {"same_place": 9.0}, 2.5)
    with using(table):
        assert blocking.weights()["same_place"] == 9.0
        assert blocking.weights()["edge_floor"] == 2.5
    assert blocking.weights() == shipped  # trap: nothing leaks after the block
