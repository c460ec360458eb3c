"""What a change moved: the gate's sets scored once and saved, then two saved runs compared.

    python -m flarewatch.evaluation.compare --save before.json [--scorers events,...]
    (change the code)
    python -m flarewatch.evaluation.compare --save after.json [--scorers events,...]
    python -m flarewatch.evaluation.compare before.json after.json

`--save` scores the entries of `eval/floors.json` (those of the named scorers only, e.g.
`events` or `fusion-ingest-tellings`; all by default), one process per core, and writes
each entry's metrics (`gate.summary`: nothing per document) as JSON. Comparing prints, for
the event sets, the mean typed F1, the mean share of fields right and the summed duplicates
of the development sets and of the held-out ones (`held_out`), then one line per metric
that moved. A held-out set is only ever scored, never read while tuning (eval/gold/README.md,
BLIND.md): the comparison shows its aggregate metrics, as the gate does.
"""

from __future__ import annotations

import argparse
import json
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from flarewatch.evaluation.gate import SCORERS, file_hash, gold_path, load_floors, summary

Results = dict[str, dict[str, Any]]
EVENT_METRICS = ("typed.f1", "fields_overall.accuracy", "duplicates")


def held_out(name: str) -> bool:
    """The held-out event sets: the blind sets helpers wrote (`blind-*`) and GWN's conflict
    reports (`gwn-conflict`)."""
    return name == "gwn-conflict" or name.startswith("blind-")


def score_entry(name: str, entry: dict[str, Any]) -> tuple[str, dict[str, Any] | None]:
    """One entry's metrics; None where its gold file is missing or changed."""
    gold = gold_path(entry["gold"])
    if not gold.exists() or file_hash(gold) != entry["sha256"]:
        return name, None
    return name, summary(SCORERS[entry["scorer"]](gold))


def score_all(scorers: set[str] | None = None, workers: int | None = None) -> Results:
    """The metrics of every entry of `eval/floors.json` whose scorer is in `scorers` (all
    where None), scored `workers` processes at once (default: one per core)."""
    entries = {name: entry for name, entry in load_floors().items()
               if scorers is None or entry["scorer"] in scorers}
    with ProcessPoolExecutor(workers or os.cpu_count() or 1) as pool:
        found = pool.map(score_entry, entries, entries.values())
        return {name: result for name, result in found if result is not None}


def flat(result: dict[str, Any], prefix: str = "") -> dict[str, float]:
    """The numbers of a result by dotted path ("typed.f1"); other values left out."""
    numbers: dict[str, float] = {}
    for key, value in result.items():
        if isinstance(value, dict):
            numbers.update(flat(value, f"{prefix}{key}."))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            numbers[prefix + key] = value
    return numbers


def event_group(results: Results, held: bool) -> tuple[float, float, int] | None:
    """(mean typed F1, mean fields right, summed duplicates) of the event sets of one
    group, rounded to 4 decimals; None where the results hold none."""
    rows = [flat(result) for name, result in results.items() if held_out(name) == held]
    rows = [row for row in rows if all(metric in row for metric in EVENT_METRICS)]
    if not rows:
        return None
    typed, fields, duplicates = ([row[m] for row in rows] for m in EVENT_METRICS)
    return (round(sum(typed) / len(rows), 4), round(sum(fields) / len(rows), 4),
            int(sum(duplicates)))


def changes(old: Results, new: Results) -> list[str]:
    """One line per metric that differs between two runs, for the entries both scored; a
    metric only one run has reads None in the other ("recall None -> 0.5": a scorer that
    gained a metric, or lost one)."""
    lines = []
    for name in (name for name in old if name in new):
        before, after = flat(old[name]), flat(new[name])
        metrics = [*before, *(metric for metric in after if metric not in before)]
        lines += [f"{name}: {metric} {before.get(metric)} -> {after.get(metric)}"
                  for metric in metrics if before.get(metric) != after.get(metric)]
    return lines


def report(old: Results, new: Results) -> list[str]:
    """The group lines, then the changes (`changes`)."""
    lines = []
    for label, held in (("development", False), ("held-out", True)):
        before, after = event_group(old, held), event_group(new, held)
        if before or after:
            lines.append(f"{label} event sets (typed F1, fields right, duplicates): "
                         f"{before} -> {after}")
    return lines + (changes(old, new) or ["no metric moved"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flarewatch.evaluation.compare")
    parser.add_argument("runs", nargs="*", type=Path, help="two saved runs: before, after")
    parser.add_argument("--save", type=Path, help="score the sets and write them here")
    parser.add_argument("--scorers", help="comma-separated scorer names (default: all)")
    args = parser.parse_args(argv)
    if args.save:
        chosen = set(args.scorers.split(",")) if args.scorers else None
        if chosen is not None and chosen - SCORERS.keys():
            parser.error(f"unknown scorers {sorted(chosen - SCORERS.keys())}; "
                         f"known: {', '.join(SCORERS)}")
        args.save.write_text(json.dumps(score_all(chosen), indent=1) + "\n", encoding="utf-8")
        return 0
    if len(args.runs) != 2:
        parser.error("give two saved runs, or --save FILE")
    old, new = (read_run(path, parser) for path in args.runs)
    print("\n".join(report(old, new)))
    return 0


def read_run(path: Path, parser: argparse.ArgumentParser) -> Results:
    """A run saved by `--save`; a clear error (exit 2) naming the file where it is none."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        parser.error(f"{path}: not a saved run ({error})")
    if not isinstance(found, dict):
        parser.error(f"{path}: not a saved run (no object of entries)")
    return found


if __name__ == "__main__":
    raise SystemExit(main())
