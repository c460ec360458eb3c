"""Two saved runs of the gate's sets compared (flarewatch.evaluation.compare)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flarewatch.evaluation.compare import changes, event_group, flat, held_out, main

EVENTS = {"typed": {"f1": 0.8}, "fields_overall": {"accuracy": 0.7}, "duplicates": 3}


def run(**entries: dict) -> dict:
    return {name.replace("_", "-"): result for name, result in entries.items()}


@pytest.mark.parametrize(("name", "expected"), [
    ("blind-news9", True), ("gwn-conflict", True),
    ("own-news9", False), ("news-dev", False), ("gwn-places", False),  # traps
])
def test_held_out_sets_are_the_blind_ones_and_gwn_conflict(name: str, expected: bool) -> None:
    assert held_out(name) is expected


def test_flat_keeps_numbers_by_dotted_path_and_leaves_out_the_rest() -> None:
    found = flat({"typed": {"f1": 0.5}, "gold_file": "x", "ok": True, "n": 3})
    assert found == {"typed.f1": 0.5, "n": 3}


def test_groups_average_the_event_sets_of_each_side() -> None:
    results = run(own_a=EVENTS, own_b={**EVENTS, "typed": {"f1": 0.6}, "duplicates": 1},
                  blind_x=EVENTS, fusion_ingest_dev={"precision": 1.0})
    assert event_group(results, held=False) == (0.7, 0.7, 4)
    assert event_group(results, held=True) == (0.8, 0.7, 3)
    assert event_group(run(fusion_ingest_dev={"precision": 1.0}), held=False) is None


def test_changes_name_each_metric_that_moved_only() -> None:
    old = run(own_a=EVENTS, own_b=EVENTS)
    new = run(own_a={**EVENTS, "duplicates": 2}, own_b=EVENTS, own_c=EVENTS)
    assert changes(old, new) == ["own-a: duplicates 3 -> 2"]


def test_a_metric_only_one_run_has_is_a_change() -> None:
    old = run(fusion_dev={"precision": 1.0})
    new = run(fusion_dev={"precision": 1.0, "recall": 0.5})
    assert changes(old, new) == ["fusion-dev: recall None -> 0.5"]
    assert changes(new, old) == ["fusion-dev: recall 0.5 -> None"]


def test_comparing_two_saved_runs_prints_groups_and_changes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before, after = tmp_path / "a.json", tmp_path / "b.json"
    before.write_text(json.dumps(run(own_a=EVENTS)))
    after.write_text(json.dumps(run(own_a={**EVENTS, "typed": {"f1": 0.9}})))
    assert main([str(before), str(after)]) == 0
    out = capsys.readouterr().out
    assert "development event sets (typed F1, fields right, duplicates): (0.8, 0.7, 3) -> " \
           "(0.9, 0.7, 3)" in out
    assert "own-a: typed.f1 0.8 -> 0.9" in out


def test_a_file_that_is_no_saved_run_is_named_in_a_clear_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("not json")
    with pytest.raises(SystemExit) as stopped:
        main([str(bad), str(bad)])
    assert stopped.value.code == 2
    assert f"{bad}: not a saved run" in capsys.readouterr().err


def test_unknown_scorers_are_refused_before_scoring(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--save", str(tmp_path / "x.json"), "--scorers", "events,nonsense"])
    assert "unknown scorers ['nonsense']" in capsys.readouterr().err
