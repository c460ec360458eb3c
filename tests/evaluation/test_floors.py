"""The evaluation gate's limits: well formed, pinned to their gold files, never loosened.

Floors (a metric must stay at or above) only go up; ceilings (a count of errors must stay at
or below) only come down, unless the gold file they were measured on was replaced or the
scorer that measures them was redefined (given a new name in `gate.SCORERS`).
"""

from __future__ import annotations

import json
import subprocess

import pytest

from flarewatch.evaluation.gate import FLOORS_FILE, SCORERS, file_hash, gold_path, load_floors

ENTRY_KEYS = {"scorer", "gold", "sha256", "floors", "ceilings"}


def test_every_entry_names_a_scorer_a_gold_file_its_hash_and_limits(shared):
    for name, entry in load_floors().items():
        assert set(entry) <= ENTRY_KEYS, f"{name}: unknown keys {set(entry) - ENTRY_KEYS}"
        assert entry["scorer"] in SCORERS, name
        gold = gold_path(entry["gold"])
        assert gold.exists(), name
        assert file_hash(gold) == entry["sha256"], f"{name}: gold changed, re-baseline"
        assert entry.get("floors") or entry.get("ceilings"), f"{name}: no floors or ceilings"


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


def loosened(older: dict, newer: dict) -> list[str]:
    """Where `newer` lowers a floor, raises a ceiling, or drops a gold set of `older`."""
    found = []
    for name, entry in older.items():
        if name not in newer:
            found.append(f"gold set {name} dropped from the gate")
        elif same_measure(entry, newer[name]):  # a replaced gold set is re-baselined
            found += limit_changes(name, entry, newer[name])
    return found


def same_measure(older: dict, newer: dict) -> bool:
    """The same gold file scored by the same scorer (an entry with no scorer named is
    taken as measured the same way)."""
    scorers = (older.get("scorer", newer.get("scorer")), newer.get("scorer", older.get("scorer")))
    return newer["sha256"] == older["sha256"] and scorers[0] == scorers[1]


def limit_changes(name: str, older: dict, newer: dict) -> list[str]:
    floors, ceilings = newer.get("floors", {}), newer.get("ceilings", {})
    found = [f"{name} floor {metric} lowered" for metric, floor in older.get("floors", {}).items()
             if floors.get(metric, float("-inf")) < floor]
    found += [f"{name} ceiling {metric} raised"
              for metric, ceiling in older.get("ceilings", {}).items()
              if ceilings.get(metric, float("inf")) > ceiling]
    return found


def test_floors_only_go_up_and_ceilings_only_come_down():
    versions = [*committed_versions(), load_floors()]
    for older, newer in zip(versions, versions[1:], strict=False):
        assert loosened(older, newer) == []


def entry(floors=None, ceilings=None, sha256="a"):
    return {"x": {"sha256": sha256, "floors": floors or {}, "ceilings": ceilings or {}}}


@pytest.mark.parametrize(("older", "newer", "expected"), [
    (entry({"f1": 0.5}), entry({"f1": 0.6}), []),
    (entry({"f1": 0.5}), entry({"f1": 0.4}), ["x floor f1 lowered"]),
    (entry({"f1": 0.5}), entry(), ["x floor f1 lowered"]),
    (entry(ceilings={"violent_events": 217}), entry(ceilings={"violent_events": 200}), []),
    (entry(ceilings={"violent_events": 217}), entry(ceilings={"violent_events": 218}),
     ["x ceiling violent_events raised"]),
    (entry(ceilings={"violent_events": 217}), entry(), ["x ceiling violent_events raised"]),
    (entry(ceilings={"violent_events": 217}), entry(ceilings={"violent_events": 300}, sha256="b"),
     []),
    (entry({"f1": 0.5}), {}, ["gold set x dropped from the gate"]),
    ({"x": {**entry({"f1": 0.5})["x"], "scorer": "a"}},
     {"x": {**entry({"f1": 0.4})["x"], "scorer": "b"}}, []),
    ({"x": {**entry({"f1": 0.5})["x"], "scorer": "a"}},
     {"x": {**entry({"f1": 0.4})["x"], "scorer": "a"}}, ["x floor f1 lowered"]),
])
def test_loosening_is_noticed(older, newer, expected):
    assert loosened(older, newer) == expected
