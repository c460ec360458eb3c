"""`flarewatch evaluate` and `make eval`: every gold set scored, floors enforced.

Floors live in `eval/floors.json` beside the repo root; they only go up. The gate also
pins a hash of each gold file, so a changed gold set is noticed rather than silently
scored against old floors.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flarewatch.evaluation.events import evaluate_events


def score_actors(path: Path) -> dict[str, Any]:
    from flarewatch.evaluation.actors import evaluate

    return evaluate(path)


def score_plover_events(path: Path) -> dict[str, Any]:
    from flarewatch.evaluation.plover_gsr import evaluate_plover_gsr

    return evaluate_plover_gsr(path)


def score_timex(path: Path) -> dict[str, Any]:
    from flarewatch.evaluation.timex import evaluate

    return evaluate(files=path)


def score_places(path: Path) -> dict[str, Any]:
    from flarewatch.evaluation.places import evaluate_places

    return evaluate_places(path, "gwn" if path.name.startswith("GWN") else "geovirus")


def score_event_locations(path: Path) -> dict[str, Any]:
    from flarewatch.evaluation.places import evaluate_event_locations

    return evaluate_event_locations(path)


# Scorers by name; each takes the gold file and returns a plain dict of metrics.
SCORERS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "events": evaluate_events,
    "actors": score_actors,
    "plover-events": score_plover_events,
    "timex": score_timex,
    "places": score_places,
    "event-locations": score_event_locations,
}


def gold_kind(path: Path) -> str:
    """Which scorer a gold file wants, from its form (`flarewatch evaluate --gold`)."""
    if path.suffix == ".jsonl":
        return "events"
    if path.suffix == ".xml":
        return "places"
    if path.suffix == ".tsv":
        return "timex"
    if path.name.startswith("PLOVER_GSR"):
        return "plover-events"
    raise ValueError(f"{path}: no scorer for this kind of gold file")


def evaluate_gold(path: Path) -> dict[str, Any]:
    return SCORERS[gold_kind(path)](path)


def gold_path(reference: str) -> Path:
    """`shared:eval/gold/x.jsonl` lies in ../shared; `repo:eval/...` in this repository."""
    from flarewatch.paths import REPO_DIR, shared_dir

    place, _, relative = reference.partition(":")
    return (shared_dir() if place == "shared" else REPO_DIR) / relative


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def lookup(result: dict[str, Any], dotted: str) -> Any:
    value: Any = result
    for part in dotted.split("."):
        value = value[part]
    return value


def check_floors(result: dict[str, Any], floors: dict[str, float]) -> list[str]:
    """The metrics that fell below their floor, as readable lines."""
    failures = []
    for metric, floor in floors.items():
        value = lookup(result, metric)
        if value is None or value < floor:
            failures.append(f"{metric} = {value} < floor {floor}")
    return failures


def render_table(result: dict[str, Any]) -> str:
    lines = [f"gold file: {result['gold_file']}"] if "gold_file" in result else []
    if "predicted" in result and "gold" in result:
        lines.append(f"{result['predicted']} predicted, {result['gold']} in gold (required)")
    for name in ("detection", "typed"):
        if name in result:
            scores = result[name]
            lines.append(
                f"{name:<10} P {scores['precision']:.3f}  R {scores['recall']:.3f}  "
                f"F1 {scores['f1']:.3f}"
            )
    if "duplicates" in result:
        lines.append(f"duplicates {result['duplicates']}")
    for name, scores in result.get("fields", {}).items():
        lines.append(f"  {name:<16} {scores['correct']:>3} / {scores['scored']:<3}")
    overall = result.get("fields_overall")
    if overall:
        lines.append(f"  {'all fields':<16} {overall['correct']:>3} / {overall['scored']:<3}")
    shown = ("predicted", "gold", "duplicates")
    for key, value in result.items():
        if isinstance(value, int | float) and key not in shown:
            lines.append(f"{key:<16} {value}")
    return "\n".join(lines)


FLOORS_FILE = Path(__file__).resolve().parents[3] / "eval" / "floors.json"
# Each entry: {"scorer": name in SCORERS, "gold": "shared:PATH" or "repo:PATH",
#              "sha256": first 16 hex digits of the gold file's hash, "floors": {metric: min}}


def load_floors(path: Path = FLOORS_FILE) -> dict[str, dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))


def run_gate(table: bool = False) -> int:
    """Score every gold set named in eval/floors.json; 1 if any metric fell below its floor."""
    failures: list[str] = []
    for name, entry in load_floors().items():
        gold = gold_path(entry["gold"])
        if not gold.exists():
            print(f"{name}: skipped, {gold} not found")
            continue
        if file_hash(gold) != entry["sha256"]:
            failures.append(f"{name}: gold file changed ({gold}); re-baseline eval/floors.json")
            continue
        result = SCORERS[entry["scorer"]](gold)
        print(f"== {name}\n" + (render_table(result) if table else json.dumps(summary(result))))
        failures += [f"{name}: {line}" for line in check_floors(result, entry["floors"])]
    for line in failures:
        print(f"BELOW FLOOR {line}")
    print("evaluation gate: " + ("FAILED" if failures else "passed"))
    return 1 if failures else 0


def summary(result: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in result.items() if key != "documents"}


if __name__ == "__main__":
    import sys

    sys.exit(run_gate(table="--table" in sys.argv))
