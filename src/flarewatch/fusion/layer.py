"""Fusion at ingest: the per-document events of new reports joined to stored fused records.

For each new document (`fuse_documents`, in the transaction that stores it):
1. each new event's candidates are the stored events `blocking.compatible` with it;
2. the pool is the new events, their candidates and every event of the candidates'
   components (`events.component`);
3. every two pool events get `score.pair_score` (`BLOCKED` when incompatible; an analyst's
   `split` is `-DECIDED`, a `merge` `+DECIDED`); pairs scoring at least `edge_floor` are
   edges, and the pool's connected components are the new components;
4. each component is clustered by average link (`threshold`) over its events in id order,
   so the partition is a function of the component's events alone: ingesting the same
   reports in another order, or in several runs, gives the same partition;
5. each cluster keeps the fused id that most of its events had (a fused id survives new
   sources; ties to the smaller id), a new one takes its smallest free event id (a
   single-source record has its event's id), and its record is `reconcile.reconciled`.

The weights are `data/fusion/ingest_weights.tsv`; `explanation` keeps, per fused record,
the scored pairs of its events and the decisions that bound them (`flarewatch events
--explain`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sqlalchemy as sa

from flarewatch.fusion.agglomerate import average_link
from flarewatch.fusion.blocking import Member, by_id, candidates, compatible, load_members, weights
from flarewatch.fusion.reconcile import reconciled
from flarewatch.fusion.score import Parts, pair_score, word_bag
from flarewatch.storage import rows
from flarewatch.storage.schema import events, fused_events, fusion_decisions

BLOCKED = -10.0
DECIDED = 1000.0
FUSION_LOCK_KEY = 0x66757365  # PostgreSQL advisory lock: one fusion at a time
EXPLAINED_PAIRS = 50


@dataclass
class Pool:
    """The events fusion reclusters, in id order, with their pair scores and parts."""

    members: list[Member]
    scores: np.ndarray
    parts: dict[tuple[int, int], Parts]


def fuse_documents(connection: sa.Connection, doc_ids: Sequence[str]) -> int:
    """Fuse the stored events of `doc_ids` into the fusion layer; the number of fused
    records written. Runs in the caller's transaction."""
    lock(connection)
    new = load_members(connection, events.c.doc_id.in_(list(doc_ids)))
    return refuse(connection, grow(connection, new)) if new else 0


def lock(connection: sa.Connection) -> None:
    """Serialize fusion between concurrent PostgreSQL writers (SQLite writers already
    hold the database's write lock here)."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                           {"key": FUSION_LOCK_KEY})


def grow(connection: sa.Connection, seeds: Iterable[Member]) -> list[Member]:
    """The pool of step 2: the seeds, their candidates, and their components' events, and
    the events an analyst's merge ties to any of them."""
    found = by_id(list(seeds))
    for member in list(found.values()):
        found.update(by_id(candidates(connection, member)))
    found.update(by_id(component_members(connection, found.values())))
    found.update(by_id(merged_members(connection, found)))
    return sorted(found.values(), key=lambda member: member.id)


def component_members(connection: sa.Connection, members: Iterable[Member]) -> list[Member]:
    labels = sorted({m["component"] for m in members if m["component"]})
    return load_members(connection, events.c.component.in_(labels)) if labels else []


def merged_members(connection: sa.Connection, found: dict[str, Member]) -> list[Member]:
    """Events tied by a merge decision to the pool, with their components' events."""
    others = {other for kind, one, other in decisions(connection, found) if kind == "merge"}
    extra = [i for i in others if i not in found]
    if not extra:
        return []
    direct = load_members(connection, events.c.id.in_(extra))
    return direct + component_members(connection, direct)


def decisions(connection: sa.Connection, ids: Iterable[str]) -> list[tuple[str, str, str]]:
    """(kind, event id, other id) of every decision touching `ids`, both ways, oldest
    first (a later decision on the same pair wins)."""
    wanted = list(ids)
    table = fusion_decisions.c
    statement = (sa.select(table.kind, table.event_id, table.other_id)
                 .where(sa.or_(table.event_id.in_(wanted), table.other_id.in_(wanted)))
                 .order_by(table.id))
    found = []
    for kind, one, other in connection.execute(statement):
        found += [(kind, one, other), (kind, other, one)]
    return found


def decided(connection: sa.Connection, members: Sequence[Member]) -> dict[tuple[str, str], str]:
    """(event id, other id) -> the latest decision's kind, for pairs of `members`."""
    ids = {m.id for m in members}
    return {(one, other): kind for kind, one, other in decisions(connection, ids)
            if one in ids and other in ids}


def scored(connection: sa.Connection, members: list[Member]) -> Pool:
    """Every pair of the pool scored (step 3)."""
    bags = [word_bag(m["event_text"]) for m in members]
    rulings = decided(connection, members)
    scores = np.zeros((len(members), len(members)))
    parts: dict[tuple[int, int], Parts] = {}
    for i, a in enumerate(members):
        for j in range(i + 1, len(members)):
            scores[i, j] = scores[j, i] = pair_value(a, members[j], (bags[i], bags[j]),
                                                     rulings, parts, (i, j))
    return Pool(members, scores, parts)


def pair_value(a: Member, b: Member, bags: Any, rulings: dict[tuple[str, str], str],
               parts: dict[tuple[int, int], Parts], at: tuple[int, int]) -> float:
    ruling = rulings.get((a.id, b.id))
    if ruling:
        return DECIDED if ruling == "merge" else -DECIDED
    if not compatible(a, b):
        return BLOCKED
    score, parts[at] = pair_score(a, b, bags)
    return score


def components(scores: np.ndarray) -> list[list[int]]:
    """Connected components of the pairs scoring at least `edge_floor`, in index order."""
    owner = list(range(len(scores)))

    def root(i: int) -> int:
        while owner[i] != i:
            owner[i] = owner[owner[i]]
            i = owner[i]
        return i

    for i, j in zip(*np.nonzero(np.triu(scores >= weights()["edge_floor"], 1)), strict=True):
        owner[root(int(i))] = root(int(j))
    groups: dict[int, list[int]] = {}
    for i in range(len(scores)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def clusters(pool: Pool) -> list[list[int]]:
    """Step 4: average link within each component."""
    found = []
    for part in components(pool.scores):
        labels = average_link(pool.scores[np.ix_(part, part)], weights()["threshold"])
        grouped: dict[int, list[int]] = {}
        for index, label in zip(part, labels, strict=True):
            grouped.setdefault(label, []).append(index)
        found += [[*group] for group in grouped.values()]
    return found


def refuse(connection: sa.Connection, members: list[Member], gone: Iterable[str] = ()) -> int:
    """Recluster a pool of whole components and rewrite its fused records (and delete the
    records `gone`, left without events); how many were written."""
    old = {m["fused_id"] for m in members if m["fused_id"]} | set(gone)
    if not members:
        delete_fused(connection, old)
        return 0
    pool = scored(connection, members)
    groups = clusters(pool)
    ids = fused_ids(connection, [[members[i] for i in g] for g in groups], old)
    labels = component_labels(pool)
    write(connection, pool, groups, ids, labels, old)
    return len(groups)


def component_labels(pool: Pool) -> dict[int, str]:
    """Each pool index -> its component's label (the component's smallest event id)."""
    labels = {}
    for part in components(pool.scores):
        name = min(pool.members[i].id for i in part)
        labels.update({i: name for i in part})
    return labels


def fused_ids(connection: sa.Connection, groups: list[list[Member]], old: set[str]
              ) -> list[str]:
    """Step 5: each cluster's fused id."""
    chosen: list[str | None] = [None] * len(groups)
    claims = sorted((-count, fused_id, index) for index, group in enumerate(groups)
                    for fused_id, count in Counter(m["fused_id"] for m in group
                                                   if m["fused_id"]).items())
    used: set[str] = set()
    for _count, fused_id, index in claims:
        if chosen[index] is None and fused_id not in used:
            chosen[index] = fused_id
            used.add(fused_id)
    for index, group in enumerate(groups):
        if chosen[index] is None:
            chosen[index] = free_id(connection, group, used, old)
            used.add(str(chosen[index]))
    return [str(fused_id) for fused_id in chosen]


def free_id(connection: sa.Connection, group: list[Member], used: set[str], old: set[str]
            ) -> str:
    """The smallest event id of the cluster that names no other fused record."""
    for member in sorted(group, key=lambda m: m.id):
        if member.id in used:
            continue
        if member.id in old or not fused_exists(connection, member.id):
            return member.id
    return "fu-" + rows.content_hash(",".join(sorted(m.id for m in group)))[:16]


def fused_exists(connection: sa.Connection, fused_id: str) -> bool:
    found = sa.select(fused_events.c.id).where(fused_events.c.id == fused_id)
    return connection.execute(found).first() is not None


def write(connection: sa.Connection, pool: Pool, groups: list[list[int]], ids: list[str],
          labels: dict[int, str], old: set[str]) -> None:
    """Replace the pool's fused records and point its events at their new ones."""
    delete_fused(connection, old)
    connection.execute(fused_events.insert(), [
        fused_row(pool, group, fused_id) for group, fused_id in zip(groups, ids, strict=True)])
    links = [{"key": pool.members[i].id, "fused": fused_id, "label": labels[i]}
             for group, fused_id in zip(groups, ids, strict=True) for i in group]
    connection.execute(events.update().where(events.c.id == sa.bindparam("key"))
                       .values(fused_id=sa.bindparam("fused"),
                               component=sa.bindparam("label")), links)


def delete_fused(connection: sa.Connection, fused: set[str]) -> None:
    if fused:
        connection.execute(fused_events.delete().where(fused_events.c.id.in_(sorted(fused))))


def before_delete(connection: sa.Connection, doc_id: str) -> tuple[list[str], set[str]]:
    """What deleting a document's events touches: their components and fused ids."""
    statement = (sa.select(events.c.component, events.c.fused_id)
                 .where(events.c.doc_id == doc_id))
    found = connection.execute(statement).all()
    return (sorted({c for c, _ in found if c}), {f for _, f in found if f})


def after_delete(connection: sa.Connection, touched: tuple[list[str], set[str]]) -> None:
    """Recluster what is left of the components a deleted document's events were in."""
    labels, gone = touched
    lock(connection)
    left = load_members(connection, events.c.component.in_(labels)) if labels else []
    refuse(connection, sorted(left, key=lambda m: m.id), gone)


def pending_documents(connection: sa.Connection, limit: int) -> list[str]:
    """Documents with events not yet fused (stored before migration 0005), oldest first."""
    statement = (sa.select(events.c.doc_id).distinct().where(events.c.fused_id.is_(None))
                 .limit(limit))
    return sorted(connection.execute(statement).scalars())


def fused_row(pool: Pool, group: list[int], fused_id: str) -> rows.Row:
    record = reconciled([pool.members[i] for i in group], fused_id)
    row = rows.event_row(record, record.doc_id, fused_id)
    row.pop("fused_id", None)
    return {**row, "source_count": len(record.sources),
            "sources": rows.storable(sources_json(record)),
            "size_range": record.size_range, "explanation": explanation(pool, group)}


def sources_json(record: Any) -> list[dict[str, Any]]:
    from flarewatch.serialize import source_to_dict

    return [source_to_dict(source) for source in record.sources]


def explanation(pool: Pool, group: list[int]) -> dict[str, Any]:
    """The scored pairs of a fused record's events, best first (at most
    `EXPLAINED_PAIRS`), with the threshold they were joined at."""
    pairs = [{"a": pool.members[i].id, "b": pool.members[j].id,
              "score": round(float(pool.scores[i, j]), 3), "parts": pool.parts.get((i, j), {}),
              "decision": decision_name(pool.scores[i, j])}
             for n, i in enumerate(group) for j in group[n + 1:]]
    pairs.sort(key=lambda pair: -pair["score"])
    return {"threshold": weights()["threshold"], "pairs": pairs[:EXPLAINED_PAIRS]}


def decision_name(score: float) -> str | None:
    return "merge" if score >= DECIDED else "split" if score <= -DECIDED else None
