"""The evaluation gate's floors: well formed, pinned to their gold files, never lowered."""

from __future__ import annotations

import json
import subprocess

import pytest

from flarewatch.evaluation.gate import FLOORS_FILE, SCORERS, file_hash, gold_path, load_floors


def test_every_floor_names_a_scorer_a_gold_file_and_its_hash(shared):
    for name, entry in load_floors().items():
        assert entry["scorer"] in SCORERS, name
        gold = gold_path(entry["gold"])
        assert gold.exists(), name
        assert file_hash(gold) == entry["sha256"], f"{name}: gold changed, re-baseline"
        assert entry["floors"], f"{name}: no floors"


def committed_versions() -> list[dict]:
    relative = FLOORS_FILE.relative_to(FLOORS_FILE.parents[1])
    try:
        revisions = subprocess.run(
            ["git", "log", "--format=%H", "--", str(relative)], cwd=FLOORS_FILE.parents[1],
            capture_output=True, text=True, check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("no git history here")
    return [
        json.loads(subprocess.run(
            ["git", "show", f"{rev}:{relative}"], cwd=FLOORS_FILE.parents[1],
            capture_output=True, text=True, check=True,
        ).stdout)
        for rev in reversed(revisions)
    ]


def test_floors_only_go_up():
    versions = [*committed_versions(), load_floors()]
    for older, newer in zip(versions, versions[1:], strict=False):
        for name, entry in older.items():
            assert name in newer, f"gold set {name} dropped from the gate"
            if newer[name]["sha256"] != entry["sha256"]:
                continue  # a replaced gold set is re-baselined, not lowered
            for metric, floor in entry["floors"].items():
                assert newer[name]["floors"].get(metric, 0) >= floor, f"{name} {metric} lowered"
