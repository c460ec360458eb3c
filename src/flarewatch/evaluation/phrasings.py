"""The phrasing tables of `tests/incidents/`, scored for the gate.

`eventness.tsv` (text, date, expect, kind): a row passes when the text gives an event of
the `expect` type, or none at all where `expect` is `none` (the traps). `same_incident.tsv`
(text, date, incidents, type, kind): a row passes when the text gives `incidents` events
of `type` (`*`: that many events in all, of any type: "the protest and the tear gas are
one"). Accuracy is reported for each half (traps and true events; one incident and
several), so a gain on one half cannot hide a loss on the other.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path
from typing import Any


def read_table(path: Path) -> list[dict[str, str]]:
    """The rows of a table; `\\n` in a text stands for a line break (a headline above)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [{**row, "text": row["text"].replace("\\n", "\n")} for row in rows]


def eventness_half(row: dict[str, str], types: set[str]) -> tuple[str, bool]:
    """(`traps` or `events`, whether the row passes)."""
    if row["expect"] == "none":
        return "traps", not types
    return "events", row["expect"] in types


def incidents_half(row: dict[str, str], types: list[str]) -> tuple[str, bool]:
    """(`one` or `several`, whether the row passes)."""
    wanted = int(row["incidents"])
    found = len(types) if row["type"] == "*" else types.count(row["type"])
    return ("one" if wanted == 1 else "several"), found == wanted


def evaluate_phrasings(path: Path, errors: bool = False) -> dict[str, Any]:
    """Accuracy per half of a phrasing table, and the failing rows' kinds."""
    from flarewatch.api import extract

    passed: Counter[str] = Counter()
    total: Counter[str] = Counter()
    failing: Counter[str] = Counter()
    for row in read_table(path):
        types = [event.event for event in extract(row["text"], row["date"])]
        half, ok = judge(row, types)
        total[half] += 1
        passed[half] += ok
        if not ok:
            failing[row["kind"]] += 1
            if errors:
                print(f"{half}\t{row['kind']}\t{sorted(types)}\t{row['text']}", file=sys.stderr)
    scores = {f"{half}_accuracy": round(passed[half] / total[half], 4) for half in total}
    rows = sum(total.values())
    return {"gold_file": str(path), "rows": rows, **scores, "failing_kinds": dict(failing)}


def judge(row: dict[str, str], types: list[str]) -> tuple[str, bool]:
    return eventness_half(row, set(types)) if "expect" in row else incidents_half(row, types)


if __name__ == "__main__":
    # `python -m flarewatch.evaluation.phrasings TABLE.tsv [--errors]`
    import json

    result = evaluate_phrasings(Path(sys.argv[1]), errors="--errors" in sys.argv)
    print(json.dumps(result, indent=2))
