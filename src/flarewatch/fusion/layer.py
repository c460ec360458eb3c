"""Fusion at ingest: the per-document events of new reports joined to stored fused records.

For each new document (`fuse_documents`, in the transaction that stores it):
1. each new event's candidates are the stored events `blocking.compatible` with it;
2. the pool is the new events, the candidates that score at least `edge_floor` with one
   of them, and every event of those candidates' components (`events.component`);
3. every two pool events get `score.pair_score` (`BLOCKED` when incompatible; an analyst's
   `split` is `-DECIDED`, a `merge` `+DECIDED`); pairs scoring at least `edge_floor` are
   edges, and the pool's connected components are the new components;
4. each component is clustered by average link (`threshold`) over its events in id order,
   so the partition is a function of the component's events alone: ingesting the same
   reports in another order, or in several runs, gives the same partition. Two clusters
   merge only when their mean pair score reaches `threshold`, so some pair between them
   scores that much; with `edge_floor` <= `threshold` that pair is an edge, and splitting
   the pool into components never keeps apart what average link over all would join;
5. each cluster keeps the fused id that most of its events had (a fused id survives new
   sources; ties to the smaller id), a new one takes its smallest free event id (a
   single-source record has its event's id; when every one names another record, a
   hash of its event ids not yet in use, `hashed_ids`), and its record is
   `reconcile.reconciled`.

The weights are `data/fusion/ingest_weights.tsv`; `explanation` keeps, per fused record,
the scored pairs of its events and the decisions that bound them (`flarewatch events
--explain`).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import sqlalchemy as sa

from flarewatch.fusion.agglomerate import average_link
from flarewatch.fusion.blocking import (
    Member,
    by_id,
    candidates,
    compatible,
    evidence_text,
    members_of,
    members_with,
    placed,
    side_countries,
    weights,
)
from flarewatch.fusion.reconcile import reconciled
from flarewatch.fusion.score import (
    Parts,
    may_reach,
    needed_anchors,
    pair_score,
    particulars_column,
)
from flarewatch.storage import counts, rows
from flarewatch.storage.schema import documents, events, fused_events, fusion_decisions, places

BLOCKED = -10.0
DECIDED = 1000.0
FUSION_LOCK_KEY = 0x6675  # PostgreSQL advisory lock: one fusion at a time per schema
FUSION_LOCK_TIMEOUT = "120s"
EXPLAINED_PAIRS = 50
PLACE_COLUMNS = ("geonameid", "lat", "lon", "country", "admin1", "precision")


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
    new = members_with(connection, "doc_id", list(doc_ids))
    if not new:
        return 0
    words = {m.id: particulars_column(m["evidence"]) for m in new}
    return refuse(connection, *grow(connection, new), particulars=words)


def keep_particulars(connection: sa.Connection, members: list[Member]) -> None:
    """Store each member's `events.particulars` (`score.particulars_column`), which the
    lookup of an unplaced member reads (`blocking.sharing`). Fusion at ingest sets a new
    event's in the write that links it to its record (`write`): until then it is NULL,
    and a NULL event is every lookup's candidate, so the new events of one report, which
    are all in its pool, find each other as before."""
    if members:
        connection.execute(events.update().where(events.c.id == sa.bindparam("key"))
                           .values(particulars=sa.bindparam("words")),
                           [{"key": m.id, "words": particulars_column(m["evidence"])}
                            for m in members])


PARTICULARS_BATCH = 10_000


def fill_particulars(connection: sa.Connection) -> int:
    """Set `events.particulars` of every stored event without it (`keep_particulars`),
    `PARTICULARS_BATCH` at a time in id order: migration 0016, and a store whose events
    were written behind fusion's back (bench/bench_web.py); how many. It reads only
    columns that exist at 0016 (a migration runs it before any later one)."""
    after, done = "", 0
    statement = (sa.select(events.c.id, evidence_text().label("evidence"))
                 .join(documents, documents.c.id == events.c.doc_id)
                 .where(events.c.id > sa.bindparam("after"), events.c.particulars.is_(None))
                 .order_by(events.c.id).limit(PARTICULARS_BATCH))
    while found := members_of(connection.execute(statement, {"after": after})):
        keep_particulars(connection, found)
        after, done = found[-1].id, done + len(found)
    return done


def fuse_pending_document(connection: sa.Connection, doc_id: str) -> int:
    """Fuse a document stored before migration 0005: its events' `fusion_country`, which
    the store sets on insert since, is set first."""
    named = report_country(connection, doc_id)
    found = members_with(connection, "doc_id", [doc_id])
    connection.execute(events.update().where(events.c.id == sa.bindparam("key"))
                       .values(fusion_country=sa.bindparam("country")),
                       [{"key": m.id, "country": fusion_country(m.row, named)} for m in found])
    return fuse_documents(connection, [doc_id])


def named_country(countries: Sequence[str | None]) -> str | None:
    """The country a report's places name most, or None: when it names none, or two
    countries equally often (`fusion_country` then takes each event's place's); from the
    places' countries in text order."""
    counts = Counter(country for country in countries if country).most_common(2)
    if not counts or (len(counts) == 2 and counts[0][1] == counts[1][1]):
        return None
    return rows.storable_text(counts[0][0])  # as the stored place's country reads


def report_country(connection: sa.Connection, doc_id: str) -> str | None:
    """`named_country` of a stored report's places."""
    statement = (sa.select(places.c.country).where(places.c.doc_id == doc_id)
                 .order_by(places.c.span_start))
    return named_country([row.country for row in connection.execute(statement)])


def fusion_country(row: Any, named: str | None) -> str | None:
    """The country fusion compares an event in. A placed event: the one its report names
    most (`named`), else its place's; a place in another country than `named` is taken for
    a misreading of the gazetteer (Kani, Sagaing as Kani, Japan; Jisr al-Shughur as a Jisr
    in Israel) and fusion leaves it out (`blocking.placed`), and where no country is named
    most (`named_country`: a tie) the place's country stands. An unplaced event: its
    actor's or recipient's country code, never `named`: the country a report names most is
    often the teller's, not where the event happened ("destroyed in a precision strike", in
    a statement by Pakistan's army about a strike in Afghanistan), and on the conflict
    fusion sets it blocked true pairs; with neither, none (compared in every country).
    None too where the report names another country most than its sides': a force may
    strike abroad ("a U.S. air strike in the Juba valley killed five farmers", in a report
    on Somalia), and its own country kept true pairs apart (conflict-dev4 records per
    incident 1.542 -> 1.521, dev6 1.587 -> 1.565; no set worse). None as well where its
    sides are of two countries: an Israeli drone on a Lebanese bulldozer, Pakistani jets
    on Afghan homes, may have struck in either, and taking the actor's kept the other
    tellings, placed in the victims' country, apart (with the tolls of
    `stages.casualties.nearest` of 2026-12: conflict-dev3 records per incident 1.600 ->
    1.582, the blind fusion set 1.489 -> 1.467, no set worse)."""
    if row["place_country"] is not None:
        return named or row["place_country"]
    coded = side_countries(row)
    if named is not None and coded and named not in coded:
        return None
    return coded[0] if len(coded) == 1 else None


def lock(connection: sa.Connection) -> None:
    """Serialize fusion between concurrent PostgreSQL writers of one schema (SQLite
    writers already hold the database's write lock here): a transaction advisory lock
    keyed by the schema, waited for at most `FUSION_LOCK_TIMEOUT`."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text(f"SET LOCAL lock_timeout = '{FUSION_LOCK_TIMEOUT}'"))
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key, "
                                   "hashtext(current_schema()))"), {"key": FUSION_LOCK_KEY})


Decision = tuple[str, str, str]  # (kind, event id, other id)


def grow(connection: sa.Connection, seeds: Iterable[Member]
         ) -> tuple[list[Member], list[Decision]]:
    """The pool of step 2, in id order: the seeds, their candidates, and their components'
    events, and the events an analyst's merge ties to any of them; with the decisions
    touching it. A linked candidate is read whole with its component (`component_members`),
    or alone when it has none (`whole_members`), not twice."""
    found = by_id(with_report_places(connection, list(seeds)))
    tied = [other for member in list(found.values())
            for other in reachable(connection, member)
            if other.id not in found and linked(member, other)]
    found.update(by_id(whole_members(connection, sorted({other.id for other in tied
                                                         if not other["component"]}))))
    found.update(by_id(component_members(connection, [*found.values(), *tied])))
    touching = decisions(connection, found)
    extra = merged_members(connection, found, touching)
    if extra:
        found.update(by_id(extra))
        touching = decisions(connection, found)
    return sorted(found.values(), key=lambda member: member.id), touching


def reachable(connection: sa.Connection, member: Member) -> list[Member]:
    """The candidates of `member` that may reach `edge_floor` (`score.may_reach`), with
    their report's places, as light rows (`blocking.candidates`: no JSON column, which no
    score reads; `whole_members` reads the linked ones whole). An unplaced one looks up
    only the events that may share an anchor with it (`score.needed_anchors`,
    `blocking.sharing`): on bench/bench_fusion.py's store of 1,000,000 records, an
    unplaced event in no country compared 2,200 stored events of every country and kept
    one."""
    floor = weights()["edge_floor"]
    anchors = needed_anchors(member, floor)
    light = with_report_places(connection, candidates(connection, member, anchors))
    return [other for other in light if may_reach(member, other, floor)]


def whole_members(connection: sa.Connection, ids: list[str]) -> list[Member]:
    """The events `ids`, read whole, with their report's places. An unplaced event of a
    busy country has a thousand candidates at 1,000,000 stored records; reading them all
    whole made its fusion about a quarter slower, and reading whole only those that link
    (not all that may reach) saves a read for most new events."""
    return with_report_places(connection, members_with(connection, "id", ids))


def linked(a: Member, b: Member) -> bool:
    """Whether two compatible events, `b` one of `a`'s `reachable` candidates, score at
    least `edge_floor` (an edge of step 3). A stored event without an edge to a new one
    stays in its own component, untouched."""
    return pair_score(a, b)[0] >= weights()["edge_floor"]


def component_members(connection: sa.Connection, members: Iterable[Member]) -> list[Member]:
    return members_with(connection, "component",
                        sorted({m["component"] for m in members if m["component"]}))


def merged_members(connection: sa.Connection, found: dict[str, Member],
                   touching: list[Decision]) -> list[Member]:
    """Events tied by a merge decision to the pool, with their components' events."""
    extra = sorted({other for kind, _one, other in touching
                    if kind == "merge" and other not in found})
    if not extra:
        return []
    direct = members_with(connection, "id", extra)
    return direct + component_members(connection, direct)


def decisions(connection: sa.Connection, ids: Iterable[str]) -> list[Decision]:
    """Every decision touching `ids`, both ways round, oldest first (a later decision on
    the same pair wins)."""
    wanted = list(ids)
    found: list[Decision] = []
    for kind, one, other in connection.execute(decisions_select(),
                                               {"ids": wanted, "others": wanted}):
        found += [(kind, one, other), (kind, other, one)]
    return found


def decided(members: Sequence[Member], touching: list[Decision]) -> dict[tuple[str, str], str]:
    """(event id, other id) -> the latest decision's kind, for pairs of `members`."""
    ids = {m.id for m in members}
    return {(one, other): kind for kind, one, other in touching
            if one in ids and other in ids}


def with_report_places(connection: sa.Connection, members: list[Member]) -> list[Member]:
    """`members`, each one without a trusted place (`blocking.placed`) given
    `report_places`: the places its report names (as `place_*` columns, for
    `score.reported_place`). A member that has them keeps them (a second call must not
    empty them: the pool's scores would then differ from those that made its edges)."""
    wanting = [m for m in members if not placed(m) and "report_places" not in m.row]
    docs = sorted({m["doc_id"] for m in wanting})
    if not docs:
        return members
    found: dict[str, list[dict[str, Any]]] = {}
    for row in connection.execute(places_select(), {"docs": docs}).mappings():
        found.setdefault(row["doc_id"], []).append(
            {f"place_{name}": row[name] for name in PLACE_COLUMNS})
    for member in wanting:
        member.row["report_places"] = found.get(member["doc_id"], [])
    return members


def scored(members: list[Member], touching: list[Decision]) -> Pool:
    """Every pair of the pool scored (step 3)."""
    rulings = decided(members, touching)
    scores = np.zeros((len(members), len(members)))
    parts: dict[tuple[int, int], Parts] = {}
    for i, a in enumerate(members):
        for j in range(i + 1, len(members)):
            scores[i, j], held = pair_value(a, members[j], rulings)
            scores[j, i] = scores[i, j]
            if held is not None:
                parts[i, j] = held
    return Pool(members, scores, parts)


def pair_value(a: Member, b: Member, rulings: dict[tuple[str, str], str]
               ) -> tuple[float, Parts | None]:
    """A pair's score: an analyst's ruling, `BLOCKED` when incompatible, else
    `score.pair_score` with the parts that held."""
    ruling = rulings.get((a.id, b.id))
    if ruling:
        return (DECIDED if ruling == "merge" else -DECIDED), None
    if not compatible(a, b):
        return BLOCKED, None
    return pair_score(a, b)


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


def refuse(connection: sa.Connection, members: list[Member],
           touching: list[Decision] | None = None, gone: Iterable[str] = (),
           particulars: dict[str, str] | None = None) -> int:
    """Recluster a pool of whole components (in id order; `touching`: the decisions on
    them, read when None) and rewrite its fused records, deleting the records `gone`, left
    without events, and setting the `particulars` of new events (`write`); how many were
    written."""
    old = {m["fused_id"] for m in members if m["fused_id"]} | set(gone)
    if not members:
        counts.replace(connection, old, [])
        delete_fused(connection, old)
        return 0
    if touching is None:
        touching = decisions(connection, by_id(members))
    with_report_places(connection, members)
    pool = scored(members, touching)
    groups = clusters(pool)
    ids = fused_ids(connection, [[members[i] for i in g] for g in groups], old)
    labels = component_labels(pool)
    write(connection, pool, groups, ids, labels, old, particulars or {})
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
    taken = used | (stored_fused(connection, [m.id for g in groups for m in g]) - old)
    for index, group in enumerate(groups):
        if chosen[index] is None:
            chosen[index] = free_id(connection, group, taken, old)
            taken.add(str(chosen[index]))
    return [str(fused_id) for fused_id in chosen]


def free_id(connection: sa.Connection, group: list[Member], taken: set[str], old: set[str]
            ) -> str:
    """The smallest event id of the cluster that names no other fused record (`taken`: the
    ids given to the pool's other clusters and the stored records outside the pool); when
    every one does, the first of `hashed_ids` that names neither a `taken` id nor a stored
    record outside the pool (`old`: the pool's records, rewritten)."""
    free = sorted(m.id for m in group if m.id not in taken)
    if free:
        return free[0]
    return next(name for name in hashed_ids(group)
                if name not in taken and not stored_fused(connection, [name]) - old)


def hashed_ids(group: list[Member]) -> Iterator[str]:
    """Names for a cluster whose every event id names another record: "fu-" and 16 hex
    digits of the hash of its sorted event ids, then of those ids and "#1", "#2"... The
    first alone is not unique: a record keeps its name when its founding events leave it
    (a fused id survives new sources), and the same events alone again hash the same."""
    key = ",".join(sorted(m.id for m in group))
    yield "fu-" + rows.content_hash(key)[:16]
    for number in itertools.count(1):
        yield "fu-" + rows.content_hash(f"{key}#{number}")[:16]


def stored_fused(connection: sa.Connection, ids: list[str]) -> set[str]:
    """Which of `ids` name a stored fused record."""
    return set(connection.execute(stored_fused_select(), {"ids": ids}).scalars())


def write(connection: sa.Connection, pool: Pool, groups: list[list[int]], ids: list[str],
          labels: dict[int, str], old: set[str], particulars: dict[str, str]) -> None:
    """Replace the pool's fused records (and their daily counts, `storage.counts`) and
    point its events at their new ones, setting the `particulars` of new ones (event id
    -> `events.particulars`; others keep theirs). An event whose record and component
    stay is not written (on bench/bench_fusion.py, 82 of the 313 pool events)."""
    records = [fused_row(pool, group, fused_id)
               for group, fused_id in zip(groups, ids, strict=True)]
    counts.replace(connection, old, records)
    delete_fused(connection, old)
    connection.execute(fused_events.insert(), records)
    links = [link for group, fused_id in zip(groups, ids, strict=True) for i in group
             if (link := relink(pool.members[i], fused_id, labels[i], particulars))]
    if links:
        connection.execute(link_statement(), links)


def relink(member: Member, fused_id: str, label: str, particulars: dict[str, str]
           ) -> dict[str, Any] | None:
    """`write`'s parameters pointing `member` at its record and component, with its
    particulars when it is new; None when it has them already."""
    words = particulars.get(member.id)
    if words is None and (member["fused_id"], member["component"]) == (fused_id, label):
        return None
    return {"key": member.id, "fused": fused_id, "label": label, "words": words}


def delete_fused(connection: sa.Connection, fused: set[str]) -> None:
    if fused:
        connection.execute(delete_fused_statement(), {"ids": sorted(fused)})


# The statements fusion runs for every report, each built once, so that SQLAlchemy's
# compiled cache serves every later call (as `blocking.members_where` does).
def expanding(key: str) -> sa.BindParameter[Any]:
    return sa.bindparam(key, expanding=True)


@cache
def decisions_select() -> sa.Select[Any]:
    """The decisions touching the bound `ids` (and `others`, the same ids), oldest first."""
    table = fusion_decisions.c
    touching = sa.or_(table.event_id.in_(expanding("ids")), table.other_id.in_(expanding("others")))
    return sa.select(table.kind, table.event_id, table.other_id).where(touching).order_by(table.id)


@cache
def places_select() -> sa.Select[Any]:
    """The `places` rows of the bound `docs`."""
    return sa.select(places).where(places.c.doc_id.in_(expanding("docs")))


@cache
def stored_fused_select() -> sa.Select[Any]:
    """The ids among the bound `ids` that name a stored fused record."""
    return sa.select(fused_events.c.id).where(fused_events.c.id.in_(expanding("ids")))


@cache
def delete_fused_statement() -> sa.Delete:
    """Delete the fused records of the bound `ids`."""
    return fused_events.delete().where(fused_events.c.id.in_(expanding("ids")))


@cache
def link_statement() -> sa.Update:
    """Point event `key` at fused record `fused` and component `label`, setting its
    particulars to `words` unless that is None (then they stay)."""
    words = sa.func.coalesce(sa.bindparam("words", type_=sa.String), events.c.particulars)
    return events.update().where(events.c.id == sa.bindparam("key")).values(
        fused_id=sa.bindparam("fused"), component=sa.bindparam("label"), particulars=words)


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
    left = members_with(connection, "component", labels)
    refuse(connection, sorted(left, key=lambda m: m.id), gone=gone)


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
    pairs: list[dict[str, Any]] = [{"a": pool.members[i].id, "b": pool.members[j].id,
              "score": round(float(pool.scores[i, j]), 3), "parts": pool.parts.get((i, j), {}),
              "decision": decision_name(pool.scores[i, j])}
             for n, i in enumerate(group) for j in group[n + 1:]]
    pairs.sort(key=lambda pair: -pair["score"])
    return {"threshold": weights()["threshold"], "pairs": pairs[:EXPLAINED_PAIRS]}


def decision_name(score: float) -> str | None:
    return "merge" if score >= DECIDED else "split" if score <= -DECIDED else None
