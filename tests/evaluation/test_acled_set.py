"""The blind ACLED snippet set is sound. Problems name a line and a key, never the text."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from flarewatch.paths import REPO_DIR, shared_dir

SET = REPO_DIR / "eval" / "acled" / "acled-blind.jsonl"
KEYS = {"id", "date", "text", "event_type", "sub_event_type"}
MIN_PER_SUBTYPE = 10  # the floor for a sub-type's snippets


def spec_types() -> dict[str, str]:
    """sub_event_type -> event_type from the table of shared/spec/ACLED.md."""
    table = (shared_dir() / "spec" / "ACLED.md").read_text(encoding="utf-8")
    found = {}
    for event_type, subs in re.findall(r"^\| ([A-Z][^|]+?) \| ([^|]+?) \|$", table, re.M):
        for sub in subs.split(";"):
            found[sub.strip()] = event_type.strip()
    return found


def read_rows(path: Path) -> list[dict]:
    """The JSON lines of a snippet set (the blind set here, the dev set in its own test)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def rows() -> list[dict]:
    return read_rows(SET)


def test_every_line_has_the_keys_and_a_type_from_the_spec() -> None:
    types = spec_types()
    for number, row in enumerate(rows(), 1):
        assert KEYS <= row.keys(), f"line {number}: missing {KEYS - row.keys()}"
        if row.get("trap"):
            assert row["sub_event_type"] is None, f"line {number}: a trap with a type"
        else:
            assert types.get(row["sub_event_type"]) == row["event_type"], f"line {number}"


def test_every_sub_type_has_its_share_and_ids_are_unique() -> None:
    all_rows = rows()
    counts = Counter(row["sub_event_type"] for row in all_rows if not row.get("trap"))
    assert set(counts) == set(spec_types())
    assert min(counts.values()) >= MIN_PER_SUBTYPE
    assert len({row["id"] for row in all_rows}) == len(all_rows)
