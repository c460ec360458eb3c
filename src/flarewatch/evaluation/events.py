"""Event scoring, as the events section of shared `eval/SCORING.md` defines it.

Predicted and gold events align when the predicted evidence span overlaps one of the
gold evidence spans; pairs are made one to one, greedily, preferring the same type,
then the larger overlap. Unpaired predictions overlapping a paired gold event are
duplicates. Optional gold events cost nothing either way. Fields are scored over typed
pairs where the gold has them (a sector-only gold entity scores the sector alone); the
tolls `size.dead` and `size.injured` (people) must equal the gold's integers.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flarewatch.evaluation.matching import great_circle_km, one_to_one
from flarewatch.model import Event

FIELDS = (
    "actor.code", "actor.sector", "recipient.code", "claimed_by.code",
    "event_loc", "date", "size.dead", "size.injured", "acled",
)


@dataclass
class GoldEvent:
    data: dict[str, Any]
    spans: list[tuple[int, int]]

    @property
    def optional(self) -> bool:
        return bool(self.data.get("optional"))


@dataclass
class Tally:
    predicted: int = 0
    gold: int = 0
    aligned: int = 0
    typed: int = 0
    duplicates: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})

    def add(self, other: Tally) -> None:
        self.predicted += other.predicted
        self.gold += other.gold
        self.aligned += other.aligned
        self.typed += other.typed
        self.duplicates += other.duplicates
        for name, (correct, scored) in other.fields.items():
            self.fields[name][0] += correct
            self.fields[name][1] += scored


def gold_spans(text: str, evidence: str | list[str]) -> list[tuple[int, int]]:
    quotes = [evidence] if isinstance(evidence, str) else evidence
    spans = []
    for quote in quotes:
        start = text.find(quote)
        if start < 0:
            raise ValueError(f"gold evidence not found in text: {quote!r}")
        spans.append((start, start + len(quote)))
    return spans


def overlap(event: Event, gold: GoldEvent) -> int:
    return max(min(event.end, e) - max(event.start, s) for s, e in gold.spans)


def align(predicted: list[Event], gold: list[GoldEvent]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (predicted index, gold index): same type first, then overlap."""
    candidates = []
    for p, event in enumerate(predicted):
        for g, gold_event in enumerate(gold):
            size = overlap(event, gold_event)
            if size > 0:
                same_type = event.event == gold_event.data["event"]
                candidates.append((same_type, size, p, g))
    candidates.sort(key=lambda c: (not c[0], -c[1], c[2], c[3]))
    return one_to_one((p, g) for _, _, p, g in candidates)


def score_document(predicted: list[Event], gold: list[GoldEvent]) -> Tally:
    pairs = align(predicted, gold)
    tally = Tally(gold=sum(not g.optional for g in gold))
    paired_gold = {g for _, g in pairs}
    paired_predicted = {p for p, _ in pairs}
    for p, g in pairs:
        if gold[g].optional:
            continue
        tally.aligned += 1
        if predicted[p].event == gold[g].data["event"]:
            tally.typed += 1
            score_fields(predicted[p], gold[g].data, tally.fields)
    for p, event in enumerate(predicted):
        if p in paired_predicted:
            continue
        if any(overlap(event, gold[g]) > 0 for g in paired_gold):
            tally.duplicates += 1
    tally.predicted = len(predicted) - sum(gold[g].optional for _, g in pairs)
    return tally


def score_fields(event: Event, gold: dict[str, Any], fields: dict[str, list[int]]) -> None:
    for name in FIELDS:
        expected = gold_field(gold, name)
        if expected is None:
            continue
        fields[name][1] += 1
        fields[name][0] += field_correct(event, name, expected, gold)


def gold_field(gold: dict[str, Any], name: str) -> Any:
    if name == "event_loc":
        return gold.get("event_loc")
    if name == "date":
        return gold.get("date")
    if name == "acled":
        return gold.get("acled")
    head, _, tail = name.partition(".")
    return (gold.get(head) or {}).get(tail)


def field_correct(event: Event, name: str, expected: Any, gold: dict[str, Any]) -> bool:
    if name == "event_loc":
        return location_correct(event, expected)
    if name == "date":
        return date_correct(event.date, gold.get("date")) and date_correct(
            event.enddate, gold.get("enddate") or gold.get("date")
        )
    if name == "acled":
        return event.acled is not None and event.acled.sub_event_type == expected
    head, _, tail = name.partition(".")
    entity = getattr(event, head)
    return entity is not None and getattr(entity, tail) == expected


def date_correct(predicted: str | None, expected: str | None) -> bool:
    if expected is None:
        return True
    return predicted is not None and predicted[: len(expected)] == expected


def location_correct(event: Event, expected: dict[str, Any]) -> bool:
    place = event.event_loc
    if place is None:
        return False
    limit = max(50.0, float(expected.get("radius_km") or 0))
    return great_circle_km(place.lat, place.lon, expected["lat"], expected["lon"]) <= limit


def prf(correct: int, predicted: int, gold: int) -> dict[str, float]:
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def metrics(tally: Tally) -> dict[str, Any]:
    correct = sum(c for c, _ in tally.fields.values())
    scored = sum(s for _, s in tally.fields.values())
    return {
        "predicted": tally.predicted,
        "gold": tally.gold,
        "detection": prf(tally.aligned, tally.predicted, tally.gold),
        "typed": prf(tally.typed, tally.predicted, tally.gold),
        "duplicates": tally.duplicates,
        "fields": {
            name: {"correct": c, "scored": s, "accuracy": round(c / s, 4) if s else None}
            for name, (c, s) in tally.fields.items()
        },
        "fields_overall": {
            "correct": correct, "scored": scored,
            "accuracy": round(correct / scored, 4) if scored else None,
        },
    }


def read_gold(path: Path) -> Iterable[tuple[dict[str, Any], list[GoldEvent]]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        events = [
            GoldEvent(data, gold_spans(record["text"], data["evidence"]))
            for data in record["events"]
        ]
        yield record, events


def evaluate_events(path: Path, stages: Iterable[str] | None = None) -> dict[str, Any]:
    """Extract events from every gold document and score them against the gold."""
    from flarewatch.api import extract
    from flarewatch.pipeline import DEFAULT_PIPELINE

    total = Tally()
    documents = {}
    for record, gold in read_gold(path):
        date = dt.date.fromisoformat(record["date"][:10]) if record.get("date") else None
        predicted = extract(
            record["text"], date=date, doc_id=record["id"], stages=stages or DEFAULT_PIPELINE
        )
        tally = score_document(predicted, gold)
        documents[record["id"]] = metrics(tally)
        total.add(tally)
    return {"gold_file": str(path), **metrics(total), "documents": documents}


if __name__ == "__main__":
    # Development entry: `python -m flarewatch.evaluation.events GOLD [stage,stage,...]`.
    chosen = sys.argv[2].split(",") if len(sys.argv) > 2 else None
    print(json.dumps(evaluate_events(Path(sys.argv[1]), chosen), indent=2))
