"""Why events of an event gold file have a wrong place, by kind.

Each gold report is annotated (`flarewatch.api.annotate`) and its events aligned with the
gold as `flarewatch.evaluation.events` aligns them. A typed pair whose gold event has an
`event_loc` that the predicted place misses (`events.location_correct`: more than
max(50 km, the gold's `radius_km`) away, or no place at all) gets one kind, the first
that holds:

- `unplaced:in_sentence`: no place, though a capitalised word of the gold place's name is
  in the event's sentence (the name was not read as a place, or not tied to the event);
- `unplaced:elsewhere`: no place, and no word of the gold's name in that sentence (the
  place is told in another sentence, or not by name);
- `far`: placed more than `FAR_KM` from the gold's point (another country's namesake, or
  the place of another story);
- `coarse`: placed as a region or a country, whose point is beyond the limit;
- `other_town`: placed at a town or finer within `FAR_KM`, beyond the limit.

`python -m flarewatch.evaluation.place_misses GOLD [--examples N] [--counts-only]` prints
one JSON object: `scored` (typed pairs whose gold has a place), `right`, the count of each
kind and, unless `--counts-only` (for a set that must stay blind), up to N examples of
each (report id, trigger, predicted and gold place names, the distance in km).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from flarewatch.evaluation import file_argument
from flarewatch.evaluation.events import GoldEvent, align, location_correct, read_gold
from flarewatch.evaluation.matching import great_circle_km
from flarewatch.geo.locate import sentence_bounds
from flarewatch.model import Document, Event

FAR_KM = 700.0  # beyond a province of most countries: another place altogether
COARSE = frozenset({"region", "country"})
NAME_WORD = re.compile(r"[A-Z][\w'’-]+")


def miss_kind(event: Event, gold: dict[str, Any], sentence: str) -> str | None:
    """The kind of place miss of `event` against gold event `gold` (None when the place is
    right or the gold has none); `sentence` is the event's sentence."""
    expected = gold.get("event_loc")
    if not expected or location_correct(event, expected):
        return None
    place = event.event_loc
    if place is None:
        named = any(word in sentence for word in NAME_WORD.findall(expected["name"]))
        return "unplaced:in_sentence" if named else "unplaced:elsewhere"
    if great_circle_km(place.lat, place.lon, expected["lat"], expected["lon"]) > FAR_KM:
        return "far"
    return "coarse" if place.precision in COARSE else "other_town"


def sentence_of(doc: Document, event: Event) -> str:
    """The text of the event's sentence (`geo.locate.sentence_bounds`: the event's own span
    where none is known)."""
    start, end = sentence_bounds(doc, event)
    return doc.text[start:end]


def typed_pairs(doc: Document, gold: list[GoldEvent]) -> Iterator[tuple[Event, dict[str, Any]]]:
    """(predicted event, gold data) of each typed pair of a required gold event."""
    for p, g in align(doc.events, gold):
        data = gold[g].data
        if not gold[g].optional and doc.events[p].event == data["event"]:
            yield doc.events[p], data


def example(doc: Document, event: Event, gold: dict[str, Any], kind: str) -> dict[str, Any]:
    """One miss as shown: report, trigger, predicted place and precision, gold place, and
    the distance in km between them (None where nothing was placed)."""
    place, expected = event.event_loc, gold["event_loc"]
    distance = None if place is None else round(great_circle_km(
        place.lat, place.lon, expected["lat"], expected["lon"]))
    return {"kind": kind, "doc_id": doc.id, "event": event.event,
            "event_text": event.event_text, "predicted": place.name if place else None,
            "precision": place.precision if place else None, "gold": expected["name"],
            "km": distance}


def run(path: Path) -> dict[str, Any]:
    """Counts and examples of place misses over the gold file at `path`."""
    from flarewatch.api import annotate

    counts: Counter[str] = Counter()
    examples = []
    for record, gold in read_gold(path):
        date = dt.date.fromisoformat(record["date"][:10]) if record.get("date") else None
        doc = annotate(record["text"], date, record["id"])
        for event, data in typed_pairs(doc, gold):
            if data.get("event_loc"):
                counts["scored"] += 1
                kind = miss_kind(event, data, sentence_of(doc, event))
                counts[kind or "right"] += 1
                if kind:
                    examples.append(example(doc, event, data, kind))
    return {"counts": dict(counts), "examples": examples}


USAGE = "python -m flarewatch.evaluation.place_misses FILE [--examples N] [--counts-only]"


def main(argv: Sequence[str]) -> int:
    """Print counts (and, unless `--counts-only`, examples) for the gold file `argv[0]`."""
    limit = int(argv[argv.index("--examples") + 1]) if "--examples" in argv else 3
    path = file_argument(argv, USAGE)
    if path is None:
        return 2
    result = run(path)
    found = result.pop("examples")
    if "--counts-only" not in argv:
        kinds = sorted({item["kind"] for item in found})
        result["examples"] = {kind: [e for e in found if e["kind"] == kind][:limit]
                              for kind in kinds}
    print(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
