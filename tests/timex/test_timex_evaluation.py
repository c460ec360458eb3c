"""The TIMEX3 dev set: its standoff spans still point at their words, and the scores hold."""

from __future__ import annotations

from pathlib import Path

from flarewatch.evaluation.timex import HELD_OUT, evaluate, load_gold


def test_dev_set_spans_match_their_texts(shared: Path) -> None:
    documents = load_gold()  # raises where a span does not give its expected text
    dates = [t for d in documents for t in d.timexes if t.type == "DATE"]
    assert len(dates) >= 240
    assert all(t.value for t in dates)


def test_dev_set_floors(shared: Path) -> None:
    scores = evaluate(use_parse=False)
    assert scores["f1"] >= 0.90
    assert scores["value_accuracy"] >= 0.90


def test_held_out_set_loads(shared: Path) -> None:
    documents = load_gold(HELD_OUT)
    assert sum(1 for d in documents for t in d.timexes if t.type == "DATE") >= 80
    assert all(d.date is None for d in documents)
