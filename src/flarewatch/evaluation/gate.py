"""`flarewatch evaluate` and `make eval`: every gold set scored, floors and ceilings enforced.

Floors and ceilings live in `eval/floors.json` beside the repo root: a metric must stay at or
above its floor, and a count of errors (violent events found in off-topic documents) at or
below its ceiling. Floors only go up, ceilings only come down. The gate also
pins a hash of each gold file, so a changed gold set is noticed rather than silently
scored against old floors.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
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

    kinds = {".jsonl": "jsonl", ".xml": "gwn" if path.name.startswith("GWN") else "geovirus"}
    return evaluate_places(path, kinds[path.suffix])


def score_event_locations(path: Path) -> dict[str, Any]:
    from flarewatch.evaluation.places import evaluate_event_locations

    return evaluate_event_locations(path)


def score_offtopic(path: Path) -> dict[str, Any]:
    """Counts only: the trigger words of the violent events found stay out of the gate's
    output, so a blind off-topic set stays blind (`python -m flarewatch.evaluation.offtopic
    FILE --errors` shows them for a development set)."""
    from flarewatch.evaluation.offtopic import evaluate_offtopic

    result = evaluate_offtopic(path)
    result.pop("top_triggers")
    return result


def score_phrasings(path: Path) -> dict[str, Any]:
    from flarewatch.evaluation.phrasings import evaluate_phrasings

    return evaluate_phrasings(path)


def score_acled(path: Path) -> dict[str, Any]:
    from flarewatch.evaluation.acled import evaluate_acled

    result = evaluate_acled(path)
    result.pop("wrong")  # labels of a blind set stay out of the gate's output
    return result


def score_fusion_ecbplus(path: Path) -> dict[str, Any]:
    """ECB+ scored on its research train and dev topics apart; the two CoNLL F1s also flat,
    for the `--table` view."""
    from flarewatch.evaluation.fusion import evaluate_ecbplus_split

    result = evaluate_ecbplus_split(path)
    return {**result, **{f"{split}_conll": result[split]["conll"] for split in ("train", "dev")}}


def score_fusion_incident(path: Path) -> dict[str, Any]:
    """A conflict fusion set (`eval/fusion/`) clustered in incident mode: the aggregate
    metrics and counts only (nothing per report, so a blind set stays blind)."""
    from flarewatch.evaluation.fusion import evaluate_fusion

    result = evaluate_fusion(path, mode="incident")
    result.pop("mode")
    return result


def score_fusion_ingest(path: Path) -> dict[str, Any]:
    """A conflict fusion set ingested as a feed (fusion at ingest, the product path): the
    aggregate metrics and counts only (nothing per report, so a blind set stays blind)."""
    from flarewatch.evaluation.fusion_ingest import evaluate_fusion_ingest

    return evaluate_fusion_ingest(path)


def score_watch(path: Path) -> dict[str, Any]:
    """The watch's back-test (`onsets.csv`, with `weekly.csv` beside it): the shipped
    detector at the top level, every detector and both baselines under `detectors`."""
    from flarewatch.evaluation.watch import evaluate_watch

    result = evaluate_watch(path)
    shown = ("detected_7d", "detected_28d", "false_alarms_per_100_series_weeks", "precision")
    return {**result, **{f"{name}.{metric}": scores[metric]
                         for name, scores in result["detectors"].items() for metric in shown}}


# Scorers by name; each takes the gold file and returns a plain dict of metrics. A scorer
# whose measure is redefined gets a new name, so its entries are re-baselined (test_floors).
SCORERS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "events": evaluate_events,
    "actors": score_actors,
    "plover-events": score_plover_events,
    "timex": score_timex,
    "places": score_places,
    "event-locations": score_event_locations,
    "offtopic": score_offtopic,
    "phrasings": score_phrasings,
    "acled": score_acled,
    "fusion-ecbplus": score_fusion_ecbplus,
    "fusion-incident": score_fusion_incident,
    "fusion-ingest-tellings": score_fusion_ingest,  # pairs over tellings (fusion_ingest)
    "watch": score_watch,
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


def check_ceilings(result: dict[str, Any], ceilings: dict[str, float]) -> list[str]:
    """The metrics that rose above their ceiling (counts of false positives), as lines."""
    failures = []
    for metric, ceiling in ceilings.items():
        value = lookup(result, metric)
        if value is None or value > ceiling:
            failures.append(f"{metric} = {value} > ceiling {ceiling}")
    return failures


def render_scores(result: dict[str, Any]) -> list[str]:
    """Counts, P/R/F1 and duplicates of an events result."""
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
    return lines


def render_fields(result: dict[str, Any]) -> list[str]:
    lines = [f"  {name:<16} {scores['correct']:>3} / {scores['scored']:<3}"
             for name, scores in result.get("fields", {}).items()]
    overall = result.get("fields_overall")
    if overall:
        lines.append(f"  {'all fields':<16} {overall['correct']:>3} / {overall['scored']:<3}")
    return lines


def render_counts(result: dict[str, Any]) -> list[str]:
    """Plain numbers one a line; counts by name (`by_type`, `top_triggers`) on one line each."""
    shown = ("predicted", "gold", "duplicates")
    lines = [f"{key:<22} {value}" for key, value in result.items()
             if isinstance(value, int | float) and key not in shown]
    for key in ("by_type", "top_triggers"):
        if key in result:
            counts = "  ".join(f"{name} {count}" for name, count in result[key].items())
            lines.append(f"{key:<22} {counts or '-'}")
    return lines


def render_labels(result: dict[str, Any]) -> list[str]:
    """One line a label of `by_subtype` (the ACLED scorer): precision, recall, F1, support."""
    return [f"  {name:<36} P {row['precision']:.2f}  R {row['recall']:.2f}  "
            f"F1 {row['f1']:.2f}  n {row['support']}"
            for name, row in result.get("by_subtype", {}).items()]


def render_table(result: dict[str, Any]) -> str:
    return "\n".join(render_scores(result) + render_fields(result) + render_counts(result)
                     + render_labels(result))


def render_limits(result: dict[str, Any], entry: dict[str, Any]) -> str:
    """One line: each gated metric against its floor (>=) or ceiling (<=)."""
    limits = [f"{m} {lookup(result, m)} >= {v}" for m, v in entry.get("floors", {}).items()]
    limits += [f"{m} {lookup(result, m)} <= {v}" for m, v in entry.get("ceilings", {}).items()]
    return "gate: " + ", ".join(limits)


FLOORS_FILE = Path(__file__).resolve().parents[3] / "eval" / "floors.json"
# Each entry: {"scorer": name in SCORERS, "gold": "shared:PATH" or "repo:PATH",
#              "sha256": first 16 hex digits of the gold file's hash,
#              "floors": {metric: min}, "ceilings": {metric: max}} (floors, ceilings or both;
#              a metric is a dotted path into the scorer's result, e.g. "typed.f1").


def load_floors(path: Path = FLOORS_FILE) -> dict[str, dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))


def scored_entry(name: str, entry: dict[str, Any], table: bool) -> tuple[str, list[str]]:
    """Score one gate entry: the text to print and the failures as lines (none when it
    passed). A pure function of its arguments, so entries can be scored in worker processes."""
    gold = gold_path(entry["gold"])
    if not gold.exists():
        return f"{name}: skipped, {gold} not found", []
    if file_hash(gold) != entry["sha256"]:
        return "", [f"{name}: gold file changed ({gold}); re-baseline eval/floors.json"]
    result = SCORERS[entry["scorer"]](gold)
    shown = render_table(result) + "\n" + render_limits(result, entry) if table else json.dumps(
        summary(result))
    failures = check_floors(result, entry.get("floors", {}))
    failures += check_ceilings(result, entry.get("ceilings", {}))
    return f"== {name}\n{shown}", [f"{name}: {line}" for line in failures]


def gate_entry(name: str, entry: dict[str, Any], table: bool) -> list[str]:
    """Score one gate entry, print its result; the failures as lines (none when it passed)."""
    shown, failures = scored_entry(name, entry, table)
    if shown:
        print(shown)
    return failures


def run_gate(table: bool = False, workers: int | None = None) -> int:
    """Score every gold set named in eval/floors.json, `workers` processes at once (default:
    one per core), printing in the file's order; 1 if a metric fell below its floor or rose
    above its ceiling, or a gold file changed."""
    entries = load_floors()
    failures: list[str] = []
    with ProcessPoolExecutor(workers or os.cpu_count() or 1) as pool:
        for shown, failed in pool.map(scored_entry, entries, entries.values(), repeat(table)):
            if shown:
                print(shown, flush=True)
            failures += failed
    for line in failures:
        print(f"GATE FAILED {line}")
    print("evaluation gate: " + ("FAILED" if failures else "passed"))
    return 1 if failures else 0


# Per-document or per-event detail a scorer returns beside its metrics: not in gate output.
DETAIL_KEYS = ("documents", "violent")


def summary(result: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in result.items()
            if not (key in DETAIL_KEYS and isinstance(value, dict | list))}


if __name__ == "__main__":
    import sys

    sys.exit(run_gate(table="--table" in sys.argv))
