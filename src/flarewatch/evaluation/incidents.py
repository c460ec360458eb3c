"""How much incidents gain from their later tellings.

For every incident of the documents of event gold files (their texts only), the share of
its filled fields (place, date, actor, recipient and claimant codes, dead, injured) whose
value differs from the first telling's: the fields merging took from a later telling.
`python -m flarewatch.evaluation.incidents GOLD.jsonl [GOLD.jsonl ...]` prints it as JSON.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flarewatch.model import Event

FIELDS: dict[str, Callable[[Event], Any]] = {
    "event_loc": lambda e: e.event_loc.name if e.event_loc else None,
    "date": lambda e: e.date,
    "actor.code": lambda e: e.actor.code if e.actor else None,
    "recipient.code": lambda e: e.recipient.code if e.recipient else None,
    "claimed_by.code": lambda e: e.claimed_by.code if e.claimed_by else None,
    "size.dead": lambda e: e.size.dead,
    "size.injured": lambda e: e.size.injured,
}


def later_share(paths: list[Path]) -> dict[str, Any]:
    """Counts of incidents, incidents told more than once, filled fields, and the share of
    filled fields taken from a later telling."""
    counts = {"incidents": 0, "several_tellings": 0, "filled": 0, "from_later": 0}
    for tellings in incidents_of(paths):
        count_incident(counts, tellings)
    share = counts["from_later"] / counts["filled"] if counts["filled"] else 0.0
    return {**counts, "later_share": round(share, 4)}


def count_incident(counts: dict[str, int], tellings: list[Event]) -> None:
    from flarewatch.incidents.merge import merged

    incident, first = merged(tellings), min(tellings, key=lambda event: event.start)
    counts["incidents"] += 1
    counts["several_tellings"] += len(tellings) > 1
    for value_of in FIELDS.values():
        if value_of(incident) is not None:
            counts["filled"] += 1
            counts["from_later"] += value_of(first) != value_of(incident)


def incidents_of(paths: list[Path]) -> Any:
    """The tellings of every incident of every document, as the incidents stage groups them."""
    from flarewatch.api import annotate
    from flarewatch.incidents.group import incidents
    from flarewatch.pipeline import DEFAULT_PIPELINE

    before = DEFAULT_PIPELINE[: DEFAULT_PIPELINE.index("incidents")]
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line) if line.strip() else None
            if record is not None:
                doc = annotate(record["text"], record.get("date"), record["id"], before)
                yield from incidents(doc, doc.events)


if __name__ == "__main__":
    print(json.dumps(later_share([Path(arg) for arg in sys.argv[1:]])))
