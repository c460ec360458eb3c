"""An analyst's fusion decisions: split a source off a fused record, merge two records.

A decision is stored per pair of per-document events (`fusion_decisions`): `split` keeps
the events of one source apart from every other event of the record, `merge` keeps every
event of one record with every event of the other. Fusion reads them on every later run
(`flarewatch.fusion.layer`: a decided pair scores +-`DECIDED`), so a new source never undoes
them; a later decision on the same pair replaces an earlier one.

`gold_lines` writes the decided components as gold in the format of
`../shared/data/fusion/README.md` (one JSON line per document, mentions with a `cluster`),
so an analyst's corrections become evaluation data (`flarewatch evaluate --fusion`).

Errors: `FusionError` E050 (no such fused record), E051 (the document is not a source of
it, or is its only source), E052 (a record merged with itself).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from flarewatch.errors import Errors, FusionError
from flarewatch.fusion import layer
from flarewatch.fusion.blocking import Member, load_members, weights
from flarewatch.storage.schema import documents, events, fused_events, fusion_decisions


def fusion_error(code: Errors, detail: str) -> FusionError:
    return FusionError(f"{code.name} {code.value.format(detail=detail)}")


def record_members(connection: sa.Connection, fused_id: str) -> list[Member]:
    """The per-document events of a fused record (or of the record a per-document event
    id is in, `record_of`); E050 when there is none."""
    found = load_members(connection, events.c.fused_id == record_of(connection, fused_id))
    if not found:
        raise fusion_error(Errors.E050, repr(fused_id))
    return found


def record_of(connection: sa.Connection, given: str) -> str:
    """The fused record id `given` names: itself when a record has it, else the record of
    the per-document event with that id (the ids a record's `sources` list), else itself
    (newcomer's trial: an id copied from `sources` gave "no fused record")."""
    if connection.execute(sa.select(fused_events.c.id).where(fused_events.c.id == given)).first():
        return given
    owner = connection.execute(sa.select(events.c.fused_id).where(events.c.id == given)).scalar()
    return owner or given


def decide(connection: sa.Connection, kind: str, pairs: list[tuple[str, str]],
           note: str | None) -> None:
    now = dt.datetime.now(dt.UTC)
    connection.execute(fusion_decisions.insert(), [
        {"kind": kind, "event_id": one, "other_id": other, "decided_at": now, "note": note}
        for one, other in pairs])


def split(connection: sa.Connection, fused_id: str, doc_id: str, note: str | None = None
          ) -> list[str]:
    """Split the events of `doc_id` off fused record `fused_id`; the fused ids of the
    records they and the rest now belong to (the part with more events keeps `fused_id`)."""
    members = record_members(connection, fused_id)
    leaving = [m for m in members if m["doc_id"] == doc_id]
    staying = [m for m in members if m["doc_id"] != doc_id]
    if not leaving or not staying:
        reason = "is its only source" if leaving else "is not one of its sources"
        raise fusion_error(Errors.E051, f"document {doc_id!r} {reason} ({fused_id!r})")
    layer.lock(connection)
    decide(connection, "split", [(a.id, b.id) for a in leaving for b in staying], note)
    return refused(connection, members)


def merge(connection: sa.Connection, first: str, second: str, note: str | None = None
          ) -> list[str]:
    """Merge fused records `first` and `second`; the fused ids after (one, unless a split
    decision or an incompatibility elsewhere in their component keeps some apart)."""
    if record_of(connection, first) == record_of(connection, second):
        raise fusion_error(Errors.E052, repr(first))
    one, other = record_members(connection, first), record_members(connection, second)
    layer.lock(connection)
    decide(connection, "merge", [(a.id, b.id) for a in one for b in other], note)
    return refused(connection, one + other)


def refused(connection: sa.Connection, members: list[Member]) -> list[str]:
    """Recluster the pool around `members`; the fused ids they end in."""
    layer.refuse(connection, *layer.grow(connection, members))
    ids = [m.id for m in members]
    statement = sa.select(events.c.fused_id).distinct().where(events.c.id.in_(ids))
    return sorted(connection.execute(statement).scalars())


def explain(connection: sa.Connection, fused_id: str) -> dict[str, Any]:
    """Why a fused record's events were fused: `{"id", "sources", "threshold", "pairs",
    "weights"}`, each pair `{"a", "b", "score", "parts", "decision"}` (parts: the weights'
    names of `data/fusion/ingest_weights.tsv` that held, with their values; `weights`: the
    weight of each part named, so a part with a negative weight speaks against the pair);
    the record of a per-document event id (`record_of`); E050 when unknown."""
    record = record_of(connection, fused_id)
    statement = sa.select(fused_events.c.explanation, fused_events.c.sources)\
        .where(fused_events.c.id == record)
    row = connection.execute(statement).first()
    if row is None:
        raise fusion_error(Errors.E050, repr(fused_id))
    found = {"id": record, "sources": row.sources, **row.explanation}
    return {**found, "weights": part_weights(found.get("pairs", []))}


def part_weights(pairs: list[dict[str, Any]]) -> dict[str, float]:
    """The weight (`data/fusion/ingest_weights.tsv`) of every part the pairs name; 0 for a
    flag without one (`unanchored`, which caps the score instead)."""
    names = sorted({name for pair in pairs for name in pair["parts"]})
    return {name: weights().get(name, 0.0) for name in names}


def decided_components(connection: sa.Connection) -> list[str]:
    ids = sa.union(sa.select(fusion_decisions.c.event_id),
                   sa.select(fusion_decisions.c.other_id)).subquery()
    statement = (sa.select(events.c.component).distinct()
                 .where(events.c.id.in_(sa.select(ids.c[0]))))
    return sorted(c for c in connection.execute(statement).scalars() if c)


def gold_lines(connection: sa.Connection) -> Iterator[dict[str, Any]]:
    """One line per document of every component an analyst decided on, in the format of
    `../shared/data/fusion/README.md`: each event's evidence span a mention, its `cluster`
    the fused record it now belongs to. Components that share a document are one `topic`
    (named by the smallest component id), so that no document is written twice (the
    format has one line per document, and `flarewatch evaluate --fusion` refuses a
    repeated id)."""
    members = [member for component in decided_components(connection)
               for member in load_members(connection, events.c.component == component)]
    by_doc: dict[str, list[Member]] = {}
    for member in sorted(members, key=lambda m: (m["doc_id"], m["evidence_start"], m.id)):
        by_doc.setdefault(member["doc_id"], []).append(member)
    topic = joined_topics(by_doc)
    for doc_id, found in by_doc.items():
        yield document_line(connection, topic[found[0]["component"]], doc_id, found)


def joined_topics(by_doc: dict[str, list[Member]]) -> dict[str, str]:
    """component -> its topic: the smallest id of the components joined by shared
    documents (a union-find over each document's components)."""
    parent: dict[str, str] = {}

    def root(component: str) -> str:
        while parent.setdefault(component, component) != component:
            component = parent[component]
        return component

    for found in by_doc.values():
        first, *rest = sorted({member["component"] for member in found})
        root(first)
        for other in rest:
            low, high = sorted((root(first), root(other)))
            parent[high] = low
    return {component: root(component) for component in list(parent)}


def document_line(connection: sa.Connection, topic: str, doc_id: str,
                  members: list[Member]) -> dict[str, Any]:
    row = connection.execute(sa.select(documents.c.text, documents.c.date)
                             .where(documents.c.id == doc_id)).one()
    mentions = [{"start": m["evidence_start"], "end": m["evidence_end"],
                 "text": row.text[m["evidence_start"]:m["evidence_end"]],
                 "cluster": m["fused_id"], "m_id": m.id, "tag": m["event"]}
                for m in members]
    return {"id": doc_id, "topic": topic, "subtopic": topic, "text": row.text,
            "date": row.date.isoformat() if row.date else None, "mentions": mentions}
