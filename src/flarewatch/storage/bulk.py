"""Bulk loading: many annotated documents into the store at once (`Store.bulk_add`).

Where `Store.add_document` writes one document per transaction and fuses it at once,
`bulk_add(store, docs)` writes `batch` documents per transaction, each table's rows in
one executemany, and fuses afterwards: the events are stored unfused, then
`Store.fuse_pending` fuses them document by document, in id order, as it fuses a store
from before fusion, which gives the partition fusion at ingest gives (fusion is
order-independent: `tests/fusion`). A document whose text is stored is skipped; one whose
id is stored with another text (a new version) goes through `add_document`, which
replaces it. Returns the `IngestReport`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import sqlalchemy as sa

from flarewatch.model import Document
from flarewatch.pipeline import batches
from flarewatch.storage import rows
from flarewatch.storage.schema import (
    documents,
    entities,
    event_documents,
    events,
    places,
    timexes,
)
from flarewatch.storage.store import (
    IngestReport,
    Store,
    fusion,
    is_below,
    unique_ids,
    with_fusion_country,
)

TABLES = (documents, entities, places, timexes, events, event_documents)


def bulk_add(store: Store, docs: Iterable[Document], batch: int = 2000,
             min_relevance: float | None = None, fuse: bool = True) -> IngestReport:
    report = IngestReport()
    for chunk in batches(docs, batch, 10**12, size=lambda doc: len(doc.text)):
        for doc in write_batch(store, chunk, report, min_relevance):
            store.add_document(doc, report, min_relevance)  # a new version, replaced
    if fuse and store.fuse:
        store.fuse_pending(batch=500)
    return report


def write_batch(store: Store, chunk: list[Document], report: IngestReport,
                min_relevance: float | None) -> list[Document]:
    """Insert the batch's new documents; return those whose id holds another text."""
    hashes = {doc.id: rows.content_hash(doc.text) for doc in chunk}
    with store.engine.begin() as connection:
        known_hashes, known_ids = stored(connection, chunk, hashes)
        fresh, seen, replacing = [], set(known_hashes), []
        for doc in chunk:
            if hashes[doc.id] in seen:
                report.documents_skipped_duplicate += 1
            elif rows.storable_text(doc.id) in known_ids:
                replacing.append(doc)
            else:
                seen.add(hashes[doc.id])
                fresh.append(doc)
        insert_all(connection, fresh, hashes, report, min_relevance)
    return replacing


def stored(connection: sa.Connection, chunk: list[Document],
           hashes: dict[str, str]) -> tuple[set[str], set[str]]:
    """(stored text hashes, stored ids) among the batch's."""
    found = connection.execute(sa.select(documents.c.content_hash, documents.c.id).where(
        sa.or_(documents.c.content_hash.in_(set(hashes.values())),
               documents.c.id.in_({rows.storable_text(doc.id) for doc in chunk})))).all()
    return {row[0] for row in found}, {row[1] for row in found}


def insert_all(connection: sa.Connection, fresh: list[Document], hashes: dict[str, str],
               report: IngestReport, min_relevance: float | None) -> None:
    now = dt.datetime.now(dt.UTC)
    values: dict[str, list[rows.Row]] = {table.name: [] for table in TABLES}
    for doc in fresh:
        add_rows(values, doc, hashes[doc.id], now, not is_below(doc, min_relevance), report)
    for table in TABLES:
        if values[table.name]:
            connection.execute(table.insert(), values[table.name])


def add_rows(values: dict[str, list[rows.Row]], doc: Document, text_hash: str, now: dt.datetime,
             with_events: bool, report: IngestReport) -> None:
    values["documents"].append(rows.document_row(doc, text_hash, now))
    values["entities"].extend(rows.actor_mention_row(m, doc.id) for m in doc.actors)
    values["places"].extend(rows.place_row(p, doc.id) for p in doc.places)
    values["timexes"].extend(rows.timex_row(t, doc.id) for t in doc.timexes)
    report.documents_added += 1
    report.documents_below_relevance += int(not with_events)
    if not with_events:
        return
    with_ids = unique_ids(doc.events, text_hash)
    named = fusion().named_country(sorted(doc.places, key=lambda place: place.start))
    values["events"].extend(with_fusion_country(rows.event_row(e, doc.id, i), named)
                            for e, i in with_ids)
    values["event_documents"].extend(rows.event_document_row(e, doc.id, i)
                                     for e, i in with_ids)
    report.events_added += len(with_ids)
