"""The ACLED snippet scorer: labels, per-sub-type F1 and its support-weighted mean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flarewatch.evaluation.acled import NONE, evaluate_acled, per_label, weighted_f1

PAIRS = [("Attack", "Attack"), ("Attack", "Armed clash"), ("Armed clash", "Armed clash"),
         ("Grenade", NONE)]


def test_per_label_counts_precision_and_recall_by_gold_label() -> None:
    table = per_label(PAIRS)
    assert table["Attack"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert table["Armed clash"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "support": 1}
    assert table["Grenade"]["f1"] == 0.0
    assert NONE not in table


def test_weighted_f1_weighs_by_support() -> None:
    assert weighted_f1(per_label(PAIRS)) == pytest.approx((0.6667 * 2 + 0.6667) / 4, abs=1e-4)


def test_traps_and_snippets_are_scored_apart(tmp_path: Path) -> None:
    rows = [
        {"id": "a1", "date": "2024-05-08", "sub_event_type": "Air/drone strike",
         "text": "Army jets bombed a market in Nyala on Tuesday, killing twenty people."},
        {"id": "a2", "date": "2024-05-08", "sub_event_type": None, "trap": True,
         "text": "The striker shot wide twice as the home side were bombed out of the cup."},
    ]
    path = tmp_path / "snippets.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    result = evaluate_acled(path)
    assert (result["snippets"], result["traps"]) == (1, 1)
    assert result["by_subtype"]["Air/drone strike"]["support"] == 1
    assert result["weighted_f1"] == result["by_subtype"]["Air/drone strike"]["f1"]


def test_interaction_takes_the_sides_a_sub_type_implies() -> None:
    from flarewatch.api import extract
    from flarewatch.evaluation.acled import gold_interaction, interaction_of

    events = extract("Thousands of teachers marched through the capital on Monday.", "2024-05-08")
    assert interaction_of(events) == "60"  # protesters, alone (ACLED: Peaceful protest)
    assert gold_interaction({"inter1": 7, "inter2": 1}) == "17"
