"""Why fusion at ingest missed the same-incident pairs of a conflict fusion set, by kind.

The reports of a gold file (`eval/fusion/*.jsonl`) are ingested as
`flarewatch.evaluation.fusion_ingest` ingests them, and each stored event is mapped to its
gold incident the same way. Every pair of mapped events that tells one incident but sits in
two fused records is a miss, and gets one reason (`miss_reason`), the first that holds:

- `blocked:family`, `blocked:days`, `blocked:country`, `blocked:place`: a block of
  `flarewatch.fusion.blocking.compatible` keeps the two apart (type family, the date window
  that follows each date's precision, fusion country, town-fine places beyond `block_km`);
- `unanchored:<kind>`: compatible, but nothing particular ties them (`score.anchored`), so
  the score is capped below the threshold; `<kind>` (`unanchored_kind`) says where the
  tellings are: `placed` (both placed, neither the same place nor one holding the other),
  `nowhere` (one unplaced in a report that names no place: a follow-up telling only the
  toll or the day), `named_elsewhere` (one unplaced, its report naming places but none
  at the other's), `both_unplaced`;
- `under:<part>`: compatible and anchored, scoring below `threshold`; `<part>` is the
  negative part that weighs most (`same_document`, `place_conflict`, `days_apart`,
  `toll_conflict`, `mode_conflict`, `actor_conflict`, `several`, `other_day`), or `weak`
  when none holds and the positive parts are too few;
- `linkage`: the pair scores at least `threshold`, yet average link keeps the records apart
  (other pairs between the two clusters score lower).

Pairs of one incident in one report are counted apart (`within_report`) from those of two
reports (`cross_report`): the first are duplicates the extractor made, the second missed
joins. Wrong merges (pairs of two incidents in one record) are listed too, with the parts
that joined them. `batch_differences` counts the fused records that differ from clustering
every stored event at once (0 when fusion at ingest kept its promise of one partition in any
order).

`python -m flarewatch.evaluation.fusion_misses GOLD [--examples N] [--counts-only]` prints
counts by reason and up to N examples of each (report ids, event types, dates, places,
tolls, evidence clauses, the score and its parts). `--counts-only` prints the counts alone,
nothing per report, for a set that must stay blind.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from flarewatch.evaluation import file_argument
from flarewatch.evaluation.fusion_ingest import (
    StoredEvent,
    extracted,
    gold_mentions,
    incident_of,
    ingested_store,
    read_events,
    read_records,
)
from flarewatch.fusion.blocking import Member, block_reason, placed, weights
from flarewatch.model import Document

NEGATIVE_PARTS = ("same_document", "place_conflict", "days_apart", "toll_conflict",
                  "mode_conflict", "actor_conflict", "several", "other_day")
SHOWN_COLUMNS = ("doc_id", "event", "date", "date_precision", "date_text", "doc_date",
                 "place_name", "place_precision",
                 "fusion_country", "actor_code", "recipient_code", "mode", "dead", "event_text",
                 "evidence")


@dataclass(frozen=True)
class Told:
    """A stored event mapped to a gold incident, with the row fusion reads."""

    member: Member
    incident: str
    fused_id: str


def stored(docs: Sequence[Document]) -> tuple[list[StoredEvent], list[Member]]:
    """Store `docs` (fusion at ingest) and read back every event twice: as the scorer reads
    it, and as fusion reads it (with `report_places` for the unplaced)."""
    from flarewatch.fusion.blocking import load_members
    from flarewatch.fusion.layer import with_report_places

    with ingested_store(docs) as store:
        found = read_events(store.engine)
        with store.engine.connect() as connection:
            rows = with_report_places(connection, load_members(connection, sa.true()))
    return found, rows


def told_events(found: Sequence[StoredEvent], rows: Sequence[Member],
                gold: dict[str, list[Any]]) -> list[Told]:
    """The stored events mapped to a gold incident, with their fusion rows."""
    members = {member.id: member for member in rows}
    told = []
    for event in found:
        incident = incident_of(event, gold.get(event.doc_id, []))
        if incident is not None:
            told.append(Told(members[event.id], incident, event.fused_id))
    return told


def ingested(docs: Sequence[Document], gold: dict[str, list[Any]]) -> list[Told]:
    """Store `docs` (fusion at ingest) and return the events mapped to a gold incident,
    with their fusion rows (and `report_places` for the unplaced)."""
    return told_events(*stored(docs), gold)


def partition(groups: Iterable[Iterable[str]]) -> set[frozenset[str]]:
    return {frozenset(group) for group in groups}


def batch_differences(rows: Sequence[Member]) -> int:
    """How many fused records of the store (`rows`: every stored event, read by `stored`)
    differ from those fusion gives when it clusters all the events at once
    (`layer.scored`, `layer.clusters`; no analyst decisions). Fusion at ingest promises the
    same partition in any order, so this is 0; anything else means a pool was scored
    otherwise than its edges were (a lost `report_places`, a member left out)."""
    from flarewatch.fusion.layer import clusters, scored

    members = sorted(rows, key=lambda member: member.id)
    groups = clusters(scored(members, []))
    batch = partition([members[i].id for i in group] for group in groups)
    records: dict[str, list[str]] = {}
    for member in members:
        records.setdefault(member["fused_id"] or member.id, []).append(member.id)
    return len(batch ^ partition(records.values()))


def score_reason(parts: dict[str, float], score: float) -> str:
    """`unanchored`, `under:<part>` or `linkage` for a compatible pair (module docstring)."""
    if "unanchored" in parts:
        return "unanchored"
    if score >= weights()["threshold"]:
        return "linkage"
    held = [name for name in NEGATIVE_PARTS if name in parts]
    if not held:
        return "under:weak"
    return "under:" + min(held, key=lambda name: weights()[name] * parts[name])


def miss_reason(a: Member, b: Member) -> tuple[str, float | None, dict[str, float]]:
    """(reason, score, parts) of a missed pair; no score or parts when it is blocked."""
    from flarewatch.fusion.score import pair_score

    blocked = block_reason(a, b)
    if blocked:
        return blocked, None, {}
    score, parts = pair_score(a, b)
    reason = score_reason(parts, score)
    if reason == "unanchored":
        reason += ":" + unanchored_kind(a, b)
    return reason, round(score, 3), parts


def unanchored_kind(a: Member, b: Member) -> str:
    """Where two unanchored tellings are (module docstring): `placed`, `both_unplaced`,
    `nowhere` or `named_elsewhere` (by the unplaced one's `report_places`)."""
    unplaced = [m for m in (a, b) if not placed(m)]
    if not unplaced:
        return "placed"
    if len(unplaced) == 2:
        return "both_unplaced"
    return "named_elsewhere" if unplaced[0].row.get("report_places") else "nowhere"


def shown(member: Member) -> dict[str, Any]:
    """The columns of an event an example shows (dates as text)."""
    return {name: str(member[name]) if member[name] is not None else None
            for name in SHOWN_COLUMNS}


def example(a: Told, b: Told, reason: str, score: float | None,
            parts: dict[str, float]) -> dict[str, Any]:
    return {"incident": a.incident, "reason": reason, "score": score, "parts": parts,
            "a": shown(a.member), "b": shown(b.member)}


def pair_kind(a: Told, b: Told) -> str:
    return "within_report" if a.member["doc_id"] == b.member["doc_id"] else "cross_report"


def diagnose(told: Sequence[Told]) -> dict[str, Any]:
    """Counts of missed pairs by kind and reason, split incidents, wrong merges, and
    the examples (module docstring)."""
    counts: dict[str, Counter[str]] = {"within_report": Counter(), "cross_report": Counter()}
    examples: list[dict[str, Any]] = []
    wrong: list[dict[str, Any]] = []
    for a, b in itertools.combinations(told, 2):
        if a.incident == b.incident and a.fused_id != b.fused_id:
            reason, score, parts = miss_reason(a.member, b.member)
            counts[pair_kind(a, b)][reason] += 1
            examples.append(example(a, b, reason, score, parts))
        elif a.incident != b.incident and a.fused_id == b.fused_id:
            wrong.append(example(a, b, "wrong_merge", *wrong_score(a.member, b.member)))
    return {"missed_pairs": {kind: dict(found.most_common()) for kind, found in counts.items()},
            "split_incidents": split_incidents(told), "wrong_merges": len(wrong),
            "examples": examples, "wrong": wrong}


def wrong_score(a: Member, b: Member) -> tuple[float | None, dict[str, float]]:
    _reason, score, parts = miss_reason(a, b)
    return score, parts


def split_incidents(told: Sequence[Told]) -> int:
    """How many gold incidents have events in more than one fused record."""
    records: dict[str, set[str]] = {}
    for event in told:
        records.setdefault(event.incident, set()).add(event.fused_id)
    return sum(len(found) > 1 for found in records.values())


def run(path: Path, docs: Sequence[Document] | None = None) -> dict[str, Any]:
    """`diagnose` of a gold file's reports (or `docs`, already extracted from it), with
    `batch_differences`."""
    gold = gold_mentions(read_records(path))
    found, rows = stored(extracted(path) if docs is None else docs)
    return {**diagnose(told_events(found, rows, gold)),
            "batch_differences": batch_differences(rows)}


def by_reason(examples: Sequence[dict[str, Any]], limit: int) -> dict[str, list[Any]]:
    """At most `limit` examples of each reason."""
    grouped: dict[str, list[Any]] = {}
    for found in examples:
        kept = grouped.setdefault(found["reason"], [])
        if len(kept) < limit:
            kept.append(found)
    return grouped


USAGE = "python -m flarewatch.evaluation.fusion_misses FILE [--examples N] [--counts-only]"


def main(argv: Sequence[str]) -> int:
    """Print counts (and, unless `--counts-only`, examples) for the gold file `argv[0]`."""
    limit = int(argv[argv.index("--examples") + 1]) if "--examples" in argv else 3
    path = file_argument(argv, USAGE)
    if path is None:
        return 2
    result = run(path)
    examples, wrong = result.pop("examples"), result.pop("wrong")
    if "--counts-only" not in argv:
        result["examples"] = by_reason(examples, limit)
        result["wrong"] = wrong[:limit * 3]
    print(json.dumps(result, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
