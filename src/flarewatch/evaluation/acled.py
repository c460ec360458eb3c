"""ACLED sub-event typing on one-incident snippets (`eval/acled/acled-blind.jsonl`).

Each line: `{"id", "date", "text", "event_type", "sub_event_type", "inter1", "inter2",
"fatalities", "hard", "note"}`; traps (conflict words in other senses) carry
`"trap": true` and null types. The pipeline runs on each snippet; the label read is the
ACLED sub-event type of its most confident event (ties: the first in the text; no event,
or one ACLED does not code, reads `none`), as `shared/eval/SCORING.md` ("Event types on
snippets") reads it. Scores: per-sub-type precision, recall and F1 over the event
snippets, accuracy, F1 weighted by each sub-type's support, macro-F1, the lowest sub-type
F1, the share of traps that yield no ACLED event, and the share of snippets with
gold actor types whose best event has the gold `interaction` (codes joined lower first,
as `flarewatch.exports.acled_codes` writes them).

`python -m flarewatch.evaluation.acled FILE [--errors]` prints the metrics as JSON; with
`--errors` (never on a blind set while tuning) one line a wrong label.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from flarewatch.evaluation import file_argument
from flarewatch.evaluation.events import prf
from flarewatch.exports.acled_codes import interaction, side_codes
from flarewatch.model import Document, Event

NONE = "none"


def read_snippets(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def best_event(events: list[Event]) -> Event | None:
    """The most confident event (ties: the first in the text), as `shared/eval/SCORING.md`
    reads snippets: one with no ACLED type counts as no label."""
    return max(events, key=lambda event: (event.confidence, -event.start), default=None)


def label(events: list[Event]) -> str:
    """The sub-event type of the most confident event, `none` without one."""
    best = best_event(events)
    return best.acled.sub_event_type if best is not None and best.acled else NONE


def interaction_of(events: list[Event]) -> str:
    """The ACLED interaction code of the best event ("17"), as the ACLED export writes it."""
    best = best_event(events)
    return interaction(*side_codes(best)) if best is not None else ""


def gold_interaction(row: dict[str, Any]) -> str:
    return interaction(row.get("inter1"), row.get("inter2"))


def per_label(pairs: list[tuple[str, str]]) -> dict[str, dict[str, float]]:
    """label -> precision, recall, F1 and support (gold count) over (gold, predicted) pairs."""
    gold, found = Counter(g for g, _ in pairs), Counter(p for _, p in pairs)
    right = Counter(g for g, p in pairs if g == p)
    return {name: {**prf(right[name], found[name], gold[name]), "support": gold[name]}
            for name in sorted(set(gold) - {NONE})}


def weighted_f1(table: dict[str, dict[str, float]]) -> float:
    support = sum(row["support"] for row in table.values())
    total = sum(row["f1"] * row["support"] for row in table.values())
    return round(total / support, 4) if support else 0.0


def evaluate_acled(path: Path) -> dict[str, Any]:
    """Run the pipeline on every snippet and score the labels (see the module docstring)."""
    from flarewatch.api import as_date
    from flarewatch.pipeline import DEFAULT_PIPELINE, run_many

    rows = read_snippets(Path(path))
    docs = (Document(row["id"], row["text"], date=as_date(row.get("date"))) for row in rows)
    annotated = [doc.events for doc in run_many(docs, DEFAULT_PIPELINE)]
    labels = [label(events) for events in annotated]
    coded = [(gold_interaction(row), interaction_of(events))
             for row, events in zip(rows, annotated, strict=True) if row.get("inter1")]
    golds = [row["sub_event_type"] or NONE for row in rows]
    pairs = list(zip(golds, labels, strict=True))
    events = [pair for row, pair in zip(rows, pairs, strict=True) if not row.get("trap")]
    traps = [found for row, (_, found) in zip(rows, pairs, strict=True) if row.get("trap")]
    table = per_label(events)
    return {
        "gold_file": str(path), "snippets": len(events), "traps": len(traps),
        "accuracy": round(sum(g == p for g, p in events) / len(events), 4) if events else 0.0,
        "weighted_f1": weighted_f1(table),
        "macro_f1": round(sum(r["f1"] for r in table.values()) / len(table), 4) if table else 0.0,
        "min_subtype_f1": min((row["f1"] for row in table.values()), default=0.0),
        "traps_accuracy": round(traps.count(NONE) / len(traps), 4) if traps else 1.0,
        "interaction_accuracy": round(sum(g == p for g, p in coded) / len(coded), 4)
        if coded else 0.0,
        "by_subtype": table,
        "wrong": [{"id": row["id"], "gold": g, "found": p}
                  for row, (g, p) in zip(rows, pairs, strict=True) if g != p],
    }


def main(argv: list[str]) -> int:
    """`FILE [--errors]`: the metrics as JSON, then the events coded wrong when asked."""
    path = file_argument(argv, "python -m flarewatch.evaluation.acled FILE [--errors]")
    if path is None:
        return 2
    result = evaluate_acled(path)
    wrong = result.pop("wrong")
    print(json.dumps(result, indent=2))
    if "--errors" in argv:
        print("\n".join(f"{w['id']}\t{w['gold']}\t{w['found']}" for w in wrong))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
