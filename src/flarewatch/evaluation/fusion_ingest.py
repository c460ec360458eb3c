"""Fusion at ingest scored on a conflict fusion set (`eval/fusion/*.jsonl`), the product path.

Every report of the file is read as `flarewatch ingest` reads a JSONL file (`read_inputs`),
run through `DEFAULT_PIPELINE` and stored with `Store.add_document` into one temporary
SQLite store, all topics together as a feed would come; fusion joins the per-document
events into fused records as it does at ingest. Then each stored per-document event is
mapped to a gold incident:

- only gold mentions of the same report whose `event` type is in the stored event's type
  group (`TYPE_GROUPS`: a call for an inquiry into a killing is no telling of the killing)
  are considered. The groups are fixed here, apart from fusion's own families, so that a
  change to what fusion may join never changes what is measured;
- the gold mentions its trigger `[trigger_start, trigger_end)` overlaps vote for their
  `cluster`; when the trigger overlaps none, those its spans overlap (its tellings,
  `events.mentions`, and its evidence span `[evidence_start, evidence_end)`); the event
  takes the cluster with the most votes (ties: the smallest cluster id);
- an event overlapping no such gold mention is `unmatched` and left out of the pair
  metrics.

Metrics (fractions in [0, 1] rounded to 4 decimals, except where said):
- `records_per_incident`: the mean, over gold incidents with at least one mapped event, of
  the number of distinct fused records their events are in (1.0 is perfect);
  `records_per_incident_documents_joined`: the same after joining the fused records that
  hold events of one incident from one report, so the difference between the two is what
  within-report duplicates (the extractor splitting one incident inside a report) cost, and
  the excess of the second over 1 what missed cross-report joins cost;
- `incidents_found`: the share of gold incidents with a mapped event;
- pairwise over tellings: the mapped events of one report that map to one incident and
  are in one fused record count once (a report telling an incident twice, already joined,
  is one telling: joining a report's duplicates inside it changes no pair); a pair is "put
  together" when both are in one fused record and "true" when both map to one incident;
  `precision` = true put together / put together, `recall` = true put together / true,
  `f1`, `wrong_merge_rate` = 1 - precision (wrong pairs / pairs put together); with no
  pair put together precision is 1 and the rate 0, with no true pair recall is 1;
  `cross_document` holds the same four over pairs of tellings from two reports only;
- counts: `reports`, `events`, `mapped`, `unmatched`, `incidents`, `fused_records`
  (of the mapped events).

Nothing per report is returned, so a blind set stays blind.

`python -m flarewatch.evaluation.fusion_ingest FILE` prints the result as JSON.
"""

from __future__ import annotations

import itertools
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from flarewatch.model import Document

if TYPE_CHECKING:
    from flarewatch.storage import Store

Span = tuple[int, int]
GoldMention = tuple[int, int, str, str]  # start, end, cluster, event type


@dataclass(frozen=True)
class StoredEvent:
    """A stored per-document event: its report, type, trigger, spans and fused record."""

    id: str
    doc_id: str
    event: str
    trigger: Span
    spans: tuple[Span, ...]
    fused_id: str


@dataclass(frozen=True)
class Mapped:
    """A stored event mapped to its gold incident."""

    doc_id: str
    fused_id: str
    incident: str


def read_records(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a JSONL file, one a line (blank lines skipped)."""
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def read_documents(path: Path) -> Iterator[Document]:
    """The reports as `flarewatch ingest` reads them; ValueError for a record it refuses."""
    from flarewatch.ingest import read_inputs

    for item in read_inputs([str(path)]):
        if not isinstance(item, Document):
            raise ValueError(f"{path}: {item.message}")
        yield item


def extracted(path: Path) -> list[Document]:
    """Every report of the file run through the ingest pipeline (the slow step; kept
    apart so that fusion can be re-run on the same extraction)."""
    from flarewatch.pipeline import DEFAULT_PIPELINE, run_many

    return list(run_many(read_documents(path), DEFAULT_PIPELINE))


@contextmanager
def ingested_store(docs: Iterable[Document]) -> Iterator[Store]:
    """A fresh temporary SQLite store holding the documents, stored one by one as a feed
    comes (`Store.add_document`: fusion at ingest); removed on exit."""
    from flarewatch.storage import IngestReport, open_store

    with tempfile.TemporaryDirectory() as folder:
        with open_store(str(Path(folder) / "fusion.db")) as store:
            report = IngestReport()
            for doc in docs:
                store.add_document(doc, report)
            yield store


def stored_events(docs: Iterable[Document]) -> list[StoredEvent]:
    """Every per-document event of the documents' `ingested_store`, with its fused
    record."""
    with ingested_store(docs) as store:
        return read_events(store.engine)


def read_events(engine: sa.Engine) -> list[StoredEvent]:
    from flarewatch.storage.rows import spans_from_json
    from flarewatch.storage.schema import events

    table = events.c
    statement = sa.select(events).order_by(table.id)
    with engine.connect() as connection:
        return [StoredEvent(row.id, row.doc_id, row.event, (row.trigger_start, row.trigger_end),
                            event_spans(row, spans_from_json(row.mentions)),
                            row.fused_id or row.id)
                for row in connection.execute(statement)]


def event_spans(row: Any, tellings: Sequence[Any]) -> tuple[Span, ...]:
    """The tellings' spans and the evidence span."""
    spans = {(span.start, span.end) for span in tellings}
    spans.add((row.evidence_start, row.evidence_end))
    return tuple(sorted(spans))


def gold_mentions(records: Iterable[dict[str, Any]]) -> dict[str, list[GoldMention]]:
    """Report id -> its gold mentions (start, end, cluster, event type)."""
    return {record["id"]: [(m["start"], m["end"], m["cluster"], m["event"])
                           for m in record["mentions"]]
            for record in records}


def overlaps(span: Span, mention: GoldMention) -> bool:
    return span[0] < mention[1] and mention[0] < span[1]


# PLOVER types whose tellings are matched across (a kidnapping typed ASSAULT by one and
# COERCE by the other is one telling); every other type is a group of its own.
TYPE_GROUPS = {"ASSAULT": "force", "COERCE": "force", "AGREE": "agreement",
               "CONCEDE": "agreement", "COOPERATE": "agreement", "AID": "aid", "SUPPORT": "aid",
               "MOBILIZE": "posture", "RETREAT": "posture", "THREATEN": "posture",
               "REQUEST": "verbal", "ACCUSE": "verbal", "REJECT": "verbal"}


def type_group(event_type: str) -> str:
    return TYPE_GROUPS.get(event_type, event_type)


def votes(event: StoredEvent, mentions: Sequence[GoldMention]) -> Counter[str]:
    """Clusters of the event's family's gold mentions its trigger overlaps, else those
    its spans overlap."""
    kin = [m for m in mentions if type_group(m[3]) == type_group(event.event)]
    found = Counter(m[2] for m in kin if overlaps(event.trigger, m))
    return found or Counter(m[2] for m in kin if any(overlaps(s, m) for s in event.spans))


def incident_of(event: StoredEvent, mentions: Sequence[GoldMention]) -> str | None:
    """The cluster with the most votes (ties: the smallest id); None without votes."""
    counts = votes(event, mentions)
    if not counts:
        return None
    return min(counts, key=lambda cluster: (-counts[cluster], cluster))


def mapped_events(found: Sequence[StoredEvent], gold: dict[str, list[GoldMention]]
                  ) -> list[Mapped]:
    """The events that overlap a gold mention, each with its incident."""
    mapped = []
    for event in found:
        incident = incident_of(event, gold.get(event.doc_id, []))
        if incident is not None:
            mapped.append(Mapped(event.doc_id, event.fused_id, incident))
    return mapped


def ratio(numerator: int, denominator: int, empty: float) -> float:
    return round(numerator / denominator, 4) if denominator else empty


def pair_scores(pairs: Iterable[tuple[Mapped, Mapped]]) -> dict[str, float]:
    """Pairwise precision, recall, F1 and wrong-merge rate (module docstring)."""
    together = true = both = 0
    for a, b in pairs:
        joined, same = a.fused_id == b.fused_id, a.incident == b.incident
        together, true, both = together + joined, true + same, both + (joined and same)
    precision, recall = ratio(both, together, 1.0), ratio(both, true, 1.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": round(f1, 4),
            "wrong_merge_rate": round(1 - precision, 4) if together else 0.0,
            "pairs_together": together, "pairs_true": true}


def by_incident(mapped: Iterable[Mapped]) -> dict[str, list[Mapped]]:
    grouped: dict[str, list[Mapped]] = {}
    for event in mapped:
        grouped.setdefault(event.incident, []).append(event)
    return grouped


def joined_by_document(events: Sequence[Mapped]) -> int:
    """How many records an incident's events are in once the records holding events of
    one report are joined (union-find over fused ids)."""
    owner = {event.fused_id: event.fused_id for event in events}

    def root(key: str) -> str:
        while owner[key] != key:
            key = owner[key]
        return key

    first: dict[str, str] = {}
    for event in events:
        other = first.setdefault(event.doc_id, event.fused_id)
        owner[root(event.fused_id)] = root(other)
    return len({root(key) for key in owner})


def mean(values: Sequence[int]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def incident_scores(mapped: Sequence[Mapped], incidents: int) -> dict[str, float]:
    """Records per incident (plain and with within-report duplicates joined) and the
    share of gold incidents found."""
    grouped = by_incident(mapped)
    records = [len({event.fused_id for event in group}) for group in grouped.values()]
    joined = [joined_by_document(group) for group in grouped.values()]
    return {"records_per_incident": mean(records),
            "records_per_incident_documents_joined": mean(joined),
            "incidents_found": ratio(len(grouped), incidents, 0.0)}


def score(found: Sequence[StoredEvent], gold: dict[str, list[GoldMention]]
          ) -> dict[str, Any]:
    """The metrics of the module docstring for stored events against gold mentions."""
    mapped = mapped_events(found, gold)
    incidents = len({m[2] for mentions in gold.values() for m in mentions})
    pairs = list(itertools.combinations(tellings(mapped), 2))
    cross = [(a, b) for a, b in pairs if a.doc_id != b.doc_id]
    return {**incident_scores(mapped, incidents), **pair_scores(pairs),
            "cross_document": pair_scores(cross), "reports": len(gold),
            "events": len(found), "mapped": len(mapped), "unmatched": len(found) - len(mapped),
            "incidents": incidents, "fused_records": len({m.fused_id for m in mapped})}


def tellings(mapped: Sequence[Mapped]) -> list[Mapped]:
    """The mapped events with those of one report, record and incident counted once."""
    return list({(event.doc_id, event.fused_id, event.incident): event
                 for event in mapped}.values())


def evaluate_fusion_ingest(path: Path, docs: Sequence[Document] | None = None
                           ) -> dict[str, Any]:
    """Ingest the file's reports (or `docs`, already extracted from it) and score
    fusion against its gold incidents."""
    found = stored_events(extracted(path) if docs is None else docs)
    return score(found, gold_mentions(read_records(path)))


if __name__ == "__main__":
    print(json.dumps(evaluate_fusion_ingest(Path(sys.argv[1])), indent=2))
