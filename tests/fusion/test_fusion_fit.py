"""Fitting the fusion weights: the logistic fit and the weights file it writes."""

from __future__ import annotations

import numpy as np
import pytest

from flarewatch.fusion.fit import fit_logistic, weights_text
from flarewatch.fusion.pairs import load_weights


def test_the_logistic_fit_finds_the_informative_feature():
    generator = np.random.default_rng(0)
    rows = generator.normal(size=(400, 2))
    gold = (rows[:, 0] > 0.3).astype(float)  # only the first feature tells
    weights = fit_logistic(rows, gold, ("tells", "noise"))
    assert weights["tells"] > 3 and abs(weights["noise"]) < 1
    assert weights["bias"] < 0  # fewer positives than negatives


def test_written_weights_read_back_the_same(tmp_path):
    weights = load_weights()
    path = tmp_path / "weights.tsv"
    path.write_text(weights_text(weights, 0.79, "x.jsonl"), encoding="utf-8")
    again = load_weights(path)
    assert again.document_threshold == weights.document_threshold
    assert again.mention_threshold == weights.mention_threshold
    assert again.pair == pytest.approx(weights.pair, abs=1e-6)
    assert again.singleton == pytest.approx(weights.singleton, abs=1e-6)
