"""Fit the weights of fusion at ingest (`data/fusion/ingest_weights.tsv`) on a conflict set.

`python -m flarewatch.fusion.fit_ingest eval/fusion/conflict-dev.jsonl [OUT.tsv]
[--held-out eval/fusion/conflict-dev2.jsonl] [--min-precision P]`:

1. the reports are ingested as `flarewatch.evaluation.fusion_ingest` ingests them, and each
   stored event mapped to its gold incident (`flarewatch.evaluation.fusion_misses.ingested`);
2. every two mapped events of one topic that `blocking.compatible` lets through are a row:
   the parts of `score.pair_parts` (`PARTS`) against "one incident"; an L2-regularised
   logistic regression (`fit.fit_logistic`: Newton's method from zero, so deterministic)
   gives each part a weight and the `bias`, rounded to tenths, so a score is about the
   log-odds of one incident (of a pair the blocks let through);
3. the threshold (and `edge_floor`, equal to it) is the one of `THRESHOLDS` with the fewest
   records per incident on the fitted set whose pairwise precision is at least P (0.96
   by default); with none, the one of the best precision;
4. the held-out set (by default `conflict-dev2.jsonl` beside the fitted one) is scored with
   the chosen weights and reported, never fitted on.

Everything else of the weights file (windows, distances, `unanchored_cap`) is kept. The
weights are written to OUT.tsv when given, else printed: the shipped file changes only by
hand, when a fit improves both sets. The blind set is never read.
"""

from __future__ import annotations

import itertools
import json
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from flarewatch.fusion import blocking
from flarewatch.fusion.fit import fit_logistic

PARTS = ("words", "context", "same_place", "contained_place", "place_conflict", "unplaced",
         "same_day", "next_day", "days_apart", "same_actor", "actor_conflict",
         "same_recipient", "same_mode", "mode_conflict", "same_toll", "toll_conflict",
         "same_document", "reported_place", "reported_day", "same_particular", "in_country",
         "several", "other_day")
THRESHOLDS = tuple(round(-1.0 + 0.2 * step, 1) for step in range(21))
MIN_PRECISION = 0.96
SHOWN = ("records_per_incident", "precision", "recall", "wrong_merge_rate")


def topic_of(member: Any) -> str:
    """The topic of a report id `<topic>-<letter>` (`eval/fusion/README.md`)."""
    return str(member["doc_id"]).rsplit("-", 1)[0]


def pair_table(told: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """(rows, gold): the parts of every compatible pair of mapped events of one topic,
    one column per name of `PARTS`, and 1.0 where both tell one incident."""
    from flarewatch.fusion.score import pair_parts

    rows, gold = [], []
    for a, b in itertools.combinations(told, 2):
        if topic_of(a.member) != topic_of(b.member):
            continue
        if not blocking.compatible(a.member, b.member):
            continue
        parts = pair_parts(a.member, b.member)
        rows.append([parts.get(name, 0.0) for name in PARTS])
        gold.append(float(a.incident == b.incident))
    return np.array(rows, dtype=float), np.array(gold)


def fitted_parts(rows: np.ndarray, gold: np.ndarray) -> dict[str, float]:
    """The bias and part weights of the logistic fit, rounded to tenths (a part that never
    holds weighs 0)."""
    held = [bool(rows[:, index].any()) for index in range(len(PARTS))]
    names = [name for name, used in zip(PARTS, held, strict=True) if used]
    found = fit_logistic(rows[:, np.array(held)], gold, names)
    return {name: round(found.get(name, 0.0), 1) + 0.0 for name in ("bias", *PARTS)}


def table_with(base: dict[str, float], parts: dict[str, float], threshold: float
               ) -> dict[str, float]:
    return {**base, **parts, "threshold": threshold, "edge_floor": threshold}


def weights_lines(table: dict[str, float]) -> list[str]:
    return [f"{name}\t{value:g}" for name, value in table.items()]


@contextmanager
def using(table: dict[str, float]) -> Iterator[None]:
    """Fusion reads `table` as its weights inside the block (a temporary weights file)."""
    original = blocking.WEIGHTS_FILE
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "weights.tsv"
        path.write_text("\n".join(weights_lines(table)) + "\n", encoding="utf-8")
        blocking.WEIGHTS_FILE = path
        blocking.weights.cache_clear()
        try:
            yield
        finally:
            blocking.WEIGHTS_FILE = original
            blocking.weights.cache_clear()


def scored(path: Path, docs: Sequence[Any]) -> dict[str, Any]:
    from flarewatch.evaluation.fusion_ingest import evaluate_fusion_ingest

    return evaluate_fusion_ingest(path, docs)


def chosen(results: Sequence[tuple[float, dict[str, Any]]], min_precision: float
           ) -> tuple[float, dict[str, Any]]:
    """The (threshold, result) of step 3 of the module docstring."""
    good = [item for item in results if item[1]["precision"] >= min_precision]
    if good:
        return min(good, key=lambda item: (item[1]["records_per_incident"], -item[0]))
    return max(results, key=lambda item: (item[1]["precision"], item[0]))


def sweep(path: Path, docs: Sequence[Any], base: dict[str, float], parts: dict[str, float],
          report: Callable[[str], None]) -> list[tuple[float, dict[str, Any]]]:
    """The fitted set scored at each threshold of `THRESHOLDS`."""
    results = []
    for threshold in THRESHOLDS:
        with using(table_with(base, parts, threshold)):
            result = scored(path, docs)
        report(f"threshold {threshold}: " + brief(result))
        results.append((threshold, result))
    return results


def brief(result: dict[str, Any]) -> str:
    return json.dumps({name: result[name] for name in SHOWN})


def fit_ingest(path: Path, held_out: Path | None, min_precision: float,
               report: Callable[[str], None]) -> tuple[dict[str, float], list[str]]:
    """The fitted weights table and the lines of figures for the file's header."""
    from flarewatch.evaluation.fusion_ingest import extracted, gold_mentions, read_records
    from flarewatch.evaluation.fusion_misses import ingested

    docs = extracted(path)
    base = dict(blocking.weights())
    told = ingested(docs, gold_mentions(read_records(path)))
    rows, gold = pair_table(told)
    report(f"{len(gold)} compatible pairs, {int(gold.sum())} of one incident")
    parts = fitted_parts(rows, gold)
    threshold, result = chosen(sweep(path, docs, base, parts, report), min_precision)
    table = table_with(base, parts, threshold)
    figures = [f"fitted on {path.name}: threshold {threshold}: {brief(result)}"]
    if held_out is not None:
        with using(table):
            held = scored(held_out, extracted(held_out))
        figures.append(f"held out {held_out.name}: {brief(held)}")
    return table, figures


def weights_text(table: dict[str, float], figures: Sequence[str], source: str) -> str:
    header = ["# Weights of fusion at ingest (flarewatch.fusion.score, .blocking), written by",
              f"# `python -m flarewatch.fusion.fit_ingest {source}`; see that module.",
              *(f"# {line}" for line in figures), "# name\tvalue"]
    return "\n".join(header + weights_lines(table)) + "\n"


def option(argv: Sequence[str], name: str) -> str | None:
    return argv[argv.index(name) + 1] if name in argv else None


def main(argv: Sequence[str]) -> None:
    path = Path(argv[0])
    rest = [a for i, a in enumerate(argv[1:], 1) if not (a.startswith("--")
                                                       or argv[i - 1].startswith("--"))]
    held = option(argv, "--held-out")
    held_out = Path(held) if held else path.with_name("conflict-dev2.jsonl")
    minimum = float(option(argv, "--min-precision") or MIN_PRECISION)
    usable = held_out.exists() and held_out.resolve() != path.resolve()
    table, figures = fit_ingest(path, held_out if usable else None, minimum,
                                lambda line: print(line, file=sys.stderr))
    text = weights_text(table, figures, path.name)
    if rest:
        Path(rest[0]).write_text(text, encoding="utf-8")
        print(f"wrote {rest[0]}")
    print("\n".join(figures) if rest else text)


if __name__ == "__main__":
    main(sys.argv[1:])
